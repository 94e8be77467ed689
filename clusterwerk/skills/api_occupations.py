"""The Fachkräftematrix API: occupations (KldB 2010) and the official verdicts of the
Engpassanalyse, read-only and public (reference data and published BA statistics)."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from clusterwerk.core.api import error_responses
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.skills.models import Occupation, OfficialAssessment
from clusterwerk.skills.services import indicators as services

router = Router()


class SkillsOccupationOut(Schema):
    code: str
    title: str
    short_title: str
    level: str
    skill_level: int | None
    is_apprenticeship: bool
    chamber: str
    source: str


class SkillsIndicatorOut(Schema):
    kind: str
    label: str
    value: Decimal | None
    score: int | None


class SkillsAssessmentOut(Schema):
    occupation: str
    region: str
    year: int
    source: str
    mean_score: Decimal
    verdict: str
    verdict_label: str
    file_verdict: str
    is_demo: bool


class SkillsAssessmentDetailOut(SkillsAssessmentOut):
    indicators: list[SkillsIndicatorOut]


class SkillsOccupationDetailOut(SkillsOccupationOut):
    assessments: list[SkillsAssessmentDetailOut]


class SkillsAssessmentFilter(Schema):
    year: int | None = None
    region: str | None = None


def occupation_dict(occupation: Occupation) -> dict:
    return {
        "code": occupation.code,
        "title": occupation.title,
        "short_title": occupation.short_title,
        "level": occupation.level,
        "skill_level": occupation.skill_level,
        "is_apprenticeship": occupation.is_apprenticeship,
        "chamber": occupation.chamber,
        "source": occupation.source,
    }


def assessment_dict(assessment: OfficialAssessment) -> dict:
    return {
        "occupation": assessment.occupation.code,
        "region": assessment.batch.region,
        "year": assessment.batch.year,
        "source": assessment.batch.source,
        "mean_score": assessment.mean_score,
        "verdict": assessment.verdict,
        "verdict_label": str(assessment.get_verdict_display()),
        "file_verdict": assessment.file_verdict,
        "is_demo": assessment.batch.is_demo,
    }


@router.get(
    "/occupations",
    response={200: list[SkillsOccupationOut]},
    summary="Berufe (KldB 2010)",
    description="Die Berufsgruppen und Berufsgattungen der KldB 2010, die das Cluster "
    "betreffen (Quelle: Statistik der Bundesagentur für Arbeit).",
)
def list_occupations(request):
    return [occupation_dict(occupation) for occupation in Occupation.objects.all()]


@router.get(
    "/occupations/{code}",
    response={200: SkillsOccupationDetailOut, **error_responses(404, 422)},
    summary="Beruf (KldB 2010)",
    description="Ein Beruf mit den Bewertungen der Engpassanalyse im Cluster (neuestes Jahr "
    "zuerst) und ihren Indikatoren.",
)
def get_occupation(request, code: str):
    occupation = get_object_or_404(Occupation, code=code)
    history = services.assessment_history(request_cluster(request), occupation)
    assessments = []
    for entry in history:
        entry["assessment"].occupation = occupation
        assessments.append(
            {
                **assessment_dict(entry["assessment"]),
                "indicators": [
                    {
                        "kind": indicator.kind,
                        "label": str(indicator.get_kind_display()),
                        "value": indicator.value,
                        "score": indicator.score,
                    }
                    for indicator in entry["indicators"]
                ],
            }
        )
    return {**occupation_dict(occupation), "assessments": assessments}


@router.get(
    "/assessments",
    response={200: list[SkillsAssessmentOut], **error_responses(422)},
    summary="Engpassbewertungen",
    description="Je Beruf die Bewertung aus dem neuesten Import der Engpassanalyse im Cluster "
    "(nur `year` bzw. `region`, wenn angegeben).",
)
def list_assessments(request, filters: Query[SkillsAssessmentFilter]):
    latest = services.latest_assessments(
        request_cluster(request), year=filters.year, region=filters.region or None
    )
    rows = sorted(latest.values(), key=lambda assessment: assessment.occupation.code)
    return [assessment_dict(assessment) for assessment in rows]
