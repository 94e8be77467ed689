"""Vocabulary for the synthetic demo companies (see `clusterwerk.actors.demo`).

The words live in JSON files in `demo_data/`; this module only reads them (once) into the
shapes the generator uses:

- `competences.json`: the competences an actor can have, grouped by kind (text, kind, 2–4
  keywords, 1–2 topic-area numbers of the Masterplan Metall Brandenburg 2020, sometimes an
  evidence), and `general` ones any business may add (a small chance per actor);
- `trades.json`: the kinds of business as they appear in demo names ("Demo-Metallbau 0042
  GmbH"): `weight` is the share per 1,000 demo actors, `codes` the WZ 2008 classes of the
  primary activity, `second_codes` those of an occasional second one, `core` the competences
  every such business has one or two of, `pool` the further ones that fit; `size_factor` > 1
  makes larger firms more likely;
- `economic_activities.json`: the WZ 2008 divisions and the classes the trades use (official
  titles, Destatis WZ 2008 = NACE Rev. 2);
- `sizes.json`: the share per size class (per 1,000) by kind, employees per size class as
  (lowest, highest, mode) of a triangular distribution, the legal-form mix;
- `places.json`: the towns of each Brandenburg district (keyed by the 5-digit AGS; official
  municipality names with one of their postal codes and approximate centre, WGS84), the
  synthetic share of demo actors per district (per 1,000), street names;
- `contacts.json`: first names, placeholder last names and functions of the fake contacts.

Everything is synthetic except the places and the WZ titles; which trade uses which code and
how often is invented, and the district weights only follow the masterplan's statement (2020,
chapter 2.1) that Potsdam-Mittelmark, Oder-Spree and Teltow-Fläming have the most metal
companies. Topic-area numbers are resolved to lineages through the cluster's published edition.
"""

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from clusterwerk.actors.models import ActorKind, SizeClass

COMPANY = ActorKind.COMPANY.value
CRAFT_BUSINESS = ActorKind.CRAFT_BUSINESS.value
MICRO, SMALL, MEDIUM, LARGE = SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE

COMPETENCE_GROUPS = ("processes", "materials", "products", "markets", "services", "equipment")


@functools.cache
def load_demo_data(name: str) -> Any:
    """The parsed JSON file `demo_data/<name>.json` (read once per process)."""
    text = resources.files("clusterwerk.actors").joinpath("demo_data", f"{name}.json")
    return json.loads(text.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class VocabularyEntry:
    """One competence an actor can have: its text, kind, 2–4 keywords, 1–2 topic areas."""

    text: str
    kind: str
    keywords: tuple[str, ...]
    topic_areas: tuple[str, ...]
    evidence: str = ""

    @classmethod
    def from_data(cls, data: dict) -> "VocabularyEntry":
        return cls(
            text=data["text"],
            kind=data["kind"],
            keywords=tuple(data["keywords"]),
            topic_areas=tuple(data["topic_areas"]),
            evidence=data.get("evidence", ""),
        )


@dataclass(frozen=True)
class Trade:
    """A kind of business as it appears in demo names (see `trades.json`)."""

    name: str
    kind: str
    division: str
    weight: int
    noun: str
    codes: tuple[str, ...]
    second_codes: tuple[str, ...]
    core: tuple[str, ...]
    pool: tuple[str, ...]
    size_factor: float = 1.0

    @classmethod
    def from_data(cls, data: dict) -> "Trade":
        return cls(
            name=data["name"],
            kind=data["kind"],
            division=data["division"],
            weight=data["weight"],
            noun=data["noun"],
            codes=tuple(data["codes"]),
            second_codes=tuple(data["second_codes"]),
            core=tuple(data["core"]),
            pool=tuple(data["pool"]),
            size_factor=data.get("size_factor", 1.0),
        )


@dataclass(frozen=True)
class Town:
    """A municipality (official name) with one of its postal codes and approximate centre."""

    name: str
    postal_code: str
    latitude: float
    longitude: float
    weight: int = 1


def _tuples(mapping: dict) -> dict:
    return {key: tuple(value) for key, value in mapping.items()}


_competences = load_demo_data("competences")
VOCABULARY: dict[str, VocabularyEntry] = {
    entry["text"]: VocabularyEntry.from_data(entry)
    for group in COMPETENCE_GROUPS
    for entry in _competences[group]
}
GENERAL_COMPETENCES: tuple[str, ...] = tuple(_competences["general"])

WZ_2008_DIVISIONS: dict[str, str] = load_demo_data("economic_activities")["divisions"]
WZ_2008_CLASSES: dict[str, str] = load_demo_data("economic_activities")["classes"]

TRADES: tuple[Trade, ...] = tuple(Trade.from_data(trade) for trade in load_demo_data("trades"))

_sizes = load_demo_data("sizes")
SIZE_WEIGHTS: dict[str, dict[str, int]] = _sizes["size_weights"]
EMPLOYEE_RANGES: dict[str, tuple[int, int, int]] = _tuples(_sizes["employee_ranges"])
LEGAL_FORMS: dict[str, dict[str, dict[str, int]]] = _sizes["legal_forms"]

_places = load_demo_data("places")
TOWNS: dict[str, tuple[Town, ...]] = {
    ags: tuple(Town(**town) for town in towns) for ags, towns in _places["towns"].items()
}
DISTRICT_WEIGHTS: dict[str, int] = _places["district_weights"]
STREETS: tuple[str, ...] = tuple(_places["streets"])

_contacts = load_demo_data("contacts")
CONTACT_FIRST_NAMES: tuple[str, ...] = tuple(_contacts["first_names"])
CONTACT_LAST_NAMES: tuple[str, ...] = tuple(_contacts["last_names"])
CONTACT_FUNCTIONS: dict[str, tuple[str, ...]] = _tuples(_contacts["functions"])
