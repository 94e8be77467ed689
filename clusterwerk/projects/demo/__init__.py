"""Synthetic demo projects 2015–2020 for development and the monitoring report.

`generate_demo_projects(cluster=…, seed=2020)` creates the cluster's demo projects so that the
Ergebnis- und Wirkungsmonitoring for 2019 shows what the masterplan 2020 reports (chapter 1):
68 projects carried out, 32 of them newly initiated, the majority joint projects with science.
Nothing else about them is real: titles, acronyms, descriptions, volumes and stories are built
from the vocabulary (`vocabulary`); the partners are the demo companies and craft businesses of
`clusterwerk.actors.demo` and the real universities and research institutes of the reference
data (as science partners). Every demo project has `is_demo=True` and a title starting with
"Demo-Projekt:".

The counting rules the figures are designed for:

- carried out (durchgeführt) in a year: phase in `ACTIVE_PHASES` and [start_date, end_date]
  overlapping the year; without dates: initiated in or before the year and not completed before;
- newly initiated in a year: `year_initiated` is the year, not cancelled, not an idea.

The shape is fixed in `shape.COHORTS` (per year of initiation: how many projects end in which year,
how many have no dates yet, how many were cancelled), so the figures are exact for any seed;
the seed decides everything else. Dated projects start in their year of initiation, so the
newly initiated projects of a year are always among those carried out in it. The data is a
snapshot as of `DEMO_AS_OF`: projects that ended before are completed, the others running.

Like the actor generator, it first plans all projects in plain Python with
`random.Random(seed)` (`planning`: `skeleton` for years, phases and dates, `consortia` for
partners and money, `texts` for the words), then writes them through the projects' bulk
service as the system user (`writing`). `figures` reads the yearly figures back.
"""

from clusterwerk.projects.demo.figures import YearFigures, demo_project_figures
from clusterwerk.projects.demo.planning import plan_demo_projects
from clusterwerk.projects.demo.shape import DEMO_AS_OF, TITLE_PREFIX, expected_project_count
from clusterwerk.projects.demo.skeleton import ActorRef, ProjectPlan
from clusterwerk.projects.demo.writing import (
    DemoProjectsReport,
    delete_demo_projects,
    demo_projects,
    generate_demo_projects,
)

__all__ = [
    "DEMO_AS_OF",
    "TITLE_PREFIX",
    "ActorRef",
    "DemoProjectsReport",
    "ProjectPlan",
    "YearFigures",
    "delete_demo_projects",
    "demo_project_figures",
    "demo_projects",
    "expected_project_count",
    "generate_demo_projects",
    "plan_demo_projects",
]
