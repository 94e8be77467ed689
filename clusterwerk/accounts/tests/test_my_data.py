"""'Meine Daten': the page, the JSON download, the name form and deleting the account."""

import json
import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from clusterwerk.accounts.models import Role, RoleAssignment, User
from clusterwerk.accounts.tests.factories import (
    ACCOUNT_PASSWORD,
    give_role,
    make_account,
    make_superuser,
    mark_email_verified,
)
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import Edition, Revision

pytestmark = pytest.mark.django_db

MY_DATA = reverse("accounts:my-data")
EXPORT = reverse("accounts:my-data-export")
DELETE = reverse("accounts:delete-account")


@pytest.fixture
def person(cluster, other_cluster):
    user = make_account(
        "ines.kuehn@stahlbau.test", first_name="Ines", last_name="Kühn", display_name="Ines K."
    )
    mark_email_verified(user)
    give_role(user, cluster, Role.MEMBER)
    give_role(user, other_cluster, Role.JURY)
    return user


@pytest.fixture
def revision(cluster, person):
    edition = Edition.objects.create(
        cluster=cluster, label="2026", slug="2026", title="Masterplan 2026", created_by=person
    )
    return Revision.objects.create(
        edition=edition,
        element_kind="topic_area",
        element_number="4.2.1",
        element_title="Produkte mit verbesserten Eigenschaften",
        action="updated",
        changes={"goal": ["alt", "neu"]},
        message="Ziel geschärft",
        user=person,
    )


@pytest.fixture
def person_client(client, person):
    client.force_login(person)
    return client


# --- Login required -------------------------------------------------------------------------


@pytest.mark.parametrize("url", [MY_DATA, EXPORT, DELETE])
def test_anonymous_visitors_are_sent_to_the_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


# --- The page -------------------------------------------------------------------------------


def test_my_data_shows_what_is_stored(person_client, person, revision):
    response = person_client.get(MY_DATA)

    assertTemplateUsed(response, "accounts/my_data.html")
    for text in ["ines.kuehn@stahlbau.test", "Ines K.", "Kühn", "Registriert am"]:
        assertContains(response, text)
    # roles per cluster
    html = re.sub(r"\s+", " ", response.content.decode())
    assert "<td>Cluster Metall Brandenburg</td> <td>Mitglied</td>" in html
    assert "<td>Cluster Kunststoffe und Chemie</td> <td>Jury</td>" in html
    # rows elsewhere that point at the person
    assertContains(response, "Änderungsverlauf: 1")
    assertContains(response, f'href="{EXPORT}"')
    assertContains(response, f'href="{DELETE}"')


def test_my_data_page_query_count_does_not_grow_with_roles(person_client, person):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert person_client.get(MY_DATA).status_code == 200
        return len(captured)

    before = queries_for_page()
    for number in range(4):
        cluster = Cluster.objects.create(slug=f"cluster-{number}", name=f"Cluster {number}")
        give_role(person, cluster, Role.ADVISORY_BOARD)
    assert queries_for_page() == before


def test_the_name_form_saves_names(person_client, person):
    response = person_client.post(
        MY_DATA, {"display_name": "  Ines vom Stahlbau ", "first_name": "Ines", "last_name": "Kühn"}
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.display_name == "Ines vom Stahlbau"
    assertContains(person_client.get(MY_DATA), "Ihre Angaben wurden gespeichert.")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"display_name": "x" * 151}, "höchstens 150 Zeichen"),
        ({"display_name": "ines@stahlbau.test"}, "keine E-Mail-Adresse"),
        ({"last_name": "Kühn\u202e"}, "nur sichtbare Zeichen"),
    ],
)
def test_the_name_form_is_validated_on_the_server(person_client, person, data, error):
    response = person_client.post(MY_DATA, {"display_name": "", "first_name": "", **data})

    assert response.status_code == 200
    assertContains(response, error)
    assertContains(response, 'class="error-summary"')
    person.refresh_from_db()
    assert person.display_name == "Ines K."


