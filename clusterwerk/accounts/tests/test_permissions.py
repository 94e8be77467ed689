"""The role rules, asked for every persona: roles count only in their own cluster."""

import pytest
from django.contrib.auth.models import AnonymousUser

from clusterwerk.accounts.models import Role
from clusterwerk.accounts.permissions import can_manage_masterplan, can_read_drafts, has_role

pytestmark = pytest.mark.django_db

# persona fixture → (may manage the masterplan, may read drafts) in the `cluster` fixture
EXPECTED = {
    "cluster_manager": (True, True),
    "board_member": (False, True),
    "member": (False, False),
    "jury_member": (False, False),
    "outsider": (False, False),
    "anonymous": (False, False),
    "inactive_manager": (False, False),
    "superuser": (True, True),
    "foreign_manager": (False, False),
}


def persona(request, name):
    return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items())
def test_masterplan_rules_per_persona(request, cluster, name, expected):
    user = persona(request, name)
    assert (can_manage_masterplan(user, cluster), can_read_drafts(user, cluster)) == expected


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("cluster_manager", Role.CLUSTER_MANAGER),
        ("board_member", Role.ADVISORY_BOARD),
        ("member", Role.MEMBER),
        ("jury_member", Role.JURY),
    ],
)
def test_each_role_counts_for_itself_and_for_no_other_role(request, cluster, name, role):
    user = persona(request, name)
    assert has_role(user, cluster, role)
    other_roles = [other for other in Role if other != role]
    assert not has_role(user, cluster, *other_roles)


def test_a_role_in_another_cluster_counts_only_there(cluster, other_cluster, foreign_manager):
    assert has_role(foreign_manager, other_cluster, Role.CLUSTER_MANAGER)
    assert can_manage_masterplan(foreign_manager, other_cluster)
    assert not has_role(foreign_manager, cluster, *Role)
    assert not can_read_drafts(foreign_manager, cluster)


@pytest.mark.parametrize("name", ["outsider", "anonymous", "inactive_manager"])
def test_people_without_an_active_role_have_no_role_at_all(request, cluster, name):
    assert not has_role(persona(request, name), cluster, *Role)


def test_an_inactive_superuser_has_no_rights(cluster, superuser):
    superuser.is_active = False
    superuser.save()
    assert not can_manage_masterplan(superuser, cluster)
    assert not can_read_drafts(superuser, cluster)


# --- Membership per cluster ----------------------------------------------------------------


def test_a_role_makes_a_member_of_that_cluster_only(cluster, other_cluster, member):
    from clusterwerk.accounts.permissions import is_cluster_member, member_cluster_ids

    assert is_cluster_member(member, cluster)
    assert not is_cluster_member(member, other_cluster)
    assert member_cluster_ids(member) == {cluster.pk}


def test_representing_a_member_organisation_makes_a_member_of_its_clusters(
    cluster, other_cluster, outsider
):
    from clusterwerk.accounts.permissions import forget_cached_permissions, is_cluster_member
    from clusterwerk.actors.models import Actor, ActorRepresentative, ClusterMembership

    actor = Actor.objects.create(name="Dreherei Nord GmbH", kind="company")
    ActorRepresentative.objects.create(actor=actor, user=outsider)
    assert not is_cluster_member(outsider, cluster)  # an organisation in no cluster
    ClusterMembership.objects.create(actor=actor, cluster=other_cluster)
    forget_cached_permissions(outsider)
    assert is_cluster_member(outsider, other_cluster)
    assert not is_cluster_member(outsider, cluster)


def test_managers_manage_their_own_cluster_only(cluster, other_cluster, cluster_manager):
    from clusterwerk.accounts.permissions import managed_cluster_ids, manages_cluster

    assert manages_cluster(cluster_manager, cluster)
    assert not manages_cluster(cluster_manager, other_cluster)
    assert managed_cluster_ids(cluster_manager) == {cluster.pk}


def test_the_system_user_holds_every_right_and_cannot_log_in(cluster, client):
    from clusterwerk.accounts.permissions import is_system, manages_cluster
    from clusterwerk.accounts.services import system_user

    system = system_user()
    assert system_user() == system  # one account
    assert is_system(system) and str(system) == "System"
    assert manages_cluster(system, cluster)
    assert not system.has_usable_password()
    assert not client.login(email=system.email, password="")
