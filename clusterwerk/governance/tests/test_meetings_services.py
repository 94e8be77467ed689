"""Meetings: preparation, agenda with links of the same cluster, invitations with iCal,
answers, attendance, minutes, cancellation, documents."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.governance.models import Attendance, Document, MeetingStatus, Response
from clusterwerk.governance.services import meetings as services
from clusterwerk.governance.services import space
from clusterwerk.governance.tests.factories import make_meeting, make_member, pdf_bytes
from clusterwerk.projects.models import Project


def _calendar(message):
    name, content, mimetype = message.attachments[0]
    assert name == "einladung.ics" and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    return calendar, next(iter(calendar.walk("VEVENT")))


def test_create_and_update_change_exactly_what_changed(cluster, cluster_manager, body):
    starts = timezone.now() + datetime.timedelta(days=20)
    data = {"title": "Beiratssitzung", "starts_at": starts, "ends_at": starts, "place": ""}
    with pytest.raises(ValidationError) as error:
        services.create_meeting(user=cluster_manager, cluster=cluster, body=body, data=data)
    assert "Das Ende muss nach dem Beginn liegen." in error.value.message_dict["ends_at"]
    assert (
        "Bitte geben Sie einen Ort oder einen Online-Zugang an."
        in error.value.message_dict["place"]
    )
    data.update(ends_at=starts + datetime.timedelta(hours=2), online_url="https://meet.example/b")
    meeting = services.create_meeting(user=cluster_manager, cluster=cluster, body=body, data=data)
    assert meeting.version == 1 and meeting.status == MeetingStatus.PREPARATION
    updated = services.update_meeting(
        user=cluster_manager, cluster=cluster, meeting=meeting, data={"place": "Potsdam"}, version=1
    )
    assert updated.version == 2 and updated.place == "Potsdam"
    assert updated.online_url == "https://meet.example/b" and updated.title == "Beiratssitzung"
    unchanged = services.update_meeting(
        user=cluster_manager, cluster=cluster, meeting=meeting, data={"place": "Potsdam"}, version=2
    )
    assert unchanged.version == 2
    with pytest.raises(EditConflict):
        services.update_meeting(
            user=cluster_manager, cluster=cluster, meeting=meeting, data={"title": "X"}, version=1
        )


def test_other_cluster_and_members_may_not_prepare(
    cluster, other_cluster, other_cluster_manager, body, body_members, meeting
):
    for user, acting in ((other_cluster_manager, cluster), (other_cluster_manager, other_cluster)):
        with pytest.raises(PermissionDenied):
            services.update_meeting(
                user=user, cluster=acting, meeting=meeting, data={"title": "Fremd"}, version=None
            )
    with pytest.raises(PermissionDenied):
        services.add_agenda_item(
            user=body_members[1].user, cluster=cluster, meeting=meeting, data={"title": "TOP"}
        )
    meeting.refresh_from_db()
    assert meeting.title != "Fremd" and meeting.agenda.count() == 0


def test_agenda_links_only_of_the_same_cluster(
    cluster, other_cluster, cluster_manager, meeting, plan
):
    own = Project.objects.create(cluster=cluster, title="Leichtbau-Verbund")
    foreign = Project.objects.create(cluster=other_cluster, title="Fremdes Projekt")
    first = services.add_agenda_item(
        user=cluster_manager,
        cluster=cluster,
        meeting=meeting,
        data={"title": "Bericht", "topic": "4.4.2", "project": own.pk},
    )
    assert first.order == 1 and first.project == own
    assert first.topic_lineage == topic_lineage(plan, "4.4.2")
    with pytest.raises(ValidationError) as error:
        services.add_agenda_item(
            user=cluster_manager,
            cluster=cluster,
            meeting=meeting,
            data={"title": "Fremd", "project": foreign.pk, "topic": "9.9.9"},
        )
    assert error.value.message_dict["project"] == [
        "Dieses Projekt gibt es in diesem Cluster nicht."
    ]
    assert "9.9.9" in error.value.message_dict["topic"][0]
    second = services.add_agenda_item(
        user=cluster_manager, cluster=cluster, meeting=meeting, data={"title": "Verschiedenes"}
    )
    services.update_agenda_item(
        user=cluster_manager, cluster=cluster, item=first, data={"presenter": "Geschäftsstelle"}
    )
    first.refresh_from_db()
    assert (
        first.presenter == "Geschäftsstelle" and first.project == own and first.title == "Bericht"
    )
    services.move_agenda_item(user=cluster_manager, cluster=cluster, item=second, direction="up")
    assert list(meeting.agenda.values_list("title", flat=True)) == ["Verschiedenes", "Bericht"]
    with pytest.raises(ValidationError):
        services.reorder_agenda(
            user=cluster_manager, cluster=cluster, meeting=meeting, item_ids=[first.pk]
        )
    services.delete_agenda_item(user=cluster_manager, cluster=cluster, item=second)
    assert list(meeting.agenda.values_list("order", "title")) == [(1, "Bericht")]


def test_invitations_with_ical_and_update(
    cluster, cluster_manager, body, body_members, meeting, django_capture_on_commit_callbacks
):
    make_member(body, None, name="Ohne Konto")
    make_member(
        body,
        "ehemalig@beirat.example",
        term_end=timezone.localdate() - datetime.timedelta(days=1),
    )
    services.add_agenda_item(
        user=cluster_manager, cluster=cluster, meeting=meeting, data={"title": "Fachkräfte"}
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.send_invitations(user=cluster_manager, cluster=cluster, meeting=meeting)
    assert result == {"invited": 5, "mailed": 4, "without_account": 1, "update": False}
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.INVITED and meeting.invitations_sent_at
    assert Attendance.objects.filter(meeting=meeting).count() == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        member.user.email for member in body_members
    )
    message = mail.outbox[0]
    assert message.subject == f"Einladung: {meeting.title}"
    assert "TOP 1: Fachkräfte" in message.body and "Guten Tag" in message.body
    calendar, event = _calendar(message)
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == f"{meeting.uid}@clusterwerk"
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["summary"]) == meeting.title
    assert str(event["location"]) == meeting.place
    assert int(event["sequence"]) == 0

    services.update_meeting(
        user=cluster_manager,
        cluster=cluster,
        meeting=meeting,
        data={"place": "Online", "online_url": "https://meet.example/x"},
        version=meeting.version,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.send_invitations(user=cluster_manager, cluster=cluster, meeting=meeting)
    assert result["update"] is True and len(mail.outbox) == 4
    assert mail.outbox[0].subject.startswith("Geänderte Einladung")
    _unused, event = _calendar(mail.outbox[0])
    assert int(event["sequence"]) == 1 and str(event["location"]) == "Online"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(user=cluster_manager, cluster=cluster, meeting=meeting)
    assert len(mail.outbox) == 4 and mail.outbox[0].subject.startswith("Abgesagt")
    calendar, event = _calendar(mail.outbox[0])
    assert str(calendar["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"


def test_respond_attendance_and_minutes(
    cluster, cluster_manager, outsider, body, body_members, meeting
):
    member = body_members[1]
    row = services.respond(
        user=member.user, cluster=cluster, meeting=meeting, response=Response.ACCEPTED
    )
    assert row.response == Response.ACCEPTED
    services.respond(user=member.user, cluster=cluster, meeting=meeting, response="declined")
    row.refresh_from_db()
    assert row.response == Response.DECLINED
    with pytest.raises(PermissionDenied):
        services.respond(user=outsider, cluster=cluster, meeting=meeting, response="accepted")
    with pytest.raises(ValidationError):
        services.respond(user=member.user, cluster=cluster, meeting=meeting, response="maybe")
    with pytest.raises(ValidationError) as error:
        services.record_attendance(
            user=cluster_manager, cluster=cluster, meeting=meeting, present_member_ids=[member.pk]
        )
    assert "erst ab Beginn" in error.value.message_dict["present"][0]

    started = make_meeting(
        body, starts_at=timezone.now() - datetime.timedelta(hours=1), title="Laufende Sitzung"
    )
    with pytest.raises(ValidationError):
        services.respond(user=member.user, cluster=cluster, meeting=started, response="accepted")
    count = services.record_attendance(
        user=cluster_manager,
        cluster=cluster,
        meeting=started,
        present_member_ids=[body_members[0].pk, member.pk],
    )
    assert count == 2
    assert dict(started.attendance.values_list("member_id", "present")) == {
        body_members[0].pk: True,
        member.pk: True,
        body_members[2].pk: False,
        body_members[3].pk: False,
    }
    with pytest.raises(ValidationError):
        services.save_minutes(
            user=cluster_manager, cluster=cluster, meeting=started, minutes="  ", version=1
        )
    saved = services.save_minutes(
        user=cluster_manager, cluster=cluster, meeting=started, minutes="Protokoll.", version=1
    )
    assert saved.status == MeetingStatus.HELD and saved.version == 2
    with pytest.raises(EditConflict):
        services.save_minutes(
            user=cluster_manager, cluster=cluster, meeting=started, minutes="Alt", version=1
        )


def test_document_must_be_a_pdf(cluster, cluster_manager, meeting):
    with pytest.raises(ValidationError) as error:
        space.upload_document(
            cluster_manager,
            cluster,
            meeting.body,
            meeting=meeting,
            title="Protokoll",
            name="protokoll.docx",
            content_type="application/msword",
            data=b"PK\x03\x04 not a pdf",
        )
    assert "keine PDF-Datei" in error.value.message_dict["file"][0]
    assert not Document.objects.exists()
    document = space.upload_document(
        cluster_manager,
        cluster,
        meeting.body,
        meeting=meeting,
        title="",
        name="../Tagesordnung.pdf",
        content_type="application/pdf",
        data=pdf_bytes(),
    )
    assert document.filename == "Tagesordnung.pdf" and document.body == meeting.body
