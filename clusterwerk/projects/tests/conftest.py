"""Fixtures for project tests: a published plan, a few actors, a project."""

import pytest

from clusterwerk.actors.models import ActorKind, SizeClass
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.projects.models import FundingLevel, FundingProgramme


@pytest.fixture
def plan(cluster):
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


@pytest.fixture
def programme(db):
    return FundingProgramme.objects.create(
        key="zim",
        name="Zentrales Innovationsprogramm Mittelstand",
        short_name="ZIM",
        level=FundingLevel.FEDERAL,
    )


@pytest.fixture
def company(cluster):
    return make_actor(cluster, "Oderblech GmbH", size_class=SizeClass.SMALL)


@pytest.fixture
def institute(cluster):
    return make_actor(cluster, "Institut für Fügetechnik", kind=ActorKind.RESEARCH_INSTITUTE)
