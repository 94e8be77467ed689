"""Two clusters in one instance: the Beteiligung of cluster A (Metall) is A's alone.

A permission matrix, generated per persona × write path: every POST page and every write of
the API is tried by every persona against A's consultations, contributions and records –
in A's tenant (unprefixed addresses: A is the default cluster) and with A's ids in B's tenant
(`/c/kunststoffe/…`). Who may write does so; everybody else gets 401/403/404 (a page without
login sends to the login) and the database stays exactly as it was. In B's tenant nobody
reaches A's rows at all, not even A's own management: 404.

A's consultation is for the members of A (`Audience.MEMBERS`): a member of B is no member of
A. The reads of the management (interviews, workshops, the moderation queue, results before
the result phase, the moderator's export) stay closed to B's people as well.
"""

import datetime
import json
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusterwerk.actors.models import Actor, ActorRepresentative, ClusterMembership
from clusterwerk.masterplan.models import EditionStatus, Revision
from clusterwerk.masterplan.services import revise_edition
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation import services
from clusterwerk.participation.forms import consultation_initial
from clusterwerk.participation.models import (
    Audience,
    Consultation,
    Interview,
    PhaseKind,
    ProposalStatus,
    Support,
    Workshop,
)
from clusterwerk.participation.services import ContributionNotAllowed
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.participation.tests.results_helpers import (
    amendment,
    comment,
    person,
    rating,
    topic,
)

pytestmark = pytest.mark.clock

PERSONAS = [
    "cluster_manager",
    "member",
    "other_cluster_manager",
    "other_cluster_member",
    "outsider",
    "anonymous",
]
# In B's tenant A's rows do not exist, for anybody.
B_TENANT_PERSONAS = ["cluster_manager", "other_cluster_manager", "other_cluster_member"]
B = "/c/kunststoffe"

MANAGEMENT = {"cluster_manager"}
AUDIENCE = {"cluster_manager", "member"}  # of A's members-only consultation
AUTHOR = {"member"}
LOGGED_IN = set(PERSONAS) - {"anonymous"}


@dataclass
class World:
    """Cluster A's Beteiligung: a members-only consultation in its participation phase with
    a comment by A's member, a comment and two proposals by someone else (one supported by
    A's manager and member), a consultation in evaluation with a submitted and an accepted
    proposal, a draft edition, an interview and a workshop."""

    edition: object
    draft: object
    open: Consultation
    evaluating: Consultation
    own_comment: object
    other_comment: object
    proposal: object
    supported: object
    to_decide: object
    accepted: object
    author: object
    interview: Interview
    workshop: Workshop
    actor: Actor


@pytest.fixture
def world(cluster, other_cluster, cluster_manager, member) -> World:
    edition = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    draft = revise_edition(source=edition, label="2026", user=cluster_manager)
    open_ = make_consultation(cluster, edition, audience=Audience.MEMBERS, slug="a-offen")
    evaluating = make_consultation(cluster, edition, phase=PhaseKind.EVALUATION, slug="a-aus")
    author = person("autorin@example.org", name="Autorin")
    ta = topic(edition, "4.2.1")
    own_comment = services.add_comment(
        user=member,
        consultation=open_,
        element_kind=ta.kind,
        lineage=ta.lineage,
        body="Leichtbau ist wichtig.",
    )
    supported = amendment(open_, topic(edition, "6.3.2"), author, text="Gemeinsam ausbilden.")
    Support.objects.create(proposal=supported, user=cluster_manager)
    Support.objects.create(proposal=supported, user=member)
    actor = Actor.objects.create(name="Oderblech GmbH", slug="oderblech", kind="company")
    ClusterMembership.objects.create(actor=actor, cluster=cluster)
    return World(
        edition=edition,
        draft=draft,
        open=open_,
        evaluating=evaluating,
        own_comment=own_comment,
        other_comment=comment(open_, ta, author, body="Ein Hinweis der Autorin."),
        proposal=amendment(open_, ta, author, text="Leichte Produkte aus Brandenburg."),
        supported=supported,
        to_decide=amendment(evaluating, ta, author, text="Ein neues Ziel."),
        accepted=amendment(
            evaluating,
            topic(edition, "4.4.2"),
            author,
            text="Fertigung weiterentwickeln.",
            status=ProposalStatus.ACCEPTED,
        ),
        author=author,
        interview=Interview.objects.create(
            cluster=cluster,
            consultation=open_,
            held_on=timezone.localdate() - datetime.timedelta(days=3),
            actor=actor,
            interviewee_function="Geschäftsführerin",
            needs="Vertrauliche Bedarfe von Oderblech.",
            recorded_by=cluster_manager,
        ),
        workshop=Workshop.objects.create(
            cluster=cluster,
            consultation=open_,
            title="Werkstattgespräch Oderblech",
            held_on=timezone.localdate(),
            minutes="Internes Protokoll.",
            recorded_by=cluster_manager,
        ),
        actor=actor,
    )


