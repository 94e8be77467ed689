"""Action items: owner and due date required (German messages, nothing saved), status by
the owner or the management, the overdue list, daily reminders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clusterwerk.core.exceptions import EditConflict
from clusterwerk.governance.models import ActionItem, ActionStatus
from clusterwerk.governance.services import actions as services
from clusterwerk.governance.tests.factories import make_action_item, make_body, make_meeting
from conftest import make_user


def test_owner_and_due_date_are_required(cluster, cluster_manager, outsider, meeting, body_members):
    day = timezone.localdate(meeting.starts_at)
    with pytest.raises(ValidationError) as error:
        services.create_action_item(
            user=cluster_manager,
            cluster=cluster,
            meeting=meeting,
            data={"title": "Stellungnahme", "due_on": day - datetime.timedelta(days=1)},
        )
    assert error.value.message_dict["owner"] == ["Bitte geben Sie an, wer die Aufgabe übernimmt."]
    assert error.value.message_dict["due_on"] == [
        "Das Fälligkeitsdatum darf nicht vor der Sitzung liegen."
    ]
    with pytest.raises(ValidationError) as error:
        services.create_action_item(
            user=cluster_manager,
            cluster=cluster,
            meeting=meeting,
            data={"title": "Stellungnahme", "owner": outsider.pk, "due_on": day},
        )
    assert (
        "Mitglied des Gremiums oder das Clustermanagement" in error.value.message_dict["owner"][0]
    )
    assert not ActionItem.objects.exists()
    chair = body_members[0]
    item = services.create_action_item(
        user=cluster_manager,
        cluster=cluster,
        meeting=meeting,
        data={"title": "Stellungnahme", "owner": chair.user_id, "due_on": day},
    )
    assert item.owner == chair.user and item.owner_name == "Dr. Petra Vorsitz"
    by_manager = services.create_action_item(
        user=cluster_manager,
        cluster=cluster,
        meeting=meeting,
        data={"title": "Protokoll verschicken", "owner": cluster_manager.pk, "due_on": day},
    )
    assert by_manager.owner == cluster_manager
    services.update_action_item(
        user=cluster_manager,
        cluster=cluster,
        item=item,
        data={"description": "Bis Mittag"},
        version=1,
    )
    item.refresh_from_db()
    assert (item.description, item.title, item.owner_id, item.version) == (
        "Bis Mittag",
        "Stellungnahme",
        chair.user_id,
        2,
    )


def test_status_by_owner_or_management(
    cluster, other_cluster, cluster_manager, other_cluster_manager, meeting, body_members
):
    owner = body_members[1].user
    item = make_action_item(meeting, owner)
    done = services.set_action_status(
        user=owner, cluster=cluster, item=item, status=ActionStatus.DONE, version=1
    )
    assert done.status == ActionStatus.DONE and done.done_at and done.version == 2
    with pytest.raises(EditConflict):
        services.set_action_status(
            user=owner, cluster=cluster, item=item, status=ActionStatus.OPEN, version=1
        )
    with pytest.raises(PermissionDenied):
        services.set_action_status(
            user=body_members[2].user, cluster=cluster, item=item, status="open", version=2
        )
    for acting in (cluster, other_cluster):
        with pytest.raises(PermissionDenied):
            services.set_action_status(
                user=other_cluster_manager, cluster=acting, item=item, status="open", version=2
            )
    reopened = services.set_action_status(
        user=cluster_manager, cluster=cluster, item=item, status="in_progress", version=2
    )
    assert reopened.done_at is None and reopened.status == ActionStatus.IN_PROGRESS


def test_views_create_refused_and_list_overdue_first(
    client, cluster, cluster_manager, outsider, meeting, body, body_members
):
    client.force_login(cluster_manager)
    url = reverse("governance:action-create", args=[body.slug, meeting.pk])
    before = timezone.localdate(meeting.starts_at) - datetime.timedelta(days=2)
    page = client.post(
        url, {"action-title": "Bericht schreiben", "action-owner": "", "action-due_on": before}
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "Bitte geben Sie an, wer die Aufgabe übernimmt." in text
    assert 'value="Bericht schreiben"' in text
    page = client.post(
        url,
        {
            "action-title": "Bericht schreiben",
            "action-owner": str(body_members[1].user_id),
            "action-due_on": before.isoformat(),
        },
    )
    assert page.status_code == 400
    assert "Das Fälligkeitsdatum darf nicht vor der Sitzung liegen." in page.content.decode()
    assert not ActionItem.objects.exists()

    past = make_meeting(body, starts_at=timezone.now() - datetime.timedelta(days=40))
    overdue = make_action_item(
        past,
        body_members[1].user,
        title="Überfällig",
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    make_action_item(meeting, body_members[2].user, title="Demnächst")
    make_action_item(meeting, body_members[2].user, title="Erledigt", status=ActionStatus.DONE)
    page = client.get(reverse("governance:action-items")).content.decode()
    assert page.index("Überfällig") < page.index("Demnächst") and "Erledigt" not in page
    assert "überfällig</strong>" in page
    client.force_login(body_members[1].user)
    response = client.post(
        reverse("governance:action-status", args=[overdue.pk]),
        {f"status-{overdue.pk}-status": "done", f"status-{overdue.pk}-version": 1, "next": "list"},
    )
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.status == ActionStatus.DONE
    client.force_login(outsider)
    assert client.get(reverse("governance:action-items")).status_code == 403


def test_members_see_the_items_of_their_bodies(client, cluster, meeting, body_members):
    other_body = make_body(cluster, slug="leichtbau", name="Expertenkreis Leichtbau")
    other_meeting = make_meeting(other_body)
    stranger = make_user("kreis@leichtbau.example")
    make_action_item(other_meeting, stranger, title="Nur im Kreis")
    make_action_item(meeting, body_members[1].user, title="Im Beirat")
    client.force_login(body_members[2].user)
    page = client.get(reverse("governance:action-items")).content.decode()
    assert "Im Beirat" in page and "Nur im Kreis" not in page


def test_reminders_once_a_day(
    cluster, meeting, body, body_members, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    past = make_meeting(body, starts_at=timezone.now() - datetime.timedelta(days=30))
    soon = make_action_item(meeting, body_members[1].user, title="Bald fällig")
    soon.due_on = today + datetime.timedelta(days=3)
    soon.save()
    late = make_action_item(
        past, body_members[2].user, title="Zu spät", due_on=today - datetime.timedelta(days=1)
    )
    make_action_item(
        meeting, body_members[3].user, title="Später", due_on=today + datetime.timedelta(days=10)
    )
    make_action_item(
        past, body_members[3].user, title="Fertig", due_on=today, status=ActionStatus.DONE
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_action_items")
    assert sorted(message.subject for message in mailoutbox) == [
        "Erinnerung an Ihre Aufgabe: Bald fällig",
        "Überfällige Aufgabe: Zu spät",
    ]
    assert mailoutbox[0].to[0] in {body_members[1].user.email, body_members[2].user.email}
    late.refresh_from_db()
    assert late.last_reminded_at is not None
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_action_reminders() == 0
    assert mailoutbox == []


def test_the_list_pages_due_first_and_filters_the_own_items(
    client, cluster_manager, meeting, body_members
):
    """50 a page, the earliest due first (the overdue ones lead page 1); "Nur meine" keeps
    the person's own items."""
    owner, other = body_members[1].user, body_members[2].user
    day = meeting.starts_at.date()
    for number in range(55):
        make_action_item(
            meeting,
            owner if number % 5 == 0 else other,
            title=f"Aufgabe {number:02d}",
            due_on=day + datetime.timedelta(days=number + 1),
        )
    client.force_login(cluster_manager)
    first = client.get(reverse("governance:action-items")).content.decode()
    assert "Aufgabe 00" in first and "Aufgabe 49" in first and "Aufgabe 50" not in first
    assert "Seite 1 von 2 (55 Aufgaben)" in first
    second = client.get(reverse("governance:action-items"), {"seite": 2}).content.decode()
    assert "Aufgabe 50" in second and "Aufgabe 49" not in second
    client.force_login(owner)
    mine = client.get(reverse("governance:action-items"), {"meine": 1}).content.decode()
    assert "Aufgabe 05" in mine and "Aufgabe 01" not in mine
    assert "Seite 1 von" not in mine  # 11 own items: one page
