"""Cross-tenant rules of the Kooperationsbörse: cluster A (`metall`, the default cluster) and
cluster B (`kunststoffe`) share one instance, and a role in one says nothing about the other.

The permission matrix is generated from every write path of the app – each POST form view and
each API write – times the personas: nobody of B (nor anybody without a role in A) writes
anything of A (pages 403/404 or the login, API 401/403/404, nothing changed in the database),
also not through B's own address (`/c/kunststoffe/…`, where A's objects do not exist); the
people of A who may (the cluster management of A, the owner, the sender) can. Then the reads:
a member of B sees nothing of A that is not for everybody (drafts, the review queue, the
interests, the pipeline, the export), and pages work for B, a cluster without a masterplan.
"""

import csv
import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusterwerk.matchmaking import services
from clusterwerk.matchmaking.listing_pages import get_interest_for_user
from clusterwerk.matchmaking.models import (
    Interest,
    Listing,
    ListingKind,
    ListingStatus,
    SavedSearch,
)
from clusterwerk.matchmaking.queries import get_listing_for_user, owner_actor_choices
from clusterwerk.matchmaking.saved_searches import get_saved_search_for_user
from clusterwerk.matchmaking.tests.factories import (
    OWNER_NAME,
    Market,
    listing_data,
    make_interest,
    make_listing,
    make_market,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

API = "/api/v1/matchmaking"
IN_B = "/c/kunststoffe"
# Everybody who must not write anything of cluster A.
OUTSIDERS_OF_A = [
    "other_cluster_manager",
    "other_cluster_member",
    "member",
    "outsider",
    "anonymous",
]
DENIED_PAGE = {403, 404}
DENIED_API = {401, 403, 404}


@dataclass
class Tenant:
    """Cluster A's Kooperationsbörse: a published anonymous request, a draft, a listing in
    review, an open interest of the institute, and a saved search of the owner's person."""

    market: Market
    published: Listing
    draft: Listing
    in_review: Listing
    interest: Interest
    search: SavedSearch

    def person(self, role: str, tenant_personas):
        people = {
            "owner": self.market.owner_user,
            "sender": self.market.institute_user,
            "supplier": self.market.supplier_user,
        }
        return people[role] if role in people else tenant_personas(role)


@pytest.fixture
def tenant(cluster, other_cluster) -> Tenant:
    market = make_market(cluster)
    owner = market.owner
    published = make_listing(
        owner,
        created_by=market.owner_user,
        kind=ListingKind.RDI_REQUEST,
        title="Forschungspartner für Laserschweißen gesucht",
        is_anonymous=True,
        topics=["4.4.2"],
    )
    draft = make_listing(
        owner, created_by=market.owner_user, status=ListingStatus.DRAFT, title="Geheimer Entwurf"
    )
    in_review = make_listing(
        owner, created_by=market.owner_user, status=ListingStatus.IN_REVIEW, title="In Prüfung"
    )
    interest = make_interest(published, market.institute, market.institute_user)
    search = services.save_search(
        user=market.owner_user, cluster=cluster, name="Laser", query="Laser"
    )
    earlier = timezone.now() - datetime.timedelta(hours=1)
    SavedSearch.objects.filter(pk=search.pk).update(last_seen_at=earlier)
    return Tenant(market, published, draft, in_review, interest, search)


def state() -> tuple:
    """Everything a write could change."""
    return (
        sorted(
            Listing.objects.values_list(
                "pk", "cluster_id", "status", "title", "version", "review_note", "closed_at"
            )
        ),
        sorted(Interest.objects.values_list("pk", "status", "decided_at")),
        sorted(SavedSearch.objects.values_list("pk", "cluster_id", "last_seen_at")),
    )


def client_for(user) -> Client:
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


# --- The write paths -----------------------------------------------------------------------------


def form_post(t: Tenant) -> dict:
    data = listing_data()
    return {
        "owner_actor": t.market.owner.pk,
        "kind": data["kind"],
        "title": "Neues Gesuch aus einem anderen Cluster",
        "description": data["description"],
        "keywords": ", ".join(data["keywords"]),
        "topics": data["topics"],
        "maturity": data["maturity"],
        "region_scope": data["region_scope"],
        "expires_on": data["expires_on"],
        "action": "save",
    }


def edit_post(t: Tenant) -> dict:
    data = services.listing_data(t.published)
    return {
        "version": t.published.version,
        "kind": data["kind"],
        "title": "Umgeschrieben",
        "description": data["description"],
        "keywords": ", ".join(data["keywords"]),
        "topics": data["topics"],
        "region_scope": data["region_scope"],
        "expires_on": data["expires_on"],
        "action": "save",
    }


@dataclass(frozen=True)
class WritePath:
    name: str
    method: str
    url: Callable[[Tenant], str]
    data: Callable[[Tenant], dict]
    allowed: str  # who of cluster A may: a persona, "owner", "sender" or "supplier"
    api: bool = False

    def __str__(self) -> str:
        return self.name


def page(name: str, target: str | None = None) -> Callable[[Tenant], str]:
    def url(t: Tenant) -> str:
        args = [getattr(t, target).pk] if target else []
        return reverse(f"matchmaking:{name}", args=args)

    return url


def api(path: str, target: str | None = None) -> Callable[[Tenant], str]:
    return lambda t: API + path.format(pk=getattr(t, target).pk if target else "")


def nothing(_t: Tenant) -> dict:
    return {}


PAGE_WRITES = [
    WritePath("listing-create", "post", page("listing-create"), form_post, "cluster_manager"),
    WritePath(
        "listing-edit", "post", page("listing-edit", "published"), edit_post, "cluster_manager"
    ),
    WritePath(
        "listing-submit", "post", page("listing-submit", "draft"), nothing, "cluster_manager"
    ),
    WritePath(
        "listing-close", "post", page("listing-close", "published"), nothing, "cluster_manager"
    ),
    WritePath(
        "listing-approve", "post", page("listing-approve", "in_review"), nothing, "cluster_manager"
    ),
    WritePath(
        "listing-return",
        "post",
        page("listing-return", "in_review"),
        lambda t: {f"return-{t.in_review.pk}-note": "Bitte den Werkstoff nennen."},
        "cluster_manager",
    ),
    WritePath(
        "interest-send",
        "post",
        page("interest-send", "published"),
        lambda t: {"actor": t.market.supplier.pk, "message": "Wir fräsen das gern für Sie."},
        "supplier",
    ),
    WritePath(
        "interest-accept",
        "post",
        page("interest-accept", "interest"),
        lambda t: {f"interest-{t.interest.pk}-note": "Gern."},
        "owner",
    ),
    WritePath(
        "interest-decline",
        "post",
        page("interest-decline", "interest"),
        lambda t: {f"interest-{t.interest.pk}-note": "Danke, nein."},
        "owner",
    ),
    WritePath(
        "interest-withdraw", "post", page("interest-withdraw", "interest"), nothing, "sender"
    ),
    WritePath(
        "saved-search-delete", "post", page("saved-search-delete", "search"), nothing, "owner"
    ),
    # Opening the hits of a saved search marks them as seen (a write, with GET).
    WritePath("saved-search-hits", "get", page("saved-search-hits", "search"), nothing, "owner"),
]

API_WRITES = [
    WritePath(
        "api-listing-create",
        "post",
        api("/listings"),
        lambda t: listing_data(owner_actor=t.market.owner.pk),
        "cluster_manager",
        api=True,
    ),
    WritePath(
        "api-listing-patch",
        "patch",
        api("/listings/{pk}", "published"),
        lambda t: {"version": t.published.version, "title": "Umgeschrieben"},
        "cluster_manager",
        api=True,
    ),
    WritePath(
        "api-listing-submit",
        "post",
        api("/listings/{pk}/submit", "draft"),
        nothing,
        "cluster_manager",
        api=True,
    ),
    WritePath(
        "api-listing-approve",
        "post",
        api("/listings/{pk}/approve", "in_review"),
        nothing,
        "cluster_manager",
        api=True,
    ),
    WritePath(
        "api-listing-return",
        "post",
        api("/listings/{pk}/return", "in_review"),
        lambda t: {"note": "Bitte den Werkstoff nennen."},
        "cluster_manager",
        api=True,
    ),
    WritePath(
        "api-listing-close",
        "post",
        api("/listings/{pk}/close", "published"),
        nothing,
        "cluster_manager",
        api=True,
    ),
    WritePath(
        "api-interest-send",
        "post",
        api("/listings/{pk}/interests", "published"),
        lambda t: {"actor": t.market.supplier.pk, "message": "Wir fräsen das gern für Sie."},
        "supplier",
        api=True,
    ),
    WritePath(
        "api-interest-accept",
        "post",
        api("/interests/{pk}/accept", "interest"),
        nothing,
        "owner",
        api=True,
    ),
    WritePath(
        "api-interest-decline",
        "post",
        api("/interests/{pk}/decline", "interest"),
        nothing,
        "owner",
        api=True,
    ),
    WritePath(
        "api-interest-withdraw",
        "post",
        api("/interests/{pk}/withdraw", "interest"),
        nothing,
        "sender",
        api=True,
    ),
    WritePath(
        "api-saved-search-seen",
        "post",
        api("/saved-searches/{pk}/seen", "search"),
        nothing,
        "owner",
        api=True,
    ),
    WritePath(
        "api-saved-search-delete",
        "delete",
        api("/saved-searches/{pk}", "search"),
        nothing,
        "owner",
        api=True,
    ),
]

WRITE_PATHS = PAGE_WRITES + API_WRITES


def perform(client: Client, path: WritePath, t: Tenant, *, prefix: str = ""):
    url = prefix + path.url(t)
    if path.api:
        return getattr(client, path.method)(
            url, data=json.dumps(path.data(t)), content_type="application/json"
        )
    if path.method == "get":
        return client.get(url)
    return client.post(url, path.data(t))


def assert_denied(response, path: WritePath) -> None:
    status = response.status_code
    if path.api:
        assert status in DENIED_API, (path.name, status, response.content[:300])
        return
    if status == 302:  # visitors go to the login first
        assert "/konto/login/" in response["Location"], (path.name, response["Location"])
        return
    assert status in DENIED_PAGE, (path.name, status)


@pytest.mark.parametrize("persona", OUTSIDERS_OF_A)
@pytest.mark.parametrize("path", WRITE_PATHS, ids=str)
def test_nobody_outside_cluster_a_writes_in_it(tenant, tenant_personas, persona, path):
    client = client_for(tenant_personas(persona))
    before = state()
    assert_denied(perform(client, path, tenant), path)
    assert state() == before


@pytest.mark.parametrize("persona", ["other_cluster_manager", "cluster_manager"])
@pytest.mark.parametrize("path", WRITE_PATHS, ids=str)
def test_a_objects_do_not_exist_at_b_address(tenant, tenant_personas, persona, path):
    """In B's tenant (`/c/kunststoffe/…`), A's objects are not found: B's management acting
    for its own cluster on A's ids gets 404 (a create for A's organisation is refused) – and
    so does A's management, which has no right in B."""
    client = client_for(tenant_personas(persona))
    before = state()
    response = perform(client, path, tenant, prefix=IN_B)
    if path.name in ("listing-create", "api-listing-create"):
        # B's form does not offer A's organisation (400); A's management may not create in B.
        assert response.status_code in {400, 403, 422}, (path.name, response.status_code)
    else:
        assert response.status_code == 404, (path.name, response.status_code)
    assert state() == before


@pytest.mark.parametrize("path", WRITE_PATHS, ids=str)
def test_the_right_people_of_cluster_a_can(tenant, tenant_personas, path):
    client = client_for(tenant.person(path.allowed, tenant_personas))
    before = state()
    response = perform(client, path, tenant)
    assert response.status_code in {200, 201, 204, 302}, (path.name, response.content[:500])
    assert state() != before


@pytest.mark.parametrize("persona", [*OUTSIDERS_OF_A, "cluster_manager"])
def test_the_funnels_of_b_never_hand_out_objects_of_a(
    tenant, other_cluster, tenant_personas, persona
):
    user = tenant_personas(persona)
    for listing in (tenant.published, tenant.draft, tenant.in_review):
        with pytest.raises(Http404):
            get_listing_for_user(user, other_cluster, listing.pk)
    with pytest.raises(Http404):
        get_interest_for_user(user, other_cluster, tenant.interest.pk)
    with pytest.raises(Http404):
        get_saved_search_for_user(tenant.market.owner_user, other_cluster, tenant.search.pk)


# --- The services ------------------------------------------------------------------------------


def test_create_listing_checks_the_target_cluster(
    tenant, cluster, other_cluster, cluster_manager, other_cluster_manager
):
    owner = tenant.market.owner
    for user, target in (
        (other_cluster_manager, cluster),  # B's management, for an organisation of A in A
        (other_cluster_manager, other_cluster),  # … or in B, where the organisation is none
        (cluster_manager, other_cluster),  # A's management in B
        (tenant.market.owner_user, other_cluster),  # A's own people, in a cluster not theirs
    ):
        with pytest.raises(PermissionDenied):
            services.create_listing(user=user, cluster=target, owner=owner, data=listing_data())
    assert not Listing.objects.filter(cluster=other_cluster).exists()
    listing = services.create_listing(
        user=cluster_manager, cluster=cluster, owner=owner, data=listing_data()
    )
    assert listing.cluster == cluster


def test_owner_choices_are_the_clusters_organisations_the_user_may_act_for(
    tenant, cluster, other_cluster, cluster_manager, other_cluster_manager
):
    market = tenant.market
    everyone_of_a = {market.owner.pk, market.institute.pk, market.supplier.pk}
    assert set(owner_actor_choices(cluster_manager, cluster).values_list("pk", flat=True)) == (
        everyone_of_a
    )
    assert not owner_actor_choices(other_cluster_manager, cluster).exists()
    assert not owner_actor_choices(other_cluster_manager, other_cluster).exists()
    assert not owner_actor_choices(cluster_manager, other_cluster).exists()
    assert list(owner_actor_choices(market.owner_user, cluster)) == [market.owner]
    assert not owner_actor_choices(market.owner_user, other_cluster).exists()
    assert not owner_actor_choices(AnonymousUser(), cluster).exists()


# --- Reads: members-only content of A -------------------------------------------------------------


@pytest.mark.parametrize("persona", ["other_cluster_manager", "other_cluster_member"])
def test_people_of_b_see_only_what_everybody_sees_of_a(tenant, tenant_personas, persona):
    client = client_for(tenant_personas(persona))
    for hidden in (tenant.draft, tenant.in_review):
        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert client.get(f"{API}/listings/{hidden.pk}").status_code == 404
    detail = client.get(tenant.published.get_absolute_url())
    assert detail.status_code == 200
    assert OWNER_NAME not in detail.content.decode()  # anonymous stays anonymous
    body = client.get(f"{API}/listings").json()
    assert [item["id"] for item in body["items"]] == [tenant.published.pk]
    assert body["items"][0]["owner"] is None
    assert client.get(f"{API}/listings/{tenant.published.pk}/interests").status_code == 403
    assert client.get(f"{API}/listings/{tenant.published.pk}/matches").status_code == 403
    assert client.get(f"{API}/pipeline").status_code == 403
    assert client.get(f"{API}/saved-searches").json() == []
    assert client.get(reverse("matchmaking:review-queue")).status_code == 403
    assert client.get(reverse("matchmaking:pipeline")).status_code == 403
    assert "Geheimer Entwurf" not in client.get(reverse("matchmaking:my-listings")).content.decode()


def export_rows(client: Client, prefix: str = "") -> list[dict]:
    response = client.get(prefix + reverse("matchmaking:listing-export"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
    return list(reader)


@pytest.mark.parametrize("persona", ["other_cluster_manager", "other_cluster_member", "anonymous"])
def test_the_export_of_a_holds_no_members_only_rows_for_b(tenant, tenant_personas, persona):
    rows = export_rows(client_for(tenant_personas(persona)))
    assert [row["id"] for row in rows] == [str(tenant.published.pk)]
    assert OWNER_NAME not in rows[0]["anbieter"]


def test_the_management_of_a_sees_all_of_a_and_none_of_it_in_b(tenant, cluster_manager):
    client = client_for(cluster_manager)
    ids = {row["id"] for row in export_rows(client)}
    assert ids == {str(pk) for pk in (tenant.published.pk, tenant.draft.pk, tenant.in_review.pk)}
    assert export_rows(client, IN_B) == []
    queue = client.get(reverse("matchmaking:review-queue")).content.decode()
    assert "In Prüfung" in queue
    assert client.get(IN_B + reverse("matchmaking:review-queue")).status_code == 403
    assert client.get(f"{IN_B}{API}/listings").json()["items"] == []
    assert client.get(f"{IN_B}{API}/pipeline").status_code == 403


def test_b_management_sees_its_own_pipeline_and_queue(tenant, other_cluster_manager):
    client = client_for(other_cluster_manager)
    assert client.get(IN_B + reverse("matchmaking:review-queue")).status_code == 200
    assert client.get(IN_B + reverse("matchmaking:pipeline")).status_code == 200
    months = client.get(f"{IN_B}{API}/pipeline").json()
    assert sum(month["listings"] for month in months) == 0  # A's listings are not counted


def test_saved_searches_belong_to_their_cluster(tenant, other_cluster):
    owner = client_for(tenant.market.owner_user)
    assert [s["id"] for s in owner.get(f"{API}/saved-searches").json()] == [tenant.search.pk]
    assert owner.get(f"{IN_B}{API}/saved-searches").json() == []
    hits = reverse("matchmaking:saved-search-hits", args=[tenant.search.pk])
    assert owner.get(IN_B + hits).status_code == 404
    response = owner.post(
        f"{IN_B}{API}/saved-searches",
        data='{"name": "Kunststoff", "query": "Spritzguss"}',
        content_type="application/json",
    )
    assert response.status_code == 201
    assert SavedSearch.objects.get(pk=response.json()["id"]).cluster == other_cluster


# --- Cluster B: pages without a published masterplan -------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["listing-list", "listing-create", "my-listings", "partner-search", "review-queue", "pipeline"],
)
def test_pages_work_for_a_cluster_without_masterplan(tenant, other_cluster_manager, name):
    response = client_for(other_cluster_manager).get(IN_B + reverse(f"matchmaking:{name}"))
    assert response.status_code == 200
    assert 'href="/c/kunststoffe/kooperation/' in response.content.decode()


def test_b_search_and_saved_searches_without_masterplan(tenant, other_cluster_manager):
    client = client_for(other_cluster_manager)
    search = client.get(
        IN_B + reverse("matchmaking:partner-search"), {"need": "Laserschweißen von Aluminium"}
    )
    assert search.status_code == 200
    assert client.get(f"{IN_B}{API}/match", {"q": "Laserschweißen"}).status_code == 200
    assert client.get(IN_B + reverse("matchmaking:saved-search-list")).status_code == 200
    assert client.get(IN_B + reverse("portal:value-chain")).status_code == 200


def test_emails_link_into_the_listings_cluster(
    other_cluster, other_cluster_manager, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """A listing of another cluster, approved outside its requests (a command, the default
    cluster's pages): the e-mail's address names the listing's cluster."""
    settings.SITE_URL = "https://cluster.example.org"
    market = make_market(other_cluster)
    listing = make_listing(
        market.owner, created_by=market.owner_user, status=ListingStatus.IN_REVIEW
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_listing(user=other_cluster_manager, listing=listing)
    address = f"https://cluster.example.org/c/{other_cluster.slug}/kooperation/{listing.pk}/"
    assert address in mailoutbox[-1].body