def fingerprint() -> dict:
    """Every row of the Beteiligung, and the masterplan's revisions (proposals applied)."""
    models = [*apps.get_app_config("participation").get_models(), Revision]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def client_for(persona, tenant_personas) -> Client:
    client = Client()
    user = tenant_personas(persona)
    if user.is_authenticated:
        client.force_login(user)
    return client


def minute(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def consultation_form_data(consultation, **changes) -> dict:
    data = {}
    for name, value in consultation_initial(consultation).items():
        if isinstance(value, datetime.datetime):
            data[name] = minute(value)
        elif value is True:
            data[name] = "on"
        elif value not in (False, None):
            data[name] = value
    return {**data, **changes}


# --- The write paths -------------------------------------------------------------------------
# Each: (name, who may write in A's tenant, does it exist only in A's tenant, request)


def url(name, *args) -> str:
    return reverse(f"participation:{name}", args=args)


def element(w: World) -> str:
    ta = topic(w.edition, "4.2.1")
    return url("element", w.open.slug, ta.kind, ta.lineage)


def interview_data(w: World) -> dict:
    return {
        "held_on": w.interview.held_on.isoformat(),
        "actor": w.actor.pk,
        "interviewee_function": "Inhaberin",
        "topics": "4.2.1",
        "needs": "Geändert.",
    }


PAGE_WRITES = [
    (
        "consultation-create",
        MANAGEMENT,
        True,
        lambda w: (
            url("create"),
            consultation_form_data(
                w.open, title="Noch eine Beteiligung", slug="", edition=str(w.edition.pk)
            ),
        ),
    ),
    (
        "consultation-edit",
        MANAGEMENT,
        False,
        lambda w: (url("edit", w.open.slug), consultation_form_data(w.open, title="Gekapert")),
    ),
    ("phase-close", MANAGEMENT, False, lambda w: (url("phase-close", w.open.slug), {})),
    ("follow", LOGGED_IN, False, lambda w: (url("follow", w.open.slug), {})),
    ("comment", AUDIENCE, False, lambda w: (element(w), {"form": "comment", "body": "Hallo"})),
    (
        "rate",
        AUDIENCE,
        False,
        lambda w: (element(w), {"form": "rate", "relevance": "4", "priority": "2"}),
    ),
    (
        "amend",
        AUDIENCE,
        False,
        lambda w: (element(w), {"form": "amend", "field": "goal", "text": "Ganz anders."}),
    ),
    (
        "comment-edit",
        AUTHOR,
        False,
        lambda w: (url("comment-edit", w.open.slug, w.own_comment.pk), {"body": "Geändert"}),
    ),
    (
        "comment-delete",
        AUTHOR,
        False,
        lambda w: (url("comment-delete", w.open.slug, w.own_comment.pk), {}),
    ),
    (
        "topic-area-proposal",
        AUDIENCE,
        False,
        lambda w: (
            url("proposal-new-topic", w.open.slug, w.edition.key_points.get(number="4.2").lineage),
            {"title": "Wasserstoff", "text": "Wasserstoff nutzen."},
        ),
    ),
    ("support", AUDIENCE, False, lambda w: (url("support", w.open.slug, w.proposal.pk), {})),
    (
        "report",
        LOGGED_IN,
        False,
        lambda w: (
            url("report", w.open.slug, "comment", w.other_comment.pk),
            {"reason": "Beleidigend"},
        ),
    ),
    (
        "moderate",
        MANAGEMENT,
        False,
        lambda w: (
            url("moderate", w.open.slug, "ausblenden", "comment", w.other_comment.pk),
            {"reason": "Beleidigend"},
        ),
    ),
    (
        "block",
        MANAGEMENT,
        False,
        lambda w: (url("block", w.open.slug, w.author.pk), {"reason": "Spam"}),
    ),
    (
        "decide",
        MANAGEMENT,
        False,
        lambda w: (url("decide", w.evaluating.slug, w.to_decide.pk), {"decision": "accept"}),
    ),
    (
        "apply",
        MANAGEMENT,
        False,
        lambda w: (url("apply", w.evaluating.slug, w.accepted.pk), {"edition": w.draft.slug}),
    ),
    ("interview-create", MANAGEMENT, True, lambda w: (url("interview-create"), interview_data(w))),
    (
        "interview-edit",
        MANAGEMENT,
        False,
        lambda w: (url("interview-edit", w.interview.pk), interview_data(w)),
    ),
    (
        "workshop-create",
        MANAGEMENT,
        True,
        lambda w: (
            url("workshop-create"),
            {"title": "Neu", "held_on": "2026-12-24", "participant_count": "3"},
        ),
    ),
    (
        "workshop-edit",
        MANAGEMENT,
        False,
        lambda w: (
            url("workshop-edit", w.workshop.pk),
            {"title": "Gekapert", "held_on": "2026-12-24", "participant_count": "3"},
        ),
    ),
]

API = "/api/v1/participation"


def on_element(w: World, **values) -> dict:
    ta = topic(w.edition, "4.2.1")
    return {"element_kind": ta.kind, "lineage": str(ta.lineage), **values}


API_WRITES = [
    (
        "comment",
        AUDIENCE,
        lambda w: (
            "post",
            f"consultations/{w.open.slug}/comments",
            on_element(w, body="Über die API."),
        ),
    ),
    (
        "comment-edit",
        AUTHOR,
        lambda w: ("patch", f"comments/{w.own_comment.pk}", {"body": "Über die API geändert."}),
    ),
    ("comment-delete", AUTHOR, lambda w: ("delete", f"comments/{w.own_comment.pk}", None)),
    (
        "comment-report",
        LOGGED_IN,
        lambda w: ("post", f"comments/{w.other_comment.pk}/report", {"reason": "Spam"}),
    ),
    (
        "rate",
        AUDIENCE,
        lambda w: (
            "put",
            f"consultations/{w.open.slug}/ratings",
            on_element(w, relevance=5, priority=3),
        ),
    ),
    (
        "propose",
        AUDIENCE,
        lambda w: (
            "post",
            f"consultations/{w.open.slug}/proposals",
            on_element(w, kind="amendment", field="goal", text="Neu."),
        ),
    ),
    ("support", AUDIENCE, lambda w: ("post", f"proposals/{w.proposal.pk}/support", None)),
    (
        "withdraw-support",
        AUDIENCE,
        lambda w: ("delete", f"proposals/{w.supported.pk}/support", None),
    ),
    (
        "proposal-report",
        LOGGED_IN,
        lambda w: ("post", f"proposals/{w.proposal.pk}/report", {"reason": "Werbung"}),
    ),
]


def send_api(client, method, path, body, prefix=""):
    data = json.dumps(body or {})
    return getattr(client, method)(
        f"{prefix}{API}/{path}", data=data, content_type="application/json"
    )


def assert_refused_page(response, persona):
    if persona == "anonymous" and response.status_code == 302:
        assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code in (403, 404), response.status_code


# --- The matrix: A's tenant ------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("path", "allowed", "_a_only", "build"), PAGE_WRITES, ids=[p[0] for p in PAGE_WRITES]
)
def test_page_writes_in_a(world, tenant_personas, persona, path, allowed, _a_only, build):
    target, data = build(world)
    before = fingerprint()
    response = client_for(persona, tenant_personas).post(target, data)
    if persona in allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert fingerprint() != before, f"{persona} could not {path}"
    else:
        assert_refused_page(response, persona)
        assert fingerprint() == before, f"{persona} changed A's data through {path}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("path", "allowed", "build"), API_WRITES, ids=[p[0] for p in API_WRITES])
