"""Every page of `governance.urls` and every operation of /api/v1/governance, tried by people who
have no right to cluster A's Beirat: anonymous, a logged-in person without a role, a member of
cluster A without a seat, the management of cluster B and a member of a body of cluster B. They
are tried against A's body, meeting, agenda item, document, post, decision and action item
through A's addresses and through B's prefix (`/c/<slug>/`), and against B's objects through
A's addresses: another cluster's objects are a 404, a members-only object of the right cluster
is refused (401/403/404, anonymous pages send to the login), nothing members-only shows in any
answer, writes change nothing of the bodies (nor the proposals a recommendation creates), and
the API never answers 500. The tables below are checked against the URL patterns and the API's
operations, so a new page or operation cannot be forgotten."""

import datetime
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from clusterwerk.governance import api_bodies, api_meetings, urls
from clusterwerk.governance.models import (
    AgendaItem,
    Decision,
    DecisionKind,
    Document,
    MemberFunction,
    Post,
)
from clusterwerk.governance.tests.factories import (
    make_action_item,
    make_body,
    make_decision,
    make_meeting,
    make_member,
    pdf_bytes,
)
from clusterwerk.participation.models import PhaseKind, Proposal
from clusterwerk.participation.tests.factories import make_consultation

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "outsider", "member", "other_cluster_manager", "other_body_member")

# Every page of governance.urls that writes (takes a POST), with the objects its address needs.
WRITE_PAGES = {
    "body-create": "",
    "body-edit": "slug",
    "members": "slug",
    "member-edit": "slug+member",
    "document-upload": "slug",
    "document-delete": "slug+document",
    "post-create": "slug",
    "post-edit": "slug+post",
    "post-delete": "slug+post",
    "badge-choice": "slug",
    "meeting-create": "slug",
    "meeting-edit": "slug+meeting",
    "agenda-add": "slug+meeting",
    "agenda-edit": "slug+meeting+agenda",
    "agenda-delete": "slug+meeting+agenda",
    "agenda-move": "slug+meeting+agenda",
    "meeting-document-upload": "slug+meeting",
    "meeting-invitations": "slug+meeting",
    "meeting-respond": "slug+meeting",
    "meeting-attendance": "slug+meeting",
    "meeting-minutes": "slug+meeting",
    "meeting-cancel": "slug+meeting",
    "decision-create": "slug+meeting",
    "decision-edit": "decision",
    "decision-publish": "decision",
    "decision-propose": "decision",
    "action-create": "slug+meeting",
    "action-edit": "action",
    "action-status": "action",
}
# Pages that only read (GET).
READ_PAGES = {
    "bodies": "",
    "action-items": "",
    "body": "slug",
    "space": "slug",
    "document": "slug+document",
    "meetings": "slug",
    "meeting": "slug+meeting",
    "meeting-ics": "slug+meeting",
    "meeting-document": "slug+meeting+meeting_document",
    "decision": "decision",
}
# Pages with no object in the address: under B's prefix they are B's own pages (B's management
# may create B's bodies), so they are tried under A's address only.
NO_OBJECT = {"body-create", "bodies", "action-items"}
# The body's public page: name, task and members are public (never its meetings etc.).
PUBLIC = {"bodies", "body"}

# (method, path template) of every operation of /api/v1/governance.
API_OPERATIONS = {
    ("GET", "/bodies"),
    ("GET", "/bodies/{slug}"),
    ("GET", "/bodies/{slug}/documents"),
    ("GET", "/bodies/{slug}/posts"),
    ("POST", "/bodies/{slug}/posts"),
    ("PUT", "/bodies/{slug}/members/me/badge"),
    ("GET", "/bodies/{slug}/meetings"),
    ("GET", "/meetings/{meeting_id}"),
    ("POST", "/meetings/{meeting_id}/response"),
    ("GET", "/decisions"),
    ("GET", "/action-items"),
    ("PATCH", "/action-items/{item_id}"),
}
# Operations that answer everyone (the public body and its published decisions).
API_PUBLIC = {("GET", "/bodies"), ("GET", "/bodies/{slug}"), ("GET", "/decisions")}


def api_operations() -> set[tuple[str, str]]:
    found = set()
    for module in (api_bodies, api_meetings):
        for path, view in module.router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    found.add((method, path))
    return found


