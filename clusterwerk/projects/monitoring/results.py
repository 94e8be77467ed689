"""Results and impact: the results reported per year and the success stories (of public
projects only, for readers who do not manage the cluster)."""

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
            "Nach dem Jahr des Ergebnisstands, ersatzweise des Projektendes. "
            "Erfolgsgeschichten zählen nur, wo Sie das Projekt sehen dürfen."
        ),
        [Indicator("reports", _("Projekte mit Ergebnisbericht"), values("reports"))]
        + [Indicator(name, label, values(name)) for name, label in RESULT_FIELDS],
    )


def _stories(projects: QuerySet[Project], years: list[int], *, public_only: bool):
    results = results_in(projects, years).exclude(success_story="")
    if public_only:
        results = results.filter(project__visibility="public")
    return results


def story_counts(projects, years, *, public_only: bool) -> list[int]:
    rows = (
        _stories(projects, years, public_only=public_only)
        .values("result_year")
        .annotate(stories=Count("pk"))
        .order_by()
    )
    by_year = {row["result_year"]: row["stories"] for row in rows}
    return [by_year.get(y, 0) for y in years]


def success_stories(projects, year: int, *, public_only: bool) -> list[SuccessStory]:
    results = (
        _stories(projects, [year], public_only=public_only)
        .select_related("project")
        .order_by("project__title")
    )
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