def test_api_writes_in_a(world, tenant_personas, persona, path, allowed, build):
    method, target, body = build(world)
    before = fingerprint()
    response = send_api(client_for(persona, tenant_personas), method, target, body)
    if persona in allowed:
        assert response.status_code < 300, response.content.decode()[:2000]
        assert fingerprint() != before, f"{persona} could not {path}"
    else:
        assert response.status_code in (401, 403, 404), response.content
        assert fingerprint() == before, f"{persona} changed A's data through {path}"


# --- The matrix: A's ids in B's tenant -------------------------------------------------------

OBJECT_PAGE_WRITES = [write for write in PAGE_WRITES if not write[2]]


@pytest.mark.parametrize("persona", B_TENANT_PERSONAS)
@pytest.mark.parametrize(
    ("path", "_allowed", "_a_only", "build"),
    OBJECT_PAGE_WRITES,
    ids=[p[0] for p in OBJECT_PAGE_WRITES],
)
def test_page_writes_on_a_in_b_tenant_are_404(
    world, tenant_personas, persona, path, _allowed, _a_only, build
):
    target, data = build(world)
    before = fingerprint()
    response = client_for(persona, tenant_personas).post(f"{B}{target}", data)
    assert response.status_code == 404, f"{persona} {path}: {response.status_code}"
    assert fingerprint() == before


