"""Reads with rules: which actors and contact persons a user may see, the access funnel.

Everything works for one cluster, the request's (`core.tenancy.request_cluster`): its directory
(`permissions.directory_condition`), its managers, its members, its masterplan's topic areas.
An actor outside the cluster's directory is a 404 there, also for the managers of another
cluster.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Subquery, When
from django.http import Http404
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import (
    has_all_rights,
    is_authenticated,
    is_cluster_member,
    manages_cluster,
    represented_actor_ids,
)
from clusterwerk.actors.models import (
    Actor,
    ActorActivity,
    ActorKind,
    ActorStatus,
    BodySeat,
    ChangeRequest,
    ChangeRequestStatus,
    Claim,
    ClaimStatus,
    ClusterMembership,
    Competence,
    CompetenceTopicArea,
    ContactPerson,
    District,
    DistrictKind,
    Invitation,
    Visibility,
)
from clusterwerk.actors.permissions import (
    can_edit_actor,
    can_manage_actor,
    directory_condition,
    represents,
)
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import number_sort_key


def visible_actors(user, cluster: Cluster) -> QuerySet[Actor]:
    """The directory of `cluster`: published actors for everyone; the cluster's managers also
    see drafts and archived ones."""
    actors = Actor.objects.filter(directory_condition(cluster))
    if manages_cluster(user, cluster):
        return actors
    return actors.filter(status=ActorStatus.PUBLISHED)


@dataclass(frozen=True)
class ActorPlace:
    """Where an actor sits, in words: its town and its district's name (either may be "")."""

    municipality: str
    district: str


def actor_places(user, cluster: Cluster, actor_ids) -> dict[int, ActorPlace]:
    """Town and district of those of `actor_ids` the user may see in `cluster`'s directory
    (`visible_actors`), by id; the others are missing. One query."""
    ids = {int(pk) for pk in actor_ids}
    if not ids or cluster is None:
        return {}
    rows = (
        visible_actors(user, cluster)
        .filter(pk__in=ids)
        .values_list("pk", "municipality", "district__name")
    )
    return {
        pk: ActorPlace(municipality=municipality or "", district=district or "")
        for pk, municipality, district in rows
    }


def get_actor_for_user(user, cluster: Cluster, pk: int, *, write: bool = False) -> Actor:
    """The access funnel for one actor: 404 when it is not in `cluster`'s directory or the user
    may not see it, 403 when `write` and the user may neither edit it nor propose changes."""
    try:
        actor = visible_actors(user, cluster).select_related("district", "growth_core").get(pk=pk)
    except Actor.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_actor(user, actor, cluster):
        raise PermissionDenied
    return actor


def contact_visibility_condition(user, cluster: Cluster) -> Q:
    """Which contact persons of `cluster`'s directory the user may see, as a filter on
    ContactPerson (combine it with the directory, as `visible_contacts` does)."""
    if has_all_rights(user):
        return Q()
    condition = Q(consent=True, visibility=Visibility.PUBLIC)
    if not is_authenticated(user):
        return condition
    if is_cluster_member(user, cluster):
        # Members-only contacts: for the members of the cluster, of the cluster's actors.
        in_cluster = ClusterMembership.objects.filter(
            actor_id=OuterRef("actor_id"), cluster=cluster
        )
        condition |= Q(consent=True, visibility=Visibility.MEMBERS) & Q(Exists(in_cluster))
    condition |= Q(user=user)
    represented = represented_actor_ids(user)
    if represented:
        condition |= Q(actor_id__in=represented)
    if manages_cluster(user, cluster):
        condition |= directory_condition(cluster, actor_field="actor_id")
    return condition


def visible_contacts(user, cluster: Cluster, actors=None) -> QuerySet[ContactPerson]:
    """Contact persons of `cluster`'s directory the user may see, of the given actors
    (queryset or ids) or all."""
    contacts = ContactPerson.objects.filter(
        directory_condition(cluster, actor_field="actor_id")
    ).filter(contact_visibility_condition(user, cluster))
    if actors is not None:
        contacts = contacts.filter(actor__in=actors)
    return contacts.order_by("actor_id", "order", "id")


