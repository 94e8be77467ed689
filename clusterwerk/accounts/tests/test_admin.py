"""The staff admin for users (e-mail based, no username) and role assignments."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from clusterwerk.accounts.models import Role, RoleAssignment, User
from clusterwerk.accounts.tests.factories import give_role, make_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_user_list_searches_by_email_and_name(admin_client, member, board_member):
    board_member.last_name = "Brandt"
    board_member.save()
    url = reverse("admin:accounts_user_changelist")

    by_email = admin_client.get(url, {"q": "mitglied@"})
    assertContains(by_email, "mitglied@clusterwerk.test")
    assertNotContains(by_email, "beirat@clusterwerk.test")

    by_name = admin_client.get(url, {"q": "Brandt"})
    assertContains(by_name, "beirat@clusterwerk.test")
    assertNotContains(by_name, "mitglied@clusterwerk.test")


def test_user_list_filters_by_role(admin_client, member, board_member):
    response = admin_client.get(
        reverse("admin:accounts_user_changelist"), {"role_assignments__role": Role.MEMBER}
    )
    assertContains(response, "mitglied@clusterwerk.test")
    assertNotContains(response, "beirat@clusterwerk.test")


def test_add_user_by_email_without_username(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Neu@Kammer.test",
            "usable_password": "true",
            "password1": "Kammer-Werkstatt-2026",
            "password2": "Kammer-Werkstatt-2026",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="neu@kammer.test").check_password("Kammer-Werkstatt-2026")


def test_add_user_refuses_an_email_in_other_case(admin_client, member):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {"email": "MITGLIED@clusterwerk.test", "usable_password": "false"},
    )
    assertContains(response, "bereits ein Konto registriert")
    assert User.objects.filter(email__iexact="mitglied@clusterwerk.test").count() == 1


def test_change_page_edits_roles_inline(admin_client, cluster, member):
    url = reverse("admin:accounts_user_change", args=[member.pk])
    page = admin_client.get(url)
    assertContains(page, "Rollenzuweisungen")
    assignment = member.role_assignments.get()

    response = admin_client.post(
        url,
        {
            "email": member.email,
            "display_name": "",
            "first_name": "",
            "last_name": "",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "role_assignments-TOTAL_FORMS": "2",
            "role_assignments-INITIAL_FORMS": "1",
            "role_assignments-MIN_NUM_FORMS": "0",
            "role_assignments-MAX_NUM_FORMS": "1000",
            "role_assignments-0-id": str(assignment.pk),
            "role_assignments-0-user": str(member.pk),
            "role_assignments-0-cluster": str(cluster.pk),
            "role_assignments-0-role": Role.MEMBER,
            "role_assignments-1-user": str(member.pk),
            "role_assignments-1-cluster": str(cluster.pk),
            "role_assignments-1-role": Role.JURY,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(member.role_assignments.values_list("role", flat=True)) == {"member", "jury"}


def test_role_assignment_admin_lists_and_filters(admin_client, cluster, other_cluster, member):
    colleague = make_account("kollegin@kunststoff.test")
    give_role(colleague, other_cluster, Role.JURY)
    url = reverse("admin:accounts_roleassignment_changelist")

    assertContains(admin_client.get(url), "kollegin@kunststoff.test")
    filtered = admin_client.get(url, {"cluster__id__exact": cluster.pk})
    assertContains(filtered, "mitglied@clusterwerk.test")
    assertNotContains(filtered, "kollegin@kunststoff.test")
    assert RoleAssignment.objects.count() == 2


def test_staff_without_permissions_cannot_open_the_user_admin(client):
    client.force_login(make_account("praktikant@clusterwerk.test", is_staff=True))
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
