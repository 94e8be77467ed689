"""The panel: invitations with pseudonyms and the accept link, acceptance by the matching
account, removal, reminders through the task queue, the expertise matrix."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from clusterwerk.foresight.models import Panellist, StakeholderGroup, Status
from clusterwerk.foresight.permissions import panel_seat
from clusterwerk.foresight.services.panel import (
    accept_invitation,
    expertise_matrix,
    invite_panellist,
    remind_panel,
    remove_panellist,
)
from clusterwerk.foresight.tests.factories import rate
from conftest import make_user

pytestmark = pytest.mark.django_db


def invite(user, cycle, **overrides):
    values = {
        "name": "Dr. Ida Stahl",
        "email": "Ida.Stahl@Institut.example",
        "stakeholder_group": StakeholderGroup.SCIENCE,
    }
    values.update(overrides)
    return invite_panellist(user=user, cycle=cycle, **values)


def test_invitation_gets_a_pseudonym_a_token_and_a_mail(
    cycle, panellists, cluster_manager, districts, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seat = invite(cluster_manager, cycle, district=districts["12052"])
    assert seat.pseudonym == "Expert/in 06"
    assert seat.email == "ida.stahl@institut.example"
    assert seat.accepted_at is None and seat.user is None and len(seat.token) >= 32
    (mail,) = mailoutbox
    assert mail.to == ["ida.stahl@institut.example"]
    assert "Einladung in das Panel" in mail.subject
    assert f"/foresight/einladung/{seat.token}/" in mail.body


def test_invitation_errors_are_german(cycle, panellists, cluster_manager):
    with pytest.raises(ValidationError) as error:
        invite(cluster_manager, cycle, name=" ", email="kein-mail", stakeholder_group="x")
    assert error.value.message_dict == {
        "name": ["Bitte den Namen angeben."],
        "email": ["Bitte eine gültige E-Mail-Adresse angeben."],
        "stakeholder_group": ["Bitte die Gruppe wählen."],
    }
    with pytest.raises(ValidationError, match="schon in das Panel eingeladen"):
        invite(cluster_manager, cycle, email="PANELLIST1@panel.example")


def test_only_the_management_invites_and_not_after_rating(
    cycle, panellists, other_cluster_manager, outsider, cluster_manager
):
    for user in (other_cluster_manager, outsider, panellists[0].user):
        with pytest.raises(PermissionDenied, match="Das Panel verwaltet das Clustermanagement"):
            invite(user, cycle)
    cycle.status = Status.EVALUATION
    cycle.save()
    with pytest.raises(PermissionDenied):
        invite(cluster_manager, cycle)


def test_accept_by_the_matching_account_only(cycle, cluster_manager):
    seat = invite(cluster_manager, cycle)
    stranger = make_user("fremd@example.org")
    with pytest.raises(PermissionDenied, match="andere E-Mail-Adresse"):
        accept_invitation(user=stranger, token=seat.token)
    with pytest.raises(Http404):
        accept_invitation(user=stranger, token="falsch")
    person = make_user("ida.stahl@institut.example")
    accepted = accept_invitation(user=person, token=seat.token)
    assert accepted.user == person and accepted.accepted_at is not None
    assert panel_seat(person, cycle) == accepted
    assert accept_invitation(user=person, token=seat.token) == accepted  # idempotent
    with pytest.raises(PermissionDenied, match="schon angenommen"):
        accept_invitation(user=stranger, token=seat.token)


def test_remove_only_without_answers(cycle, items, panellists, cluster_manager):
    rate(panellists[0], items[0], {"impact": 3})
    with pytest.raises(ValidationError, match="hat schon bewertet"):
        remove_panellist(user=cluster_manager, panellist=panellists[0])
    with pytest.raises(PermissionDenied):
        remove_panellist(user=panellists[0].user, panellist=panellists[1])
    remove_panellist(user=cluster_manager, panellist=panellists[1])
    assert not Panellist.objects.filter(pk=panellists[1].pk).exists()


def test_remind_mails_those_with_open_items_through_the_queue(
    cycle, items, panellists, cluster_manager, mailoutbox, django_capture_on_commit_callbacks
):
    criteria = list(cycle.criteria.values_list("role", flat=True))
    for item in items:  # panellist 1 has answered everything
        rate(panellists[0], item, dict.fromkeys(criteria, 3))
    open_invitation = invite(cluster_manager, cycle, email="neu@panel.example")
    with django_capture_on_commit_callbacks(execute=True):
        count = remind_panel(user=cluster_manager, cycle=cycle)
    assert count == 5  # four seats with open items and the open invitation
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [p.email for p in panellists[1:]] + [open_invitation.email]
    )
    assert any("Items von Ihnen unbewertet" in mail.body for mail in mailoutbox)
    panellists[1].refresh_from_db()
    panellists[0].refresh_from_db()
    assert panellists[1].reminded_at is not None and panellists[0].reminded_at is None
    with pytest.raises(PermissionDenied):
        remind_panel(user=panellists[0].user, cycle=cycle)
    cycle.status = Status.PREPARATION
    cycle.save()
    with pytest.raises(PermissionDenied, match="solange die Bewertung läuft"):
        remind_panel(user=cluster_manager, cycle=cycle)


def test_expertise_matrix_counts_answers_and_mean_expertise(cycle, items, panellists):
    rate(panellists[0], items[0], {"impact": 3}, expertise=4)
    rate(panellists[1], items[0], {"impact": 4}, expertise=5)
    rate(panellists[2], items[0], {"impact": None}, expertise=2)
    groups, rows = expertise_matrix(cycle)
    assert [group for group, _label in groups][:2] == ["business", "craft"]
    first = rows[0]
    assert (first.cells[0].answers, first.cells[0].panellists) == (2, 2)
    assert str(first.cells[0].mean_expertise) == "4.5"
    assert first.cells[1].answers == 1 and str(first.cells[1].mean_expertise) == "2.0"
    assert first.answers == 3
    assert [seat.pk for seat in first.missing] == [panellists[3].pk, panellists[4].pk]
    assert rows[1].answers == 0 and len(rows[1].missing) == 5
