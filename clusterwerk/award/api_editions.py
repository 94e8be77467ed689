"""The innovation prize's API: editions (mounted at /api/v1/award/, see api.py).

Reads go through `queries.visible_editions` / `queries.get_edition_for_user` (an edition the
user may not see is a 404: the public sees those past preparation); the phase change needs
the session (`core.api.session_auth`, with the CSRF token) and the cluster management, and
answers 422 with the German reasons when a precondition is not met.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Path, Router, Schema

from clusterwerk.award import eligibility, phases, queries
from clusterwerk.award.models import AwardEdition
from clusterwerk.award.services import editions as services
from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster

router = Router(tags=["Innovationspreis"])

Year = Path(..., ge=2000, le=2100, description="Jahr des Jahrgangs.")


class ScaleStepOut(Schema):
    value: int = Field(description="Stufe (0–5).")
    label: str = Field(description="Was die Stufe bedeutet.")


class CriterionOut(Schema):
    key: str
    title: str
    description: str
    weight: Decimal = Field(description="Gewicht im gewichteten Mittel.")
    is_required: bool = Field(description="Ohne Wert hierfür keine Abgabe der Bewertung.")
    knock_out_below: int | None = Field(
        description="K.-o.-Schwelle: Median darunter → aus der Rangfolge (null: keine)."
    )
    scale: list[ScaleStepOut]


class RuleOut(Schema):
    kind: str = Field(
        description="site_in_brandenburg, min_stage, max_age_years, max_entries, "
        "research_needs_company, applicant_kinds."
    )
    parameter: str = Field(description="Wert der Regel (Stufe, Zahl, Arten), sonst leer.")
    label: str
    explanation: str = Field(description="Die Regel in Worten.")


class AwardEditionOut(Schema):
    year: int
    title: str
    description: str
    phase: str = Field(
        description="preparation, call, formal_check, scoring, discussion, decision, published."
    )
    phase_label: str
    call_opens_at: datetime.datetime | None
    deadline: datetime.datetime = Field(description="Einsendeschluss (mit Zeitzonenversatz).")
    formal_check_until: datetime.date | None
    scoring_until: datetime.date | None
    jury_meeting_on: datetime.date | None
    decision_on: datetime.date | None
    ceremony_on: datetime.date | None
    ceremony_event_url: str | None = Field(description="Seite der Preisverleihung.")
    prize_money: Decimal = Field(description="Preisgeld in Euro.")
    max_winners: int = Field(description="Höchstens so viele Preisträger; sie teilen gleich.")
    has_special_prize: bool
    applications_open: bool = Field(description="Bewerben ist jetzt möglich.")
    criteria: list[CriterionOut]
    rules: list[RuleOut]
    url: str


class AwardPhaseOut(AwardEditionOut):
    next_phase: str | None = Field(description="Die nächste Phase (null: keine).")
    blockers: list[str] = Field(description="Was für die nächste Phase noch fehlt (deutsch).")


def edition_dict(edition: AwardEdition) -> dict:
    def local(value):
        return timezone.localtime(value) if value else None

    return {
        "year": edition.year,
        "title": edition.title,
        "description": edition.description,
        "phase": edition.phase,
        "phase_label": str(edition.get_phase_display()),
        "call_opens_at": local(edition.call_opens_at),
        "deadline": local(edition.deadline),
        "formal_check_until": edition.formal_check_until,
        "scoring_until": edition.scoring_until,
        "jury_meeting_on": edition.jury_meeting_on,
        "decision_on": edition.decision_on,
        "ceremony_on": edition.ceremony_on,
        "ceremony_event_url": edition.ceremony_event.get_absolute_url()
        if edition.ceremony_event_id
        else None,
        "prize_money": edition.prize_money,
        "max_winners": edition.max_winners,
        "has_special_prize": edition.has_special_prize,
        "applications_open": phases.allowed(edition, phases.APPLY),
        "criteria": [
            {
                "key": criterion.key,
                "title": criterion.title,
                "description": criterion.description,
                "weight": criterion.weight,
                "is_required": criterion.is_required,
                "knock_out_below": criterion.knock_out_below,
                "scale": [
                    {"value": value, "label": label}
                    for value, label in enumerate(criterion.scale_labels or [])
                ],
            }
            for criterion in edition.criteria.all()
        ],
        "rules": [
            {
                "kind": rule.kind,
                "parameter": rule.parameter,
                "label": eligibility.rule_label(rule),
                "explanation": eligibility.describe_rule(rule),
            }
            for rule in edition.rules.all()
        ],
        "url": edition.get_absolute_url(),
    }


@router.get(
    "/editions",
    response={200: list[AwardEditionOut]},
    summary="Jahrgänge des Innovationspreises",
    description="Die Jahrgänge, die Sie sehen dürfen (öffentlich: alle nach der Vorbereitung), "
    "neueste zuerst, mit Zeitplan, Preisgeld, Kriterien mit beschrifteter Skala und den "
    "Teilnahmebedingungen in Worten.",
)
def list_editions(request):
    cluster = request_cluster(request)
    editions = (
        queries.visible_editions(request.user, cluster)
        .select_related("ceremony_event")
        .prefetch_related("criteria", "rules")
        .order_by("-year")
    )
    return [edition_dict(edition) for edition in editions]


@router.get(
    "/editions/{int:year}",
    response={200: AwardEditionOut, **error_responses(404, 422)},
    summary="Jahrgang des Innovationspreises",
    description="Ein Jahrgang mit Zeitplan, Preisgeld, Kriterien und Teilnahmebedingungen; "
    "einen Jahrgang, den Sie nicht sehen dürfen, gibt es für Sie nicht (404).",
)
def get_edition(request, year: int = Year):
    return edition_dict(queries.get_edition_for_user(request.user, request_cluster(request), year))


@router.post(
    "/editions/{int:year}/phase",
    auth=session_auth,
    response={200: AwardPhaseOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Nächste Phase",
    description="Setzt den Jahrgang in die nächste Phase (nur das Clustermanagement). Fehlt "
    "eine Voraussetzung – Kriterien und ein künftiger Einsendeschluss für die Ausschreibung, "
    "der erreichte Einsendeschluss für die formale Prüfung, geprüfte Bewerbungen, genug "
    "zugewiesene Bewertungen und angenommene Vertraulichkeitserklärungen für die Bewertung "
    "–, antwortet die API mit 422 und den Gründen. Veröffentlicht wird nur über die Freigabe "
    "der Entscheidungen.",
)
def advance_phase(request, year: int = Year):
    cluster = request_cluster(request)
    edition = queries.get_edition_for_user(request.user, cluster, year, manage=True)
    edition = services.advance_phase(user=request.user, cluster=cluster, edition=edition)
    return {
        **edition_dict(edition),
        "next_phase": phases.next_phase(edition),
        "blockers": services.blockers(edition),
    }
