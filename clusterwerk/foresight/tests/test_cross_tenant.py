"""Every page of `foresight.urls` and every operation of /api/v1/foresight, tried by people who
have no right to a cycle: anonymous, a logged-in person without a role, a member of cluster A,
the management of cluster B and a panellist of B's cycle. They are tried against A's cycle
through A's addresses and through B's prefix (`/c/<slug>/`), and against B's cycle through A's
addresses: another cluster's cycle is a 404, a cycle of the right cluster that the person may
not see is refused (401/403/404, anonymous pages send to the login), writes change nothing of
the foresight (nor the proposals, events and projects its gaps create), and the API never
answers 500. Then: the names behind the pseudonyms appear to the management only – never to the
other panellists or the public. The tables below are checked against the URL patterns and the
API's operations, so a new page or operation cannot be forgotten."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from clusterwerk.accounts.models import RoleAssignment
from clusterwerk.foresight import api_cycles, api_ratings, api_results, urls
from clusterwerk.foresight.models import Comment, Source, SourceKind, Status
from clusterwerk.foresight.tests.factories import criterion, make_cycle, make_item, make_panellist
from clusterwerk.foresight.tests.factories import rate as give_rating

pytestmark = pytest.mark.django_db

TITLE = "Geheime Vorausschau aus Cluster A"
ITEM_TITLE = "Geheimes Item aus Cluster A"
B_TITLE = "Vorausschau Kunststoffe"
B_ITEM_TITLE = "Geheimes Item aus Cluster B"
# The people behind the pseudonyms of A's panel (names and addresses) and B's panellist.
A_NAMES = (
    "Annegret Wurzelsepp",
    "anne.wurzel@panel.example",
    "Bodo Quellmann",
    "bodo.q@panel.example",
)
B_NAMES = ("Berta Verborgen", "berta.b@panel.example")
COMMENT = "Kommentar aus dem Panel von Cluster A"
REASON = "Begründung aus dem Panel von Cluster A"
PERSONAS = ("anonymous", "outsider", "member", "other_cluster_manager", "other_panellist")

# Every page of foresight.urls that writes (takes a POST), with the objects its address needs.
WRITE_PAGES = {
    "cycle_create": "",
    "cycle_edit": "slug",
    "criteria": "slug",
    "radar_setup": "slug",
    "transition": "slug",
    "item_create": "slug",
    "item_edit": "slug+key",
    "item_delete": "slug+key",
    "source_add": "slug+key",
    "source": "slug+key+source",
    "accept": "token",
    "panel": "slug",
    "panellist_remove": "slug+panellist",
    "rate_item": "slug+key",
    "comment": "slug+key",
    "comment_hide": "slug+key+comment",
    "gap_proposal": "slug+key",
    "gap_workshop": "slug+key",
    "gap_project": "slug+key",
    "gap_dismiss": "slug+key",
}
# Pages that only read (GET).
READ_PAGES = {
    "cycles": "",
    "cycle": "slug",
    "items": "slug",
    "matrix": "slug",
    "rate": "slug",
    "rate_feedback": "slug+key",
    "results": "slug",
    "item": "slug+key",
    "radar": "slug",
    "report_pdf": "slug",
    "report_xlsx": "slug",
    "gaps": "slug",
}
# Pages with no cycle in the address: under B's own prefix they are B's pages (B's management
# may create B's cycles), so they are tried under A's address only.
NO_CYCLE = {"cycle_create", "cycles"}

# (method, path template) of every operation of /api/v1/foresight.
API_OPERATIONS = {
    ("GET", "/cycles"),
    ("GET", "/cycles/{slug}"),
    ("GET", "/cycles/{slug}/items"),
    ("GET", "/cycles/{slug}/items/{key}"),
    ("POST", "/cycles/{slug}/phase"),
    ("GET", "/cycles/{slug}/my-ratings"),
    ("PUT", "/cycles/{slug}/items/{key}/my-rating"),
    ("GET", "/cycles/{slug}/items/{key}/feedback"),
    ("GET", "/cycles/{slug}/results"),
    ("GET", "/cycles/{slug}/items/{key}/results"),
}


def api_operations() -> set[tuple[str, str]]:
    found = set()
    for module in (api_cycles, api_ratings, api_results):
        for path, view in module.router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    found.add((method, path))
    return found


def test_the_tables_cover_every_address_and_every_api_operation():
    names = {pattern.name for pattern in urls.urlpatterns}
    assert names == set(WRITE_PAGES) | set(READ_PAGES), "a foresight page is not in a table"
    assert not set(WRITE_PAGES) & set(READ_PAGES)
    assert api_operations() == API_OPERATIONS, "a foresight API operation is not in the table"


# --- the two clusters ---------------------------------------------------------------------------


def _side(cluster, *, slug, title, key, item_title, people, status=Status.RATING):
    """A cycle with one item, a link source, two accepted panellists (or one) who rated the item
    with reasons and commented, and an open invitation."""
    cycle = make_cycle(cluster, slug=slug, title=title, status=status)
    item = make_item(cycle, key, title=item_title)
    source = Source.objects.create(
        item=item, kind=SourceKind.LINK, title="Studie", url="https://example.org/studie"
    )
    seats = []
    for name, email in zip(people[::2], people[1::2], strict=True):
        seats.append(make_panellist(cycle, email, name=name))
    for number, seat in enumerate(seats):
        give_rating(
            seat,
            item,
            {"impact": 1 + 4 * number, "uncertainty": 3, "horizon": 2},
            reason=f"{REASON} {number}",
            expertise=4,
        )
    comment = Comment.objects.create(item=item, panellist=seats[0], body=f"{COMMENT} ({slug})")
    invitation = make_panellist(
        cycle, f"offen@{slug}.example", user=None, accepted=False, name="Offene Einladung"
    )
    return {
        "cycle": cycle,
        "item": item,
        "source": source,
        "seats": seats,
        "comment": comment,
        "invitation": invitation,
    }


@pytest.fixture
def world(cluster, other_cluster, cluster_manager):
    return {
        "a": _side(
            cluster,
            slug="foresight-a",
            title=TITLE,
            key="A-01",
            item_title=ITEM_TITLE,
            people=A_NAMES,
        ),
        "b": _side(
            other_cluster,
            slug="foresight-b",
            title=B_TITLE,
            key="B-01",
            item_title=B_ITEM_TITLE,
            people=B_NAMES,
        ),
    }


@pytest.fixture
def other_panellist(world):
    """A panellist of cluster B's cycle: has no seat and no right in cluster A."""
    return world["b"]["seats"][0].user


