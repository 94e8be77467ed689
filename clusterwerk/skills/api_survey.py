"""The Fachkräftematrix API: the company survey (mounted at /api/v1/skills/, see api.py).

- `GET /surveys`: the cluster management sees every survey of the request's cluster, a
  company's representative the open ones.
- `GET /surveys/{year}/my-response?actor=`: the answer of a company you represent (`actor`
  may be left out when you represent exactly one member company).
- `PUT /surveys/{year}/my-response`: save figures per occupation (keyed by the KldB 2010
  code); only the given fields change. `version` is the state you loaded (0 when there was no
  answer yet); when somebody saved in between, 409 with the stored state. `submit: true`
  hands the answer in. Figures that contradict themselves answer 422 with German reasons per
  "<code>.<field>", and nothing is saved.

Single answers are never published; the matrix shows sums over at least five companies.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.skills.models import Survey, SurveyResponse, SurveyStatus
from clusterwerk.skills.permissions import manages_skills
from clusterwerk.skills.services import survey as services

router = Router()

MAX_ID = 2**63 - 1
Year = Path(..., ge=2000, le=2100, description="Jahr der Befragung.")


class SkillsSurveyOccupationOut(Schema):
    id: int
    code: str = Field(description="KldB-2010-Schlüssel.")
    title: str
    label: str = Field(description="Kurzbezeichnung für Sätze und Tabellen.")


class SkillsSurveyOut(Schema):
    year: int
    title: str
    introduction: str
    status: str = Field(description="draft, open oder closed.")
    status_label: str
    opens_on: datetime.date
    closes_on: datetime.date
    is_open: bool = Field(description="Nimmt jetzt Antworten an.")
    occupations: list[SkillsSurveyOccupationOut]
    is_demo: bool


class SkillsAnswerOut(Schema):
    occupation: str = Field(description="KldB-2010-Schlüssel.")
    occupation_id: int
    employees: int
    openings_12: int
    openings_36: int = Field(description="Offene Stellen in 36 Monaten (einschließlich der 12).")
    retirements_5y: int
    training_offered: int
    training_filled: int
    difficulty: int | None = Field(description="1 (leicht) bis 5 (sehr schwer).")
    topic_lineage: str | None
    topic_area: str | None = Field(description="Nummer des Themenbereichs (6.x) im Masterplan.")


class SkillsResponseOut(Schema):
    year: int
    actor: int
    actor_name: str
    status: str = Field(description="'' (noch keine Antwort), draft oder submitted.")
    version: int = Field(description="0, solange es keine Antwort gibt.")
    submitted_at: datetime.datetime | None
    can_edit: bool
    answers: list[SkillsAnswerOut]


class SkillsResponseIn(Schema):
    actor: int = Field(..., ge=1, le=MAX_ID, description="Der Betrieb, für den Sie antworten.")
    version: int | None = Field(
        None, ge=0, description="Der Bearbeitungsstand, den Sie geladen haben (0: keine Antwort)."
    )
    submit: bool = Field(False, description="Die Antwort abgeben.")
    rows: dict[str, dict[str, Any]] = Field(
        ...,
        description="Je KldB-Schlüssel die geänderten Angaben: employees, openings_12, "
        "openings_36, retirements_5y, training_offered, training_filled (ganze Zahlen ≥ 0), "
        "difficulty (1–5 oder null), topic_lineage (Themenbereich 6.x oder null).",
    )


class SkillsResponseConflictOut(Schema):
    detail: str
    version: int
    current: dict


def survey_dict(survey: Survey) -> dict:
    return {
        "year": survey.year,
        "title": survey.title,
        "introduction": survey.introduction,
        "status": survey.status,
        "status_label": str(survey.get_status_display()),
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "is_open": services.is_open(survey),
        "occupations": [
            {"id": o.pk, "code": o.code, "title": o.title, "label": o.label}
            for o in services.survey_occupations(survey)
        ],
        "is_demo": survey.is_demo,
    }


def response_dict(survey: Survey, actor, response: SurveyResponse | None) -> dict:
    catalogue = topic_catalogue(survey.cluster_id)
    answers = []
    if response is not None:
        for answer in response.answers.select_related("occupation").order_by("occupation__code"):
            lineage = str(answer.topic_lineage) if answer.topic_lineage else None
            answers.append(
                {
                    "occupation": answer.occupation.code,
                    "occupation_id": answer.occupation_id,
                    **{name: getattr(answer, name) for name in services.FIGURES},
                    "difficulty": answer.difficulty,
                    "topic_lineage": lineage,
                    "topic_area": catalogue.number_by_lineage.get(lineage) if lineage else None,
                }
            )
    return {
        "year": survey.year,
        "actor": actor.pk,
        "actor_name": actor.name,
        "status": response.status if response else "",
        "version": response.version if response else 0,
        "submitted_at": response.submitted_at if response else None,
        "can_edit": services.is_open(survey),
        "answers": answers,
    }


def _survey(request, year: int) -> Survey:
    cluster = request_cluster(request)
    survey = Survey.objects.filter(cluster=cluster, year=year).select_related("cluster").first()
    if survey is None or (
        survey.status == SurveyStatus.DRAFT and not manages_skills(request.user, cluster)
    ):
        raise Http404(_("Diese Befragung gibt es nicht."))
    return survey


def _company(request, actor_id: int | None):
    companies = services.answering_companies(request.user, request_cluster(request))
    if actor_id is None:
        if len(companies) == 1:
            return companies[0]
        if not companies:
            raise PermissionDenied(
                _("Sie vertreten keinen Mitgliedsbetrieb des Clusters im Akteursverzeichnis.")
            )
        raise ValidationError({"actor": [_("Bitte geben Sie an, für welchen Betrieb (actor).")]})
    for company in companies:
        if company.pk == actor_id:
            return company
    raise PermissionDenied(
        _(
            "Sie vertreten diesen Betrieb nicht als Mitgliedsbetrieb dieses Clusters; antworten "
            "kann nur, wer den Betrieb vertritt."
        )
    )


@router.get(
    "/surveys",
    auth=session_auth,
    response={200: list[SkillsSurveyOut], **error_responses(401)},
    summary="Betriebsbefragungen",
    description="Das Clustermanagement sieht alle Befragungen des Clusters, Vertreterinnen und "
    "Vertreter von Mitgliedsbetrieben die offenen.",
)
def surveys(request):
    cluster = request_cluster(request)
    rows = Survey.objects.filter(cluster=cluster).order_by("-year")
    if not manages_skills(request.user, cluster):
        if not services.answering_companies(request.user, cluster):
            return []
        rows = [survey for survey in rows if services.is_open(survey)]
    return [survey_dict(survey) for survey in rows]


@router.get(
    "/surveys/{int:year}/my-response",
    auth=session_auth,
    response={200: SkillsResponseOut, **error_responses(401, 403, 404, 422)},
    summary="Antwort meines Betriebs",
    description="Die Antwort eines Betriebs, den Sie vertreten (`actor`; ohne Angabe, wenn Sie "
    "genau einen Mitgliedsbetrieb vertreten). Ohne Antwort: `version` 0 und keine Angaben.",
)
def my_response(
    request,
    year: int = Year,
    actor: int | None = Query(None, ge=1, le=MAX_ID, description="Kennung des Betriebs."),
):
    survey = _survey(request, year)
    company = _company(request, actor)
    return response_dict(survey, company, services.response_of(survey, company))


@router.put(
    "/surveys/{int:year}/my-response",
    auth=session_auth,
    response={
        200: SkillsResponseOut,
        **error_responses(400, 401, 403, 404, 409, 422, conflict=SkillsResponseConflictOut),
    },
    summary="Antwort meines Betriebs speichern",
    description="Speichert die übergebenen Angaben je Beruf (nur diese ändern sich) und gibt die "
    "Antwort mit `submit: true` ab. Widersprüchliche Zahlen (z. B. mehr Ruhestände als "
    "Beschäftigte, negative Zahlen) ergeben 422 mit den Gründen je „<Schlüssel>.<Feld>“; "
    "gespeichert wird dann nichts. Außerhalb des Befragungszeitraums 403.",
)
def save_my_response(request, payload: SkillsResponseIn, year: int = Year):
    survey = _survey(request, year)
    company = _company(request, payload.actor)
    by_code = {occupation.code: occupation.pk for occupation in survey.occupations.all()}
    unknown = [code for code in payload.rows if code not in by_code]
    if unknown:
        raise ValidationError(
            {
                code[:20]: [
                    _("Der Beruf „%(code)s“ gehört nicht zu dieser Befragung.")
                    % {"code": code[:20]}
                ]
                for code in unknown
            }
        )
    saved = services.save_response(
        user=request.user,
        survey=survey,
        actor=company,
        rows={by_code[code]: row for code, row in payload.rows.items()},
        expected_version=payload.version,
        submit=payload.submit,
    )
    return response_dict(survey, company, saved)
