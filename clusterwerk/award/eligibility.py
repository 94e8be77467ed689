"""The eligibility rules of an edition, evaluated for one application and explained in
German, naming the facts ("Standort: Potsdam-Mittelmark (Brandenburg) – erfüllt"). Pure
reads: the formal check shows the results, `applications.submit_application` refuses with
the failing explanations. Missing data never passes; the explanation says what is missing.

The age of the innovation is counted on the calendar (`core.dates`), from the day it first
existed to the local day of the deadline: "at most 3 years old" holds when its third
anniversary is not before the deadline (an innovation of 29 February has its anniversary
on 28 February in a common year).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterwerk.actors.models import BUSINESS_KINDS, SCIENCE_KINDS, Actor, ActorKind
from clusterwerk.award.models import (
    STAGE_ORDER,
    Application,
    ApplicationStatus,
    AwardEdition,
    EligibilityRule,
    RuleKind,
    Stage,
)
from clusterwerk.core.dates import add_years


@dataclass(frozen=True)
class RuleResult:
    kind: str
    label: str
    passed: bool
    explanation: str


def _day(value: datetime.date) -> str:
    return date_format(value, "d.m.Y")


def _stage_label(value: str) -> str:
    return str(Stage(value).label) if value in Stage.values else value


def _kind_labels(parameter: str) -> list[str]:
    labels = dict(ActorKind.choices)
    return [str(labels.get(kind, kind)) for kind in _kinds(parameter)]


def _kinds(parameter: str) -> list[str]:
    return [item.strip() for item in (parameter or "").split(",") if item.strip()]


def _number(parameter: str) -> int | None:
    try:
        number = int(parameter)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def describe_rule(rule: EligibilityRule) -> str:
    """The rule in plain German, for the call page and the API."""
    kind, parameter = rule.kind, rule.parameter
    if kind == RuleKind.SITE_IN_BRANDENBURG:
        return _("Der Bewerber hat einen Standort in Brandenburg.")
    if kind == RuleKind.MIN_STAGE:
        return _("Die Innovation hat mindestens den Entwicklungsstand „%(stage)s“ erreicht.") % {
            "stage": _stage_label(parameter)
        }
    if kind == RuleKind.MAX_AGE_YEARS:
        years = _number(parameter) or 0
        return ngettext(
            "Die Innovation ist am Einsendeschluss höchstens %(n)d Jahr alt.",
            "Die Innovation ist am Einsendeschluss höchstens %(n)d Jahre alt.",
            years,
        ) % {"n": years}
    if kind == RuleKind.MAX_ENTRIES:
        entries = _number(parameter) or 0
        return ngettext(
            "Jeder Bewerber reicht höchstens %(n)d Bewerbung je Jahrgang ein.",
            "Jeder Bewerber reicht höchstens %(n)d Bewerbungen je Jahrgang ein.",
            entries,
        ) % {"n": entries}
    if kind == RuleKind.RESEARCH_NEEDS_COMPANY:
        return _(
            "Hochschulen und Forschungseinrichtungen bewerben sich nur gemeinsam mit einem "
            "Unternehmen als Partner."
        )
    if kind == RuleKind.APPLICANT_KINDS:
        return _("Bewerben können: %(kinds)s.") % {"kinds": ", ".join(_kind_labels(parameter))}
    return str(rule)


def rule_label(rule: EligibilityRule) -> str:
    """A short name of the rule with its value."""
    label = str(RuleKind(rule.kind).label) if rule.kind in RuleKind.values else rule.kind
    if rule.kind == RuleKind.MIN_STAGE:
        return f"{label}: {_stage_label(rule.parameter)}"
    if rule.kind in (RuleKind.MAX_AGE_YEARS, RuleKind.MAX_ENTRIES):
        return f"{label}: {rule.parameter}"
    if rule.kind == RuleKind.APPLICANT_KINDS:
        return f"{label}: {', '.join(_kind_labels(rule.parameter))}"
    return label


def _met(text: str, passed: bool) -> str:
    return f"{text} – {_('erfüllt') if passed else _('nicht erfüllt')}"


# --- the rules ---------------------------------------------------------------------------------


def _site(application: Application, rule) -> tuple[bool, str]:
    applicant = application.applicant
    district = applicant.district if applicant.district_id else None
    if district is None:
        return False, _(
            "Standort: Für „%(name)s“ ist im Akteursverzeichnis kein Landkreis und keine "
            "kreisfreie Stadt eingetragen – nicht erfüllt"
        ) % {"name": applicant.name}
    passed = district.is_brandenburg
    state = district.state or (_("Brandenburg") if passed else _("außerhalb Brandenburgs"))
    if passed:
        return True, _met(
            _("Standort: %(district)s (%(state)s)") % {"district": district.name, "state": state},
            True,
        )
    return False, _met(
        _("Standort: %(district)s (%(state)s) liegt nicht in Brandenburg")
        % {"district": district.name, "state": state},
        False,
    )


def _stage(application: Application, rule) -> tuple[bool, str]:
    minimum = rule.parameter
    if minimum not in STAGE_ORDER:
        return False, _("Der Mindest-Entwicklungsstand der Regel ist nicht festgelegt.")
    if not application.stage:
        return False, _met(_("Der Entwicklungsstand der Innovation ist nicht angegeben"), False)
    if application.stage not in STAGE_ORDER:
        return False, _met(
            _("Unbekannter Entwicklungsstand „%(stage)s“") % {"stage": application.stage}, False
        )
    facts = {"stage": _stage_label(application.stage), "minimum": _stage_label(minimum)}
    if STAGE_ORDER.index(application.stage) < STAGE_ORDER.index(minimum):
        return False, _met(
            _("Entwicklungsstand „%(stage)s“ liegt unter „%(minimum)s“") % facts, False
        )
    return True, _met(
        _("Entwicklungsstand „%(stage)s“ erreicht mindestens „%(minimum)s“") % facts, True
    )


def deadline_day(edition: AwardEdition) -> datetime.date:
    return timezone.localtime(edition.deadline).date()


def age_on(born: datetime.date, day: datetime.date) -> tuple[int, int]:
    """How old something of `born` is on `day`: whole calendar years and the days after the
    last anniversary (an anniversary of 29 February is 28 February in a common year)."""
    years = day.year - born.year
    if add_years(born, years) > day:
        years -= 1
    return years, (day - add_years(born, years)).days


def _age(application: Application, rule) -> tuple[bool, str]:
    maximum = _number(rule.parameter)
    if maximum is None:
        return False, _("Das Höchstalter der Regel ist nicht festgelegt.")
    born = application.innovation_date
    if born is None:
        return False, _met(_("Das Datum, an dem die Innovation entstand, fehlt"), False)
    day = deadline_day(application.edition)
    facts = {"born": _day(born), "deadline": _day(day), "max": maximum}
    if born > day:
        return False, _met(
            _("Die Innovation (entstanden am %(born)s) liegt nach dem Einsendeschluss %(deadline)s")
            % facts,
            False,
        )
    years, days = age_on(born, day)
    facts["age"] = _age_text(years, days)
    passed = add_years(born, maximum) >= day
    if passed:
        return True, _met(
            _(
                "Alter der Innovation (entstanden am %(born)s) am Einsendeschluss %(deadline)s: "
                "%(age)s, höchstens %(max)d Jahre"
            )
            % facts,
            True,
        )
    return False, _met(
        _(
            "Alter der Innovation (entstanden am %(born)s) am Einsendeschluss %(deadline)s: "
            "%(age)s, mehr als %(max)d Jahre"
        )
        % facts,
        False,
    )


def _age_text(years: int, days: int) -> str:
    text = ngettext("%(n)d Jahr", "%(n)d Jahre", years) % {"n": years}
    if days:
        text += " " + ngettext("und %(n)d Tag", "und %(n)d Tage", days) % {"n": days}
    return text


DEFAULT_MAX_ENTRIES = 3


def _rule(edition: AwardEdition, kind: str) -> EligibilityRule | None:
    return EligibilityRule.objects.filter(edition=edition, kind=kind).first()


def max_entries(edition: AwardEdition) -> int:
    """Entries per applicant the edition admits (its MAX_ENTRIES rule, else three)."""
    rule = _rule(edition, RuleKind.MAX_ENTRIES)
    return (_number(rule.parameter) if rule else None) or DEFAULT_MAX_ENTRIES


def admitted_kinds(edition: AwardEdition) -> list[str] | None:
    """The actor kinds the edition admits as applicants; None: every kind."""
    rule = _rule(edition, RuleKind.APPLICANT_KINDS)
    return (_kinds(rule.parameter) if rule else None) or None


def entries_of(edition: AwardEdition, applicant: Actor, exclude=None) -> int:
    """The applicant's applications in the edition that are not withdrawn (drafts and
    submitted), without `exclude` (an application or its pk)."""
    applications = Application.objects.filter(edition=edition, applicant=applicant).exclude(
        status=ApplicationStatus.WITHDRAWN
    )
    if exclude is not None:
        applications = applications.exclude(pk=getattr(exclude, "pk", exclude))
    return applications.count()


def _entry_number(application: Application) -> int:
    """Which entry of its applicant this application is: the submitted others count, and
    the drafts that were started before it – so the first three of four drafts pass and a
    fourth entry never does, whatever is submitted first."""
    others = Application.objects.filter(
        edition_id=application.edition_id, applicant_id=application.applicant_id
    ).exclude(status=ApplicationStatus.WITHDRAWN)
    if application.pk is not None:
        others = others.exclude(pk=application.pk)
        submitted = others.filter(status=ApplicationStatus.SUBMITTED).count()
        older_drafts = others.filter(status=ApplicationStatus.DRAFT, pk__lt=application.pk).count()
        return submitted + older_drafts + 1
    return others.count() + 1


def _entries(application: Application, rule) -> tuple[bool, str]:
    maximum = _number(rule.parameter)
    if maximum is None:
        return False, _("Die Höchstzahl der Bewerbungen der Regel ist nicht festgelegt.")
    number = _entry_number(application)
    facts = {"name": application.applicant.name, "n": number, "max": maximum}
    if number > maximum:
        return False, _met(
            _(
                "Dies ist die %(n)d. Bewerbung von „%(name)s“ in diesem Jahrgang, erlaubt sind "
                "höchstens %(max)d"
            )
            % facts,
            False,
        )
    return True, _met(
        _("%(n)d. Bewerbung von „%(name)s“ in diesem Jahrgang (höchstens %(max)d)") % facts,
        True,
    )


def _research(application: Application, rule) -> tuple[bool, str]:
    applicant = application.applicant
    kind = str(applicant.get_kind_display())
    if applicant.kind not in SCIENCE_KINDS:
        return True, _met(
            _("„%(name)s“ ist keine Forschungseinrichtung (%(kind)s)")
            % {"name": applicant.name, "kind": kind},
            True,
        )
    companies = []
    if application.pk is not None:
        companies = list(
            application.partners.filter(actor__kind__in=BUSINESS_KINDS)
            .order_by("actor__name")
            .values_list("actor__name", flat=True)
        )
    if not companies:
        return False, _met(
            _("„%(name)s“ (%(kind)s) bewirbt sich ohne ein Unternehmen als Partner")
            % {"name": applicant.name, "kind": kind},
            False,
        )
    return True, _met(
        _("„%(name)s“ (%(kind)s) bewirbt sich mit dem Unternehmen %(companies)s")
        % {"name": applicant.name, "kind": kind, "companies": ", ".join(companies)},
        True,
    )


def _applicant_kinds(application: Application, rule) -> tuple[bool, str]:
    allowed = _kinds(rule.parameter)
    if not allowed:
        return False, _("Die zugelassenen Arten von Bewerbern sind nicht festgelegt.")
    applicant = application.applicant
    facts = {
        "name": applicant.name,
        "kind": applicant.get_kind_display(),
        "allowed": ", ".join(_kind_labels(rule.parameter)),
    }
    if applicant.kind in allowed:
        return True, _met(_("„%(name)s“ ist %(kind)s (zugelassen: %(allowed)s)") % facts, True)
    return False, _met(
        _("„%(name)s“ ist %(kind)s; zugelassen sind nur: %(allowed)s") % facts, False
    )


CHECKS = {
    RuleKind.SITE_IN_BRANDENBURG: _site,
    RuleKind.MIN_STAGE: _stage,
    RuleKind.MAX_AGE_YEARS: _age,
    RuleKind.MAX_ENTRIES: _entries,
    RuleKind.RESEARCH_NEEDS_COMPANY: _research,
    RuleKind.APPLICANT_KINDS: _applicant_kinds,
}


def evaluate(application: Application) -> list[RuleResult]:
    """Every rule of the application's edition, in order, met or not, with the facts."""
    results = []
    for rule in application.edition.rules.all():
        check = CHECKS.get(rule.kind)
        if check is None:
            results.append(
                RuleResult(rule.kind, rule.kind, False, _("Unbekannte Regel: %s") % rule.kind)
            )
            continue
        passed, explanation = check(application, rule)
        results.append(RuleResult(rule.kind, rule_label(rule), passed, explanation))
    return results


def is_eligible(application: Application) -> bool:
    return all(result.passed for result in evaluate(application))