def foresight_state() -> dict:
    """Every row of the foresight's tables, of what its gaps create elsewhere, and the roles."""
    state = {}
    for label in ("foresight", "participation", "events", "projects"):
        for model in apps.get_app_config(label).get_models():
            state[model._meta.label] = list(model.objects.order_by("pk").values())
    state["roles"] = list(RoleAssignment.objects.order_by("pk").values())
    return state


def address(name: str, side: dict, needs: str) -> str:
    kwargs = {}
    if "slug" in needs:
        kwargs["slug"] = side["cycle"].slug
    if "key" in needs:
        kwargs["key"] = side["item"].key
    if "source" in needs:
        kwargs["pk"] = side["source"].pk
    if "panellist" in needs:
        kwargs["pk"] = side["seats"][0].pk
    if "comment" in needs:
        kwargs["pk"] = side["comment"].pk
    if "token" in needs:
        kwargs["token"] = side["invitation"].token
    return reverse(f"foresight:{name}", kwargs=kwargs)


def targets(name: str, needs: str, world: dict, b_prefix: str) -> list[tuple[str, str]]:
    """(kind, path): "own" – A's object at A's address; "cross" – A's object through B's
    prefix, or B's object through A's address."""
    if name in NO_CYCLE:
        return [("own", address(name, world["a"], needs))]
    found = [
        ("cross", b_prefix + address(name, world["a"], needs)),
        ("cross", address(name, world["b"], needs)),
    ]
    if name != "accept":  # A's open invitation at A's address: its token is the right to it
        found.insert(0, ("own", address(name, world["a"], needs)))
    return found


def page_data(world: dict) -> dict:
    """One form that fills every field any of the pages asks for."""
    a = world["a"]
    data = {
        "title": "Gekapert",
        "year": 2031,
        "slug": "gekapert",
        "mode": "realtime",
        "description": "Gekapert",
        "version": getattr(a["cycle"], "version", 1),
        "action": "close",
        "part": "segments",
        "radar-names": "Gekapert",
        "key": "X-99",
        "kind": "technology",
        "steep": "technological",
        "link-title": "Gekapert",
        "link-url": "https://example.org/gekapert",
        "name": "Gekapert",
        "email": "gekapert@example.org",
        "stakeholder_group": "business",
        "expertise": "5",
        "body": "Gekapert",
        "hidden": "1",
        "note": "Gekapert",
        "text": "Gekapert",
        "rationale": "Gekapert",
        "starts_at": "2099-01-01T10:00",
    }
    for side in ("a", "b"):
        for row in (
            criterion(world[side]["cycle"], "impact"),
            criterion(world[side]["cycle"], "horizon"),
        ):
            data[f"c{row.pk}"] = "1"
            data[f"value-{row.pk}"] = "1"
    return data