# --- Export ---------------------------------------------------------------------------------


def test_export_downloads_my_data_as_json(person_client, person, revision):
    response = person_client.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="clusterwerk-meine-daten.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["user"]["email"] == "ines.kuehn@stahlbau.test"
    roles = {(row["cluster"], row["role"]) for row in data["related"]["accounts.roleassignment"]}
    assert len(roles) == 2
    assert [row["id"] for row in data["related"]["masterplan.revision"]] == [revision.pk]
    assert "pbkdf2" not in response.content.decode()
    assert "password" not in data["user"]


def test_export_cannot_reach_another_persons_data(client, person, revision):
    someone_else = make_account("andere@firma.test", display_name="Jemand anderes")
    client.force_login(someone_else)

    response = client.get(EXPORT, {"user": person.pk, "pk": person.pk, "email": person.email})

    data = json.loads(response.content)
    assert data["user"]["email"] == "andere@firma.test"
    assert data["related"] == {}
    assert "ines.kuehn" not in response.content.decode()


def test_export_only_answers_get(person_client):
    assert person_client.post(EXPORT).status_code == 405


# --- Delete ---------------------------------------------------------------------------------


def test_delete_page_explains_what_happens(person_client):
    response = person_client.get(DELETE)

    assertTemplateUsed(response, "accounts/delete_account.html")
    assertContains(response, "Ihre Rollen werden entfernt.")
    assertContains(response, "Diese zeigen Ihren Namen danach nicht mehr an.")
    assertContains(response, 'autocomplete="current-password"')


def test_delete_with_the_wrong_password_keeps_the_account(person_client, person):
    response = person_client.post(DELETE, {"password": "nicht-mein-passwort"})

    assert response.status_code == 200
    assertContains(response, "Das Passwort ist nicht korrekt.")
    assertContains(response, 'id="id_password_error"')
    assert User.objects.filter(pk=person.pk).exists()
    assert person_client.session.get("_auth_user_id") == str(person.pk)


def test_delete_with_the_right_password_removes_account_and_roles_keeps_revision(
    person_client, person, revision
):
    response = person_client.post(DELETE, {"password": ACCOUNT_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("masterplan:landing")
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Ihr Konto wurde gelöscht. Sie sind abgemeldet."
    ]
    assert "_auth_user_id" not in person_client.session
    assert not User.objects.filter(email="ines.kuehn@stahlbau.test").exists()
    assert not RoleAssignment.objects.filter(user_id=person.pk).exists()
    revision.refresh_from_db()
    assert revision.user is None
    assert revision.message == "Ziel geschärft"


def test_the_last_active_superuser_cannot_delete_the_account(client):
    admin = make_superuser("chefin@clusterwerk.test")
    make_superuser("ruhend@clusterwerk.test", is_active=False)
    client.force_login(admin)

    response = client.post(DELETE, {"password": ACCOUNT_PASSWORD})

    assert response.status_code == 200
    assertContains(response, "letzte aktive Person mit vollen Administrationsrechten")
    assert User.objects.filter(pk=admin.pk).exists()


def test_a_superuser_may_leave_when_another_one_remains(client):
    admin = make_superuser("chefin@clusterwerk.test")
    make_superuser("vertretung@clusterwerk.test")
    client.force_login(admin)

    response = client.post(DELETE, {"password": ACCOUNT_PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=admin.pk).exists()


def test_password_guessing_on_the_delete_form_is_throttled(person_client, person):
    for _attempt in range(10):  # allauth's "reauthenticate" limit: 10 per minute per user
        person_client.post(DELETE, {"password": "geraten"})

    response = person_client.post(DELETE, {"password": ACCOUNT_PASSWORD})

    assert response.status_code == 429
    assertNotContains(response, "Ihr Konto wurde gelöscht.", status_code=429)
    assert User.objects.filter(pk=person.pk).exists()
