"""Results and impact: the results reported per year, the number of success stories (of all
projects) and the success stories themselves (of the projects the reader may see)."""

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.projects.models import Project, ProjectResults
from clusterwerk.projects.monitoring.report import Indicator, Section, SuccessStory


def results_in(projects: QuerySet[Project], years: list[int]) -> QuerySet[ProjectResults]:
    return (
        ProjectResults.objects.filter(project__in=projects.values("pk"))
        .annotate(
            result_year=Coalesce(ExtractYear("reported_on"), ExtractYear("project__end_date"))
        )
        .filter(result_year__in=years)
    )


RESULT_FIELDS = (
    ("new_products", gettext_lazy("neue Produkte")),
    ("new_processes", gettext_lazy("neue Verfahren")),
    ("patents", gettext_lazy("Patente")),
    ("jobs_created", gettext_lazy("neue Arbeitsplätze")),
    ("follow_up_projects", gettext_lazy("Folgeprojekte")),
)


def results_section(projects: QuerySet[Project], years: list[int]) -> Section:
    rows = (
        results_in(projects, years)
        .values("result_year")
        .annotate(reports=Count("pk"), **{name: Sum(name) for name, _label in RESULT_FIELDS})
        .order_by()
    )
    by_year = {row["result_year"]: row for row in rows}

    def values(name):
        return [(by_year.get(y) or {}).get(name) or 0 for y in years]

    return Section(
        "results",
        _("Ergebnisse und Wirkungen"),
        _(
            "Nach dem Jahr des Ergebnisstands, ersatzweise des Projektendes; alle Projekte "
            "des Clusters."
        ),
        [Indicator("reports", _("Projekte mit Ergebnisbericht"), values("reports"))]
        + [Indicator(name, label, values(name)) for name, label in RESULT_FIELDS],
    )


def _stories(projects: QuerySet[Project], years: list[int]):
    return results_in(projects, years).exclude(success_story="")


def story_counts(projects, years) -> list[int]:
    """The success stories per year, of every project in `projects` (a count names nobody)."""
    rows = _stories(projects, years).values("result_year").annotate(stories=Count("pk")).order_by()
    by_year = {row["result_year"]: row["stories"] for row in rows}
    return [by_year.get(y, 0) for y in years]


def success_stories(projects, year: int) -> list[SuccessStory]:
    """The success stories of `year` of `projects` (the caller passes those the reader may
    see)."""
    results = _stories(projects, [year]).select_related("project").order_by("project__title")
    return [
        SuccessStory(
            project_id=result.project_id,
            title=result.project.title,
            acronym=result.project.acronym,
            text=result.success_story,
            year=year,
            reported_on=result.reported_on.isoformat() if result.reported_on else None,
        )
        for result in results
    ]
