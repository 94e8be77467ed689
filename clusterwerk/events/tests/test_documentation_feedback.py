"""The feedback survey: opened by organisers after the event (attendees get an e-mail), one
answer of 1–5 and a text per registration, only from those who were there; the results for
organisers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clusterwerk.events import queries_documentation
from clusterwerk.events.models import EventStatus, Feedback, RegistrationStatus
from clusterwerk.events.services import documentation as services
from clusterwerk.events.tests.documentation_support import make_documented
from clusterwerk.events.tests.factories import make_event, make_registration
from conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc(cluster):
    return make_documented(cluster)


def test_open_feedback_invites_the_attendees(
    doc, cluster_manager, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.open_feedback(event=doc.event, by=cluster_manager)
    doc.event.refresh_from_db()
    assert doc.event.feedback_open
    # Attendees with an account: Rita and Ingo; not the absent, not the exit-only.
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [doc.owner_attendee.email, doc.institute_attendee.email]
    )
    message = mailoutbox[0]
    assert message.subject == "Wie war „Werkstattgespräch Laserschweißen in Cottbus“?"
    assert reverse("events:feedback", args=[doc.event.slug]) in message.body
    # Opening again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        services.open_feedback(event=doc.event, by=cluster_manager)
    assert len(mailoutbox) == 2
    upcoming = make_event(doc.event.cluster)
    with pytest.raises(ValidationError):
        services.open_feedback(event=upcoming, by=cluster_manager)
    closed = services.close_feedback(event=doc.event, by=cluster_manager)
    assert not closed.feedback_open


def test_without_door_check_in_confirmed_registrations_are_invited(
    cluster, cluster_manager, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(cluster, status=EventStatus.HELD)
    make_registration(event, user=make_user("dabei@clusterwerk.test"), email="dabei@example.org")
    make_registration(
        event,
        user=make_user("offen@clusterwerk.test"),
        email="offen@example.org",
        status=RegistrationStatus.PENDING,
    )
    make_registration(event, email="ohne-konto@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.open_feedback(event=event, by=cluster_manager)
    assert [message.to for message in mailoutbox] == [["dabei@example.org"]]


def test_submit_feedback_rules(doc, cluster_manager):
    attendee = doc.owner_attendee
    with pytest.raises(ValidationError, match="nicht offen"):
        services.submit_feedback(registration=attendee, by=attendee.user, rating=4, text="")
    services.open_feedback(event=doc.event, by=cluster_manager, notify=False)
    # Somebody else cannot answer for the attendee.
    with pytest.raises(PermissionDenied):
        services.submit_feedback(registration=attendee, by=cluster_manager, rating=5, text="")
    for rating in (0, 6, "viel", None):
        with pytest.raises(ValidationError) as error:
            services.submit_feedback(registration=attendee, by=attendee.user, rating=rating)
        assert error.value.message_dict == {"rating": ["Bitte bewerten Sie mit 1 bis 5 Sternen."]}
    feedback = services.submit_feedback(
        registration=attendee, by=attendee.user, rating="4", text="  Sehr praxisnah.  "
    )
    assert (feedback.rating, feedback.text) == (4, "Sehr praxisnah.")
    with pytest.raises(ValidationError, match="schon Feedback gegeben"):
        services.submit_feedback(registration=attendee, by=attendee.user, rating=5)
    assert Feedback.objects.count() == 1


def test_only_those_who_were_there(doc, cluster_manager):
    services.open_feedback(event=doc.event, by=cluster_manager, notify=False)
    # A confirmed registration without an entry scan, at an event with door check-in.
    person = make_user("ohne-einlass@clusterwerk.test")
    doc.absent.user = person
    doc.absent.save()
    with pytest.raises(PermissionDenied, match="bei der Veranstaltung waren"):
        services.submit_feedback(registration=doc.absent, by=person, rating=3)
    assert queries_documentation.feedback_registration(person, doc.event) is None
    assert queries_documentation.feedback_registration(doc.owner_attendee.user, doc.event) == (
        doc.owner_attendee
    )


def test_without_door_check_in_confirmed_registrations_answer(cluster, cluster_manager):
    event = make_event(cluster, status=EventStatus.HELD, feedback_open=True)
    confirmed_person = make_user("bestaetigt@clusterwerk.test")
    pending_person = make_user("wartend@clusterwerk.test")
    confirmed = make_registration(event, user=confirmed_person)
    pending = make_registration(event, user=pending_person, status=RegistrationStatus.PENDING)
    services.submit_feedback(registration=confirmed, by=confirmed_person, rating=5)
    with pytest.raises(PermissionDenied):
        services.submit_feedback(registration=pending, by=pending_person, rating=5)


def test_feedback_results(doc, cluster_manager):
    services.open_feedback(event=doc.event, by=cluster_manager, notify=False)
    guest_user = make_user("gast@clusterwerk.test")
    doc.guest.user = guest_user
    doc.guest.save()
    answers = [
        (doc.owner_attendee, 5, "Mehr davon!"),
        (doc.institute_attendee, 4, ""),
        (doc.guest, 2, "Zu kurz."),
    ]
    for registration, rating, text in answers:
        services.submit_feedback(
            registration=registration, by=registration.user, rating=rating, text=text
        )
    results = queries_documentation.feedback_results(doc.event)
    assert results.count == 3
    assert results.mean == 3.7
    assert results.distribution == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
    assert sorted(results.texts) == ["Mehr davon!", "Zu kurz."]
    assert results.bars[0] == (5, 1, 33)
    empty = queries_documentation.feedback_results(make_event(doc.event.cluster))
    assert (empty.count, empty.mean, empty.texts) == (0, None, [])
