"""What a list of matches shows: where each hit sits, how far away it is, its topic areas by
title, and the partners grouped by what they are – composed here so that views stay thin and
templates only show what they are given.

Actor matches (`present_actor_matches`):

- **Place**: the actor's town and district, for the actors the user may see in the request's
  cluster (`actors.queries.actor_places`: one query for all hits). An actor outside that
  directory (a cross-cluster partner) is shown without a place.
- **Distance**: "ca. 12 km" when the engine knows it (the need has an origin and the actor a
  position).
- **Topic areas**: the numbers the engine names (`ActorMatch.topic_numbers`) with their titles in
  the cluster's published edition (`masterplan.queries.topic_catalogue`: one query).
- **Reasons**: the engine's reasons minus those shown on their own (the kind, which is a badge;
  the distance; the topic areas), whatever wording the engine gives them: a reason is left
  out when it is the kind's label, names the distance in km, or names one of the hit's topic
  numbers or titles.
- **Groups**: "Forschung & Transfer" (universities, research institutes, competence centres,
  transfer offices), "Unternehmen & Handwerk" (companies, craft businesses) and "Kammern &
  Netzwerke" (everyone else: chambers, networks, associations, social partners, cluster
  organisations, economic development). Within a group the engine's rank holds; the groups
  follow the rank of their best hit, so the best match always comes first. With only one
  group the page shows no group headings (`ActorResults.headed`).
- **Similar providers**: matches with `similar_offer` (an actor that offers the same as the
  offer) never appear among the partners; they are listed apart (`ActorResults.similar`).

Listing matches (`present_listing_hits`, `owner_place`): the owner's town and district and the
distance only when the user may know the owner (`queries.owner_is_visible`).
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.queries import ActorPlace, actor_places
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue
from clusterwerk.matchmaking import engine
from clusterwerk.matchmaking.matches import ListingHit, names_distance
from clusterwerk.matchmaking.models import Listing
from clusterwerk.matchmaking.queries import owner_is_visible

RESEARCH = "research"
BUSINESS = "business"
NETWORKS = "networks"

GROUP_LABELS = {
    RESEARCH: gettext_lazy("Forschung & Transfer"),
    BUSINESS: gettext_lazy("Unternehmen & Handwerk"),
    NETWORKS: gettext_lazy("Kammern & Netzwerke"),
}
GROUP_OF_KIND = {
    ActorKind.UNIVERSITY: RESEARCH,
    ActorKind.RESEARCH_INSTITUTE: RESEARCH,
    ActorKind.COMPETENCE_CENTRE: RESEARCH,
    ActorKind.TRANSFER_OFFICE: RESEARCH,
    ActorKind.COMPANY: BUSINESS,
    ActorKind.CRAFT_BUSINESS: BUSINESS,
}

NO_PLACE = ActorPlace(municipality="", district="")


def group_of(kind: str) -> str:
    """The group of an actor kind; kinds without one of their own go to the networks."""
    return GROUP_OF_KIND.get(kind, NETWORKS)


def distance_text(kilometres: int | float | None) -> str:
    """ "ca. 12 km"; "" when unknown."""
    if kilometres is None:
        return ""
    if kilometres < 1:
        return _("unter 1 km")
    return _("ca. %(km)d km") % {"km": round(kilometres)}


def place_text(place: ActorPlace) -> str:
    """Town and district in one line ("Werder (Havel), Potsdam-Mittelmark"); a district-free
    town (Cottbus in Cottbus) is named once."""
    if place.municipality and place.district and place.municipality != place.district:
        return f"{place.municipality}, {place.district}"
    return place.municipality or place.district


@dataclass(frozen=True)
class Topic:
    number: str
    title: str


def _mentions(reason: str, needle: str) -> bool:
    """Whether the reason names a topic number (not as a part of a longer number) or title."""
    if not needle:
        return False
    if needle[0].isdigit():
        return re.search(rf"(?<![\d.]){re.escape(needle)}(?![\d])", reason) is not None
    return needle.casefold() in reason.casefold()


def other_reasons(
    reasons: Iterable[str],
    *,
    kind_label: str = "",
    kilometres: int | None = None,
    topics: Sequence[Topic] = (),
) -> list[str]:
    """The reasons that are not shown on their own (kind, distance, topic areas)."""
    needles = [topic.number for topic in topics] + [topic.title for topic in topics]
    kept = []
    for reason in reasons:
        text = str(reason)
        if kind_label and text == str(kind_label):
            continue
        if names_distance(text, kilometres):
            continue
        if any(_mentions(text, needle) for needle in needles):
            continue
        kept.append(text)
    return kept


def topics_of(numbers: Iterable[str], catalogue: TopicCatalogue) -> list[Topic]:
    return [Topic(number, catalogue.title_by_number.get(number, "")) for number in numbers]


# --- Actor matches -------------------------------------------------------------------------


@dataclass(frozen=True)
class PresentedMatch:
    """One actor match as the pages and the API show it."""

    match: engine.ActorMatch
    place: ActorPlace
    distance: str  # "ca. 12 km" or ""
    topics: list[Topic]
    reasons: list[str]  # the engine's reasons without those shown on their own
    group: str
    group_label: str

    @property
    def actor_id(self) -> int:
        return self.match.actor_id

    @property
    def name(self) -> str:
        return self.match.name

    @property
    def kind_label(self) -> str:
        return str(self.match.kind_label)

    @property
    def score(self) -> float:
        return self.match.score

    @property
    def is_demo(self) -> bool:
        return self.match.is_demo

    @property
    def municipality(self) -> str:
        return self.place.municipality

    @property
    def district(self) -> str:
        return self.place.district

    @property
    def place_text(self) -> str:
        return place_text(self.place)

    @property
    def explanation(self) -> str:
        return " · ".join(self.reasons)


@dataclass(frozen=True)
class MatchGroup:
    key: str
    label: str
    matches: list[PresentedMatch]


@dataclass(frozen=True)
class ActorResults:
    """Partners by group (each in the engine's rank) and, apart, similar providers."""

    groups: list[MatchGroup]
    similar: list[PresentedMatch]

    @property
    def partners(self) -> list[PresentedMatch]:
        return [match for group in self.groups for match in group.matches]

    @property
    def count(self) -> int:
        return sum(len(group.matches) for group in self.groups)

    @property
    def headed(self) -> bool:
        """Group headings only when there is more than one group."""
        return len(self.groups) > 1

    def __bool__(self) -> bool:
        return bool(self.groups or self.similar)


def present_match(
    match: engine.ActorMatch, place: ActorPlace, catalogue: TopicCatalogue
) -> PresentedMatch:
    topics = topics_of(match.topic_numbers, catalogue)
    group = group_of(match.kind)
    return PresentedMatch(
        match=match,
        place=place,
        distance=distance_text(match.distance_km),
        topics=topics,
        reasons=other_reasons(
            match.reasons,
            kind_label=match.kind_label,
            kilometres=match.distance_km,
            topics=topics,
        ),
        group=group,
        group_label=str(GROUP_LABELS[group]),
    )


def present_actor_matches(matches: Sequence[engine.ActorMatch], *, user, cluster) -> ActorResults:
    """The engine's matches (best first) as the pages show them, for `user` asking in
    `cluster`. Two queries at most (places, topic titles), none without matches."""
    if not matches:
        return ActorResults(groups=[], similar=[])
    places = actor_places(user, cluster, [match.actor_id for match in matches])
    catalogue = (
        topic_catalogue(cluster)
        if any(match.topic_numbers for match in matches)
        else TopicCatalogue.empty()
    )
    presented = [
        present_match(match, places.get(match.actor_id, NO_PLACE), catalogue) for match in matches
    ]
    grouped: dict[str, list[PresentedMatch]] = {}
    for item in presented:
        if not item.match.similar_offer:
            grouped.setdefault(item.group, []).append(item)  # dicts keep the first hit's rank
    return ActorResults(
        groups=[MatchGroup(key, str(GROUP_LABELS[key]), items) for key, items in grouped.items()],
        similar=[item for item in presented if item.match.similar_offer],
    )


def actor_match_payload(item: PresentedMatch) -> dict:
    """The API's partner match: the engine's fields, then where, how far and which group."""
    match = item.match
    return {
        "actor_id": match.actor_id,
        "name": match.name,
        "kind": match.kind,
        "kind_label": str(match.kind_label),
        "score": match.score,
        "reasons": [str(reason) for reason in match.reasons],
        "explanation": str(match.explanation),
        "distance_km": match.distance_km,
        "topic_numbers": list(match.topic_numbers),
        "is_demo": match.is_demo,
        "municipality": item.municipality or None,
        "district": item.district or None,
        "distance": item.distance or None,
        "group": item.group,
        "group_label": item.group_label,
        "similar_offer": match.similar_offer,
        "topics": [{"number": topic.number, "title": topic.title} for topic in item.topics],
    }


# --- Listing matches -----------------------------------------------------------------------


def owner_place(user, listing: Listing) -> ActorPlace:
    """The owner's town and district, or nothing while the user may not know the owner
    (needs `owner_actor__district` loaded to stay query-free)."""
    if not owner_is_visible(user, listing):
        return NO_PLACE
    owner = listing.owner_actor
    return ActorPlace(
        municipality=owner.municipality or "",
        district=owner.district.name if owner.district_id else "",
    )


@dataclass(frozen=True)
class PresentedListingHit:
    hit: ListingHit
    place: ActorPlace
    distance: str
    reasons: list[str]

    @property
    def listing(self) -> Listing:
        return self.hit.listing

    @property
    def owner(self) -> str:
        return self.hit.owner

    @property
    def score(self) -> float:
        return self.hit.score

    @property
    def place_text(self) -> str:
        return place_text(self.place)

    @property
    def explanation(self) -> str:
        return " · ".join(self.reasons)


def present_listing_hits(hits: Sequence[ListingHit], *, user) -> list[PresentedListingHit]:
    """Complementary listings with the owner's place and distance where the owner may be
    known (`ListingHit.distance_km` is None otherwise)."""
    presented = []
    for hit in hits:
        place = owner_place(user, hit.listing)
        presented.append(
            PresentedListingHit(
                hit=hit,
                place=place,
                distance=distance_text(hit.distance_km),
                reasons=other_reasons(hit.reasons, kilometres=hit.distance_km),
            )
        )
    return presented
