"""The innovation prize on "Mein Bereich" (applications, jury seats) and on the management's
"Aufgaben" (proposed conflicts) – never what a conflict hides."""

import pytest
from django.urls import reverse

from clusterwerk.accounts.models import Role, RoleAssignment
from clusterwerk.award.models import (
    ApplicationStatus,
    Conflict,
    ConflictKind,
    ConflictSource,
    ConflictStatus,
    Phase,
)
from clusterwerk.award.tests.factories import make_application, make_review
from clusterwerk.portal.dashboards import award_items, task_board

pytestmark = pytest.mark.django_db


def conflict(member, application, status=ConflictStatus.PROPOSED):
    return Conflict.objects.create(
        jury_member=member,
        application=application,
        kind=ConflictKind.INSTITUTIONAL,
        source=ConflictSource.SAME_ORGANISATION,
        evidence="Dieselbe Organisation.",
        status=status,
    )


def test_my_area_lists_my_draft_with_the_next_step(client, edition, applicant, applicant_user):
    make_application(
        edition, applicant, title="Entwurf Laserhärten", status=ApplicationStatus.DRAFT
    )
    client.force_login(applicant_user)
    page = client.get(reverse("portal:my-area")).content.decode()
    assert "Entwurf Laserhärten" in page
    assert "Bewerbung vervollständigen" in page
    assert reverse("award:mine") in page


def test_a_published_edition_leaves_my_area(edition, applicant, applicant_user, cluster):
    make_application(edition, applicant, title="Vergangen")
    edition.phase = Phase.PUBLISHED
    edition.save()
    assert award_items(applicant_user, cluster) == []


def test_a_juror_sees_the_open_reviews_without_the_conflicted_one(
    edition, applicant, jurors, cluster
):
    edition.phase = Phase.SCORING
    edition.save()
    first = make_application(edition, applicant, title="Erste")
    second = make_application(edition, applicant, title="Zweite")
    make_review(first, jurors[1])
    make_review(second, jurors[1])
    conflict(jurors[1], second, ConflictStatus.PINNED)
    (item,) = award_items(jurors[1].user, cluster)
    assert item.status == "1 Bewertung offen"
    assert item.url == reverse("award:jury-home", args=[edition.year])


def test_a_juror_without_the_declaration_is_asked_for_it(edition, jurors, cluster):
    jurors[2].confidentiality_accepted_at = None
    jurors[2].save()
    (item,) = award_items(jurors[2].user, cluster)
    assert item.status == "Vertraulichkeitserklärung steht aus"


def test_the_tasks_list_proposed_conflicts_but_not_those_hidden_from_the_manager(
    edition, applicant, jurors, cluster, cluster_manager
):
    visible = make_application(edition, applicant, title="Sichtbar")
    hidden = make_application(edition, applicant, title="Verborgen")
    conflict(jurors[1], visible)
    conflict(jurors[2], hidden)
    conflict(jurors[3], visible, ConflictStatus.DISMISSED)
    board = task_board(cluster_manager, cluster)
    (group,) = [group for group in board.groups if group.kind == "conflict"]
    assert group.count == 2
    # A manager who sits on the jury with a conflict of their own does not see it.
    chair = jurors[0].user
    RoleAssignment.objects.create(user=chair, cluster=cluster, role=Role.CLUSTER_MANAGER)
    conflict(jurors[0], hidden, ConflictStatus.PINNED)
    board = task_board(chair, cluster)
    (group,) = [group for group in board.groups if group.kind == "conflict"]
    assert [task.title for task in group.tasks] == ["Sichtbar"]
