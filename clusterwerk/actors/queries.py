"""Reads with rules: which actors and contact persons a user may see, the access funnel."""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Q, QuerySet, When
from django.http import Http404

from clusterwerk.accounts.permissions import (
    has_all_rights,
    is_authenticated,
    is_cluster_manager,
    managed_cluster_ids,
    member_cluster_ids,
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
    Competence,
    CompetenceTopicArea,
    ContactPerson,
    Visibility,
)
from clusterwerk.actors.permissions import can_edit_actor, can_manage_actor, represents
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import number_sort_key


def visible_actors(user) -> QuerySet[Actor]:
    """Published actors for everyone; cluster managers also see drafts and archived ones."""
    if is_cluster_manager(user):
        return Actor.objects.all()
    return Actor.objects.filter(status=ActorStatus.PUBLISHED)


def default_clusters() -> list[Cluster]:
    return list(Cluster.objects.filter(slug=settings.DEFAULT_CLUSTER_SLUG))


def get_actor_for_user(user, pk: int, *, write: bool = False) -> Actor:
    """The access funnel for one actor: 404 when the user may not see it, 403 when `write`
    and the user may neither edit it nor propose changes."""
    try:
        actor = visible_actors(user).select_related("district", "growth_core").get(pk=pk)
    except Actor.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_actor(user, actor):
        raise PermissionDenied
    return actor


def contact_visibility_condition(user) -> Q:
    """Which contact persons the user may see, as a filter on ContactPerson."""
    if has_all_rights(user):
        return Q()
    condition = Q(consent=True, visibility=Visibility.PUBLIC)
    if not is_authenticated(user):
        return condition
    member_of = member_cluster_ids(user)
    if member_of:
        # Members-only contacts: for the members of a cluster the organisation belongs to.
        condition |= Q(
            consent=True,
            visibility=Visibility.MEMBERS,
            actor__memberships__cluster_id__in=member_of,
        )
    condition |= Q(user=user)
    represented = represented_actor_ids(user)
    if represented:
        condition |= Q(actor_id__in=represented)
    managed = managed_cluster_ids(user)
    if managed:
        condition |= Q(actor__memberships__cluster_id__in=managed) | Q(
            actor__memberships__isnull=True
        )
    return condition


def visible_contacts(user, actors=None) -> QuerySet[ContactPerson]:
    """Contact persons the user may see, of the given actors (queryset or ids) or all."""
    contacts = ContactPerson.objects.filter(contact_visibility_condition(user))
    if actors is not None:
        contacts = contacts.filter(actor__in=actors)
    return contacts.distinct().order_by("actor_id", "order", "id")


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


def find_possible_duplicates(name: str, postal_code: str = "", *, exclude_pk=None) -> list[Actor]:
    """Actors (not archived) with a similar name: at the same postal code, or anywhere when
    no postal code is given or the names are nearly identical."""
    comparable = comparable_name(name)
    if not comparable:
        return []
    candidates = Actor.objects.exclude(status=ActorStatus.ARCHIVED)
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


def topic_areas_by_lineage(lineages, cluster=None) -> dict[str, object]:
    """Topic areas of the published edition for the given lineages (one query)."""
    from clusterwerk.masterplan.models import TopicArea
    from clusterwerk.masterplan.queries import get_published_edition

    lineages = {str(lineage) for lineage in lineages}
    if not lineages:
        return {}
    if cluster is None:
        cluster = Cluster.objects.filter(slug=settings.DEFAULT_CLUSTER_SLUG).first()
    edition = get_published_edition(cluster) if cluster else None
    if edition is None:
        return {}
    rows = TopicArea.objects.filter(edition=edition, lineage__in=lineages).select_related(
        "edition__cluster"
    )
    return {str(row.lineage): row for row in rows}


