"""What is searched: a need (a listing, or a free text), its searchable words, and which kinds
of partners its listing kind prefers.

Words of need phrasing ("suchen", "Partner" …, see `FILLER_WORDS`) are not searched. Words
that name a kind of partner or a generic object without saying what the need is about
("Institut", "Firma", "Lösung", "Problem" …, see `DAMPED_WORDS`) are searched at a reduced
weight (`weights.DAMPED_WEIGHT`); of these, the words that stand in many actors' names
("Institut", "Zentrum", "Technologie" …, see `GENERIC_NAME_WORDS`) do not count when they
meet an actor only in its name: a name word is a name, not evidence of a competence.
Free text without a listing kind counts as a research need when it uses research words (see
`RESEARCH_PREFIXES`).

Problems and symptoms of the need ("Verzug", "Risse nach dem Härten") add the competences
that solve them (`core.thesaurus`: "Wärmebehandlung", "Schadensanalyse" …) as extra query
terms (`expanded_terms`), searched at `weights.THESAURUS_WEIGHT`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

from clusterwerk.actors.models import ActorKind
from clusterwerk.core.text import (
    QueryTerm,
    is_bound_modifier,
    is_synonym_key,
    parse_query,
    stem,
)
from clusterwerk.core.thesaurus import expansions
from clusterwerk.matchmaking.engine import weights
from clusterwerk.matchmaking.models import ListingKind

# A region scope of `models.RegionScope`, or none: anywhere.
SCOPE_ANYWHERE = ""
# A long listing text is cut to this many distinct words (each costs a pass over postings).
MAX_QUERY_TERMS = 40
# At most this many thesaurus targets are added to a need (`expanded_terms`).
MAX_EXPANDED_TERMS = 15

# Which listing kinds meet a listing of a kind (a request meets offers …).
COMPLEMENTARY_KINDS = {
    ListingKind.TECHNOLOGY_OFFER: (ListingKind.TECHNOLOGY_REQUEST, ListingKind.RDI_REQUEST),
    ListingKind.TECHNOLOGY_REQUEST: (ListingKind.TECHNOLOGY_OFFER, ListingKind.EQUIPMENT_SHARING),
    ListingKind.RDI_REQUEST: (ListingKind.TECHNOLOGY_OFFER,),
    ListingKind.BUSINESS_OFFER: (ListingKind.BUSINESS_REQUEST,),
    ListingKind.BUSINESS_REQUEST: (ListingKind.BUSINESS_OFFER,),
    ListingKind.EQUIPMENT_SHARING: (ListingKind.EQUIPMENT_SHARING, ListingKind.TECHNOLOGY_REQUEST),
    ListingKind.TRAINING_COOPERATION: (ListingKind.TRAINING_COOPERATION,),
}

SCIENCE_PREFERENCE = {
    ActorKind.UNIVERSITY: 1.0,
    ActorKind.RESEARCH_INSTITUTE: 1.0,
    ActorKind.COMPETENCE_CENTRE: 0.5,
    ActorKind.TRANSFER_OFFICE: 0.5,
}
BUSINESS_PREFERENCE = {ActorKind.COMPANY: 1.0, ActorKind.CRAFT_BUSINESS: 1.0}
TRAINING_PREFERENCE = {
    ActorKind.COMPANY: 1.0,
    ActorKind.CRAFT_BUSINESS: 1.0,
    ActorKind.CHAMBER: 1.0,
    ActorKind.NETWORK: 1.0,
}
KIND_PREFERENCES = {
    ListingKind.RDI_REQUEST: SCIENCE_PREFERENCE,
    ListingKind.TECHNOLOGY_REQUEST: SCIENCE_PREFERENCE,
    ListingKind.BUSINESS_OFFER: BUSINESS_PREFERENCE,
    ListingKind.BUSINESS_REQUEST: BUSINESS_PREFERENCE,
    ListingKind.TRAINING_COOPERATION: TRAINING_PREFERENCE,
}
# Craft businesses meet industry and vice versa (the owner's kind → the partner's kind).
PARTNER_PREFERENCES = {
    ActorKind.CRAFT_BUSINESS: {ActorKind.COMPANY: 1.0},
    ActorKind.COMPANY: {ActorKind.CRAFT_BUSINESS: 1.0},
}

# Free text is a research need when one of its words starts with one of these stems (also a
# compound part: "Forschungspartner") …
RESEARCH_PREFIXES = ("forsch", "erforsch", "wissenschaft", "hochschul", "universitat", "institut")
# … or when a whole word starts with one of these ("Entwicklung", not "Personalentwicklung")
RESEARCH_WORD_PREFIXES = ("entwick", "weiterentwick", "labor")
# … or is one of these stems or synonym keys ("Studie", "Uni", "F&E").
RESEARCH_WORDS = frozenset({"studi", "uni", "syn:fu", "syn:hochschul"})

# How companies phrase a need without saying what they need: not searched.
FILLER_WORDS = (
    "suchen",
    "Suche",
    "gesucht",
    "brauchen",
    "benötigen",
    "Bedarf",
    "finden",
    "kennen",
    "helfen",
    "Hilfe",
    "unterstützen",
    "Unterstützung",
    "möchten",
    "gern",
    "gerne",
    "bitte",
    "Frage",
    "Thema",
    "Möglichkeit",
    "Idee",
    "jemand",
    "jemanden",
    "wer",
    "Partner",
    "Partnerin",
    "Partnern",
    "Kooperationspartner",
    "bieten",
    "Ansprechpartner",
    "Kontakt",
    "Kooperation",
    "Zusammenarbeit",
    "zusammenarbeiten",
)

# Words that say little about what the need is about: searched at `weights.DAMPED_WEIGHT`
# (kind words still hint at the partner's kind: see `RESEARCH_PREFIXES`).
DAMPED_WORDS = (
    "Firma",
    "Firmen",
    "Unternehmen",
    "Betrieb",
    "Betriebe",
    "Anbieter",
    "Dienstleister",
    "Dienstleistung",
    "Hersteller",
    "Lieferant",
    "Institut",
    "Institute",
    "Zentrum",
    "Einrichtung",
    "Labor",
    "Technologie",
    "Technik",
    "Lösung",
    "Lösungen",
    "Problem",
    "Probleme",
    "Know-how",
    "Wissen",
    "Produkt",
    "Produkte",
    "Verfahren",
    "Bereich",
    "Anwendung",
    "Einsatz",
)
# Words that many actors have in their names ("Institut für …", "… Technologiezentrum"): a
# need word of these that meets an actor only in its name does not count (name words count
# as subject evidence only when they are distinctive: "Fraunhofer", "BAM", "Schweißtechnik").
GENERIC_NAME_WORDS = (
    "Institut",
    "Institute",
    "Zentrum",
    "Center",
    "Technologie",
    "Technik",
    "Netzwerk",
    "Gesellschaft",
    "Verband",
    "Verein",
    "Akademie",
    "Forschung",
    "Hochschule",
    "Universität",
    "Kammer",
    "Agentur",
    "Service",
    "Gruppe",
    "Werk",
    "Anstalt",
    "Innovation",
    "Kompetenzzentrum",
    "Cluster",
    "Initiative",
    "Stiftung",
    "Campus",
    "Labor",
    "Firma",
    "Betrieb",
    "Unternehmen",
    "GmbH",
)


class EmptyNeed(ValueError):
    """The need has no searchable word and no topic area."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Bitte beschreiben Sie, wonach Sie suchen."))


