"""Exporting actors as CSV, XLSX and JSON (clusterwerk.actors.exporting, export_actors)."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from clusterwerk.accounts.services import system_user
from clusterwerk.actors.exporting import (
    EXPORT_COLUMNS,
    export_records,
    reader_for,
    write_csv,
    write_json,
    write_xlsx,
)
from clusterwerk.actors.importing import COLUMNS, import_actors
from clusterwerk.actors.models import Actor, ActorStatus
from clusterwerk.actors.tests.transfer_support import (
    add_contacts,
    csv_bytes,
    load_transfer_reference,
    make_actor,
    sample_rows,
)
from clusterwerk.core.models import Cluster

ALL_CONTACTS = {"Paula Public", "Mira Member", "Max Management", "Nina Noconsent"}


@pytest.fixture
def imported(cluster):
    """The three sample actors, imported; the first with one contact of every kind."""
    load_transfer_reference(cluster)
    import_actors(
        source=csv_bytes(sample_rows()), filename="akteure.csv", user=system_user(), cluster=cluster
    )
    laser = Actor.objects.get(external_id="HR-1")
    add_contacts(laser)
    return cluster


def csv_rows(actors, user) -> list[dict]:
    stream = io.StringIO(newline="")
    write_csv(actors, user=user, cluster=Cluster.objects.get(slug="metall"), stream=stream)
    text = stream.getvalue()
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))


def xlsx_rows(actors, user) -> list[dict]:
    stream = io.BytesIO()
    write_xlsx(actors, user=user, cluster=Cluster.objects.get(slug="metall"), stream=stream)
    sheet = load_workbook(io.BytesIO(stream.getvalue()), read_only=True).worksheets[0]
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=False)) for row in rows]


def json_records(actors, user) -> list[dict]:
    stream = io.StringIO()
    write_json(actors, user=user, cluster=Cluster.objects.get(slug="metall"), stream=stream)
    return json.loads(stream.getvalue())


def contact_names(actors, user) -> dict[str, set[str]]:
    """The contact names of the laser company in every format."""
    csv_cell = next(row for row in csv_rows(actors, user) if row["externe_id"] == "HR-1")
    xlsx_cell = next(row for row in xlsx_rows(actors, user) if row["externe_id"] == "HR-1")
    record = next(r for r in json_records(actors, user) if r["external_id"] == "HR-1")
    return {
        "csv": {name for name in ALL_CONTACTS if name in csv_cell["ansprechpersonen"]},
        "xlsx": {name for name in ALL_CONTACTS if name in (xlsx_cell["ansprechpersonen"] or "")},
        "json": {contact["name"] for contact in record["contacts"]},
    }


# --- Shape ----------------------------------------------------------------------------------


def test_json_record_shape(cluster, imported, cluster_manager):
    records = json_records(Actor.objects.all(), cluster_manager)

    assert [record["name"] for record in records] == [
        "Institut für Fügetechnik",
        "Laserteile Ludwigsfelde GmbH",
        "Schweißtechnik Oder-Spree GmbH",
    ]
    laser = records[1]
    assert laser["id"] == Actor.objects.get(external_id="HR-1").pk
    assert laser["url"] == Actor.objects.get(external_id="HR-1").get_absolute_url()
    assert laser["kind"] == "company"
    assert laser["district"] == {"ags": "12072", "name": "Teltow-Fläming"}
    assert laser["growth_core"] == {"number": 6, "name": "Ludwigsfelde"}
    assert laser["description"] == ""
    assert laser["competences"] == [
        {
            "text": "Laserschneiden",
            "kind": "process",
            "description": "",
            "keywords": ["Faserlaser", "Blech"],
            "evidence": "",
            "topic_areas": ["4.4.2"],
        },
        {
            "text": "Edelstahl",
            "kind": "material",
            "description": "",
            "keywords": [],
            "evidence": "",
            "topic_areas": [],
        },
    ]
    assert [(a["code"], a["is_primary"]) for a in laser["activities"]] == [
        ("25", True),
        ("28", False),
    ]
    assert laser["clusters"] == ["metall"]
    assert laser["contacts"][0] == {
        "name": "Paula Public",
        "function": "Vertrieb",
        "email": "public@example.test",
        "phone": "0331 123",
        "visibility": "public",
        "consent": True,
    }
    assert records[0]["district"] == {"ags": "12054", "name": "Potsdam"}
    actor = make_actor("Ohne Kreis")
    (record,) = export_records([actor], cluster=cluster, user=cluster_manager)
    assert record["district"] is None
    assert record["contacts"] == []


def test_csv_has_the_import_columns_and_read_only_ones(imported, cluster_manager):
    rows = csv_rows(Actor.objects.all(), cluster_manager)

    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert EXPORT_COLUMNS[: len(COLUMNS)] == COLUMNS
    laser = next(row for row in rows if row["externe_id"] == "HR-1")
    assert laser["art"] == "Unternehmen"
    assert laser["kreis"] == "12072"
    assert laser["wz"] == "25; 28"
    assert laser["wz_schema"] == "WZ2008"
    assert laser["kompetenzen"] == (
        "Laserschneiden [Verfahren] (4.4.2) {Faserlaser, Blech}; Edelstahl [Werkstoff]"
    )
    assert laser["status"] == "veröffentlicht"
    assert laser["demo"] == "nein"
    assert laser["id"] == str(Actor.objects.get(external_id="HR-1").pk)
    assert (
        "Paula Public (Vertrieb) <public@example.test>, Tel. 0331 123" in laser["ansprechpersonen"]
    )


# --- Contacts: only what the reader may see -------------------------------------------------


def test_anonymous_sees_only_consenting_public_contacts(imported):
    names = contact_names(Actor.objects.all(), AnonymousUser())
    assert names == {fmt: {"Paula Public"} for fmt in ("csv", "xlsx", "json")}


def test_outsider_sees_only_consenting_public_contacts(imported, outsider):
    names = contact_names(Actor.objects.all(), outsider)
    assert names == {fmt: {"Paula Public"} for fmt in ("csv", "xlsx", "json")}


def test_member_also_sees_members_contacts(imported, member):
    names = contact_names(Actor.objects.all(), member)
    assert names == {fmt: {"Paula Public", "Mira Member"} for fmt in ("csv", "xlsx", "json")}


def test_manager_sees_all_contacts(imported, cluster_manager):
    names = contact_names(Actor.objects.all(), cluster_manager)
    assert names == dict.fromkeys(("csv", "xlsx", "json"), ALL_CONTACTS)


def test_drafts_only_for_managers(cluster, imported, cluster_manager, outsider):
    Actor.objects.filter(external_id="HS-3").update(status=ActorStatus.DRAFT)

    for user in (AnonymousUser(), outsider):
        assert {
            r["external_id"]
            for r in export_records(Actor.objects.all(), cluster=cluster, user=user)
        } == {
            "HR-1",
            "HR-2",
        }
    assert len(export_records(Actor.objects.all(), cluster=cluster, user=cluster_manager)) == 3


def test_command_line_readers(cluster, imported):
    public = export_records(Actor.objects.all(), cluster=cluster, user=reader_for("public"))
    members = export_records(Actor.objects.all(), cluster=cluster, user=reader_for("members"))
    everything = export_records(Actor.objects.all(), cluster=cluster, user=reader_for("all"))

    def names(records):
        laser = next(r for r in records if r["external_id"] == "HR-1")
        return {contact["name"] for contact in laser["contacts"]}

    assert names(public) == {"Paula Public"}
    assert names(members) == {"Paula Public", "Mira Member"}
    assert names(everything) == ALL_CONTACTS


# --- Round trip -----------------------------------------------------------------------------


def comparable(records: list[dict]) -> list[dict]:
    return [
        {key: value for key, value in record.items() if key not in ("updated_at",)}
        for record in records
    ]


def test_csv_export_imports_again_unchanged(cluster, imported, cluster_manager):
    actor = make_actor("Alte Schmiede", cluster=imported, municipality="Werder (Havel)")
    Actor.objects.filter(external_id="HR-1").update(
        name='=HYPERLINK("http://x")', phone="+49 331 1"
    )
    before = comparable(export_records(Actor.objects.all(), cluster=cluster, user=cluster_manager))
    stream = io.StringIO(newline="")
    write_csv(Actor.objects.all(), cluster=cluster, user=cluster_manager, stream=stream)
    text = stream.getvalue()
    assert "'=HYPERLINK(" in text  # no formula for spreadsheets
    assert ";=HYPERLINK(" not in text and '"=HYPERLINK(' not in text
    assert ";+49 331 1;" in text  # phone numbers stay as they are

    result = import_actors(
        source=text.encode("utf-8"), filename="export.csv", user=cluster_manager, cluster=imported
    )

    assert (result.created, result.updated) == (0, 4)
    after = comparable(export_records(Actor.objects.all(), cluster=cluster, user=cluster_manager))
    assert after == before
    actor.refresh_from_db()
    assert actor.external_id is None  # "clusterwerk:<id>" referred to it


def test_xlsx_export_imports_again_unchanged(cluster, imported, cluster_manager):
    Actor.objects.filter(external_id="HR-2").update(
        employees=12, size_class="small", latitude=52.1, longitude=14.6
    )
    before = comparable(export_records(Actor.objects.all(), cluster=cluster, user=cluster_manager))
    stream = io.BytesIO()
    write_xlsx(Actor.objects.all(), cluster=cluster, user=cluster_manager, stream=stream)

    result = import_actors(
        source=stream.getvalue(), filename="export.xlsx", user=cluster_manager, cluster=imported
    )

    assert (result.created, result.updated) == (0, 3)
    assert (
        comparable(export_records(Actor.objects.all(), cluster=cluster, user=cluster_manager))
        == before
    )


# --- Queries --------------------------------------------------------------------------------


def test_query_count_does_not_grow_with_the_actors(
    cluster, imported, cluster_manager, django_assert_num_queries
):
    def count_queries(user) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        user = type(user).objects.get(pk=user.pk) if user.pk else user  # fresh permission caches
        with CaptureQueriesContext(connection) as context:
            export_records(Actor.objects.all(), cluster=cluster, user=user)
        return len(context.captured_queries)

    few = count_queries(cluster_manager)
    for number in range(12):
        actor = make_actor(f"Weitere Firma {number}", cluster=imported)
        add_contacts(actor)
    manager = type(cluster_manager).objects.get(pk=cluster_manager.pk)
    with django_assert_num_queries(few):
        records = export_records(Actor.objects.all(), cluster=cluster, user=manager)
    assert len(records) == 15
    assert count_queries(AnonymousUser()) <= few


# --- Command --------------------------------------------------------------------------------


def test_export_command_formats(imported, tmp_path):
    out = io.StringIO()
    call_command("export_actors", "--format", "json", stdout=out)
    records = json.loads(out.getvalue())
    assert {r["external_id"] for r in records} == {"HR-1", "HR-2", "HS-3"}
    laser = next(r for r in records if r["external_id"] == "HR-1")
    assert {c["name"] for c in laser["contacts"]} == {"Paula Public"}

    out = io.StringIO()
    call_command("export_actors", stdout=out)
    assert out.getvalue().startswith("\ufeffexterne_id;name;art;")
    assert "Mira Member" not in out.getvalue()

    target = tmp_path / "akteure.xlsx"
    call_command(
        "export_actors",
        "--format",
        "xlsx",
        "--output",
        str(target),
        "--contacts",
        "all",
        stderr=io.StringIO(),
    )
    rows = load_workbook(target, read_only=True).worksheets[0].iter_rows(values_only=True)
    assert "Nina Noconsent" in str(list(rows))

    target = tmp_path / "akteure.csv"
    call_command(
        "export_actors", "--output", str(target), "--contacts", "members", stderr=io.StringIO()
    )
    text = target.read_text(encoding="utf-8-sig")
    assert "Mira Member" in text and "Max Management" not in text


def test_export_command_errors_in_german(imported):
    with pytest.raises(
        CommandError, match=r"Unbekanntes Format „pdf“\. Erlaubt sind: csv, xlsx, json\."
    ):
        call_command("export_actors", "--format", "pdf")
    with pytest.raises(CommandError, match="Unbekannte Angabe „alle“ für --contacts"):
        call_command("export_actors", "--contacts", "alle")
    with pytest.raises(CommandError, match=r"Für XLSX bitte mit --output eine Datei angeben\."):
        call_command("export_actors", "--format", "xlsx")