def actor_profile(user, actor: Actor) -> ActorProfile:
    competences = list(actor.competences.prefetch_related("topics"))
    lineages = {tag.lineage for competence in competences for tag in competence.topics.all()}
    clusters = list(Cluster.objects.filter(memberships__actor=actor).order_by("name"))
    topic_areas = topic_areas_by_lineage(lineages, clusters[0] if clusters else None)
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
    manage = can_manage_actor(user, actor)
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
        contacts=list(visible_contacts(user, [actor.pk])),
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


def merged_target(pk: int) -> Actor | None:
    """For an archived duplicate: the published actor it was merged into."""
    actor = Actor.objects.filter(pk=pk, merged_into__isnull=False).select_related("merged_into")
    actor = actor.first()
    if actor and actor.merged_into.status == ActorStatus.PUBLISHED:
        return actor.merged_into
    return None


def actor_history(actor: Actor, *, limit: int = 200):
    return actor.history.select_related("user")[:limit]


def actors_for_topic_area(user, lineage, *, limit: int = 12) -> tuple[list[Actor], int]:
    """Visible actors with a competence tagged to the topic area (lineage), and their count;
    science and networks first, then by name."""
    actors = visible_actors(user).filter(
        status=ActorStatus.PUBLISHED,
        pk__in=CompetenceTopicArea.objects.filter(lineage=lineage).values("competence__actor_id"),
    )
    total = actors.count()
    kind_order = Case(
        *[When(kind=kind, then=position) for position, kind in enumerate(PROFILE_KIND_ORDER)],
        default=len(PROFILE_KIND_ORDER),
    )
    page = list(
        actors.select_related("district")
        .annotate(kind_rank=kind_order)
        .order_by("kind_rank", "name")[:limit]
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


def pending_change_requests(user) -> QuerySet[ChangeRequest]:
    """Pending change requests of the actors the user manages."""
    requests = ChangeRequest.objects.filter(status=ChangeRequestStatus.PENDING).select_related(
        "actor", "submitted_by"
    )
    if is_authenticated(user) and user.is_superuser:
        return requests
    managed = managed_cluster_ids(user)
    if not managed:
        return requests.none()
    return requests.filter(
        Q(actor__memberships__cluster_id__in=managed) | Q(actor__memberships__isnull=True)
    ).distinct()


def get_change_request_for_manager(user, request_id: int) -> ChangeRequest:
    if not is_cluster_manager(user):
        raise PermissionDenied
    try:
        change_request = ChangeRequest.objects.select_related("actor", "submitted_by").get(
            pk=request_id
        )
    except ChangeRequest.DoesNotExist:
        raise Http404 from None
    if not can_manage_actor(user, change_request.actor):
        raise PermissionDenied
    return change_request


def get_contact_for_user(user, contact_id: int) -> ContactPerson:
    """A contact person whose data the user may export or erase (the person, the actor's
    representatives and managers); 404 otherwise, so ids reveal nothing."""
    try:
        contact = ContactPerson.objects.select_related("actor").get(pk=contact_id)
    except ContactPerson.DoesNotExist:
        raise Http404 from None
    allowed = is_authenticated(user) and (
        contact.user_id == user.pk
        or can_manage_actor(user, contact.actor)
        or represents(user, contact.actor)
    )
    if not allowed:
        raise Http404
    return contact


def pending_review_count(user) -> int | None:
    """For cluster managers the number of profile changes waiting for them; None otherwise."""
    if not is_cluster_manager(user):
        return None
    return pending_change_requests(user).count()


# --- Demo content (the public face other apps' demo generators use) ---------------------------

DEMO_EXTERNAL_PREFIX = "demo:"
FIRST_DEMO_COMPANY_ID = "demo:0001"


def demo_actors(cluster: Cluster | None = None) -> QuerySet[Actor]:
    """The demo generator's synthetic companies (of one cluster, when given)."""
    actors = Actor.objects.filter(is_demo=True, external_id__startswith=DEMO_EXTERNAL_PREFIX)
    if cluster is not None:
        actors = actors.filter(memberships__cluster=cluster)
    return actors
