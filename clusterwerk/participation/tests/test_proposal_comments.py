"""Comments on proposals use the services and the moderation of the comments on elements: the
phase rule, the audience, replies in the same thread, reports, hiding, editing and deleting
one's own; they stay out of the element's own thread, are counted once (as comments about the
proposal's element) in the results and the export, and have their API endpoints."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation import queries, services
from clusterwerk.participation.exporting import comments_table
from clusterwerk.participation.models import (
    Audience,
    Comment,
    ContentReport,
    Notification,
    PhaseKind,
)
from clusterwerk.participation.services import ContributionNotAllowed
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.participation.tests.results_helpers import amendment, person, topic

pytestmark = pytest.mark.django_db

API = "/api/v1/participation"


@pytest.fixture
def edition(cluster):
    return make_edition(cluster)


@pytest.fixture
def area(edition):
    return topic(edition, "4.2.1")


@pytest.fixture
def consultation(cluster, edition):
    return make_consultation(cluster, edition, slug="fortschreibung")


@pytest.fixture
def anna(db):
    return person("anna@example.org", name="Anna Amsel")


@pytest.fixture
def proposal(consultation, area, anna):
    return amendment(consultation, area, anna, text="Leichtbau und Recycling.")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def proposal_url(proposal) -> str:
    return reverse("participation:proposal", args=[proposal.consultation.slug, proposal.pk])


def test_comment_and_reply_on_the_proposal_page_stay_out_of_the_elements_thread(
    consultation, area, proposal, anna, member
):
    page = logged_in(member).post(proposal_url(proposal), {"body": "Guter **Punkt**."})
    comment = Comment.objects.get()
    assert page.status_code == 302
    assert page["Location"] == f"{proposal_url(proposal)}#kommentar-{comment.pk}"
    assert comment.proposal == proposal and comment.author == member
    assert (comment.element_kind, comment.element_lineage) == (area.kind, area.lineage)
    reply = logged_in(anna).post(proposal_url(proposal), {"body": "Danke!", "parent": comment.pk})
    assert reply.status_code == 302
    answer = Comment.objects.get(parent=comment)
    assert answer.proposal == proposal
    # The reply notice leads to the proposal's page.
    note = Notification.objects.get(user=member)
    assert note.url == f"{proposal_url(proposal)}#kommentar-{answer.pk}"

    shown = Client().get(proposal_url(proposal)).content.decode()
    assert "Guter <strong>Punkt</strong>." in shown and "Danke!" in shown
    assert 'Kommentare zum Vorschlag <span class="small muted">(2)' in shown
    element = Client().get(queries.element_url(consultation, area)).content.decode()
    assert "Guter" not in element and "Danke!" not in element
    assert 'Kommentare <span class="small muted">(0)' in element
    assert "2 Kommentare<" in element  # on the proposal's entry

    # An empty comment: 400, the form again; a reply into another thread is refused.
    empty = logged_in(member).post(proposal_url(proposal), {"body": " "})
    assert empty.status_code == 400 and "Bitte schreiben Sie einen Kommentar." in (
        empty.content.decode()
    )
    on_element = services.add_comment(
        user=member,
        consultation=consultation,
        element_kind=area.kind,
        lineage=area.lineage,
        body="Zum Element.",
    )
    crossed = logged_in(member).post(
        proposal_url(proposal), {"body": "Quer.", "parent": on_element.pk}
    )
    assert crossed.status_code == 400
    assert "Die Antwort gehört nicht zu diesem Kommentar." in crossed.content.decode()
    assert "Quer." in crossed.content.decode()  # nothing typed is lost


def test_the_phase_the_audience_and_hiding_refuse_comments_with_a_german_reason(
    cluster, edition, area, anna, member, other_cluster_member, cluster_manager
):
    closed = make_consultation(cluster, edition, phase=PhaseKind.EVALUATION, slug="zu")
    closed_proposal = amendment(closed, area, anna)
    with pytest.raises(ContributionNotAllowed, match="keine Kommentare möglich"):
        services.add_comment(
            user=member, consultation=closed, proposal=closed_proposal, body="Zu spät."
        )
    page = logged_in(member).post(proposal_url(closed_proposal), {"body": "Zu spät."})
    assert page.status_code == 403
    assert "In der aktuellen Phase sind keine Kommentare möglich." in page.content.decode()
    api = logged_in(member).post(
        f"{API}/proposals/{closed_proposal.pk}/comments",
        json.dumps({"body": "Zu spät."}),
        content_type="application/json",
    )
    assert api.status_code == 403 and "keine Kommentare" in api.json()["detail"]

    members_only = make_consultation(cluster, edition, audience=Audience.MEMBERS, slug="intern")
    internal = amendment(members_only, area, member)
    with pytest.raises(ContributionNotAllowed, match="nicht teilnehmen"):
        services.add_comment(
            user=other_cluster_member, consultation=members_only, proposal=internal, body="B."
        )
    other = logged_in(other_cluster_member).post(proposal_url(internal), {"body": "B."})
    assert other.status_code == 403
    assert services.add_comment(
        user=member, consultation=members_only, proposal=internal, body="A."
    ).pk

    services.hide(moderator=cluster_manager, item=internal, reason="Doppelt")
    internal.refresh_from_db()
    with pytest.raises(ValidationError, match="ausgeblendeter Vorschlag"):
        services.add_comment(user=member, consultation=members_only, proposal=internal, body="x")
    elsewhere = make_consultation(cluster, edition, slug="offen")
    with pytest.raises(ValidationError, match="nicht zu dieser Beteiligung"):
        services.add_comment(user=member, consultation=elsewhere, proposal=internal, body="x")
    assert Comment.objects.count() == 1


def test_report_hide_and_show_a_proposal_comment(consultation, proposal, member, cluster_manager):
    comment = services.add_comment(
        user=member, consultation=consultation, proposal=proposal, body="Kauft bei uns ein!"
    )
    reporter = logged_in(proposal.author)
    report = reporter.post(
        reverse("participation:report", args=[consultation.slug, "comment", comment.pk]),
        {"reason": "Werbung"},
    )
    assert report.status_code == 302
    assert report["Location"] == f"{proposal_url(proposal)}#kommentar-{comment.pk}"
    assert ContentReport.objects.get().comment == comment
    queue = logged_in(cluster_manager).get(
        reverse("participation:moderation", args=[consultation.slug])
    )
    assert f"{proposal_url(proposal)}#kommentar-{comment.pk}" in queue.content.decode()
    assert f"Kommentar #{comment.pk} zu Vorschlag #{proposal.pk}" in queue.content.decode()

    moderate = reverse(
        "participation:moderate", args=[consultation.slug, "ausblenden", "comment", comment.pk]
    )
    assert logged_in(member).post(moderate, {"reason": "x"}).status_code == 403
    assert logged_in(cluster_manager).post(moderate, {"reason": "Werbung"}).status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden and ContentReport.objects.get().status == "resolved"
    page = Client().get(proposal_url(proposal)).content.decode()
    assert "Ausgeblendet: Werbung" in page and "Kauft bei uns ein!" not in page
    assert 'Kommentare zum Vorschlag <span class="small muted">(0)' in page
    listed = Client().get(f"{API}/proposals/{proposal.pk}/comments").json()
    assert listed[0]["is_hidden"] and listed[0]["body"] is None

    show = reverse(
        "participation:moderate", args=[consultation.slug, "einblenden", "comment", comment.pk]
    )
    logged_in(cluster_manager).post(show, {"reason": "Irrtum"})
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_editing_a_proposal_comment_changes_exactly_its_text_and_deleting_keeps_its_place(
    consultation, proposal, member, anna
):
    comment = services.add_comment(
        user=member, consultation=consultation, proposal=proposal, body="Erster Gedanke."
    )
    before = Comment.objects.filter(pk=comment.pk).values().get()
    edit = reverse("participation:comment-edit", args=[consultation.slug, comment.pk])
    assert logged_in(anna).post(edit, {"body": "Fremd."}).status_code == 403
    response = logged_in(member).post(edit, {"body": "Zweiter Gedanke."})
    assert response.status_code == 302
    assert response["Location"] == f"{proposal_url(proposal)}#kommentar-{comment.pk}"
    after = Comment.objects.filter(pk=comment.pk).values().get()
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"body", "body_html", "edited_at"}
    assert after["body"] == "Zweiter Gedanke." and after["proposal_id"] == proposal.pk

    delete = reverse("participation:comment-delete", args=[consultation.slug, comment.pk])
    response = logged_in(member).post(delete)
    assert response["Location"] == f"{proposal_url(proposal)}#kommentar-{comment.pk}"
    page = Client().get(proposal_url(proposal)).content.decode()
    assert "Kommentar gelöscht" in page and "Zweiter Gedanke." not in page


def test_api_lists_and_posts_proposal_comments_apart_from_the_elements_comments(
    consultation, area, proposal, member, other_cluster_member
):
    on_element = services.add_comment(
        user=member,
        consultation=consultation,
        element_kind=area.kind,
        lineage=area.lineage,
        body="Zum Element.",
    )
    client = logged_in(member)
    url = f"{API}/proposals/{proposal.pk}/comments"
    created = client.post(url, json.dumps({"body": "Zum Vorschlag."}), "application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["proposal_id"] == proposal.pk and body["element_lineage"] == str(area.lineage)
    assert body["author_badges"] == []
    reply = client.post(
        url, json.dumps({"body": "Nachtrag.", "parent": body["id"]}), "application/json"
    )
    assert reply.status_code == 201 and reply.json()["parent_id"] == body["id"]
    crossed = client.post(
        url, json.dumps({"body": "Quer.", "parent": on_element.pk}), "application/json"
    )
    assert crossed.status_code == 422
    assert [row["body"] for row in Client().get(url).json()] == ["Zum Vorschlag.", "Nachtrag."]
    element_list = Client().get(f"{API}/consultations/fortschreibung/comments").json()
    assert [row["id"] for row in element_list] == [on_element.pk]
    proposals = Client().get(f"{API}/consultations/fortschreibung/proposals").json()
    assert proposals[0]["comment_count"] == 2

    assert Client().post(url, json.dumps({"body": "x"}), "application/json").status_code == 401
    assert client.post(url, json.dumps({}), "application/json").status_code == 422
    assert Client().get(f"{API}/proposals/999999/comments").status_code == 404
    # In the other cluster's tenant the proposal does not exist.
    other = logged_in(other_cluster_member)
    assert other.get(f"/c/kunststoffe{url}").status_code == 404
    refused = other.post(f"/c/kunststoffe{url}", json.dumps({"body": "B."}), "application/json")
    assert refused.status_code == 404


def test_results_and_export_count_a_proposal_comment_once_for_its_element(
    consultation, area, proposal, member, cluster_manager
):
    services.add_comment(
        user=member,
        consultation=consultation,
        element_kind=area.kind,
        lineage=area.lineage,
        body="Zum Element.",
    )
    on_proposal = services.add_comment(
        user=member, consultation=consultation, proposal=proposal, body="Zum Vorschlag."
    )
    results = queries.consultation_results(consultation)
    assert results.comments == 2
    assert next(e for e in results.elements if e.number == "4.2.1").comments == 2
    table = comments_table(consultation, moderator=False)
    rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    assert len(rows) == table.count() == 2
    assert [row["zum Vorschlag Nr."] for row in rows] == ["", proposal.pk]
    assert rows[1]["Nr."] == on_proposal.pk and rows[1]["Nummer"] == "4.2.1"