def test_the_tables_cover_every_address_and_every_api_operation():
    names = {pattern.name for pattern in urls.urlpatterns}
    assert names == set(WRITE_PAGES) | set(READ_PAGES), "a governance page is not in a table"
    assert not set(WRITE_PAGES) & set(READ_PAGES)
    assert api_operations() == API_OPERATIONS, "a governance API operation is not in the table"


# --- the two clusters ---------------------------------------------------------------------------


def _secrets(tag: str) -> dict:
    return {
        "meeting": f"Geheime Sitzung {tag}",
        "minutes": f"Geheimes Protokoll {tag}",
        "agenda": f"Geheimer Tagesordnungspunkt {tag}",
        "decision": f"Geheime Empfehlung {tag}",
        "action": f"Geheime Aufgabe {tag}",
        "document": f"Geheimes Dokument {tag}",
        "meeting_document": f"Geheime Sitzungsunterlage {tag}",
        "post": f"Geheimer Beitrag {tag}",
    }


def _side(cluster, *, slug: str, tag: str, email: str) -> dict:
    """A public body with a member (an account) and everything members-only of it: a meeting
    (held yesterday, with minutes and an agenda item), a recommendation that is not published,
    an action item of the member, a document of the space and one of the meeting, a post."""
    secrets = _secrets(tag)
    body = make_body(cluster, slug=slug)
    seat = make_member(body, email, function=MemberFunction.CHAIR)
    starts = timezone.now() - datetime.timedelta(days=1)
    meeting = make_meeting(
        body,
        title=secrets["meeting"],
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        minutes=secrets["minutes"],
    )
    agenda = AgendaItem.objects.create(meeting=meeting, order=1, title=secrets["agenda"])
    decision = make_decision(
        meeting, text=secrets["decision"], kind=DecisionKind.RECOMMENDATION, agenda_item=agenda
    )
    action = make_action_item(meeting, seat.user, title=secrets["action"])
    documents = {
        key: Document.objects.create(
            body=body,
            meeting=meeting if key == "meeting_document" else None,
            title=secrets[key],
            filename=f"{key}.pdf",
            content=pdf_bytes(),
            size=len(pdf_bytes()),
        )
        for key in ("document", "meeting_document")
    }
    post = Post.objects.create(body=body, author=seat.user, text=secrets["post"])
    return {
        "body": body,
        "seat": seat,
        "meeting": meeting,
        "agenda": agenda,
        "decision": decision,
        "action": action,
        "post": post,
        "secrets": secrets,
        **documents,
    }


@pytest.fixture
def world(cluster, other_cluster, cluster_manager, plan):
    consultation = make_consultation(cluster, plan, phase=PhaseKind.PARTICIPATION)
    return {
        "a": _side(cluster, slug="beirat", tag="aus Cluster A", email="sitz-a@beirat.example"),
        "b": _side(other_cluster, slug="beirat-b", tag="aus Cluster B", email="sitz-b@b.example"),
        "consultation": consultation,
    }


@pytest.fixture
def other_body_member(world):
    """A member of cluster B's body: has no seat and no right in cluster A."""
    return world["b"]["seat"].user


def governance_state() -> dict:
    """Every row of the bodies' tables and the consultations' proposals."""
    state = {}
    for model in apps.get_app_config("governance").get_models():
        rows = list(model.objects.order_by("pk").values())
        for row in rows:
            if "content" in row:
                row["content"] = bytes(row["content"])
        state[model._meta.label] = rows
    state["proposals"] = list(Proposal.objects.order_by("pk").values())
    return state


def address(name: str, side: dict, needs: str) -> str:
    args = []
    if "slug" in needs:
        args.append(side["body"].slug)
    if "meeting" in needs.split("+"):
        args.append(side["meeting"].pk)
    for key, obj in (
        ("member", "seat"),
        ("agenda", "agenda"),
        ("meeting_document", "meeting_document"),
        ("document", "document"),
        ("post", "post"),
        ("decision", "decision"),
        ("action", "action"),
    ):
        if key in needs.split("+"):
            args.append(side[obj].pk)
    return reverse(f"governance:{name}", args=args)