@pytest.mark.parametrize("persona", B_TENANT_PERSONAS)
@pytest.mark.parametrize(("path", "_allowed", "build"), API_WRITES, ids=[p[0] for p in API_WRITES])
def test_api_writes_on_a_in_b_tenant_are_404(
    world, tenant_personas, persona, path, _allowed, build
):
    method, target, body = build(world)
    before = fingerprint()
    response = send_api(client_for(persona, tenant_personas), method, target, body, prefix=B)
    assert response.status_code == 404, f"{persona} {path}: {response.content}"
    assert fingerprint() == before


@pytest.mark.parametrize(
    ("target", "write"),
    [
        ("create", "consultation-create"),
        ("interview-create", "interview-create"),
        ("workshop-create", "workshop-create"),
    ],
)
def test_bs_management_creates_in_b_only(world, cluster, other_cluster_manager, target, write):
    """In its own tenant B's management may create – in B, never in A: A's edition and A's
    actors are not offered, and B without a published edition gets a page, not an error."""
    client = Client()
    client.force_login(other_cluster_manager)
    page = client.get(f"{B}{url(target)}")
    assert page.status_code == 200
    assert "Oderblech" not in page.content.decode()
    _target, data = {name: build for name, _allowed, _a_only, build in PAGE_WRITES}[write](world)
    before = fingerprint()
    response = client.post(f"{B}{url(target)}", data)
    assert response.status_code in (302, 400)
    after = fingerprint()
    for label in ("participation.Consultation", "participation.Interview"):
        assert after[label] == before[label]
    assert not Workshop.objects.filter(cluster=cluster).exclude(pk=world.workshop.pk).exists()


# --- Reads: what is A's management's stays A's ------------------------------------------------


def management_reads(w: World) -> list[str]:
    return [
        url("interviews"),
        url("interview-edit", w.interview.pk),
        url("workshops"),
        url("workshop-edit", w.workshop.pk),
        url("moderation", w.open.slug),
        url("results", w.open.slug),
        url("export", w.open.slug, "ratings", "csv"),
    ]


@pytest.mark.parametrize("persona", ["other_cluster_manager", "other_cluster_member", "member"])
def test_management_reads_of_a_are_closed_in_a(world, tenant_personas, persona):
    client = client_for(persona, tenant_personas)
    for target in management_reads(world):
        assert client.get(target).status_code == 403, target


