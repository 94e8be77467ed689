"""The foresight API: results (mounted at /api/v1/foresight/, see api.py).

- `GET /cycles/{slug}/results` – every item's results: per criterion the plain, the
  expertise-weighted and the per-group statistics, consensus, stability and the dissent
  (pseudonyms only); `?round=N` for an earlier round of a classic cycle.
- `GET /cycles/{slug}/items/{key}/results` – one item's results.

After publication for everyone; before it for the cluster management only (a panellist gets
403 with the reason, anybody else 404). Group statistics of fewer than `cycle.min_answers`
answers are left out for everyone but the management."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from pydantic import Field

from clusterwerk.core.api import error_responses
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.foresight import queries
from clusterwerk.foresight.aggregation import Stats
from clusterwerk.foresight.models import Cycle
from clusterwerk.foresight.permissions import can_see_results, manages_foresight
from clusterwerk.foresight.results import CriterionResult, ItemResult, cycle_results, item_result

router = Router(tags=["Foresight: Ergebnisse"])

Slug = Path(..., max_length=80, pattern=r"^[-a-zA-Z0-9_]+$", description="Kurzname des Zyklus.")
Key = Path(..., max_length=20, description="Kennung des Items, z. B. W-07.")
READ_ERRORS = error_responses(403, 404, 422)


class ForesightRoundIn(Schema):
    round: int | None = Field(
        default=None, ge=1, le=5, description="Runde (nur klassische Runden; Standard: die letzte)."
    )


class ForesightStatsOut(Schema):
    n: int = Field(description="Antworten mit Wert.")
    cannot_judge: int = Field(description="Antworten „kann ich nicht beurteilen“.")
    median: float | None
    q1: float | None
    q3: float | None
    iqr: float | None = Field(description="Quartilsabstand Q3 − Q1.")
    mean: float | None
    distribution: dict[str, int] = Field(description="Antworten je Stufe (1 … Stufenzahl).")


class ForesightDissentOut(Schema):
    pseudonym: str
    value: int
    label: str
    reason: str


class ForesightCriterionResultOut(Schema):
    criterion_id: int
    role: str
    name: str
    steps: int
    plain: ForesightStatsOut
    weighted: ForesightStatsOut = Field(description="Nach Expertise gewichtet.")
    by_group: dict[str, ForesightStatsOut] = Field(
        description="Je Gruppe (Wirtschaft = business …); Gruppen mit zu wenigen Antworten "
        "fehlen außer für das Clustermanagement."
    )
    consensus: bool
    stability: float | None = Field(description="Anteil unveränderter Antworten (0–1).")
    dissent: list[ForesightDissentOut]


class ForesightItemResultOut(Schema):
    key: str
    title: str
    consensus: bool = Field(description="Konsens in allen Kriterien.")
    criteria: list[ForesightCriterionResultOut]


class ForesightResultsOut(Schema):
    cycle: str
    title: str
    status: str
    round: int
    items: list[ForesightItemResultOut]


def _number(value):
    return float(value) if value is not None else None


def stats_out(stats: Stats) -> dict:
    """Stats as `ForesightStatsOut` (one schema of that name in the document, also used by
    the panel's feedback in api_ratings)."""
    return {
        "n": stats.n,
        "cannot_judge": stats.cannot_judge,
        "median": _number(stats.median),
        "q1": _number(stats.q1),
        "q3": _number(stats.q3),
        "iqr": _number(stats.iqr),
        "mean": _number(stats.mean),
        "distribution": {str(step): count for step, count in stats.distribution.items()},
    }


def _criterion(result: CriterionResult, cycle: Cycle, full: bool) -> dict:
    return {
        "criterion_id": result.criterion.pk,
        "role": result.criterion.role,
        "name": result.criterion.name,
        "steps": result.criterion.steps,
        "plain": stats_out(result.plain),
        "weighted": stats_out(result.weighted),
        "by_group": {
            group: stats_out(stats)
            for group, stats in result.by_group.items()
            if full or stats.n >= cycle.min_answers
        },
        "consensus": result.consensus,
        "stability": _number(result.stability),
        "dissent": [vars(dissent) for dissent in result.dissent],
    }


def _item(result: ItemResult, cycle: Cycle, full: bool) -> dict:
    return {
        "key": result.item.key,
        "title": result.item.title,
        "consensus": result.consensus,
        "criteria": [_criterion(row, cycle, full) for row in result.criteria],
    }


def _cycle(request, slug: str) -> Cycle:
    cycle = queries.get_cycle_for_user(request.user, request_cluster(request), slug)
    if not can_see_results(request.user, cycle):
        raise PermissionDenied(_("Die Ergebnisse sind erst nach der Veröffentlichung sichtbar."))
    return cycle


def _round(cycle: Cycle, number: int | None) -> int:
    if cycle.is_realtime or number is None:
        return 1 if cycle.is_realtime else cycle.current_round
    if number > cycle.current_round:
        raise ValidationError(
            {
                "round": _("Diese Runde gibt es noch nicht (aktuell: Runde %(current)s).")
                % {"current": cycle.current_round}
            }
        )
    return number


@router.get(
    "/cycles/{slug}/results",
    response={200: ForesightResultsOut, **READ_ERRORS},
    summary="Ergebnisse eines Foresight-Zyklus",
    description="Je Item und Kriterium n, Median, Quartile, IQR, Mittelwert, Verteilung – "
    "ungewichtet, nach Expertise gewichtet und je Gruppe –, Konsens, Stabilität und "
    "abweichende Antworten mit Begründung (nur Pseudonyme). Nach der Veröffentlichung für "
    "alle, vorher nur für das Clustermanagement.",
)
def results(request, slug: str = Slug, params: Query[ForesightRoundIn] = None):
    cycle = _cycle(request, slug)
    number = _round(cycle, params.round if params else None)
    full = manages_foresight(request.user, cycle.cluster)
    return {
        "cycle": cycle.slug,
        "title": cycle.title,
        "status": cycle.status,
        "round": number,
        "items": [_item(row, cycle, full) for row in cycle_results(cycle, round=number)],
    }


@router.get(
    "/cycles/{slug}/items/{key}/results",
    response={200: ForesightItemResultOut, **READ_ERRORS},
    summary="Ergebnisse eines Items",
    description="Wie die Ergebnisse des Zyklus, für ein Item.",
)
def item_results(request, slug: str = Slug, key: str = Key, params: Query[ForesightRoundIn] = None):
    cycle = _cycle(request, slug)
    number = _round(cycle, params.round if params else None)
    item = queries.get_item(cycle, key)
    item.cycle = cycle
    full = manages_foresight(request.user, cycle.cluster)
    return _item(item_result(item, round=number), cycle, full)
