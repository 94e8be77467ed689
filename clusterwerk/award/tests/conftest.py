"""A small world for award tests: the actor tests' districts and published plan, three
organisations with a representative each, an edition in the call phase and five jurors.

- `applicant` – "Metallbau Havelland GmbH" in Potsdam-Mittelmark, `applicant_user` represents it
- `institute` – "Institut für Fügetechnik Cottbus" (research institute), `institute_user`
- `berlin_company` – "Spreeblech Berlin GmbH" (Berlin: no site in Brandenburg)
- `edition` – call phase, default criteria and rules, deadline in 30 days
- `jurors` – five accepted jury seats; `jurors[0]` is affiliated with the institute
"""

import pytest

from clusterwerk.accounts.models import Role
from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.tests.conftest import districts, make_actor, plan  # noqa: F401
from clusterwerk.award.tests.factories import make_award_edition, make_juror
from clusterwerk.matchmaking.tests.factories import make_representative
from conftest import make_user


@pytest.fixture
def applicant(cluster, districts):  # noqa: F811
    return make_actor(
        cluster,
        "Metallbau Havelland GmbH",
        district=districts["12069"],
        postal_code="14542",
        municipality="Werder (Havel)",
        employees=35,
    )


@pytest.fixture
def applicant_user(applicant, cluster):
    return make_representative(applicant, "inhaberin@metallbau-havelland.example", cluster)


@pytest.fixture
def institute(cluster, districts):  # noqa: F811
    return make_actor(
        cluster,
        "Institut für Fügetechnik Cottbus",
        kind=ActorKind.RESEARCH_INSTITUTE,
        district=districts["12052"],
        municipality="Cottbus",
    )


@pytest.fixture
def institute_user(institute, cluster):
    return make_representative(institute, "leitung@fuegetechnik.example", cluster)


@pytest.fixture
def berlin_company(cluster, districts):  # noqa: F811
    return make_actor(
        cluster, "Spreeblech Berlin GmbH", district=districts["11000"], municipality="Berlin"
    )


@pytest.fixture
def edition(cluster):
    return make_award_edition(cluster)


@pytest.fixture
def jurors(edition, institute):
    members = [make_juror(edition, "juror1@jury.example", affiliation=institute, is_chair=True)]
    for number in range(2, 6):
        members.append(make_juror(edition, f"juror{number}@jury.example"))
    return members


@pytest.fixture
def jury_user(cluster):
    """A user with the role `jury` in the cluster but no seat in any edition."""
    return make_user("ohne-sitz@jury.example", cluster, Role.JURY)
