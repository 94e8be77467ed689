"""The matching engine of the Kooperationsbörse: who fits a need, and which listings meet it.

A need (a listing, or a free text) is ranked against published actors (`match_actors`) or
against listings of complementary kinds (`rank_listings`). The score of a candidate is a
weighted sum of parts that each lie between 0 and 1:

    score = 0.55 · text + 0.20 · topic + 0.12 · kind + 0.03 · partner
            + 0.05 · closeness + 0.05 · cross-cluster (+ for an offer: complements)

- text: BM25 over the index terms of `clusterwerk.core.text` (stems, compound parts, synonym
  keys; a needle of four or more characters also meets longer terms, at half weight). For
  actors the three stored index columns are fields: a hit in the competences counts 3, in
  the name 2, elsewhere in the document 1 (binary: the columns are de-duplicated); lengths
  are normalised by the number of competence terms. Divided by the best candidate's text
  score, so the best text match has 1. Words weigh by what they say (issue 14): words that
  name a kind of partner or a generic object ("Institut", "Lösung") and modifiers ("dünner")
  count less (`weights.DAMPED_WEIGHT`, `MODIFIER_WEIGHT`); a word of many actors' names
  ("Institut", "Zentrum") does not count in the name; a candidate must meet a word that says
  what the need is about; and the need's problems add the competences that solve them
  (`core.thesaurus`: "Verzug" → "Wärmebehandlung" …) at `weights.THESAURUS_WEIGHT`.
- topic: the share of the need's topic areas (lineages) the candidate is tagged with; when the
  need names none, the areas `masterplan.classify` suggests for its text in the
  published edition of the need's cluster (`Need.cluster_id`), each weighted by its
  suggestion's share.
- kind: the preference of the listing kind for kinds of partners (an F&E-Kooperationsgesuch
  and a Technologie-Gesuch rank universities and research institutes up, competence centres
  and transfer offices a bit; business listings companies and craft businesses; training
  cooperations also chambers and networks). Free text without a listing kind counts as a
  research need when it uses research words (see `RESEARCH_PREFIXES`).
- partner: a craft business meets industry (companies) and vice versa.
- closeness: 1 / (1 + km / 50) between the owner's position and the candidate's (own
  coordinates, else the district centroid), when both are known.
- cross-cluster: when asked for, actors that belong to another cluster than the need's (half
  for those that belong to both).

For an offer (technology or business offer, equipment sharing) the rule is complementary
(`complementary`, a table per listing kind there): owners of named requests that meet it and
actors of a downstream stage of the owner's value chain rank up, competitors (their
competences meet the offer) rank down and are flagged `ActorMatch.similar_offer`.

The best candidates are then re-ranked by maximal marginal relevance (`diversity`,
`weights.MMR_LAMBDA`) so that near-identical profiles do not fill the top ranks; each match
carries its group ("research", "business") for the display.

Only actors that meet at least one word of the need are candidates; when none does (or the
need has no words, only topic areas), actors tagged with one of the need's topic areas are.
The region is a filter. Words of need phrasing ("suchen", "Partner" …, see
`FILLER_WORDS`) are not searched, nor words that nine in ten actors have while others meet
someone. Ties break by name. Everything is deterministic and local: no network, no model.

No copy of the actors is kept in the process: the candidates come from the database
(`candidates`: the actors that meet a word of the need, within its filters; at most
`CANDIDATE_CAP`, preselected by a cheap rank in SQL when more meet the words) and only they
are loaded and re-ranked in Python, so the reasons stay. The global figures BM25 needs (the
number of actors, a word's document frequency, the average competence breadth) are counted
in SQL and cached in the shared cache per data version (`statistics`, which says why this
and not a prebuilt structure): nothing is built ahead, no request waits for a build.

The package, by responsibility:

- `needs`: the need, its searchable words, the listing kinds' partner preferences;
- `geography`: distances and regions;
- `bm25`: text scoring over index terms;
- `candidates`: the SQL side: what a word meets, the filters, the cheap rank, the rows;
- `statistics`: the corpus figures and document frequencies, cached per data version;
- `topics`: the need's cluster and topic areas; `weights`: the score's weights;
- `explanations`: the German reasons; `complementary`: offers meet those who need them;
- `diversity`: maximal marginal relevance over the best candidates;
- `actors` (`match_actors`) and `listings` (`rank_listings`): the two rankings.

Everything callers need is importable from `clusterwerk.matchmaking.engine`.
"""

from clusterwerk.matchmaking.engine.actors import ActorMatch, match_actors, rank_by_text
from clusterwerk.matchmaking.engine.candidates import CANDIDATE_CAP, published_actors
from clusterwerk.matchmaking.engine.listings import (
    ListingCandidate,
    ListingMatch,
    rank_listings,
)
from clusterwerk.matchmaking.engine.needs import (
    SCOPE_ANYWHERE,
    EmptyNeed,
    Need,
    Region,
    complementary_kinds,
    has_research_intent,
    need_terms,
)
from clusterwerk.matchmaking.engine.statistics import clear_cache, data_version

__all__ = [
    "CANDIDATE_CAP",
    "SCOPE_ANYWHERE",
    "ActorMatch",
    "EmptyNeed",
    "ListingCandidate",
    "ListingMatch",
    "Need",
    "Region",
    "clear_cache",
    "complementary_kinds",
    "data_version",
    "has_research_intent",
    "match_actors",
    "need_terms",
    "published_actors",
    "rank_by_text",
    "rank_listings",
]