# --- Duplicates -----------------------------------------------------------------------------

LEGAL_FORMS = re.compile(
    r"\b(gmbh|mbh|ag|kg|ohg|gbr|ug|e\s?\.?\s?k|e\s?\.?\s?v|ggmbh|co|haftungsbeschränkt|"
    r"und|&|inh|inhaber)\b\.?",
)
DUPLICATE_SIMILARITY = 0.85
MAX_DUPLICATE_CANDIDATES = 5


def comparable_name(name: str) -> str:
    """Lower case, without legal form, punctuation and extra spaces."""
    name = (name or "").casefold().replace("ß", "ss")
    name = LEGAL_FORMS.sub(" ", name)
    name = re.sub(r"[^\w]+", " ", name)
    return " ".join(name.split())


def names_look_alike(first: str, second: str) -> bool:
    a, b = comparable_name(first), comparable_name(second)
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 6 and (a in b or b in a)):
        return True
    return SequenceMatcher(None, a, b).ratio() >= DUPLICATE_SIMILARITY


def find_possible_duplicates(
    name: str, postal_code: str = "", *, cluster: Cluster, exclude_pk=None
) -> list[Actor]:
    """Actors of `cluster`'s directory (not archived) with a similar name: at the same postal
    code, or anywhere when no postal code is given or the names are nearly identical."""
    comparable = comparable_name(name)
    if not comparable:
        return []
    candidates = Actor.objects.filter(directory_condition(cluster)).exclude(
        status=ActorStatus.ARCHIVED
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    longest_word = max(comparable.split(), key=len)
    condition = Q(name__icontains=longest_word)
    if postal_code:
        condition |= Q(postal_code=postal_code)
    found = []
    for actor in candidates.filter(condition).order_by("name")[:500]:
        same_place = not postal_code or not actor.postal_code or actor.postal_code == postal_code
        if not names_look_alike(name, actor.name):
            continue
        if same_place or comparable_name(actor.name) == comparable:
            found.append(actor)
        if len(found) >= MAX_DUPLICATE_CANDIDATES:
            break
    return found


# --- Profile --------------------------------------------------------------------------------


@dataclass
class CompetenceView:
    competence: Competence
    topic_areas: list  # TopicArea rows of the published edition


@dataclass
class ActorProfile:
    actor: Actor
    competences: list[CompetenceView]
    contacts: list[ContactPerson]
    activities: list[ActorActivity]
    clusters: list
    body_seats: list[BodySeat]
    can_edit: bool
    can_manage: bool
    represents: bool
    pending_requests: list[ChangeRequest] = field(default_factory=list)


def topic_areas_by_lineage(lineages, cluster: Cluster) -> dict[str, object]:
    """Topic areas of `cluster`'s published edition for the given lineages (one query)."""
    from clusterwerk.masterplan.models import TopicArea
    from clusterwerk.masterplan.queries import get_published_edition

    lineages = {str(lineage) for lineage in lineages}
    if not lineages:
        return {}
    edition = get_published_edition(cluster)
    if edition is None:
        return {}
    rows = TopicArea.objects.filter(edition=edition, lineage__in=lineages).select_related(
        "edition__cluster"
    )
    return {str(row.lineage): row for row in rows}


def actor_profile(user, cluster: Cluster, actor: Actor) -> ActorProfile:
    """The profile as shown in `cluster`: its topic areas, its rights, its contacts."""
    competences = list(actor.competences.prefetch_related("topics"))
    lineages = {tag.lineage for competence in competences for tag in competence.topics.all()}
    clusters = list(Cluster.objects.filter(memberships__actor=actor).order_by("name"))
    topic_areas = topic_areas_by_lineage(lineages, cluster)
    competence_views = [
        CompetenceView(
            competence,
            sorted(
                (
                    topic_areas[str(tag.lineage)]
                    for tag in competence.topics.all()
                    if str(tag.lineage) in topic_areas
                ),
                key=lambda area: number_sort_key(area.number),
            ),
        )
        for competence in competences
    ]
    manage = can_manage_actor(user, actor, cluster)
    own = represents(user, actor)
    pending = []
    if manage or own:
        pending = list(
            actor.change_requests.filter(status=ChangeRequestStatus.PENDING).select_related(
                "submitted_by"
            )
        )
        if not manage:
            pending = [request for request in pending if request.submitted_by_id == user.pk]
    return ActorProfile(
        actor=actor,
        competences=competence_views,
        contacts=list(visible_contacts(user, cluster, [actor.pk])),
        activities=list(
            actor.activity_links.select_related("activity").order_by(
                "-is_primary", "activity__scheme", "activity__code"
            )
        ),
        clusters=clusters,
        body_seats=list(actor.body_seats.select_related("cluster")),
        can_edit=manage or own,
        can_manage=manage,
        represents=own,
        pending_requests=pending,
    )


def merged_target(cluster: Cluster, pk: int) -> Actor | None:
    """For an archived duplicate in `cluster`'s directory: the published actor of the
    directory it was merged into."""
    actor = (
        Actor.objects.filter(directory_condition(cluster), pk=pk, merged_into__isnull=False)
        .select_related("merged_into")
        .first()
    )
    if actor is None:
        return None
    return (
        Actor.objects.filter(directory_condition(cluster), status=ActorStatus.PUBLISHED)
        .filter(pk=actor.merged_into_id)
        .first()
    )


def actor_history(actor: Actor, *, limit: int = 200):
    return actor.history.select_related("user")[:limit]


def actors_for_topic_area(
    user, cluster: Cluster, lineage, *, limit: int = 12
) -> tuple[list[Actor], int]:
    """Published actors of `cluster`'s directory with a competence tagged to the topic area
    (lineage), and their count; science and networks first, then by name.

    Two queries whatever the number of actors: a plain COUNT, and the page, for which the
    database sorts only ids, kinds and names of the tagged actors and reads the full rows of
    the `limit` shown ones."""
    actors = visible_actors(user, cluster).filter(
        status=ActorStatus.PUBLISHED,
        pk__in=CompetenceTopicArea.objects.filter(lineage=lineage).values("competence__actor_id"),
    )
    total = actors.count()
    if not total:
        return [], 0
    kind_order = Case(
        *[When(kind=kind, then=position) for position, kind in enumerate(PROFILE_KIND_ORDER)],
        default=len(PROFILE_KIND_ORDER),
    )
    page_ids = actors.annotate(kind_rank=kind_order).order_by("kind_rank", "name", "pk")
    page = list(
        Actor.objects.filter(pk__in=Subquery(page_ids.values("pk")[:limit]))
        .select_related("district")
        .annotate(kind_rank=kind_order)
        .order_by("kind_rank", "name", "pk")
    )
    return page, total


PROFILE_KIND_ORDER = (
    ActorKind.RESEARCH_INSTITUTE,
    ActorKind.UNIVERSITY,
    ActorKind.COMPETENCE_CENTRE,
    ActorKind.TRANSFER_OFFICE,
    ActorKind.NETWORK,
)


# --- Review ---------------------------------------------------------------------------------


def pending_change_requests(user, cluster: Cluster) -> QuerySet[ChangeRequest]:
    """Pending change requests of the actors in `cluster`'s directory, for its managers
    (nobody else gets any)."""
    if not manages_cluster(user, cluster):
        return ChangeRequest.objects.none()
    return ChangeRequest.objects.filter(
        directory_condition(cluster, actor_field="actor_id"),
        _proposed_in(cluster),
        status=ChangeRequestStatus.PENDING,
    ).select_related("actor", "submitted_by")


def _proposed_in(cluster: Cluster) -> Q:
    """Requests proposed in `cluster` (and the older ones that name no cluster)."""
    return Q(cluster=cluster) | Q(cluster__isnull=True)


def get_change_request_for_manager(user, cluster: Cluster, request_id: int) -> ChangeRequest:
    """A change request of an actor in `cluster`'s directory: 403 unless the user manages the
    cluster, 404 for a request of another cluster's actor."""
    if not manages_cluster(user, cluster):
        raise PermissionDenied
    try:
        return (
            ChangeRequest.objects.filter(
                directory_condition(cluster, actor_field="actor_id"), _proposed_in(cluster)
            )
            .select_related("actor", "submitted_by")
            .get(pk=request_id)
        )
    except ChangeRequest.DoesNotExist:
        raise Http404 from None


def get_contact_for_user(user, cluster: Cluster, contact_id: int) -> ContactPerson:
    """A contact person whose data the user may export or erase: the person and the actor's
    representatives (in any cluster: it is their own data), the managers of `cluster` for the
    actors of its directory; 404 otherwise, so ids reveal nothing."""
    try:
        contact = ContactPerson.objects.select_related("actor").get(pk=contact_id)
    except ContactPerson.DoesNotExist:
        raise Http404 from None
    allowed = is_authenticated(user) and (
        contact.user_id == user.pk
        or can_manage_actor(user, contact.actor, cluster)
        or represents(user, contact.actor)
    )
    if not allowed:
        raise Http404
    return contact


def pending_review_count(user, cluster: Cluster) -> int | None:
    """For the cluster's managers the number of profile changes waiting for them; None
    otherwise."""
    if not manages_cluster(user, cluster):
        return None
    return pending_change_requests(user, cluster).count()


# --- The representative's own organisations ("Mein Bereich") --------------------------------


def represented_actors_in(user, cluster: Cluster) -> QuerySet[Actor]:
    """The organisations of `cluster`'s directory the user represents (not archived), by name,
    annotated with what their profile has (`has_competences`, `has_topics`, `has_contacts`)
    and whether a change the user proposed waits for review (`has_pending_change`). One
    query."""
    if not is_authenticated(user):
        return Actor.objects.none()
    actor = OuterRef("pk")
    return (
        Actor.objects.filter(directory_condition(cluster), representatives__user=user)
        .exclude(status=ActorStatus.ARCHIVED)
        .annotate(
            has_competences=Exists(Competence.objects.filter(actor_id=actor)),
            has_topics=Exists(CompetenceTopicArea.objects.filter(competence__actor_id=actor)),
            has_contacts=Exists(ContactPerson.objects.filter(actor_id=actor)),
            has_pending_change=Exists(
                ChangeRequest.objects.filter(
                    actor_id=actor, submitted_by=user, status=ChangeRequestStatus.PENDING
                )
            ),
        )
        .order_by("name", "pk")
    )


def missing_profile_parts(actor: Actor) -> list[str]:
    """What a profile still lacks, as German labels (for the completeness hint). Reads the
    annotations of `represented_actors_in`."""
    missing = []
    if not actor.description.strip():
        missing.append(_("Beschreibung"))
    if not actor.website:
        missing.append(_("Website"))
    if not (actor.postal_code and actor.municipality):
        missing.append(_("Anschrift"))
    if not getattr(actor, "has_competences", True):
        missing.append(_("Kompetenzen"))
    if not getattr(actor, "has_topics", True):
        missing.append(_("Themenbereiche der Kompetenzen"))
    if not getattr(actor, "has_contacts", True):
        missing.append(_("Ansprechpersonen"))
    return missing


# --- Demo content (the public face other apps' demo generators use) ---------------------------

DEMO_EXTERNAL_PREFIX = "demo:"
FIRST_DEMO_COMPANY_ID = "demo:0001"


def demo_actors(cluster: Cluster | None = None) -> QuerySet[Actor]:
    """The demo generator's synthetic companies (of one cluster, when given)."""
    actors = Actor.objects.filter(is_demo=True, external_id__startswith=DEMO_EXTERNAL_PREFIX)
    if cluster is not None:
        actors = actors.filter(memberships__cluster=cluster)
    return actors


HOME_STATE = "Brandenburg"


def district_choice_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The districts as grouped choices (value: the Kreisschlüssel): Brandenburg's
    Landkreise, then its kreisfreie Städte, then each other state; by name within a group."""
    groups: dict[str, list[tuple[str, str]]] = {}
    home = {
        DistrictKind.RURAL_DISTRICT: _("Landkreise in Brandenburg"),
        DistrictKind.URBAN_DISTRICT: _("Kreisfreie Städte in Brandenburg"),
    }
    rows = District.objects.values_list("ags", "name", "kind", "state")
    for ags, name, kind, state in sorted(rows, key=_district_order):
        label = str(home.get(kind, state)) if state == HOME_STATE else state
        groups.setdefault(label, []).append((ags, name))
    return list(groups.items())


def _district_order(row) -> tuple:
    _ags, name, kind, state = row
    return (state != HOME_STATE, kind != DistrictKind.RURAL_DISTRICT, state, name)


# --- Joining: claims and invitations ----------------------------------------------------------

MAX_CLAIMABLE_RESULTS = 20


def is_newcomer(user) -> bool:
    """Logged in with neither a role in any cluster nor an organisation to represent: the
    front door ("Willkommen") is where such a person starts."""
    return (
        is_authenticated(user)
        and not user.is_superuser
        and not user.role_assignments.exists()
        and not user.represented_actors.exists()
    )


def pending_claims(cluster: Cluster) -> QuerySet[Claim]:
    """The claims waiting for `cluster`'s management, oldest first (ask `manages_cluster`
    before showing them)."""
    return (
        Claim.objects.filter(cluster=cluster, status=ClaimStatus.PENDING)
        .select_related("actor", "user")
        .order_by("created_at", "id")
    )


def claims_of_user(user, cluster: Cluster) -> QuerySet[Claim]:
    """The person's claims in `cluster`, newest first (pending and decided)."""
    if not is_authenticated(user):
        return Claim.objects.none()
    return (
        Claim.objects.filter(user=user, cluster=cluster)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def search_claimable(cluster: Cluster, q: str) -> list[Actor]:
    """Published organisations of `cluster`'s directory by name (every word) or postal code
    (its beginning), for the person looking for their own."""
    words = (q or "").split()[:6]
    if not words:
        return []
    actors = Actor.objects.filter(directory_condition(cluster), status=ActorStatus.PUBLISHED)
    for word in words:
        if word.isdigit():
            actors = actors.filter(postal_code__startswith=word)
        else:
            actors = actors.filter(Q(name__icontains=word) | Q(short_name__icontains=word))
    return list(actors.order_by("name", "id")[:MAX_CLAIMABLE_RESULTS])


def get_claim_for_manager(user, cluster: Cluster, claim_id: int) -> Claim:
    """A claim of `cluster`: 403 unless the user manages it, 404 for another cluster's."""
    if not manages_cluster(user, cluster):
        raise PermissionDenied
    try:
        return Claim.objects.select_related("actor", "user", "decided_by").get(
            pk=claim_id, cluster=cluster
        )
    except Claim.DoesNotExist:
        raise Http404 from None


def get_claim_of_user(user, cluster: Cluster, claim_id: int) -> Claim:
    """One of the person's own claims in `cluster`; 404 otherwise."""
    claim = claims_of_user(user, cluster).filter(pk=claim_id).first()
    if claim is None:
        raise Http404
    return claim


def invitations_of_cluster(user, cluster: Cluster) -> QuerySet[Invitation]:
    """The invitations of `cluster`, newest first, for its management (nobody else)."""
    if not manages_cluster(user, cluster):
        return Invitation.objects.none()
    return Invitation.objects.filter(cluster=cluster).select_related(
        "actor", "invited_by", "used_by"
    )


def term_condition(term, column: str = "search_document") -> Q:
    """The one rule for "this query term meets this index column of an actor", answered by the
    database's term index (`clusterwerk.actors.search.matching`); a `Q` on Actor, for other
    apps (the matching engine) that may use the directory's queries but not its internals."""
    from clusterwerk.actors.search.matching import term_condition as indexed_condition

    return indexed_condition(term, column)