def test_management_reads_of_a_are_open_to_as_management(world, cluster_manager):
    client = Client()
    client.force_login(cluster_manager)
    for target in management_reads(world):
        assert client.get(target).status_code == 200, target


@pytest.mark.parametrize("persona", B_TENANT_PERSONAS)
def test_a_is_invisible_in_bs_tenant(world, tenant_personas, persona):
    client = client_for(persona, tenant_personas)
    for target in [
        url("detail", world.open.slug),
        element(world),
        url("proposal", world.open.slug, world.proposal.pk),
        url("interview-edit", world.interview.pk),
        url("workshop-edit", world.workshop.pk),
        url("moderation", world.open.slug),
        url("results", world.open.slug),
        url("export", world.open.slug, "comments", "xlsx"),
        f"{API}/consultations/{world.open.slug}",
        f"{API}/consultations/{world.open.slug}/comments",
        f"{API}/consultations/{world.open.slug}/proposals",
    ]:
        assert client.get(f"{B}{target}").status_code == 404, target
    listing = client.get(f"{B}{url('list')}")
    assert listing.status_code == 200 and world.open.title not in listing.content.decode()
    assert client.get(f"{B}{API}/consultations").json() == []


def test_bs_management_sees_bs_records_only(world, other_cluster_manager):
    client = Client()
    client.force_login(other_cluster_manager)
    for target in (url("interviews"), url("workshops")):
        page = client.get(f"{B}{target}")
        assert page.status_code == 200
        text = page.content.decode()
        assert "Geschäftsführerin" not in text and "Werkstattgespräch Oderblech" not in text


@pytest.mark.parametrize("persona", ["other_cluster_manager", "other_cluster_member"])
def test_the_moderators_export_is_as_managements_only(world, tenant_personas, persona):
    """In the result phase everybody gets the public export; the names of the raters and the
    hidden contributions are for A's management, not for B's."""
    result = make_consultation(world.open.cluster, world.edition, phase=PhaseKind.RESULT)
    rater = person("bewerterin@example.org", name="Bewerterin Anna")
    ta = topic(world.edition, "4.2.1")
    rating(result, ta, rater, 4, 3)
    export = url("export", result.slug, "ratings", "csv")
    public = client_for(persona, tenant_personas).get(export)
    assert public.status_code == 200
    assert "Bewerterin Anna" not in b"".join(public.streaming_content).decode("utf-8-sig")
    manager = Client()
    manager.force_login(tenant_personas("cluster_manager"))
    moderated = manager.get(export)
    assert "Bewerterin Anna" in b"".join(moderated.streaming_content).decode("utf-8-sig")


def test_members_audience_counts_membership_in_the_consultations_cluster(world, other_cluster):
    """Representing an organisation makes one a member of the clusters it belongs to – of B
    only when it belongs to B only."""
    in_b = Actor.objects.create(name="Kunststoff KG", slug="kunststoff-kg", kind="company")
    ClusterMembership.objects.create(actor=in_b, cluster=other_cluster)
    for_b = person("vertreterin-b@example.org")
    ActorRepresentative.objects.create(actor=in_b, user=for_b)
    for_a = person("vertreter-a@example.org")
    ActorRepresentative.objects.create(actor=world.actor, user=for_a)
    ta = topic(world.edition, "4.2.1")
    arguments = {"consultation": world.open, "element_kind": ta.kind, "lineage": ta.lineage}
    with pytest.raises(ContributionNotAllowed):
        services.add_comment(user=for_b, body="Aus B.", **arguments)
    assert services.add_comment(user=for_a, body="Aus A.", **arguments).pk


def test_an_instance_without_clusters_answers_404_not_500(client, outsider):
    client.force_login(outsider)
    for target in (url("list"), url("create"), url("interviews"), url("detail", "gibt-es-nicht")):
        assert client.get(target).status_code in (403, 404), target
    assert client.get(f"{API}/consultations").json() == []
    body = json.dumps({"body": "Hallo"})
    response = client.patch(f"{API}/comments/1", data=body, content_type="application/json")
    assert response.status_code == 404