@dataclass(frozen=True)
class Region:
    scope: str = SCOPE_ANYWHERE
    radius_km: int | None = None  # for "radius": around Need.origin
    district_ags: frozenset[str] = frozenset()  # for "districts": 5-digit Kreisschlüssel


@dataclass(frozen=True)
class Need:
    """What is searched. `cluster_id` is the cluster the need is asked in: its published
    masterplan edition gives the topic areas (suggested for the text when the need names
    none) and cross-cluster partners are those of other clusters. Without a cluster there is
    neither."""

    text: str
    listing_kind: str = ""
    topic_lineages: tuple[str, ...] = ()
    partner_kinds: tuple[str, ...] = ()
    origin: tuple[float, float] | None = None
    origin_kind: str = ""
    region: Region = Region()
    cross_cluster: bool = False
    cluster_id: int | None = None
    exclude_actor_ids: frozenset[int] = frozenset()
    # The owner's economic activities (WZ 2008 codes): its stage of the value chain, for the
    # complementary matching of an offer (`complementary`).
    origin_activities: tuple[str, ...] = ()


def complementary_kinds(listing_kind: str) -> tuple[str, ...]:
    """The listing kinds that meet a listing of this kind (a request meets offers …)."""
    return COMPLEMENTARY_KINDS.get(listing_kind, ())


