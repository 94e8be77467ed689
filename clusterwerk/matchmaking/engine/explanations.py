"""Why a candidate fits, in German: the need's words that carried the match, the kind, the
distance, the shared topic areas (and, for actors, the other clusters)."""

from django.utils.translation import gettext as _

from clusterwerk.actors.models import ActorKind
from clusterwerk.masterplan.queries import TopicCatalogue
from clusterwerk.matchmaking.models import ListingKind

MAX_REASON_WORDS = 3
# A word is named as a reason when it adds at least this share of the strongest word's part.
MIN_REASON_SHARE = 0.25
MAX_REASON_TOPICS = 3
MAX_REASON_PROBLEMS = 2


def overlap_numbers(
    weights: dict[str, float], lineages: frozenset[str], catalogue: TopicCatalogue
) -> list[str]:
    """Numbers of the need's topic areas that the candidate is tagged with, in plan order."""
    return catalogue.numbers_of(lineage for lineage in weights if lineage in lineages)[
        :MAX_REASON_TOPICS
    ]


def topic_reason(numbers: list[str], catalogue: TopicCatalogue | None) -> list[str]:
    """The shared topic areas in words: their titles (the number where there is none)."""
    if not numbers:
        return []
    titles = [
        (catalogue.title_by_number.get(number) if catalogue else None) or number
        for number in numbers
    ]
    if len(titles) == 1:
        return [_("Thema: %(title)s") % {"title": titles[0]}]
    return [_("Themen: %(titles)s") % {"titles": "; ".join(titles)}]


def thesaurus_reasons(contributions: list[tuple[float, int, str, str]]) -> list[str]:
    """Per problem of the need the competences the thesaurus added for it that carried the
    match: "passt zu „Verzug“: Wärmebehandlung, Simulation" (strongest first; a target that
    added little is left out)."""
    strongest = max((item[0] for item in contributions), default=0.0)
    targets: dict[str, list[str]] = {}
    for value, _order, problem, target in sorted(contributions, key=lambda i: (-i[0], i[1])):
        if value < MIN_REASON_SHARE * strongest:
            break
        named = targets.setdefault(problem, [])
        if len(named) < MAX_REASON_WORDS and target not in named:
            named.append(target)
    return [
        _("passt zu „%(problem)s“: %(targets)s") % {"problem": problem, "targets": ", ".join(named)}
        for problem, named in list(targets.items())[:MAX_REASON_PROBLEMS]
    ]


def request_reason(title: str) -> list[str]:
    return [_("Sucht: „%(title)s“") % {"title": title}]


def downstream_reason() -> list[str]:
    return [_("Möglicher Abnehmer (nachgelagerte Wertschöpfungsstufe)")]


def similar_offer_reason() -> list[str]:
    return [_("Bietet Ähnliches an")]


def words_reason(words: list[str]) -> list[str]:
    return [_("Treffer: %(words)s") % {"words": ", ".join(words)}] if words else []


def distance_reason(kilometres: int | None) -> list[str]:
    return [_("%(km)d km") % {"km": kilometres}] if kilometres is not None else []


def matched_words(contributions: list[tuple[float, int, str]]) -> list[str]:
    """The need's own words that carried the match, strongest first; a word that added
    little (a short needle inside some longer word) is left out."""
    strongest = max((value for value, _order, _word in contributions), default=0.0)
    words: list[str] = []
    for value, _order, word in sorted(contributions, key=lambda item: (-item[0], item[1])):
        if value < MIN_REASON_SHARE * strongest or len(words) == MAX_REASON_WORDS:
            break
        if word.casefold() not in {known.casefold() for known in words}:
            words.append(word)
    return words


RESEARCH_GROUP = "research"
BUSINESS_GROUP = "business"
GROUP_BY_KIND = {
    ActorKind.UNIVERSITY: RESEARCH_GROUP,
    ActorKind.RESEARCH_INSTITUTE: RESEARCH_GROUP,
    ActorKind.COMPETENCE_CENTRE: RESEARCH_GROUP,
    ActorKind.TRANSFER_OFFICE: RESEARCH_GROUP,
    ActorKind.COMPANY: BUSINESS_GROUP,
    ActorKind.CRAFT_BUSINESS: BUSINESS_GROUP,
}


def actor_group(kind: str) -> str:
    """The group of results an actor's kind belongs to ("Forschung & Transfer": "research",
    "Unternehmen & Handwerk": "business"), "" for the others."""
    return GROUP_BY_KIND.get(kind, "")


def actor_kind_label(kind: str) -> str:
    return str(dict(ActorKind.choices).get(kind, kind))


def listing_kind_label(kind: str) -> str:
    return str(dict(ListingKind.choices).get(kind, kind))
