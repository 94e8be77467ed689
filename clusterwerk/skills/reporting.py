"""The Fachkräftematrix in the yearly Ergebnis- und Wirkungsmonitoring: the measures of
Handlungsfeld 3 (topic areas 6.x) with their figures per year – the section "Fachkräfte und
Nachfolge" (`skills_sections(cluster, years)` is the section builder the portal adds to the
report, as `award_sections` is).

Company survey (in the survey's year)
    Companies that submitted the survey; training places offered and filled – summed over the
    published base cells only (year × occupation × district with at least `K_ANONYMITY`
    companies, `anonymity.py`), so the report reveals nothing a suppressed cell holds.
Training offers
    Published training offers of the cluster starting in the year.
Nachfolgebörse
    Succession cases released by a chamber in the year, handed over in the year, and
    interests in which the owner agreed to the contact in the year.

Counts and sums only, no names: every reader of the report sees the same figures.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.core.models import Cluster
from clusterwerk.projects.monitoring import Indicator, Section
from clusterwerk.skills.anonymity import is_publishable
from clusterwerk.skills.models import (
    InterestStatus,
    ResponseStatus,
    SuccessionCase,
    SuccessionInterest,
    SurveyAnswer,
    SurveyResponse,
    TrainingOffer,
)

FIGURES = (
    "companies",
    "training_offered",
    "training_filled",
    "offers",
    "cases_released",
    "cases_handed_over",
    "contacts_agreed",
)


@dataclass
class SkillsYearFigures:
    """The figures per year; every mapping holds one value per year of `years`."""

    years: list[int]
    values: dict[str, dict[int, int]] = field(default_factory=dict)

    def series(self, name: str) -> list[int]:
        return [self.values[name].get(year, 0) for year in self.years]


def _count_by_year(queryset, date_field: str, years: list[int]) -> dict[int, int]:
    rows = (
        queryset.filter(**{f"{date_field}__year__in": years})
        .annotate(year=ExtractYear(date_field))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["year"]: row["count"] for row in rows}


def skills_year_figures(cluster: Cluster, years: list[int]) -> SkillsYearFigures:
    """The section's figures for `years` (consecutive, oldest first): six queries."""
    years = list(years)
    figures = SkillsYearFigures(years=years, values={name: {} for name in FIGURES})
    submitted = SurveyResponse.objects.filter(
        survey__cluster=cluster, survey__year__in=years, status=ResponseStatus.SUBMITTED
    )
    for row in submitted.values("survey__year").annotate(count=Count("pk")).order_by():
        figures.values["companies"][row["survey__year"]] = row["count"]
    cells = (
        SurveyAnswer.objects.filter(response__in=submitted.filter(district__isnull=False))
        .values("response__survey__year", "occupation_id", "response__district_id")
        .annotate(
            companies=Count("response__actor_id", distinct=True),
            offered=Sum("training_offered"),
            filled=Sum("training_filled"),
        )
        .order_by()
    )
    for cell in cells:
        if not is_publishable(cell["companies"]):
            continue
        year = cell["response__survey__year"]
        offered, filled = figures.values["training_offered"], figures.values["training_filled"]
        offered[year] = offered.get(year, 0) + (cell["offered"] or 0)
        filled[year] = filled.get(year, 0) + (cell["filled"] or 0)
    figures.values["offers"] = _count_by_year(
        TrainingOffer.objects.filter(cluster=cluster, is_published=True), "starts_on", years
    )
    cases = SuccessionCase.objects.filter(cluster=cluster)
    figures.values["cases_released"] = _count_by_year(cases, "released_at", years)
    figures.values["cases_handed_over"] = _count_by_year(cases, "handed_over_at", years)
    figures.values["contacts_agreed"] = _count_by_year(
        SuccessionInterest.objects.filter(case__cluster=cluster, status=InterestStatus.AGREED),
        "answered_at",
        years,
    )
    return figures


def skills_sections(cluster: Cluster, years: list[int]) -> list[Section]:
    """The report's section "Fachkräfte und Nachfolge" (for `build_report(extra_sections=…)`)."""
    figures = skills_year_figures(cluster, years)
    series = figures.series
    return [
        Section(
            "skills",
            _("Fachkräfte und Nachfolge (Handlungsfeld 3)"),
            _(
                "Je Jahr: Betriebe, die an der Betriebsbefragung teilgenommen haben, und ihre "
                "Ausbildungsplätze (nur aus Berufen und Kreisen mit mindestens fünf Betrieben); "
                "veröffentlichte Bildungsangebote; Nachfolgefälle, die eine Kammer freigegeben "
                "hat oder die übergeben wurden, und vermittelte Kontakte der Nachfolgebörse."
            ),
            [
                Indicator("companies", _("Antwortende Betriebe"), series("companies")),
                Indicator(
                    "training_offered", _("Ausbildungsplätze angeboten"), series("training_offered")
                ),
                Indicator(
                    "training_filled", _("Ausbildungsplätze besetzt"), series("training_filled")
                ),
                Indicator("offers", _("Bildungsangebote (Beginn im Jahr)"), series("offers")),
                Indicator(
                    "cases_released", _("Nachfolgefälle freigegeben"), series("cases_released")
                ),
                Indicator(
                    "cases_handed_over", _("Nachfolgen übergeben"), series("cases_handed_over")
                ),
                Indicator("contacts_agreed", _("Vermittelte Kontakte"), series("contacts_agreed")),
            ],
            summary={"skills_training_filled": "training_filled"},
        )
    ]


SKILLS_DEFINITION = (
    gettext_lazy("Fachkräfte und Nachfolge"),
    gettext_lazy(
        "Antwortende Betriebe zählen im Jahr der Betriebsbefragung, wenn sie ihre Antwort "
        "abgegeben haben. Ausbildungsplätze sind Summen über Beruf und Kreis, in denen "
        "mindestens fünf Betriebe geantwortet haben; kleinere Zellen zählen nirgends, damit "
        "keine Angabe eines einzelnen Betriebs erkennbar wird. Bildungsangebote zählen im Jahr "
        "ihres Beginns, Nachfolgefälle im Jahr ihrer Freigabe durch die Kammer oder ihrer "
        "Übergabe, vermittelte Kontakte im Jahr, in dem die Inhaberin oder der Inhaber dem "
        "Kontakt zugestimmt hat. Es sind Summen ohne Namen."
    ),
)