@cache
def _filler_stems() -> frozenset[str]:
    return frozenset(stem(word) for word in FILLER_WORDS)


@cache
def _damped_stems() -> frozenset[str]:
    return frozenset(stem(word) for word in DAMPED_WORDS)


@cache
def _generic_name_stems() -> frozenset[str]:
    return frozenset(stem(word) for word in GENERIC_NAME_WORDS)


def is_damped(term: QueryTerm) -> bool:
    """A word that says little about the need (`DAMPED_WORDS`)."""
    return _own_stem(term) in _damped_stems()


def term_weight(term: QueryTerm) -> float:
    """The weight of a need word in the text score: `weights.DAMPED_WEIGHT` for words that
    say little about the need, `weights.MODIFIER_WEIGHT` for modifiers ("dünner Bleche": the
    sheets are the subject, `core.text.is_bound_modifier`), else 1."""
    if is_damped(term):
        return weights.DAMPED_WEIGHT
    if is_bound_modifier(_own_stem(term)):
        return weights.MODIFIER_WEIGHT
    return 1.0


def is_subject(term: QueryTerm) -> bool:
    """A word that says what the need is about: neither damped nor a modifier. A candidate
    that meets only other words of a need that has such words is no candidate."""
    return not is_damped(term) and not is_bound_modifier(_own_stem(term))


def is_generic_name_word(term: QueryTerm) -> bool:
    """A word of many actors' names (`GENERIC_NAME_WORDS`): it does not count in the name."""
    return _own_stem(term) in _generic_name_stems()


def _own_stem(term: QueryTerm) -> str:
    """The stem of the word as a whole (the first alternative of a one-word term)."""
    first = term.alternatives[0]
    return first[0] if len(first) == 1 else ""


def need_terms(text: str) -> list[QueryTerm]:
    """The searchable words of a need: no stopwords, no filler, each word once."""
    fillers = _filler_stems()
    terms: dict[tuple, QueryTerm] = {}
    for term in parse_query(text or ""):
        if _own_stem(term) in fillers:
            continue
        terms.setdefault(term.alternatives, term)
    return list(terms.values())[:MAX_QUERY_TERMS]


@dataclass(frozen=True)
class Expanded:
    """A query term the thesaurus adds for a problem of the need ("Verzug" → "Wärmebehandlung")."""

    term: QueryTerm
    problem: str  # the problem as the thesaurus writes it
    target: str  # the competence as the thesaurus writes it


def target_term(target: str) -> QueryTerm | None:
    """A thesaurus target as one query term: a multi-word target ("zerstörungsfreie Prüfung")
    meets an actor only with all its words (or as a listed synonym)."""
    terms = parse_query(target)
    if not terms:
        return None
    if len(terms) == 1:
        return QueryTerm(target, terms[0].alternatives)
    needles = tuple(dict.fromkeys(needle for term in terms for needle in term.alternatives[0]))
    return QueryTerm(target, (needles,))


def expanded_terms(text: str, terms: Sequence[QueryTerm]) -> list[Expanded]:
    """The competences that solve the need's problems (`core.thesaurus`), as extra query terms:
    each target once, none that the need says itself, at most `MAX_EXPANDED_TERMS`."""
    known = {term.alternatives for term in terms}
    found: list[Expanded] = []
    for expansion in expansions(text or ""):
        for target in expansion.targets:
            term = target_term(target)
            if term is None or term.alternatives in known:
                continue
            known.add(term.alternatives)
            found.append(Expanded(term, expansion.problem, target))
    return found[:MAX_EXPANDED_TERMS]


def has_research_intent(terms: Sequence[QueryTerm]) -> bool:
    """Whether free text asks for research (see `RESEARCH_PREFIXES` and its neighbours)."""
    for term in terms:
        own = _own_stem(term)
        if own in RESEARCH_WORDS or own.startswith(RESEARCH_WORD_PREFIXES):
            return True
        if any(needle.startswith(RESEARCH_PREFIXES) for needle in term.needles):
            return True
        if any(needle in RESEARCH_WORDS for needle in term.needles if is_synonym_key(needle)):
            return True
    return False


def kind_preference(need: Need, terms: Sequence[QueryTerm]) -> dict[str, float]:
    if need.listing_kind:
        return dict(KIND_PREFERENCES.get(need.listing_kind, {}))
    return dict(SCIENCE_PREFERENCE) if has_research_intent(terms) else {}
