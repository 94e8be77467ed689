"""Reads with rules: which actors and contact persons a user may see, the access funnel."""

import re
from difflib import SequenceMatcher

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from clusterwerk.actors.models import Actor, ActorStatus, ContactPerson, Visibility
from clusterwerk.actors.permissions import (
    can_edit_actor,
    is_authenticated,
    is_cluster_manager,
    is_cluster_member,
    managed_cluster_ids,
    represented_actor_ids,
)


def visible_actors(user) -> QuerySet[Actor]:
    """Published actors for everyone; cluster managers also see drafts and archived ones."""
    if is_cluster_manager(user):
        return Actor.objects.all()
    return Actor.objects.filter(status=ActorStatus.PUBLISHED)


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
    if is_authenticated(user) and user.is_superuser:
        return Q()
    allowed = [Visibility.PUBLIC]
    if is_cluster_member(user):
        allowed.append(Visibility.MEMBERS)
    condition = Q(consent=True, visibility__in=allowed)
    if not is_authenticated(user):
        return condition
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