def targets(name: str, needs: str, world: dict, b_prefix: str) -> list[tuple[str, str]]:
    """(kind, path): "own" – A's object at A's address; "cross" – A's object through B's
    prefix, or B's object through A's address."""
    if name in NO_OBJECT:
        return [("own", address(name, world["a"], needs))]
    return [
        ("own", address(name, world["a"], needs)),
        ("cross", b_prefix + address(name, world["a"], needs)),
        ("cross", address(name, world["b"], needs)),
    ]


def page_data(world: dict) -> dict:
    """One form that fills every field any of the pages asks for (files fresh per request)."""
    a = world["a"]
    day = timezone.localdate() + datetime.timedelta(days=30)
    data = {
        "name": "Gekapert",
        "slug": "gekapert",
        "kind": "advisory_board",
        "title": "Gekapert",
        "starts_at": f"{day.isoformat()}T10:00",
        "ends_at": f"{day.isoformat()}T12:00",
        "place": "Gekapert",
        "version": 1,
        "function": "member",
        "term_start": "2020-01-01",
        "user": a["seat"].user.email,
        "show": "on",
        "text": "Gekapert",
        "response": "accepted",
        "publish": "1",
        "direction": "down",
        "status": "done",
        "consultation": world["consultation"].slug,
        "key_point": "4.2",
        "rationale": "Gekapert",
        "mode": "consensus",
        "owner": a["seat"].user.pk,
        "due_on": day.isoformat(),
        "next": "list",
    }
    for prefix in ("agenda", "decision", "action", "minutes", "beitrag", "dokument", "document"):
        for field in ("title", "text", "mode", "kind", "minutes", "owner", "due_on", "version"):
            data[f"{prefix}-{field}"] = data.get(field, "Gekapert")
    data["attendance-present"] = [str(a["seat"].pk)]
    data[f"status-{a['action'].pk}-status"] = "done"
    data[f"status-{a['action'].pk}-version"] = 1
    for prefix in ("dokument", "document"):
        data[f"{prefix}-file"] = SimpleUploadedFile(
            "gekapert.pdf", pdf_bytes(), content_type="application/pdf"
        )
    return data


def _forbidden(prefix: str, world: dict) -> list[str]:
    """What must not show: everything members-only of A, and – outside B's prefix – of B."""
    found = list(world["a"]["secrets"].values())
    if not prefix:
        found += world["b"]["secrets"].values()
    return found


def _refused(answer, persona: str, kind: str, path: str):
    if persona == "anonymous" and answer.status_code == 302:
        assert resolve_url(settings.LOGIN_URL) + "?next=" in answer["Location"], path
        return
    allowed = (404,) if kind == "cross" else (403, 404)
    if persona == "anonymous":
        allowed += (403,)  # refused before the body is looked up: nothing of it shows
    assert answer.status_code in allowed, (persona, path, answer.status_code)


def _log_in(client, persona, tenant_personas):
    client.logout()
    if persona != "anonymous":
        client.force_login(tenant_personas(persona))


@pytest.mark.parametrize("name", sorted(WRITE_PAGES))
def test_no_write_page_works_without_a_right_to_the_body(
    name, client, world, other_cluster, other_body_member, tenant_personas
):
    before = governance_state()
    b_prefix = f"/c/{other_cluster.slug}"
    for persona in PERSONAS:
        _log_in(client, persona, tenant_personas)
        for kind, path in targets(name, WRITE_PAGES[name], world, b_prefix):
            answer = client.post(path, page_data(world))
            _refused(answer, persona, kind, path)
            text = answer.content.decode(errors="replace")
            for secret in _forbidden("/c/" if path.startswith("/c/") else "", world):
                assert secret not in text, (persona, path, secret)
        assert governance_state() == before, (persona, name)


@pytest.mark.parametrize("name", sorted(READ_PAGES))
def test_no_page_shows_the_members_only_without_a_right_to_it(
    name, client, world, other_cluster, other_body_member, tenant_personas
):
    b_prefix = f"/c/{other_cluster.slug}"
    for persona in PERSONAS:
        _log_in(client, persona, tenant_personas)
        for kind, path in targets(name, READ_PAGES[name], world, b_prefix):
            answer = client.get(path)
            if name in PUBLIC and kind == "own":
                assert answer.status_code == 200, (persona, path, answer.status_code)
            elif name == "action-items":
                assert answer.status_code in (302, 403), (persona, path, answer.status_code)
            else:
                _refused(answer, persona, kind, path)
            text = answer.content.decode(errors="replace")
            for secret in _forbidden("/c/" if path.startswith("/c/") else "", world):
                assert secret not in text, (persona, path, secret)


