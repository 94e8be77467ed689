"""Importing the Engpassanalyse (`indicators.parse_indicator_file`) and reading its verdicts.

`import_indicators` is all-or-nothing in one transaction and for the cluster management only:
the file's problems come back as one `ValidationError` under "file" (line-numbered German
messages) and nothing is written; with `dry_run=True` nothing is written either and the result
shows what an import would store. A file for the same cluster, source, region and year as an
earlier import replaces that import (a corrected file does not double the figures).

`latest_assessments(cluster, year=None, region=None)` gives, per occupation, the verdict of
the newest import (the latest year, then the latest import) – the matrix reads it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.core import validation, versions
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.skills.indicators import (
    IndicatorFileErrors,
    ParsedIndicators,
    parse_indicator_file,
)
from clusterwerk.skills.models import Indicator, IndicatorImport, OfficialAssessment
from clusterwerk.skills.permissions import manages_skills


@dataclass
class ImportResult:
    parsed: ParsedIndicators
    dry_run: bool
    batch: IndicatorImport | None = None
    replaced: int = 0  # earlier imports of the same source, region and year that were replaced
    warnings: list[str] = field(default_factory=list)

    @property
    def occupation_count(self) -> int:
        return len(self.parsed.rows)

    @property
    def indicator_count(self) -> int:
        return self.parsed.indicator_count


@changes(versions.SKILLS)
@transaction.atomic
def import_indicators(
    *, user, cluster, data: bytes, filename: str, source, region, year, dry_run=False
) -> ImportResult:
    if not manages_skills(user, cluster):
        raise PermissionDenied(
            _("Nur das Clustermanagement kann Indikatoren der Engpassanalyse importieren.")
        )
    errors = PayloadErrors()
    source = validation.text(source, "source", errors, max_length=300, required=True)
    region = validation.text(region, "region", errors, max_length=80, required=True)
    year = _year(year, errors)
    try:
        parsed = parse_indicator_file(data, filename or "")
    except IndicatorFileErrors as problems:
        for message in problems.messages:
            errors.add("file", message)
        parsed = None
    errors.raise_if_any()
    result = ImportResult(parsed=parsed, dry_run=dry_run, warnings=list(parsed.warnings))
    if dry_run:
        return result
    earlier = IndicatorImport.objects.select_for_update().filter(
        cluster=cluster, source=source, region=region, year=year, is_demo=False
    )
    result.replaced = len(list(earlier))
    earlier.delete()
    batch = IndicatorImport.objects.create(
        cluster=cluster,
        source=source,
        region=region,
        year=year,
        filename=(filename or "")[:200],
        imported_by=user,
    )
    Indicator.objects.bulk_create(
        Indicator(batch=batch, occupation=row.occupation, kind=kind, value=value, score=score)
        for row in parsed.rows
        for kind, (value, score) in row.indicators.items()
    )
    OfficialAssessment.objects.bulk_create(
        OfficialAssessment(
            batch=batch,
            occupation=row.occupation,
            mean_score=row.mean,
            verdict=row.verdict,
            file_verdict=row.file_verdict,
        )
        for row in parsed.rows
    )
    result.batch = batch
    return result


def _year(value, errors: PayloadErrors) -> int | None:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        errors.add("year", _("Bitte ein Jahr angeben, z. B. 2024."))
        return None
    if not 2000 <= year <= 2100:
        errors.add("year", _("Das Jahr muss zwischen 2000 und 2100 liegen."))
    return year


def file_messages(error: ValidationError) -> list[str]:
    """All messages of an import's ValidationError, the file's line messages first."""
    by_field = error.message_dict
    return [
        *by_field.get("file", []),
        *(m for k, ms in by_field.items() if k != "file" for m in ms),
    ]


def latest_assessments(cluster, year=None, region=None) -> dict[int, OfficialAssessment]:
    """Per occupation id the assessment of the newest import of `cluster` (only `year` /
    `region` when given): the latest year first, then the latest import."""
    assessments = OfficialAssessment.objects.filter(batch__cluster=cluster).select_related(
        "batch", "occupation"
    )
    if year is not None:
        assessments = assessments.filter(batch__year=year)
    if region:
        assessments = assessments.filter(batch__region=region)
    latest: dict[int, OfficialAssessment] = {}
    for assessment in assessments.order_by("-batch__year", "-batch__imported_at", "-batch_id"):
        latest.setdefault(assessment.occupation_id, assessment)
    return latest


def assessment_history(cluster, occupation) -> list[dict]:
    """The occupation's verdicts in `cluster`, newest year first, each with its indicators
    (kind, label, value, score) – for the occupation page and the API."""
    assessments = (
        OfficialAssessment.objects.filter(batch__cluster=cluster, occupation=occupation)
        .select_related("batch")
        .order_by("-batch__year", "-batch__imported_at", "-batch_id")
    )
    indicators: dict[int, list[Indicator]] = {}
    for indicator in Indicator.objects.filter(
        batch__cluster=cluster, occupation=occupation
    ).order_by("id"):
        indicators.setdefault(indicator.batch_id, []).append(indicator)
    return [
        {"assessment": assessment, "indicators": indicators.get(assessment.batch_id, [])}
        for assessment in assessments
    ]
