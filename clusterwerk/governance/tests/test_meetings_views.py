"""The meeting pages: who sees them, the management's forms, refused input coming back in
German with what was typed, the calendar download, documents."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from clusterwerk.governance.models import Document, MeetingStatus, Response
from clusterwerk.governance.tests.factories import make_meeting, pdf_bytes


def _url(meeting, name="meeting", *extra):
    return reverse(f"governance:{name}", args=[meeting.body.slug, meeting.pk, *extra])


def test_meeting_page_only_for_members_and_management(
    client, cluster_manager, body_members, outsider, other_cluster_manager, board_member, meeting
):
    client.force_login(cluster_manager)
    page = client.get(_url(meeting))
    assert page.status_code == 200
    text = page.content.decode()
    for heading in ("Tagesordnung", "Unterlagen", "Einladung versenden", "Beschlüsse", "Aufgaben"):
        assert heading in text
    client.force_login(body_members[1].user)
    page = client.get(_url(meeting))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Zusage" in text and "Einladung versenden" not in text
    assert client.get(reverse("governance:meetings", args=["beirat"])).status_code == 200
    for user in (outsider, other_cluster_manager, board_member):
        client.force_login(user)
        assert client.get(_url(meeting)).status_code == 404
        assert client.get(_url(meeting, "meeting-ics")).status_code == 404
    client.logout()
    assert client.get(_url(meeting)).status_code == 302


def test_create_and_edit_meeting_with_errors_kept(manager_client, body, meeting):
    url = reverse("governance:meeting-create", args=[body.slug])
    assert manager_client.get(url).status_code == 200
    data = {
        "title": "Beirat Frühjahr",
        "starts_at": "2030-03-12T10:00",
        "ends_at": "2030-03-12T09:00",
        "place": "",
        "online_url": "",
    }
    page = manager_client.post(url, data)
    assert page.status_code == 400
    text = page.content.decode()
    assert "Das Ende muss nach dem Beginn liegen." in text
    assert "Bitte geben Sie einen Ort oder einen Online-Zugang an." in text
    assert 'value="Beirat Frühjahr"' in text
    data.update(ends_at="2030-03-12T13:00", place="Potsdam")
    response = manager_client.post(url, data)
    created = body.meetings.get(title="Beirat Frühjahr")
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    edit = _url(created, "meeting-edit")
    response = manager_client.post(edit, {**data, "title": "Beirat März", "version": 1})
    created.refresh_from_db()
    assert created.title == "Beirat März" and created.place == "Potsdam" and created.version == 2
    stale = manager_client.post(edit, {**data, "title": "Veraltet", "version": 1})
    assert stale.status_code == 400 and "inzwischen geändert" in stale.content.decode()


def test_agenda_invitation_and_answer(
    client,
    cluster_manager,
    body_members,
    meeting,
    plan,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(cluster_manager)
    response = client.post(
        _url(meeting, "agenda-add"),
        {"agenda-title": "Fachkräftesicherung", "agenda-topic": "4.4.2", "agenda-presenter": "AG"},
    )
    assert response.status_code == 302
    page = client.get(_url(meeting)).content.decode()
    assert "TOP 1: Fachkräftesicherung" in page and "Themenbereich: <a href=" in page
    refused = client.post(
        _url(meeting, "agenda-add"), {"agenda-title": "", "agenda-presenter": "X"}
    )
    assert refused.status_code == 400
    assert "Bitte geben Sie den Tagesordnungspunkt an." in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(meeting, "meeting-invitations"))
    assert response.status_code == 302 and len(mailoutbox) == 4
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.INVITED

    member = body_members[2]
    client.force_login(member.user)
    response = client.post(_url(meeting, "meeting-respond"), {"response": "accepted"})
    assert response.status_code == 302
    assert meeting.attendance.get(member=member).response == Response.ACCEPTED
    assert "Ihre Rückmeldung: Zusage." in client.get(_url(meeting)).content.decode()
    # a member may not prepare
    assert client.post(_url(meeting, "meeting-invitations")).status_code == 403
    assert client.post(_url(meeting, "agenda-add"), {"agenda-title": "X"}).status_code == 403
    assert meeting.agenda.count() == 1

    ics = client.get(_url(meeting, "meeting-ics"))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    event = next(iter(Calendar.from_ical(ics.content).walk("VEVENT")))
    assert str(event["uid"]) == f"{meeting.uid}@clusterwerk"
    assert str(event["summary"]) == meeting.title and str(event["location"]) == meeting.place
    assert event.decoded("dtstart") == meeting.starts_at


def test_documents_pdf_only_and_private(client, cluster_manager, body_members, outsider, meeting):
    client.force_login(cluster_manager)
    bad = SimpleUploadedFile("notizen.txt", b"Hallo", content_type="text/plain")
    page = client.post(
        _url(meeting, "meeting-document-upload"),
        {"document-title": "Notizen", "document-file": bad},
    )
    assert page.status_code == 400
    assert "Bitte laden Sie nur PDF-Dateien hoch" in page.content.decode()
    assert not Document.objects.exists()
    good = SimpleUploadedFile("tagesordnung.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(
        _url(meeting, "meeting-document-upload"), {"document-title": "TO", "document-file": good}
    )
    document = Document.objects.get()
    client.force_login(body_members[1].user)
    download_url = reverse("governance:document", args=[meeting.body.slug, document.pk])
    download = client.get(download_url)
    assert download.status_code == 200 and download.content == pdf_bytes()
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    client.force_login(outsider)
    assert client.get(download_url).status_code == 404


def test_attendance_and_minutes_after_start(manager_client, body, body_members):
    held = make_meeting(body, starts_at=timezone.now() - datetime.timedelta(hours=2))
    chair = body_members[0]
    response = manager_client.post(
        _url(held, "meeting-attendance"), {"attendance-present": [str(chair.pk)]}
    )
    assert response.status_code == 302
    assert held.attendance.get(member=chair).present is True
    assert held.attendance.filter(present=False).count() == 3
    refused = manager_client.post(
        _url(held, "meeting-minutes"), {"minutes-minutes": "", "minutes-version": 1}
    )
    assert (
        refused.status_code == 400
        and "Bitte geben Sie das Protokoll ein." in refused.content.decode()
    )
    manager_client.post(
        _url(held, "meeting-minutes"), {"minutes-minutes": "Begrüßung.", "minutes-version": 1}
    )
    held.refresh_from_db()
    assert held.minutes == "Begrüßung." and held.status == MeetingStatus.HELD
    assert "Begrüßung." in manager_client.get(_url(held)).content.decode()


@pytest.mark.parametrize("persona", ["other_cluster_manager", "other_cluster_member"])
def test_other_cluster_cannot_act(client, request, persona, meeting, body_members):
    client.force_login(request.getfixturevalue(persona))
    for name in ("meeting-invitations", "meeting-cancel", "agenda-add"):
        assert client.post(_url(meeting, name), {"agenda-title": "X"}).status_code in (403, 404)
    assert client.get(_url(meeting)).status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PREPARATION and meeting.agenda.count() == 0


def test_decision_and_action_forms_on_the_meeting_page(manager_client, meeting, body_members):
    url = _url(meeting, "decision-create")
    refused = manager_client.post(
        url, {"decision-kind": "decision", "decision-text": "Beschluss A", "decision-mode": "vote"}
    )
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Bitte geben Sie bei einer Abstimmung die Zahl an (auch 0)." in text
    assert "Beschluss A" in text
    manager_client.post(
        url,
        {
            "decision-kind": "recommendation",
            "decision-text": "Empfehlung B",
            "decision-mode": "consensus",
        },
    )
    decision = meeting.decisions.get()
    page = manager_client.get(_url(meeting)).content.decode()
    assert "Als Vorschlag in die Fortschreibung" in page and "Veröffentlichen" in page
    edit = manager_client.get(reverse("governance:decision-edit", args=[decision.pk]))
    assert edit.status_code == 200 and "Empfehlung B" in edit.content.decode()
    owner = body_members[1].user
    manager_client.post(
        _url(meeting, "action-create"),
        {
            "action-title": "Entwurf verschicken",
            "action-owner": str(owner.pk),
            "action-due_on": timezone.localdate(meeting.starts_at).isoformat(),
            "action-decision": str(decision.pk),
        },
    )
    item = meeting.action_items.get()
    assert item.owner == owner and item.decision == decision
    edit = manager_client.get(reverse("governance:action-edit", args=[item.pk]))
    assert edit.status_code == 200
