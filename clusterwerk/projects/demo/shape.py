"""The shape of the demo data: the figures it is built for, exact for any seed.

The counting rules the figures are designed for:

- carried out (durchgeführt) in a year: phase in `ACTIVE_PHASES` and [start_date, end_date]
  overlapping the year; without dates: initiated in or before the year and not completed before;
- newly initiated in a year: `year_initiated` is the year, not cancelled, not an idea.

`COHORTS` fixes per year of initiation how many projects end in which year, how many have no
dates yet and how many were cancelled; the seed decides everything else.
"""

import datetime
from dataclasses import dataclass

from clusterwerk.actors.models import Visibility
from clusterwerk.projects.models import ProjectPhase

TITLE_PREFIX = "Demo-Projekt: "
DEMO_AS_OF = datetime.date(2021, 1, 15)  # the snapshot date of the demo data
REPORT_YEARS = (2017, 2018, 2019, 2020)

SINGLE, COMPANIES, SCIENCE = "single", "companies", "science"
RDI, DIGITAL, QUALIFICATION, NETWORK = "rdi", "digital", "qualification", "network"


@dataclass(frozen=True)
class Cohort:
    """The projects initiated in one year."""

    year: int
    ends: dict[int, int]  # end year → number of dated projects
    undated: int = 0  # still before their start (initiation, consortium or application)
    cancelled: int = 0


COHORTS = (
    Cohort(2015, {2015: 1, 2016: 3, 2017: 4, 2018: 2}, cancelled=1),
    Cohort(2016, {2016: 4, 2017: 7, 2018: 7, 2019: 4}, cancelled=2),
    Cohort(2017, {2017: 4, 2018: 6, 2019: 9, 2020: 5}, cancelled=2),
    Cohort(2018, {2018: 10, 2019: 6, 2020: 8, 2021: 4}, cancelled=3),
    Cohort(2019, {2019: 4, 2020: 8, 2021: 12, 2022: 6}, undated=2, cancelled=3),
    Cohort(2020, {2020: 3, 2021: 8, 2022: 9, 2023: 3}, undated=7, cancelled=3),
)
IDEAS = 6  # project ideas (phase Idee) collected in 2020
UNDATED_PHASES = {
    2019: [ProjectPhase.APPLICATION, ProjectPhase.APPLICATION],
    2020: [ProjectPhase.INITIATION] * 2
    + [ProjectPhase.CONSORTIUM] * 2
    + [ProjectPhase.APPLICATION] * 3,
}

# Consortium structure: exactly these numbers among the projects carried out in 2019 …
CONSORTIA_2019 = {SCIENCE: 40, COMPANIES: 16, SINGLE: 12}
# … and these weights for all other projects.
CONSORTIUM_WEIGHTS = {SCIENCE: 50, COMPANIES: 25, SINGLE: 25}

CROSS_CLUSTER_SHARE = 0.16
SECONDARY_TOPIC_SHARE = 0.35
SUCCESS_STORY_SHARE = 0.4
VISIBILITY_WEIGHTS = {
    Visibility.PUBLIC: 45,
    Visibility.MEMBERS: 45,
    Visibility.CLUSTER_MANAGEMENT: 10,
}


def expected_project_count() -> int:
    return sum(sum(c.ends.values()) + c.undated + c.cancelled for c in COHORTS) + IDEAS
