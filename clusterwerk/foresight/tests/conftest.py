"""A small world for foresight tests: the actor tests' districts and published plan, a
real-time cycle in the rating phase with three items and five panellists.

- `cycle` – "Foresight <this year>", real time, default criteria, segments and rings; rating
  until 21 days from today.
- `items` – W-01 "Wasserstoff in der Metallbearbeitung", W-02 "Additive Fertigung in Serie",
  W-03 "KI in der Qualitätsprüfung".
- `panellists` – five accepted seats (`panellist1@panel.example` …), groups Wirtschaft ×2,
  Handwerk, Wissenschaft, Kammer/Verband.
"""

import pytest

from clusterwerk.actors.tests.conftest import districts, plan  # noqa: F401
from clusterwerk.foresight.models import ItemKind, StakeholderGroup, Steep
from clusterwerk.foresight.tests.factories import make_cycle, make_item, make_panellist

GROUPS = [
    StakeholderGroup.BUSINESS,
    StakeholderGroup.BUSINESS,
    StakeholderGroup.CRAFT,
    StakeholderGroup.SCIENCE,
    StakeholderGroup.CHAMBER,
]


@pytest.fixture
def cycle(cluster):
    return make_cycle(cluster)


@pytest.fixture
def items(cycle):
    segments = list(cycle.segments.all())
    return [
        make_item(
            cycle,
            "W-01",
            title="Wasserstoff in der Metallbearbeitung",
            kind=ItemKind.TECHNOLOGY,
            steep=Steep.TECHNOLOGICAL,
            segment=segments[3],
        ),
        make_item(
            cycle,
            "W-02",
            title="Additive Fertigung in Serie",
            kind=ItemKind.TECHNOLOGY,
            steep=Steep.TECHNOLOGICAL,
            segment=segments[1],
        ),
        make_item(
            cycle,
            "W-03",
            title="KI in der Qualitätsprüfung",
            kind=ItemKind.TREND,
            steep=Steep.ECONOMIC,
            segment=segments[2],
        ),
    ]


@pytest.fixture
def panellists(cycle):
    return [
        make_panellist(cycle, f"panellist{number}@panel.example", stakeholder_group=group)
        for number, group in enumerate(GROUPS, start=1)
    ]
