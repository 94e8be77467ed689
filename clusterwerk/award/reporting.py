"""The innovation prize in the yearly Ergebnis- und Wirkungsmonitoring: the figures of the
report's section "Innovationspreis" (`award_sections(cluster, years)` is the section builder
the portal adds to the report's contributed sections, as `events_sections` is; it returns a
list of `projects.monitoring.Section`).

`award_year_figures(cluster, years)` counts per year of the report's series – the year of the
edition (Preisjahrgang) – with three aggregate queries, whatever the number of editions:

Applications (Bewerbungen)
    Submitted applications of the cluster's edition of year Y (withdrawn ones and drafts do not
    count).
Eligible (zugelassen)
    Of those, the ones the formal check admitted.
Winners, special prize, nominees
    Decisions of editions that are published (before the release the decisions are
    confidential and count nowhere); also those without consent to publication.
Follow-ups (Nachfragen)
    The questions one and three years after the ceremony to the applicants of the edition of
    year Y: sent, answered, and the answers by outcome (on the market, developed further,
    licensed or sold, stopped) with the new jobs reported. They count in the year of the
    edition (the cohort), not in the year they were answered.

Counts only, no names: every reader of the report sees the same figures.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from clusterwerk.award.models import (
    Application,
    ApplicationStatus,
    AwardEdition,
    Decision,
    FollowUp,
    FollowUpOutcome,
    FormalCheck,
    Phase,
)
from clusterwerk.core.models import Cluster
from clusterwerk.projects.monitoring import Indicator, Section


def _counter(years: list[int]) -> dict[int, int]:
    return dict.fromkeys(years, 0)


@dataclass
class AwardYearFigures:
    """The figures per edition year; every mapping holds one count per year of `years`."""

    years: list[int]
    editions: dict[int, int] = field(default_factory=dict)
    applications: dict[int, int] = field(default_factory=dict)
    eligible: dict[int, int] = field(default_factory=dict)
    winners: dict[int, int] = field(default_factory=dict)
    special_prizes: dict[int, int] = field(default_factory=dict)
    nominees: dict[int, int] = field(default_factory=dict)
    follow_ups_sent: dict[int, int] = field(default_factory=dict)
    follow_ups_answered: dict[int, int] = field(default_factory=dict)
    # FollowUpOutcome value → counts
    outcomes: dict[str, dict[int, int]] = field(default_factory=dict)
    employees_added: dict[int, int] = field(default_factory=dict)

    def series(self, counts: dict[int, int]) -> list[int]:
        return [counts.get(year, 0) for year in self.years]


def award_year_figures(cluster: Cluster, years: list[int]) -> AwardYearFigures:
    """The section's figures for `years` (consecutive, oldest first): three queries."""
    years = list(years)
    figures = AwardYearFigures(years=years)
    for name in (
        "editions",
        "applications",
        "eligible",
        "winners",
        "special_prizes",
        "nominees",
        "follow_ups_sent",
        "follow_ups_answered",
        "employees_added",
    ):
        setattr(figures, name, _counter(years))
    figures.outcomes = {value: _counter(years) for value in FollowUpOutcome.values}
    in_years = Q(edition__cluster=cluster, edition__year__in=years)
    published = Q(edition__phase=Phase.PUBLISHED)
    rows = (
        Application.objects.filter(in_years, status=ApplicationStatus.SUBMITTED)
        .values("edition__year")
        .annotate(
            applications=Count("pk"),
            eligible=Count("pk", filter=Q(formal_check=FormalCheck.ELIGIBLE)),
            winners=Count("pk", filter=published & Q(decision=Decision.WINNER)),
            special_prizes=Count("pk", filter=published & Q(decision=Decision.SPECIAL_PRIZE)),
            nominees=Count("pk", filter=published & Q(decision=Decision.NOMINEE)),
        )
        .order_by()
    )
    for row in rows:
        year = row["edition__year"]
        for name in ("applications", "eligible", "winners", "special_prizes", "nominees"):
            getattr(figures, name)[year] = row[name]
    for year in AwardEdition.objects.filter(cluster=cluster, year__in=years).values_list(
        "year", flat=True
    ):
        figures.editions[year] = 1
    follow_ups = (
        FollowUp.objects.filter(
            application__edition__cluster=cluster,
            application__edition__year__in=years,
            application__status=ApplicationStatus.SUBMITTED,
        )
        .values("application__edition__year", "outcome")
        .annotate(
            sent=Count("pk", filter=Q(sent_at__isnull=False)),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            employees=Sum("employees_added", filter=Q(answered_at__isnull=False)),
        )
        .order_by()
    )
    for row in follow_ups:
        year = row["application__edition__year"]
        figures.follow_ups_sent[year] += row["sent"]
        figures.follow_ups_answered[year] += row["answered"]
        figures.employees_added[year] += row["employees"] or 0
        if row["outcome"] and row["answered"]:
            figures.outcomes.setdefault(row["outcome"], _counter(years))[year] += row["answered"]
    return figures