def _text(answer) -> str:
    if answer.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
            return " ".join(
                archive.read(name).decode(errors="replace") for name in archive.namelist()
            )
    return answer.content.decode(errors="replace")


def _secrets(prefix: str = "") -> tuple[str, ...]:
    """What must not show: everything of A's cycle, and – outside B's prefix – of B's."""
    found = (TITLE, ITEM_TITLE, COMMENT, REASON, *A_NAMES[::2])
    if not prefix:
        found += (B_TITLE, B_ITEM_TITLE, *B_NAMES[::2])
    return found


def _refused(answer, persona: str, kind: str, path: str):
    if persona == "anonymous" and answer.status_code == 302:
        assert resolve_url(settings.LOGIN_URL) + "?next=" in answer["Location"], path
        return
    allowed = (404,) if kind == "cross" else (403, 404)
    if persona == "anonymous":
        allowed += (403,)  # refused before the cycle is looked up: nothing of it shows
    if answer.status_code == 405:
        return
    assert answer.status_code in allowed, (persona, path, answer.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(WRITE_PAGES))
def test_no_write_page_works_without_a_right_to_the_cycle(
    name, persona, client, world, other_cluster, tenant_personas
):
    if persona != "anonymous":
        client.force_login(tenant_personas(persona))
    before = foresight_state()
    data = page_data(world)
    for kind, path in targets(name, WRITE_PAGES[name], world, f"/c/{other_cluster.slug}"):
        answer = client.post(path, data)
        _refused(answer, persona, kind, path)
        text = _text(answer)
        for secret in _secrets("/c/" if path.startswith("/c/") else ""):
            assert secret not in text, (path, secret)
    assert foresight_state() == before


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(READ_PAGES))
def test_no_page_shows_a_cycle_without_a_right_to_it(
    name, persona, client, world, other_cluster, tenant_personas
):
    if persona != "anonymous":
        client.force_login(tenant_personas(persona))
    for kind, path in targets(name, READ_PAGES[name], world, f"/c/{other_cluster.slug}"):
        answer = client.get(path)
        if name not in NO_CYCLE:
            _refused(answer, persona, kind, path)
        else:
            assert answer.status_code in (200, 302, 403), (path, answer.status_code)
        text = _text(answer)
        for secret in _secrets("/c/" if path.startswith("/c/") else ""):
            assert secret not in text, (path, secret)


@pytest.mark.parametrize("persona", ("other_cluster_manager", "other_panellist"))
def test_b_sees_its_own_cycle_only_under_its_own_prefix(
    persona, client, world, other_cluster, tenant_personas
):
    """The control for the 404s above: B's people do see B's cycle – through B's prefix."""
    client.force_login(tenant_personas(persona))
    b = f"/c/{other_cluster.slug}"
    answer = client.get(b + reverse("foresight:cycle", args=["foresight-b"]))
    assert answer.status_code == 200
    assert B_TITLE in answer.content.decode()
    listing = client.get(b + "/api/v1/foresight/cycles").json()
    assert [row["title"] for row in listing] == [B_TITLE]
    assert client.get("/api/v1/foresight/cycles").json() == []


# --- the API ------------------------------------------------------------------------------------


def api_path(template: str, side: dict) -> str:
    return "/api/v1/foresight" + template.format(slug=side["cycle"].slug, key=side["item"].key)


def api_body(operation: tuple[str, str], side: dict) -> dict:
    """A body the operation's schema accepts, so that the refusal comes from the rules."""
    _method, template = operation
    if template.endswith("/phase"):
        return {"action": "close"}
    if template.endswith("/my-rating"):
        row = criterion(side["cycle"], "impact")
        return {"answers": {str(row.pk): 1}, "reasons": {str(row.pk): "Gekapert"}, "expertise": 5}
    return {}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", sorted(API_OPERATIONS))
def test_no_api_operation_shows_or_changes_a_cycle_without_a_right_to_it(
    operation, persona, client, world, other_cluster, tenant_personas
):
    if persona != "anonymous":
        client.force_login(tenant_personas(persona))
    before = foresight_state()
    method, template = operation
    b = f"/c/{other_cluster.slug}"
    tries = [("own", world["a"], ""), ("cross", world["a"], b), ("cross", world["b"], "")]
    for kind, side, prefix in tries:
        path = prefix + api_path(template, side)
        body = api_body(operation, side)
        answer = client.generic(
            method, path, data=json.dumps(body), content_type="application/json"
        )
        assert answer.status_code != 500, (method, path)
        text = answer.content.decode()
        for secret in _secrets(prefix):
            assert secret not in text, (method, path, secret)
        if template == "/cycles":
            assert answer.status_code == 200, (method, path, answer.status_code)
            b_people = ("other_cluster_manager", "other_panellist")
            assert answer.json() == [] or (persona in b_people and prefix == b)
            continue
        allowed = {403, 404} if kind == "own" else {404}
        if persona == "anonymous":
            allowed.add(401)  # session auth comes before the lookup of the cycle
        assert answer.status_code in allowed, (persona, method, path, answer.status_code)
    assert foresight_state() == before


