"""The account services: personal-data export, profile update, account deletion."""

import datetime
import decimal
import json
import uuid

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError

from clusterwerk.accounts.models import Role, RoleAssignment, User
from clusterwerk.accounts.queries import models_referencing_users
from clusterwerk.accounts.services import (
    delete_account,
    export_personal_data,
    to_json_value,
    update_profile,
)
from clusterwerk.accounts.tests.factories import (
    ACCOUNT_PASSWORD,
    give_role,
    make_account,
    make_superuser,
    mark_email_verified,
)
from clusterwerk.masterplan.models import Edition, Revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(cluster):
    user = make_account("lena.vogt@schmiede.test", first_name="Lena", last_name="Vogt")
    give_role(user, cluster, Role.ADVISORY_BOARD)
    return user


def make_revision(edition: Edition, user: User | None, title: str) -> Revision:
    return Revision.objects.create(
        edition=edition,
        element_kind="topic_area",
        element_lineage=uuid.uuid4(),
        element_number="4.4.2",
        element_title=title,
        action="updated",
        changes={"title": {"old": "alt", "new": title}},
        user=user,
    )


@pytest.fixture
def edition(cluster):
    return Edition.objects.create(cluster=cluster, label="2026", slug="2026", title="Masterplan")


# --- Discovery ------------------------------------------------------------------------------


def test_every_model_pointing_at_users_is_discovered():
    found = {model._meta.label_lower: names for model, names in models_referencing_users().items()}

    assert found["accounts.roleassignment"] == ["user"]
    assert found["masterplan.revision"] == ["user"]
    # related_name="+" hides this one from User._meta.related_objects
    assert found["masterplan.edition"] == ["created_by"]
    assert found["account.emailaddress"] == ["user"]
    # the through tables of User.groups / User.user_permissions are not rows of their own
    assert not any(label.startswith("accounts.user_") for label in found)


# --- Export ---------------------------------------------------------------------------------


def test_export_contains_own_fields_but_never_the_password(person):
    data = export_personal_data(person)

    user = data["user"]
    assert user["email"] == "lena.vogt@schmiede.test"
    assert (user["first_name"], user["last_name"]) == ("Lena", "Vogt")
    assert user["date_joined"] == person.date_joined.isoformat()
    assert user["last_login"] is None
    assert "password" not in user
    assert person.password not in json.dumps(data)


def test_export_contains_roles_revisions_and_email_addresses(person, cluster, edition):
    mine = make_revision(edition, person, "Fertigungstechnologien")
    make_revision(edition, None, "ohne Person")
    make_revision(edition, make_account("andere@firma.test"), "von jemand anderem")
    mark_email_verified(person)

    related = export_personal_data(person)["related"]

    assert related["accounts.roleassignment"] == [
        {
            "id": person.role_assignments.get().pk,
            "user": person.pk,
            "cluster": cluster.pk,
            "role": "advisory_board",
            "assigned_at": person.role_assignments.get().assigned_at.isoformat(),
        }
    ]
    [revision] = related["masterplan.revision"]
    assert revision["id"] == mine.pk
    assert revision["element_title"] == "Fertigungstechnologien"
    assert revision["changes"] == {"title": {"old": "alt", "new": "Fertigungstechnologien"}}
    assert revision["element_lineage"] == str(mine.element_lineage)
    assert revision["edition"] == edition.pk
    assert related["account.emailaddress"][0]["verified"] is True
    assert "masterplan.edition" not in related  # created by nobody here


def test_export_is_plain_json_and_includes_hidden_relations_and_groups(person, cluster):
    Edition.objects.create(
        cluster=cluster, label="2030", slug="2030", title="Entwurf 2030", created_by=person
    )
    LogEntry.objects.create(user=person, action_flag=ADDITION, object_repr="Cluster Metall")
    group = Group.objects.create(name="Redaktion")
    person.groups.add(group)
    person.user_permissions.add(Permission.objects.get(codename="view_roleassignment"))

    data = export_personal_data(person)

    json.dumps(data)  # nothing needs a custom encoder
    assert [row["title"] for row in data["related"]["masterplan.edition"]] == ["Entwurf 2030"]
    assert data["related"]["admin.logentry"][0]["object_repr"] == "Cluster Metall"
    assert data["user"]["groups"] == ["Redaktion"]
    assert data["user"]["user_permissions"] == ["accounts.view_roleassignment"]


