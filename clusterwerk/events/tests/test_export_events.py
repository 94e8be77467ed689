"""`manage.py export_events --format ics|json [--series SLUG] [--cluster SLUG]`: the public
calendar of a cluster; the JSON contract (id, title, format, start, end with offset,
topic_areas by number, registered, capacity, waitlist)."""

import datetime
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from icalendar import Calendar

from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.events.models import Audience, EventSeries, EventStatus, RegistrationStatus
from clusterwerk.events.tests import cal_support  # noqa: F401 – pages of other parts
from clusterwerk.events.tests.factories import make_event, make_registration
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
WINTER = datetime.datetime(2027, 2, 3, 10, 0, tzinfo=BERLIN)
SUMMER = datetime.datetime(2027, 6, 9, 17, 30, tzinfo=BERLIN)


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_events", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def calendar_data(cluster, other_cluster):
    plan = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    series = EventSeries.objects.create(
        cluster=cluster, slug="innovation-im-metallhandwerk", title="Innovation im Metallhandwerk"
    )
    talk = make_event(
        cluster,
        title="Werkstattgespräch Leichtbau",
        series=series,
        starts_at=WINTER,
        topics=[topic_lineage(plan, "4.4.2"), topic_lineage(plan, "4.2.1")],
        ticket_types=[
            {"name": "Handwerk", "audience": Audience.CRAFT, "capacity": 3},
            {"name": "Wissenschaft", "audience": Audience.SCIENCE, "capacity": 2},
        ],
    )
    craft, science = talk.ticket_types.all()
    for status in ("confirmed", "confirmed", "pending"):
        make_registration(talk, ticket_type=craft, status=status)
    make_registration(talk, ticket_type=science, status=RegistrationStatus.OFFERED)
    make_registration(talk, ticket_type=craft, status=RegistrationStatus.WAITLISTED)
    make_registration(talk, ticket_type=science, status=RegistrationStatus.WAITLISTED)
    make_registration(talk, ticket_type=science, status=RegistrationStatus.CANCELLED)
    conference = make_event(
        cluster, title="Clusterkonferenz", format="cluster_conference", starts_at=SUMMER
    )
    make_event(cluster, title="Abgesagt", status=EventStatus.CANCELLED, starts_at=SUMMER)
    make_event(cluster, title="Entwurf", status=EventStatus.DRAFT)
    make_event(cluster, title="Nur für Mitglieder", is_public=False)
    make_event(other_cluster, title="Anderer Cluster")
    return talk, conference


def test_json_contract(calendar_data):
    talk, _conference = calendar_data
    records = json.loads(export("--format", "json"))
    assert [record["title"] for record in records] == [
        "Werkstattgespräch Leichtbau",
        "Clusterkonferenz",
        "Abgesagt",
    ]
    first = records[0]
    assert {"id", "title", "format", "start", "end", "topic_areas", "registered"} <= set(first)
    assert first["id"] == talk.pk
    assert first["format"] == "workshop_talk"
    assert first["start"] == "2027-02-03T10:00:00+01:00"
    assert first["end"] == "2027-02-03T13:00:00+01:00"
    assert first["topic_areas"] == ["4.2.1", "4.4.2"]
    # Seats taken: two confirmed, one pending, one open offer.
    assert first["registered"] == 4
    assert first["capacity"] == 5
    assert first["waitlist"] == 2
    assert first["series"] == "innovation-im-metallhandwerk"
    second = records[1]
    assert second["start"] == "2027-06-09T17:30:00+02:00"
    assert second["format"] == "cluster_conference"
    assert second["topic_areas"] == []
    assert second["registered"] == 0 and second["capacity"] == 20 and second["waitlist"] == 0
    assert records[2]["status"] == "cancelled"
    datetime.datetime.fromisoformat(first["start"])  # parses back


def test_series_and_cluster(calendar_data, other_cluster):
    records = json.loads(export("--format", "json", "--series", "innovation-im-metallhandwerk"))
    assert [record["title"] for record in records] == ["Werkstattgespräch Leichtbau"]
    records = json.loads(export("--format", "json", "--cluster", other_cluster.slug))
    assert [record["title"] for record in records] == ["Anderer Cluster"]
    assert records[0]["url"].endswith(
        f"/c/{other_cluster.slug}/veranstaltungen/{records[0]['slug']}/"
    )


def test_ics(calendar_data):
    talk, _conference = calendar_data
    text = export("--format", "ics")
    calendar = Calendar.from_ical(text)
    entries = calendar.walk("VEVENT")
    assert [str(entry["SUMMARY"]) for entry in entries] == [
        "Werkstattgespräch Leichtbau",
        "Clusterkonferenz",
        "Abgesagt",
    ]
    assert str(entries[0]["UID"]) == f"{talk.uid}@clusterwerk"
    assert entries[0]["DTSTART"].dt == WINTER
    assert entries[1]["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=2)
    assert str(entries[2]["STATUS"]) == "CANCELLED"
    series = Calendar.from_ical(
        export("--format", "ics", "--series", "innovation-im-metallhandwerk")
    )
    assert str(series["X-WR-CALNAME"]) == "Innovation im Metallhandwerk"
    assert len(series.walk("VEVENT")) == 1


def test_bad_input(calendar_data):
    with pytest.raises(CommandError, match="Unbekannte Veranstaltungsreihe „gibt-es-nicht“"):
        export("--format", "json", "--series", "gibt-es-nicht")
    with pytest.raises(CommandError, match="Unbekanntes Format „xml“"):
        export("--format", "xml")
    with pytest.raises(CommandError, match="Unbekannter Cluster"):
        export("--format", "json", "--cluster", "gibt-es-nicht")


def test_unknown_series_exits_with_an_error(calendar_data, capsys):
    from clusterwerk.events.management.commands.export_events import Command

    argv = ["manage.py", "export_events", "--series", "gibt-es-nicht", "--skip-checks"]
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(argv)
    assert exit_info.value.code != 0
    assert "Unbekannte Veranstaltungsreihe" in capsys.readouterr().err