def test_the_same_requests_work_for_the_right_people(client, world, cluster_manager):
    """The control: the refusals above are not a missing CSRF token or session – A's
    management changes the phase, A's panellist rates through the same kind of request."""
    a = world["a"]
    seat = a["seats"][1]
    client.force_login(seat.user)
    row = criterion(a["cycle"], "impact")
    answer = client.put(
        api_path("/cycles/{slug}/items/{key}/my-rating", a),
        data=json.dumps({"answers": {str(row.pk): 2}}),
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    client.force_login(cluster_manager)
    answer = client.post(
        reverse("foresight:transition", args=[a["cycle"].slug]), {"action": "close"}
    )
    assert answer.status_code == 302
    a["cycle"].refresh_from_db()
    assert a["cycle"].status == Status.EVALUATION


# --- names behind the pseudonyms --------------------------------------------------------------


def _pages_of_a(world: dict) -> list[str]:
    a = world["a"]
    slug, key = a["cycle"].slug, a["item"].key
    return [
        reverse("foresight:cycles"),
        reverse("foresight:cycle", args=[slug]),
        reverse("foresight:rate", args=[slug]),
        reverse("foresight:rate_item", args=[slug, key]),
        reverse("foresight:rate_feedback", args=[slug, key]),
        reverse("foresight:matrix", args=[slug]),
        reverse("foresight:results", args=[slug]),
        reverse("foresight:item", args=[slug, key]),
        reverse("foresight:radar", args=[slug]),
        reverse("foresight:report_xlsx", args=[slug]),
        "/api/v1/foresight/cycles",
        f"/api/v1/foresight/cycles/{slug}",
        f"/api/v1/foresight/cycles/{slug}/items",
        f"/api/v1/foresight/cycles/{slug}/items/{key}",
        f"/api/v1/foresight/cycles/{slug}/my-ratings",
        f"/api/v1/foresight/cycles/{slug}/items/{key}/feedback",
        f"/api/v1/foresight/cycles/{slug}/results",
        f"/api/v1/foresight/cycles/{slug}/items/{key}/results",
    ]


def _names_of_others(world: dict, viewer=None) -> list[str]:
    """Names and e-mail addresses of A's panel, without the viewer's own."""
    found = []
    for seat in world["a"]["seats"]:
        if viewer is not None and seat.user_id == viewer.pk:
            continue
        found += [seat.name, seat.email, seat.user.email]
    found.append("Offene Einladung")
    return found


def _assert_no_names(client, world, names, *, who):
    seen = 0
    for path in _pages_of_a(world):
        answer = client.get(path)
        assert answer.status_code != 500, path
        if answer.status_code != 200:
            continue
        seen += 1
        text = _text(answer)
        for name in names:
            assert name not in text, (who, path, name)
    return seen


@pytest.mark.parametrize("status", [Status.RATING, Status.PUBLISHED])
def test_panellists_see_pseudonyms_never_names(status, client, world):
    a = world["a"]
    a["cycle"].status = status
    a["cycle"].save(update_fields=["status"])
    viewer = a["seats"][1].user
    client.force_login(viewer)
    seen = _assert_no_names(client, world, _names_of_others(world, viewer), who="panellist")
    assert seen >= 8
    # The comment of the other panellist is there – under a pseudonym.
    page = client.get(reverse("foresight:rate_item", args=[a["cycle"].slug, a["item"].key]))
    text = page.content.decode()
    assert COMMENT in text
    assert a["seats"][0].pseudonym in text


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "other_cluster_manager"])
def test_the_public_sees_a_published_cycle_without_names(persona, client, world, tenant_personas):
    a = world["a"]
    a["cycle"].status = Status.PUBLISHED
    a["cycle"].save(update_fields=["status"])
    if persona != "anonymous":
        client.force_login(tenant_personas(persona))
    seen = _assert_no_names(client, world, _names_of_others(world), who=persona)
    assert seen >= 8
    results = client.get(f"/api/v1/foresight/cycles/{a['cycle'].slug}/results").json()
    assert results["items"][0]["title"] == ITEM_TITLE  # published: the results are public


def test_only_the_management_sees_the_names(client, world, cluster_manager):
    a = world["a"]
    client.force_login(cluster_manager)
    text = client.get(reverse("foresight:panel", args=[a["cycle"].slug])).content.decode()
    for seat in a["seats"]:
        assert seat.name in text
        assert seat.pseudonym in text