def test_export_of_a_person_without_traces_has_no_related_rows():
    assert export_personal_data(make_account("leer@firma.test"))["related"] == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2026, 3, 1), "2026-03-01"),
        (datetime.timedelta(minutes=5), "P0DT00H05M00S"),
        (decimal.Decimal("12.50"), "12.50"),
        (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        (b"\x00\x01", "AAE="),
        ({"a": [1, datetime.time(8, 30)]}, {"a": [1, "08:30:00"]}),
    ],
)
def test_field_values_become_json_values(value, expected):
    assert to_json_value(value) == expected


# --- Profile --------------------------------------------------------------------------------


def test_update_profile_strips_and_saves(person):
    update_profile(user=person, display_name=" Lena ", first_name=" Lena", last_name="Vogt ")

    person.refresh_from_db()
    assert (person.display_name, person.first_name, person.last_name) == ("Lena", "Lena", "Vogt")


def test_update_profile_validates_lengths(person):
    with pytest.raises(ValidationError):
        update_profile(user=person, display_name="x" * 151, first_name="", last_name="")


# --- Deletion -------------------------------------------------------------------------------


def test_delete_account_with_wrong_password_raises_a_german_error(person):
    with pytest.raises(ValidationError) as raised:
        delete_account(user=person, password="falsch")

    assert raised.value.message_dict == {"password": ["Das Passwort ist nicht korrekt."]}
    assert User.objects.filter(pk=person.pk).exists()


def test_delete_account_removes_user_roles_and_addresses_and_keeps_revisions(person, edition):
    revision = make_revision(edition, person, "bleibt")
    mark_email_verified(person)
    person_pk = person.pk

    delete_account(user=person, password=ACCOUNT_PASSWORD)

    assert not User.objects.filter(pk=person_pk).exists()
    assert not RoleAssignment.objects.filter(user_id=person_pk).exists()
    revision.refresh_from_db()
    assert revision.user is None
    assert revision.element_title == "bleibt"


def test_delete_account_is_keyword_only(person):
    with pytest.raises(TypeError):
        delete_account(person, ACCOUNT_PASSWORD)


def test_the_last_active_superuser_is_kept():
    admin = make_superuser("chef@clusterwerk.test")

    with pytest.raises(ValidationError) as raised:
        delete_account(user=admin, password=ACCOUNT_PASSWORD)

    assert "letzte aktive Person" in raised.value.messages[0]
    assert User.objects.filter(pk=admin.pk).exists()


def test_an_ordinary_user_may_delete_even_without_any_superuser(person):
    delete_account(user=person, password=ACCOUNT_PASSWORD)
    assert not User.objects.filter(email="lena.vogt@schmiede.test").exists()


def test_demo_logins_are_created_by_the_system_only(cluster, cluster_manager):
    from django.core.exceptions import PermissionDenied

    from clusterwerk.accounts.models import RoleAssignment
    from clusterwerk.accounts.permissions import manages_cluster
    from clusterwerk.accounts.services import ensure_demo_login, system_user

    arguments = {
        "email": "demo-leitung@clusterwerk.test",
        "first_name": "Dana",
        "last_name": "Demo",
        "role": "cluster_manager",
        "cluster": cluster,
        "password": "clusterwerk-demo",
    }
    with pytest.raises(PermissionDenied):
        ensure_demo_login(user=cluster_manager, **arguments)
    login = ensure_demo_login(user=system_user(), **arguments)
    assert login.check_password("clusterwerk-demo") and manages_cluster(login, cluster)
    login.set_password("geändert-und-geheim")
    login.save()
    again = ensure_demo_login(user=system_user(), **arguments)
    assert again.pk == login.pk and again.check_password("geändert-und-geheim")
    assert RoleAssignment.objects.filter(user=login).count() == 1
