"""The counting rules of the report as database conditions (defined in the package docstring):
newly initiated, carried out, the completion join and a cheap pre-filter."""

import datetime

from django.db.models import FilteredRelation, Q, QuerySet

from clusterwerk.projects.models import ACTIVE_PHASES, Project, ProjectPhase


def new_condition(year: int) -> Q:
    """Newly initiated in `year` (see the module docstring)."""
    return Q(year_initiated=year) & (
        Q(phase__in=ACTIVE_PHASES) | Q(phase=ProjectPhase.CANCELLED, start_date__isnull=False)
    )


def carried_out_condition(year: int, completed_on: str = "completed_on") -> Q:
    """Carried out in `year`. `completed_on` names the date of the completing phase change
    (an annotation of `_project_figures`, or the `completion` join of `with_completion`)."""
    first_day = datetime.date(year, 1, 1)
    last_day = datetime.date(year, 12, 31)
    begins_by_end_of_year = Q(start_date__lte=last_day) | Q(year_initiated__lte=year)
    begins_in_year = (
        Q(start_date__gte=first_day, start_date__lte=last_day)
        & (Q(year_initiated__isnull=True) | Q(year_initiated__gte=year))
    ) | (Q(year_initiated=year) & (Q(start_date__isnull=True) | Q(start_date__gte=first_day)))
    completed_without_end = Q(end_date__isnull=True, phase=ProjectPhase.COMPLETED)
    still_going = (
        Q(end_date__gte=first_day)
        | (Q(end_date__isnull=True) & ~Q(phase=ProjectPhase.COMPLETED))
        | (completed_without_end & Q(**{f"{completed_on}__gte": first_day}))
        | (completed_without_end & Q(**{f"{completed_on}__isnull": True}) & begins_in_year)
    )
    return Q(phase__in=ACTIVE_PHASES) & begins_by_end_of_year & still_going


def with_completion(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Alias `completion`: a LEFT JOIN to the project's phase changes to "abgeschlossen".

    A join (not a correlated subquery), so that PostgreSQL does not run a subplan for every
    mention in the many conditions of one aggregate query."""
    return projects.alias(
        completion=FilteredRelation(
            "phase_changes", condition=Q(phase_changes__to_phase=ProjectPhase.COMPLETED)
        )
    )


def in_window(years: list[int]) -> Q:
    """A cheap pre-filter on plain columns: every project that may be new or carried out in
    one of the years passes (and few others), so the costly conditions run on fewer rows."""
    first_day = datetime.date(years[0], 1, 1)
    last_day = datetime.date(years[-1], 12, 31)
    return (
        Q(phase__in=[*ACTIVE_PHASES, ProjectPhase.CANCELLED])
        & (Q(year_initiated__lte=years[-1]) | Q(start_date__lte=last_day))
        & (Q(end_date__isnull=True) | Q(end_date__gte=first_day) | Q(year_initiated__gte=years[0]))
    )


def new_projects_in(projects: QuerySet[Project], years: list[int]) -> QuerySet[Project]:
    condition = Q()
    for year in years:
        condition |= new_condition(year)
    return projects.filter(condition)
