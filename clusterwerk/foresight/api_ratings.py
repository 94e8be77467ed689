"""The foresight API: the panellist's own ratings and the group feedback (mounted at
/api/v1/foresight/, see api.py).

- `GET /cycles/{slug}/my-ratings` – the caller's answers in the round answered now, per item,
  with the expertise; only members of the panel (403 otherwise).
- `PUT /cycles/{slug}/items/{key}/my-rating` – save answers (criterion id → step, null =
  kann ich nicht beurteilen), reasons and the expertise; only what is sent changes. 422 with
  the German reason for a step outside the scale, an unknown criterion or a missing reason;
  403 for a non-panellist or a closed round / rating period.
- `GET /cycles/{slug}/items/{key}/feedback` – the group's statistics per criterion (from
  `min_answers` answers on), the caller's position, the others' reasons without names.

The same funnels and services as the pages; session auth, writes need the CSRF token."""

from typing import Any

from ninja import Path, Router, Schema
from pydantic import ConfigDict, Field

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.foresight import feedback, queries
from clusterwerk.foresight.api_results import ForesightStatsOut, stats_out
from clusterwerk.foresight.models import Expertise, Item, Rating
from clusterwerk.foresight.permissions import manages_foresight, panel_seat
from clusterwerk.foresight.services import rating as services

router = Router(tags=["Foresight: Bewertung"])

Slug = Path(..., max_length=80, description="Kurzname des Zyklus.")
Key = Path(..., max_length=20, description="Kennung des Items, z. B. W-07.")
READ_ERRORS = error_responses(401, 403, 404, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 422)


class ForesightAnswerOut(Schema):
    criterion: int = Field(description="Kennung des Kriteriums.")
    name: str
    value: int | None = Field(description="Stufe; null: kann ich nicht beurteilen.")
    cannot_judge: bool
    reason: str


class ForesightMyItemOut(Schema):
    key: str
    title: str
    expertise: int | None = Field(description="Eigene Expertise 1–5.")
    complete: bool = Field(description="Alle Kriterien beantwortet.")
    answers: list[ForesightAnswerOut]


class ForesightMyRatingsOut(Schema):
    cycle: str
    pseudonym: str
    round: int
    items: list[ForesightMyItemOut]


class ForesightRatingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answers: dict[int, Any] = Field(
        default_factory=dict,
        description="Kennung des Kriteriums → Stufe (1 bis Anzahl der Stufen), null = kann ich "
        "nicht beurteilen. Nur gesendete Kriterien ändern sich.",
    )
    reasons: dict[int, Any] = Field(
        default_factory=dict, description="Kennung des Kriteriums → Begründung."
    )
    expertise: Any = Field(default=None, description="Eigene Expertise 1–5 (null: unverändert).")


class ForesightFeedbackOut(Schema):
    criterion: int
    name: str
    own: int | None
    own_cannot_judge: bool
    round: int | None = Field(description="Runde der Gruppenwerte; null: (noch) keine.")
    stats: ForesightStatsOut | None = Field(
        description="Gruppenwerte; null unterhalb der Mindestzahl der Antworten."
    )
    outside: bool = Field(description="Eigene Antwort außerhalb des Quartilsabstands.")
    reasons: list[str] = Field(description="Begründungen der anderen, ohne Namen.")


def _answers(item: Item, seat, criteria) -> list[dict]:
    ratings = {
        rating.criterion_id: rating
        for rating in Rating.objects.filter(
            item=item, panellist=seat, round=feedback.answer_round(item.cycle)
        )
    }
    return [
        {
            "criterion": criterion.pk,
            "name": criterion.name,
            "value": ratings[criterion.pk].value,
            "cannot_judge": ratings[criterion.pk].cannot_judge,
            "reason": ratings[criterion.pk].reason,
        }
        for criterion in criteria
        if criterion.pk in ratings
    ]


def _my_item(item: Item, seat, criteria) -> dict:
    answers = _answers(item, seat, criteria)
    return {
        "key": item.key,
        "title": item.title,
        "expertise": Expertise.objects.filter(panellist=seat, item=item)
        .values_list("level", flat=True)
        .first(),
        "complete": bool(criteria) and len(answers) >= len(criteria),
        "answers": answers,
    }


@router.get(
    "/cycles/{slug}/my-ratings",
    auth=session_auth,
    response={200: ForesightMyRatingsOut, **READ_ERRORS},
    summary="Eigene Bewertungen",
    description="Die Antworten des Aufrufers in der laufenden Runde, je Item; nur für "
    "Mitglieder des Panels.",
)
def my_ratings(request, slug: str = Slug):
    cycle = queries.get_cycle_for_user(request.user, request_cluster(request), slug)
    seat = queries.require_seat(request.user, cycle)
    criteria = list(cycle.criteria.all())
    items = Item.objects.filter(cycle=cycle).order_by("key")
    for item in items:
        item.cycle = cycle
    return {
        "cycle": cycle.slug,
        "pseudonym": seat.pseudonym,
        "round": feedback.answer_round(cycle),
        "items": [_my_item(item, seat, criteria) for item in items],
    }


@router.put(
    "/cycles/{slug}/items/{key}/my-rating",
    auth=session_auth,
    response={200: ForesightMyItemOut, **WRITE_ERRORS},
    summary="Eigene Bewertung eines Items speichern",
    description="Nur Mitglieder des Panels, solange die Bewertung läuft. 422 mit deutschem "
    "Grund bei einer Stufe außerhalb der Skala oder einer fehlenden Begründung außerhalb des "
    "Quartilsabstands.",
)
def put_my_rating(request, payload: ForesightRatingIn, slug: str = Slug, key: str = Key):
    cycle = queries.get_cycle_for_user(request.user, request_cluster(request), slug)
    item = queries.get_item(cycle, key)
    item.cycle = cycle
    services.save_rating(
        user=request.user,
        item=item,
        answers=payload.answers,
        reasons=payload.reasons,
        expertise=payload.expertise,
    )
    seat = queries.require_seat(request.user, cycle)
    return _my_item(item, seat, list(cycle.criteria.all()))


@router.get(
    "/cycles/{slug}/items/{key}/feedback",
    auth=session_auth,
    response={200: list[ForesightFeedbackOut], **READ_ERRORS},
    summary="Rückmeldung der Gruppe zu einem Item",
    description="Median, Quartile und Verteilung je Kriterium ab der Mindestzahl der "
    "Antworten, die eigene Position und die Begründungen der anderen ohne Namen. Für das "
    "Panel und das Clustermanagement.",
)
def item_feedback(request, slug: str = Slug, key: str = Key):
    cycle = queries.get_cycle_for_user(request.user, request_cluster(request), slug)
    seat = panel_seat(request.user, cycle)
    if seat is None and not manages_foresight(request.user, cycle.cluster):
        queries.require_seat(request.user, cycle)
    item = queries.get_item(cycle, key)
    item.cycle = cycle
    rows = feedback.item_feedback(item, seat)
    return [
        {
            "criterion": entry.criterion.pk,
            "name": entry.criterion.name,
            "own": entry.own,
            "own_cannot_judge": entry.own_cannot_judge,
            "round": entry.round,
            "stats": stats_out(entry.stats) if entry.stats is not None else None,
            "outside": entry.outside,
            "reasons": [other.reason for other in entry.reasons],
        }
        for entry in rows.values()
    ]
