"""PLACEHOLDER (applications part) – the setup part writes the real module with the same
signatures; take setup's version when merging.

The edition's eligibility rules (`EligibilityRule` rows) evaluated for one application, each
with a German explanation: pure reads, no writes."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.actors.models import BUSINESS_KINDS, SCIENCE_KINDS, ActorKind
from clusterwerk.award.models import (
    STAGE_ORDER,
    Application,
    ApplicationStatus,
    AwardEdition,
    RuleKind,
    Stage,
)


@dataclass(frozen=True)
class RuleResult:
    kind: str
    label: str
    passed: bool
    explanation: str


def entries_of(edition: AwardEdition, applicant, exclude=None) -> int:
    """The applicant's applications in the edition that are not withdrawn."""
    entries = Application.objects.filter(edition=edition, applicant=applicant).exclude(
        status=ApplicationStatus.WITHDRAWN
    )
    if exclude is not None:
        entries = entries.exclude(pk=exclude.pk)
    return entries.count()


def _int(parameter: str, default: int) -> int:
    try:
        return int(str(parameter).strip())
    except (TypeError, ValueError):
        return default


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _check(rule, application: Application) -> tuple[bool, str]:
    applicant = application.applicant
    edition = application.edition
    if rule.kind == RuleKind.SITE_IN_BRANDENBURG:
        state = applicant.district.state if applicant.district_id else ""
        if state == "Brandenburg":
            return True, _("%(name)s hat einen Standort in Brandenburg.") % {"name": applicant}
        return False, _("%(name)s hat laut Akteursverzeichnis keinen Standort in Brandenburg.") % {
            "name": applicant
        }
    if rule.kind == RuleKind.MIN_STAGE:
        minimum = rule.parameter if rule.parameter in STAGE_ORDER else Stage.EXPERIMENTAL
        label = Stage(minimum).label
        if application.stage and STAGE_ORDER.index(application.stage) >= STAGE_ORDER.index(minimum):
            return True, _("Der Entwicklungsstand reicht (mindestens „%(stage)s“).") % {
                "stage": label
            }
        return False, _("Die Innovation muss mindestens den Stand „%(stage)s“ erreicht haben.") % {
            "stage": label
        }
    if rule.kind == RuleKind.MAX_AGE_YEARS:
        years = _int(rule.parameter, 3)
        if application.innovation_date is None:
            return False, _("Bitte geben Sie an, wann die Innovation entstanden ist.")
        earliest = _years_before(timezone.localtime(edition.deadline).date(), years)
        if application.innovation_date >= earliest:
            return True, _("Die Innovation ist höchstens %(years)d Jahre alt.") % {"years": years}
        return False, _(
            "Die Innovation darf höchstens %(years)d Jahre alt sein (entstanden ab %(date)s)."
        ) % {"years": years, "date": earliest.strftime("%d.%m.%Y")}
    if rule.kind == RuleKind.MAX_ENTRIES:
        maximum = _int(rule.parameter, 3)
        count = entries_of(edition, applicant, exclude=application) + 1
        if count <= maximum:
            return True, _("Höchstens %(max)d Bewerbungen je Bewerber.") % {"max": maximum}
        return False, _(
            "Je Bewerber sind höchstens %(max)d Bewerbungen möglich; %(name)s hat %(count)d."
        ) % {"max": maximum, "name": applicant, "count": count}
    if rule.kind == RuleKind.RESEARCH_NEEDS_COMPANY:
        if applicant.kind not in SCIENCE_KINDS:
            return True, _("Der Bewerber ist keine Forschungseinrichtung.")
        if application.partners.filter(actor__kind__in=BUSINESS_KINDS).exists():
            return True, _("Die Forschungseinrichtung bewirbt sich mit einem Unternehmen.")
        return False, _(
            "Forschungseinrichtungen bewerben sich nur gemeinsam mit einem Unternehmen; "
            "bitte nennen Sie ein Unternehmen als Partner."
        )
    if rule.kind == RuleKind.APPLICANT_KINDS:
        kinds = [kind.strip() for kind in rule.parameter.split(",") if kind.strip()]
        if not kinds or applicant.kind in kinds:
            return True, _("Diese Art von Bewerber ist zugelassen.")
        names = ", ".join(str(ActorKind(kind).label) for kind in kinds if kind in ActorKind)
        return False, _("Zugelassen sind nur: %(kinds)s.") % {"kinds": names}
    return True, ""


def evaluate(application: Application) -> list[RuleResult]:
    results = []
    for rule in application.edition.rules.all():
        passed, explanation = _check(rule, application)
        results.append(RuleResult(rule.kind, str(rule.get_kind_display()), passed, explanation))
    return results


def is_eligible(application: Application) -> bool:
    return all(result.passed for result in evaluate(application))
