import pytest

from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.services import revise_edition
from clusterwerk.masterplan.tests.factories import make_edition


@pytest.fixture
def published(cluster):
    """The published edition "2020" with the small plan of the factories."""
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


@pytest.fixture
def draft(published, cluster_manager):
    """A Fortschreibung "2026" of the published edition, started by the cluster manager."""
    return revise_edition(source=published, label="2026", user=cluster_manager)
