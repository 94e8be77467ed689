import pytest
from django.core.cache import cache

from clusterwerk.accounts.models import Role
from clusterwerk.accounts.tests.factories import give_role, make_account, make_superuser


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts login attempts in the cache; every test starts with a clean count."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def jury_member(cluster):
    user = make_account("jury@clusterwerk.test")
    give_role(user, cluster, Role.JURY)
    return user


@pytest.fixture
def inactive_manager(cluster):
    """Was in the cluster management; the account has been deactivated."""
    user = make_account("ehemals@clusterwerk.test", is_active=False)
    give_role(user, cluster, Role.CLUSTER_MANAGER)
    return user


@pytest.fixture
def superuser(db):
    return make_superuser("admin@clusterwerk.test")


@pytest.fixture
def foreign_manager(other_cluster):
    """Cluster manager of another cluster: has no say in this one."""
    user = make_account("kunststoffe@clusterwerk.test")
    give_role(user, other_cluster, Role.CLUSTER_MANAGER)
    return user
