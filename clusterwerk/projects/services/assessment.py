"""Assessments (Beurteilungen): the cluster management and the advisory board score a project
against the cluster's active, weighted criteria."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.core import versions
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.projects.models import (
    MAX_SCORE,
    Assessment,
    AssessmentCriterion,
    AssessmentScore,
    Project,
)
from clusterwerk.projects.permissions import can_assess_projects


@changes(versions.PROJECTS)
@transaction.atomic
def save_assessment(*, project: Project, user, scores: dict[str, int], comment: str = ""):
    """The user's scores (criterion key → 0…MAX_SCORE) for the cluster's active criteria; an
    earlier assessment of the same user is replaced."""
    if not can_assess_projects(user, project.cluster):
        raise PermissionDenied(_("Beurteilen dürfen Clustermanagement und Strategischer Beirat."))
    criteria = {
        criterion.key: criterion
        for criterion in AssessmentCriterion.objects.filter(cluster=project.cluster, is_active=True)
    }
    errors = PayloadErrors()
    for key in sorted(set(scores) - set(criteria)):
        errors.add(key, _("Unbekanntes Kriterium."))
    cleaned = {}
    for key, criterion in criteria.items():
        number = _score(scores.get(key))
        if number is None:
            errors.add(
                key,
                _("Bitte %(name)s mit 0 bis %(max)d Punkten bewerten.")
                % {"name": criterion.name, "max": MAX_SCORE},
            )
            continue
        cleaned[key] = number
    errors.raise_if_any()
    assessment, _created = Assessment.objects.update_or_create(
        project=project, assessor=user, defaults={"comment": (comment or "").strip()[:5000]}
    )
    assessment.scores.all().delete()
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=assessment, criterion=criteria[key], score=score)
        for key, score in cleaned.items()
    )
    return assessment


def _score(value) -> int | None:
    """Points from 0 to MAX_SCORE (also "3" from forms), else None."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= MAX_SCORE else None
