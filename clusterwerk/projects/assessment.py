"""The aggregate of a project's assessments (Beurteilung), for the API and the pages.

Per active criterion of the project's cluster: the mean score over all assessments that scored
it. Overall: the weighted mean of those criterion means (weights of the criteria; criteria
nobody scored yet and criteria with weight 0 do not count), on the scale 0 … MAX_SCORE.
Inactive criteria are left out entirely. Three queries, however many assessments there are.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count

from clusterwerk.projects.models import (
    MAX_SCORE,
    Assessment,
    AssessmentCriterion,
    AssessmentScore,
    Project,
)


@dataclass(frozen=True)
class CriterionSummary:
    key: str
    name: str
    weight: float
    mean: float | None  # None: nobody scored this criterion yet
    count: int  # how many assessments scored it


@dataclass(frozen=True)
class AssessmentSummary:
    count: int  # number of assessments of the project
    overall: float | None  # weighted mean, 0 … MAX_SCORE; None without scores
    max_score: int = MAX_SCORE
    criteria: list[CriterionSummary] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "count": self.count,
            "overall": self.overall,
            "max_score": self.max_score,
            "criteria": [
                {
                    "key": item.key,
                    "name": item.name,
                    "weight": item.weight,
                    "mean": item.mean,
                    "count": item.count,
                }
                for item in self.criteria
            ],
        }


def _rounded(value) -> float | None:
    return None if value is None else round(float(value), 2)


def assessment_summary(project: Project) -> AssessmentSummary:
    """The assessments of `project` in one figure plus the mean per active criterion."""
    criteria = list(
        AssessmentCriterion.objects.filter(cluster_id=project.cluster_id, is_active=True).order_by(
            "order", "pk"
        )
    )
    means = {
        row["criterion_id"]: row
        for row in AssessmentScore.objects.filter(
            assessment__project=project, criterion__in=[criterion.pk for criterion in criteria]
        )
        .values("criterion_id")
        .annotate(mean=Avg("score"), count=Count("pk"))
        .order_by()
    }
    count = Assessment.objects.filter(project=project).count()
    summaries = []
    weighted, total_weight = Decimal(0), Decimal(0)
    for criterion in criteria:
        row = means.get(criterion.pk)
        mean = Decimal(str(row["mean"])) if row and row["mean"] is not None else None
        if mean is not None and criterion.weight > 0:
            weighted += criterion.weight * mean
            total_weight += criterion.weight
        summaries.append(
            CriterionSummary(
                key=criterion.key,
                name=criterion.name,
                weight=float(criterion.weight),
                mean=_rounded(mean),
                count=row["count"] if row else 0,
            )
        )
    overall = _rounded(weighted / total_weight) if total_weight else None
    return AssessmentSummary(count=count, overall=overall, criteria=summaries)
