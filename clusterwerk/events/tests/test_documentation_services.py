"""The documentation services: held → minutes → documented, attendance per organisation from
the check-ins, follow-ups of each kind, and the permissions per role and cluster."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.events import queries_documentation
from clusterwerk.events.models import Event, EventStatus, FollowUpKind
from clusterwerk.events.services import documentation as services
from clusterwerk.events.tests.documentation_support import make_documented
from clusterwerk.events.tests.factories import make_event
from clusterwerk.matchmaking.models import Listing, ListingKind, ListingStatus
from clusterwerk.matchmaking.tests.factories import make_listing
from clusterwerk.participation.models import ElementKind, Proposal, ProposalKind
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.projects.models import IdeaStatus, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc(cluster):
    return make_documented(cluster)


def test_attendance_by_organisation(doc):
    attendance = queries_documentation.attendance_by_organisation(doc.event)
    assert [(row.actor.name, row.count) for row in attendance.rows] == [
        ("Metallbau Havelland GmbH", 2),
        ("Institut für Fügetechnik Cottbus", 1),
    ]
    owner_row, institute_row = attendance.rows
    assert owner_row.kind_label == "Unternehmen"
    assert owner_row.district_name == "Potsdam-Mittelmark"
    assert institute_row.kind_label == "Forschungseinrichtung"
    assert institute_row.district_name == "Cottbus"
    assert attendance.not_in_directory == 1
    assert attendance.total == 4
    assert attendance.organisations == 2
    assert dict(attendance.by_kind()) == {"Unternehmen": 2, "Forschungseinrichtung": 1}
    assert list(queries_documentation.attendee_organisations(doc.event)) == [
        doc.market.institute,
        doc.market.owner,
    ]


def test_mark_held_only_after_the_start(cluster, cluster_manager):
    upcoming = make_event(cluster)
    with pytest.raises(ValidationError, match="noch nicht begonnen"):
        services.mark_held(event=upcoming, by=cluster_manager)
    later = upcoming.starts_at + datetime.timedelta(minutes=1)
    held = services.mark_held(event=upcoming, by=cluster_manager, now=later)
    assert held.status == EventStatus.HELD
    assert Event.objects.get(pk=upcoming.pk).status == EventStatus.HELD
    with pytest.raises(ValidationError, match="Nur eine veröffentlichte"):
        services.mark_held(event=held, by=cluster_manager, now=later)
    draft = make_event(
        cluster, status=EventStatus.DRAFT, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        services.mark_held(event=draft, by=cluster_manager)


@pytest.mark.parametrize(
    "persona", ["anonymous", "member", "outsider", "other_cluster_manager", "board_member"]
)
def test_only_organisers_document(doc, persona, tenant_personas):
    user = tenant_personas(persona)
    for action in (services.mark_documented, services.open_feedback):
        with pytest.raises(PermissionDenied):
            action(event=doc.event, by=user)
    with pytest.raises(PermissionDenied):
        services.save_minutes(event=doc.event, by=user, minutes="Manipuliert")
    with pytest.raises(PermissionDenied):
        services.add_follow_up(
            event=doc.event, by=user, kind=FollowUpKind.FORESIGHT_SIGNAL, title="Signal"
        )
    assert Event.objects.get(pk=doc.event.pk).minutes == ""
    assert not doc.event.follow_ups.exists()


def test_co_organisers_document_their_event_only(doc, cluster):
    doc.event.organisers.create(actor=doc.market.institute)
    representative = doc.market.institute_user
    services.save_minutes(event=doc.event, by=representative, minutes="Gut besucht.")
    other = make_event(cluster, status=EventStatus.HELD)
    with pytest.raises(PermissionDenied):
        services.save_minutes(event=other, by=representative, minutes="Nicht meins.")


def test_minutes_change_only_the_minutes(doc, cluster_manager):
    stale = Event.objects.get(pk=doc.event.pk)
    # Meanwhile the pages' edit changes the title and the time (and the calendar sequence).
    Event.objects.filter(pk=doc.event.pk).update(title="Neuer Titel", sequence=3, version=5)
    services.save_minutes(
        event=stale, by=cluster_manager, minutes="**Ergebnisse**\n\n- Prüfstand teilen"
    )
    event = Event.objects.get(pk=doc.event.pk)
    assert event.minutes == "**Ergebnisse**\n\n- Prüfstand teilen"
    assert (event.title, event.sequence, event.version) == ("Neuer Titel", 3, 5)
    assert event.status == EventStatus.HELD
    with pytest.raises(ValidationError, match="Höchstens 20000 Zeichen"):
        services.save_minutes(event=event, by=cluster_manager, minutes="x" * 20_001)


def test_minutes_only_after_the_event(cluster, cluster_manager):
    upcoming = make_event(cluster)
    with pytest.raises(ValidationError, match="durchgeführt"):
        services.save_minutes(event=upcoming, by=cluster_manager, minutes="Zu früh")


def test_mark_documented_needs_minutes(doc, cluster_manager):
    with pytest.raises(ValidationError) as error:
        services.mark_documented(event=doc.event, by=cluster_manager)
    assert error.value.message_dict == {"minutes": ["Bitte schreiben Sie zuerst das Protokoll."]}
    services.save_minutes(event=doc.event, by=cluster_manager, minutes="Protokoll")
    documented = services.mark_documented(event=doc.event, by=cluster_manager)
    assert documented.status == EventStatus.DOCUMENTED
    assert documented.documented_at is not None
    with pytest.raises(ValidationError):
        services.mark_documented(event=documented, by=cluster_manager)
    # Minutes stay editable after documenting.
    services.save_minutes(event=documented, by=cluster_manager, minutes="Protokoll, ergänzt")


def test_follow_up_creates_a_draft_listing_for_an_attendee(doc, cluster_manager):
    follow_up = services.add_follow_up(
        event=doc.event,
        by=cluster_manager,
        kind=FollowUpKind.LISTING,
        title="Partner für Laserschweißen von Aluminium gesucht",
        note="Aus dem Werkstattgespräch: Wer schweißt mit uns Aluminiumgehäuse für Prüfstände?",
        owner=doc.market.owner,
        listing_data={"kind": ListingKind.RDI_REQUEST},
    )
    listing = follow_up.listing
    assert listing.owner_actor == doc.market.owner
    assert listing.status == ListingStatus.DRAFT
    assert listing.kind == ListingKind.RDI_REQUEST
    assert listing.created_by == cluster_manager
    assert listing.cluster == doc.event.cluster
    assert [str(topic.lineage) for topic in listing.topics.all()] == [
        str(topic_lineage(doc.market.plan, "4.4.2"))
    ]
    assert follow_up.title == listing.title
    assert follow_up.kind == FollowUpKind.LISTING


def test_listing_follow_up_rules(doc, cluster_manager):
    def add(**kwargs):
        return services.add_follow_up(
            event=doc.event, by=kwargs.pop("by", cluster_manager), kind="listing", **kwargs
        )

    with pytest.raises(ValidationError) as error:
        add(title="Ohne Anbieter", note="x" * 30)
    assert "owner" in error.value.message_dict
    # The supplier was not there.
    with pytest.raises(ValidationError, match="nicht bei der Veranstaltung"):
        add(title="Falscher Anbieter", note="x" * 30, owner=doc.market.supplier)
    # A co-organiser may not write listings for another organisation.
    doc.event.organisers.create(actor=doc.market.institute)
    with pytest.raises(ValidationError, match="kein Inserat anlegen"):
        add(
            title="Fremdes Inserat",
            note="x" * 30,
            owner=doc.market.owner,
            by=doc.market.institute_user,
        )
    # The listing's own rules speak German, keyed by field; nothing is written half.
    with pytest.raises(ValidationError) as error:
        add(title="Kurz", note="zu kurz", owner=doc.market.owner)
    assert "description" in error.value.message_dict
    assert not Listing.objects.exists()
    assert not doc.event.follow_ups.exists()
    # Linking: a listing of an attendee, not one of another organisation.
    existing = make_listing(doc.market.owner, title="Laserschneiden bis 20 mm")
    foreign = make_listing(doc.market.supplier)
    follow_up = add(listing=existing)
    assert follow_up.listing == existing
    assert follow_up.title == "Laserschneiden bis 20 mm"
    with pytest.raises(ValidationError, match="keiner teilnehmenden Organisation"):
        add(listing=foreign)


def test_project_idea_follow_up(doc, cluster_manager):
    follow_up = services.add_follow_up(
        event=doc.event,
        by=cluster_manager,
        kind=FollowUpKind.PROJECT_IDEA,
        title="Gemeinsamer Prüfstand für Schweißnähte",
        note="Drei Betriebe und das Institut wollen einen Prüfstand teilen.",
    )
    idea = follow_up.project
    assert idea.idea_status == IdeaStatus.PROPOSED
    assert idea.proposed_by == cluster_manager
    assert idea.cluster == doc.event.cluster
    linked = services.add_follow_up(
        event=doc.event, by=cluster_manager, kind=FollowUpKind.PROJECT_IDEA, project=idea
    )
    assert linked.project == idea and linked.title == idea.title
    with pytest.raises(ValidationError, match="Titel"):
        services.add_follow_up(event=doc.event, by=cluster_manager, kind="project_idea")
    assert Project.objects.count() == 1


def test_edition_proposal_and_foresight_signal(doc, cluster_manager, member, other_cluster):
    consultation = make_consultation(doc.event.cluster, doc.market.plan)
    proposal = Proposal.objects.create(
        consultation=consultation,
        kind=ProposalKind.NEW_TOPIC_AREA,
        element_kind=ElementKind.KEY_POINT,
        element_lineage=uuid.uuid4(),
        proposed_text="Reparatur und Wiederaufbereitung von Metallteilen",
        title="Neuer Themenbereich Remanufacturing",
        author=member,
    )
    follow_up = services.add_follow_up(
        event=doc.event, by=cluster_manager, kind=FollowUpKind.EDITION_PROPOSAL, proposal=proposal
    )
    assert follow_up.proposal == proposal
    assert follow_up.title == "Neuer Themenbereich Remanufacturing"
    with pytest.raises(ValidationError, match="Vorschlag"):
        services.add_follow_up(event=doc.event, by=cluster_manager, kind="edition_proposal")
    signal = services.add_follow_up(
        event=doc.event,
        by=cluster_manager,
        kind=FollowUpKind.FORESIGHT_SIGNAL,
        title="Wasserstoff verändert Schweißverfahren",
        note="Mehrere Betriebe fragen nach H2-tauglichen Werkstoffen.",
        topic="4.4.2",
    )
    assert signal.topic_lineage == topic_lineage(doc.market.plan, "4.4.2")
    with pytest.raises(ValidationError, match="Unbekannter Themenbereich"):
        services.add_follow_up(
            event=doc.event, by=cluster_manager, kind="foresight_signal", title="X", topic="9.9"
        )
    with pytest.raises(ValidationError, match="Unbekannte Art"):
        services.add_follow_up(event=doc.event, by=cluster_manager, kind="photo", title="X")


def test_follow_ups_only_after_the_event(cluster, cluster_manager):
    upcoming = make_event(cluster)
    with pytest.raises(ValidationError, match="durchgeführt"):
        services.add_follow_up(
            event=upcoming, by=cluster_manager, kind="foresight_signal", title="Zu früh"
        )