def award_sections(cluster: Cluster, years: list[int]) -> list[Section]:
    """The report's section "Innovationspreis" (the section builder for
    `build_report(extra_sections=…)`): applications, eligible, winners, special prize and
    nominees per edition year, then the follow-ups with their outcomes."""
    figures = award_year_figures(cluster, years)
    series = figures.series
    overview = Section(
        "award",
        _("Innovationspreis"),
        _(
            "Je Preisjahrgang: eingereichte Bewerbungen, davon in der formalen Prüfung "
            "zugelassene; Preisträger, Sonderpreis und Nominierte, sobald die Entscheidungen "
            "veröffentlicht sind."
        ),
        [
            Indicator("applications", _("Eingereichte Bewerbungen"), series(figures.applications)),
            Indicator("eligible", _("davon zugelassen"), series(figures.eligible)),
            Indicator("winners", pgettext("plural", "Preisträger"), series(figures.winners)),
            Indicator("special_prizes", _("Sonderpreis der Jury"), series(figures.special_prizes)),
            Indicator("nominees", _("Nominierte"), series(figures.nominees)),
        ],
        summary={"award_applications": "applications", "award_winners": "winners"},
    )
    rows = [
        Indicator("sent", _("Versandte Nachfragen"), series(figures.follow_ups_sent)),
        Indicator("answered", _("Beantwortete Nachfragen"), series(figures.follow_ups_answered)),
    ]
    for outcome in FollowUpOutcome:
        rows.append(
            Indicator(
                outcome.value,
                _("Antwort: %(outcome)s") % {"outcome": outcome.label},
                series(figures.outcomes.get(outcome.value, {})),
            )
        )
    rows.append(
        Indicator(
            "employees_added", _("Gemeldete neue Arbeitsplätze"), series(figures.employees_added)
        )
    )
    follow_ups = Section(
        "award_follow_ups",
        _("Innovationspreis: Nachfragen nach einem und drei Jahren"),
        _(
            "Nachfragen an alle Bewerber eines Jahrgangs ein und drei Jahre nach der "
            "Preisverleihung, gezählt im Jahr des Preisjahrgangs; jede Antwort zählt einmal."
        ),
        rows,
    )
    return [overview, follow_ups]


AWARD_DEFINITION = (
    gettext_lazy("Innovationspreis"),
    gettext_lazy(
        "Bewerbungen zählen im Jahr ihres Preisjahrgangs, wenn sie eingereicht und nicht "
        "zurückgezogen wurden; zugelassen sind die, die die formale Prüfung bestanden haben. "
        "Preisträger, Sonderpreis der Jury und Nominierte zählen erst, wenn die Entscheidungen "
        "des Jahrgangs veröffentlicht sind, auch ohne Einwilligung in die Veröffentlichung. "
        "Die Nachfragen ein und drei Jahre nach der Preisverleihung zählen im Jahr des "
        "Preisjahrgangs, die Antworten nach ihrem Ergebnis. Es sind Summen ohne Namen."
    ),
)
