# ruff: noqa: F811 (fixtures from pages_support)
"""The participant list for organisers (CSV and XLSX, with the answers) and the list to hand
on to participants (only who consented, name and organisation)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from clusterwerk.events.models import RegistrationQuestion, RegistrationStatus
from clusterwerk.events.tests.factories import make_event, make_registration
from clusterwerk.events.tests.pages_support import (  # noqa: F401
    chamber,
    chamber_user,
    craft,
    districts,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def event(cluster, craft, chamber):
    event = make_event(cluster, organisers=[chamber])
    question = RegistrationQuestion.objects.create(event=event, label="Essen?", kind="text")
    make_registration(
        event,
        first_name="Anna",
        last_name="Amsel",
        actor=craft,
        answers={str(question.pk): "vegetarisch"},
        consent_participant_list=True,
    )
    make_registration(
        event,
        first_name="Bernd",
        last_name="Bach",
        organisation_name='=HYPERLINK("x")',
        consent_participant_list=False,
    )
    make_registration(
        event,
        first_name="Clara",
        last_name="Cramer",
        status=RegistrationStatus.WAITLISTED,
        consent_participant_list=True,
    )
    return event


def rows_of_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_for_organisers(manager_client, event):
    response = manager_client.get(
        f"/veranstaltungen/{event.slug}/teilnehmende/export/", {"format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"teilnehmende-{event.slug}.csv" in response["Content-Disposition"]
    header, *rows = rows_of_csv(response)
    assert header == [
        "Name",
        "Organisation",
        "Art der Organisation",
        "Landkreis",
        "Kontingent",
        "Status",
        "E-Mail-Adresse",
        "Essen?",
    ]
    anna = next(row for row in rows if row[0] == "Anna Amsel")
    assert anna[1:5] == ["Schlosserei Lausitz", "Handwerksbetrieb", "Cottbus", "Teilnahme"]
    assert anna[5] == "bestätigt" and anna[7] == "vegetarisch"
    bernd = next(row for row in rows if row[0] == "Bernd Bach")
    assert bernd[1].startswith("'=")  # no formula from data
    assert len(rows) == 3


def test_xlsx_for_organisers(manager_client, event):
    response = manager_client.get(
        f"/veranstaltungen/{event.slug}/teilnehmende/export/", {"format": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Name" and values[0][-1] == "Essen?"
    assert {row[0] for row in values[1:]} == {"Anna Amsel", "Bernd Bach", "Clara Cramer"}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_list_to_hand_on_respects_consent(manager_client, event, file_format):
    response = manager_client.get(
        f"/veranstaltungen/{event.slug}/teilnehmende/export/",
        {"format": file_format, "liste": "weitergabe"},
    )
    assert response.status_code == 200
    if file_format == "csv":
        rows = rows_of_csv(response)
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    # Only confirmed people who consented; no e-mail, no answers.
    assert rows == [["Name", "Organisation"], ["Anna Amsel", "Schlosserei Lausitz"]]


def test_only_organisers_export(client, event, member, chamber_user, other_cluster_manager):
    url = f"/veranstaltungen/{event.slug}/teilnehmende/export/?format=csv"
    assert client.get(url).status_code == 302  # login first
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(other_cluster_manager)
    assert client.get(url).status_code == 403
    client.force_login(chamber_user)  # a co-organiser's representative
    assert client.get(url).status_code == 200


def test_unknown_format_is_404(manager_client, event):
    url = f"/veranstaltungen/{event.slug}/teilnehmende/export/?format=pdf"
    assert manager_client.get(url).status_code == 404
