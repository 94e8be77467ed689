"""A small world for governance tests: the Strategischer Beirat of `cluster` with a chair and
three members with accounts, and a meeting in preparation in two weeks.

- `body` – "beirat", public.
- `chair` (`vorsitz@beirat.example`), `body_members` – [chair, 3 × `mitglied<N>@beirat.example`].
- `meeting` – in two weeks, 10–13 h, in preparation.
"""

import pytest

from clusterwerk.actors.tests.conftest import districts, plan  # noqa: F401
from clusterwerk.governance.models import MemberFunction
from clusterwerk.governance.tests.factories import make_body, make_meeting, make_member


@pytest.fixture
def body(cluster):
    return make_body(cluster)


@pytest.fixture
def body_members(body):
    chair = make_member(
        body, "vorsitz@beirat.example", name="Dr. Petra Vorsitz", function=MemberFunction.CHAIR
    )
    return [chair] + [
        make_member(body, f"mitglied{number}@beirat.example", name=f"Mitglied {number}")
        for number in (1, 2, 3)
    ]


@pytest.fixture
def chair(body_members):
    return body_members[0]


@pytest.fixture
def meeting(body):
    return make_meeting(body)