@pytest.mark.parametrize("persona", ("other_cluster_manager", "other_body_member"))
def test_b_sees_its_own_body_only_under_its_own_prefix(
    persona, client, world, other_cluster, tenant_personas
):
    """The control for the 404s above: B's people do see B's members-only space – through B's
    prefix."""
    client.force_login(tenant_personas(persona))
    b = f"/c/{other_cluster.slug}"
    secrets = world["b"]["secrets"]
    answer = client.get(b + reverse("governance:space", args=["beirat-b"]))
    assert answer.status_code == 200
    assert secrets["meeting"] in answer.content.decode()
    meetings = client.get(b + "/api/v1/governance/bodies/beirat-b/meetings")
    assert [row["title"] for row in meetings.json()] == [secrets["meeting"]]
    assert client.get("/api/v1/governance/bodies/beirat-b/meetings").status_code == 404


# --- the API ------------------------------------------------------------------------------------


def api_path(template: str, side: dict) -> str:
    return "/api/v1/governance" + template.format(
        slug=side["body"].slug, meeting_id=side["meeting"].pk, item_id=side["action"].pk
    )


API_BODIES = {
    "/bodies/{slug}/posts": {"text": "Gekapert"},
    "/bodies/{slug}/members/me/badge": {"show": True},
    "/meetings/{meeting_id}/response": {"response": "accepted"},
    "/action-items/{item_id}": {"status": "done", "version": 1},
}


@pytest.mark.parametrize("operation", sorted(API_OPERATIONS))
def test_no_api_operation_shows_or_changes_the_members_only(
    operation, client, world, other_cluster, other_body_member, tenant_personas
):
    before = governance_state()
    method, template = operation
    b = f"/c/{other_cluster.slug}"
    body = API_BODIES.get(template, {}) if method != "GET" else None
    for persona in PERSONAS:
        _log_in(client, persona, tenant_personas)
        tries = [("own", world["a"], ""), ("cross", world["a"], b), ("cross", world["b"], "")]
        for kind, side, prefix in tries:
            path = prefix + api_path(template, side)
            if body is None:
                answer = client.generic(method, path)
            else:
                answer = client.generic(
                    method, path, data=json.dumps(body), content_type="application/json"
                )
            assert answer.status_code != 500, (persona, method, path)
            text = answer.content.decode()
            for secret in _forbidden(prefix, world):
                assert secret not in text, (persona, method, path, secret)
            if operation in API_PUBLIC:
                expected = {200} if kind == "own" or "{slug}" not in template else {404}
            elif template == "/action-items":
                expected = {401} if persona == "anonymous" else {200}
            else:
                expected = {403, 404} if kind == "own" else {404}
                if persona == "anonymous":
                    expected.add(401)  # session auth comes before the lookup of the body
            assert answer.status_code in expected, (persona, method, path, answer.status_code)
            if template == "/action-items" and answer.status_code == 200:
                b_people = ("other_cluster_manager", "other_body_member")
                assert answer.json() == [] or (persona in b_people and prefix == b)
        assert governance_state() == before, (persona, operation)


def test_the_same_requests_work_for_the_right_people(client, world, cluster_manager):
    """The control: the refusals above are not a missing CSRF token or session – A's member
    writes through the API, A's management publishes through the page."""
    a = world["a"]
    client.force_login(a["seat"].user)
    answer = client.post(
        api_path("/bodies/{slug}/posts", a),
        data=json.dumps({"text": "Von einem Mitglied"}),
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    listing = client.get(api_path("/bodies/{slug}/documents", a)).json()
    assert {row["title"] for row in listing} == {
        a["secrets"]["document"],
        a["secrets"]["meeting_document"],
    }
    client.force_login(cluster_manager)
    answer = client.post(
        reverse("governance:decision-publish", args=[a["decision"].pk]), {"publish": "1"}
    )
    assert answer.status_code == 302
    assert Decision.objects.get(pk=a["decision"].pk).is_published
