"""The CSV export of the Kooperationsbörse: opens with the csv module (UTF-8 with BOM, ";"),
follows the list page's filters and the visibility of listings, and never names the owner of
an anonymous listing to somebody who may not know it."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterwerk.matchmaking import services
from clusterwerk.matchmaking.exporting import COLUMNS
from clusterwerk.matchmaking.tests.saved_support import (
    OWNER_NAME,
    build_world,
    draft,
    expire,
    publish,
)

pytestmark = pytest.mark.django_db

URL = reverse("matchmaking:listing-export")


@pytest.fixture
def world(cluster):
    return build_world(cluster)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def export(client, **params) -> tuple[str, list[dict]]:
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="kooperationsboerse.csv"' in response["Content-Disposition"]
    assert response.streaming
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header, *rows = list(reader)
    assert tuple(header) == COLUMNS
    return text, [dict(zip(header, row, strict=True)) for row in rows]


def test_export_opens_with_the_csv_module(client, world):
    listing = publish(world, keywords=["Laserschweißen", "Leichtbau; dünn"])
    _text, [row] = export(client)
    assert row["id"] == str(listing.pk)
    assert row["art"] == "F&E-Kooperationsgesuch"
    assert row["titel"] == listing.title
    assert row["schlagwoerter"] == "Laserschweißen, Leichtbau; dünn"  # quoted by csv
    assert row["themenbereiche"] == "4.4.2"
    assert row["gesuchte_partner"] == "Forschungseinrichtung"
    assert row["region"] == "Berlin-Brandenburg"
    assert row["reifegrad"] == "Idee"
    assert row["anbieter"] == OWNER_NAME
    assert row["anonym"] == "nein"
    assert row["status"] == "veröffentlicht"
    assert row["gueltig_bis"] == listing.expires_on.isoformat()
    assert row["adresse"].endswith(f"/kooperation/{listing.pk}/")


@pytest.mark.parametrize("persona", [None, "outsider", "other_member", "interested_user"])
def test_anonymous_owner_is_hidden(client, world, persona):
    publish(world, is_anonymous=True)
    reader = logged_in(getattr(world, persona)) if persona else client
    text, [row] = export(reader)
    assert row["anbieter"] == "Anonymer Anbieter (Unternehmen)"
    assert row["anonym"] == "ja"
    assert OWNER_NAME not in text


def test_owner_management_and_accepted_party_see_the_owner(world):
    listing = publish(world, is_anonymous=True)
    for user in (world.owner_user, world.manager):
        assert export(logged_in(user))[1][0]["anbieter"] == OWNER_NAME
    interest = services.send_interest(
        user=world.interested_user, listing=listing, actor=world.interested, message="Hallo"
    )
    services.accept_interest(user=world.owner_user, interest=interest)
    assert export(logged_in(world.interested_user))[1][0]["anbieter"] == OWNER_NAME
    assert OWNER_NAME not in export(logged_in(world.other_member))[0]


def test_export_follows_filters_and_visibility(client, world):
    laser = publish(world)
    training = publish(
        world,
        kind="training_cooperation",
        title="Verbundausbildung Metallbauer",
        description="Wir bilden gemeinsam Auszubildende im Metallbau aus und suchen Betriebe.",
        keywords=["Ausbildung"],
        topics=["6.3.2"],
        region_scope="districts",
        districts=["12052", "12054"],
    )
    expired = publish(world, title="Abgelaufenes Laserschweißen")
    expire(expired)
    waiting = draft(world, title="Entwurf Laserschweißen")

    def ids(reader, **params):
        return [int(row["id"]) for row in export(reader, **params)[1]]

    assert sorted(ids(client)) == sorted([laser.pk, training.pk])
    assert ids(client, q="Schweißen") == [laser.pk]
    assert ids(client, kind="training_cooperation") == [training.pk]
    assert ids(client, topic="6.3.2") == [training.pk]
    assert export(client, kind="training_cooperation")[1][0]["region"] == "Cottbus, Potsdam"
    own = ids(logged_in(world.owner_user), mine="1")
    assert set(own) == {laser.pk, training.pk, expired.pk, waiting.pk}


def test_cells_that_would_run_as_formulas_are_defused(client, world):
    publish(world, title='=HYPERLINK("https://evil.test")', keywords=["@SUM(1)"])
    _text, [row] = export(client)
    assert row["titel"] == '\'=HYPERLINK("https://evil.test")'
    assert row["schlagwoerter"].startswith("'@SUM")


def test_query_count_does_not_grow_with_listings(client, world):
    publish(world, is_anonymous=True)
    reader = logged_in(world.other_member)
    with CaptureQueriesContext(connection) as few:
        export(reader)
    for number in range(5):
        publish(world, title=f"Laserschweißen {number}", is_anonymous=number % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        _text, rows = export(reader)
    assert len(rows) == 6
    assert len(many) == len(few)
