"""The yearly figures of a cluster's demo projects, read back from the database by the counting
rules of `shape`."""

from collections.abc import Sequence
from dataclasses import dataclass

from clusterwerk.core.models import Cluster
from clusterwerk.projects.demo.shape import REPORT_YEARS
from clusterwerk.projects.models import ACTIVE_PHASES, PhaseChange, Project, ProjectPhase


@dataclass
class YearFigures:
    year: int
    carried_out: int = 0
    newly_initiated: int = 0
    joint: int = 0
    with_science: int = 0
    rdi: int = 0
    cross_cluster: int = 0

    @property
    def science_share(self) -> float:
        return self.with_science / self.carried_out if self.carried_out else 0.0


def demo_project_figures(cluster: Cluster, years: Sequence[int] = REPORT_YEARS) -> dict:
    """Yearly figures of the cluster's demo projects, read from the database, by the counting
    rules of the module docstring."""
    rows = list(
        Project.objects.filter(cluster=cluster, is_demo=True).values_list(
            "pk",
            "phase",
            "start_date",
            "end_date",
            "year_initiated",
            "is_joint",
            "with_science",
            "is_rdi",
            "is_cross_cluster",
        )
    )
    completed_on = dict(
        PhaseChange.objects.filter(
            project__cluster=cluster, project__is_demo=True, to_phase=ProjectPhase.COMPLETED
        ).values_list("project_id", "changed_on")
    )
    figures = {}
    for year in years:
        tally = YearFigures(year)
        for pk, phase, start, end, initiated, joint, science, rdi, cross in rows:
            if phase in ACTIVE_PHASES:
                if start and end:
                    active = start.year <= year <= end.year
                else:
                    done = completed_on.get(pk) if phase == ProjectPhase.COMPLETED else None
                    active = (
                        initiated is not None
                        and initiated <= year
                        and (phase != ProjectPhase.COMPLETED or (done and done.year >= year))
                    )
                if active:
                    tally.carried_out += 1
                    tally.joint += joint
                    tally.with_science += science
                    tally.rdi += rdi
                    tally.cross_cluster += cross
            if initiated == year and phase not in (ProjectPhase.CANCELLED, ProjectPhase.IDEA):
                tally.newly_initiated += 1
        figures[year] = tally
    return figures
