"""The demo listings as written: forty listings of every kind in the words of small metal
firms and craft businesses (`LISTINGS`), with their status, dates relative to today and the
expressions of interest they get, and the messages of those interests. Nothing of it is real.

The words live in `data/listings.json` (one object per listing with the fields of
`ListingSpec`; a field left out has its default) and `data/messages.json` (the messages of the
interests and the notes of the decisions); this module reads them once.
"""

import functools
import json
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from clusterwerk.matchmaking.models import InterestStatus, ListingStatus, RegionScope

PUBLISHED = ListingStatus.PUBLISHED
PENDING = InterestStatus.PENDING
MAX_VALIDITY_DAYS = 365
MIN_REMAINING_DAYS = 14  # a published demo listing runs at least this long from today


@functools.cache
def load_demo_data(name: str) -> Any:
    """The parsed JSON file `data/<name>.json` (read once per process)."""
    path = resources.files("clusterwerk.matchmaking.demo").joinpath("data", f"{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class InterestSpec:
    status: str
    after_days: int  # sent this many days after the listing was published (capped at today)
    decided_after: int = 4  # decided (or withdrawn) this many days after it was sent


@dataclass(frozen=True)
class ListingSpec:
    kind: str
    title: str
    description: str
    keywords: tuple[str, ...]
    topics: tuple[str, ...]
    trade: str = ""  # preferred owner: a demo actor "Demo-<trade> …"
    owner: str = ""  # or exactly this demo actor (external id)
    partner_kinds: tuple[str, ...] = ()
    region: str = RegionScope.BERLIN_BRANDENBURG
    radius_km: int | None = None
    districts: tuple[str, ...] = ()
    maturity: str = ""
    anonymous: bool = False
    cross_cluster: bool = False
    status: str = PUBLISHED
    days_ago: int = 0  # published (or, for drafts and listings in review, written) days ago
    runs_days: int = 60  # published: expires this many days from today; expired/closed: ago
    interests: tuple[InterestSpec, ...] = ()

    @classmethod
    def from_data(cls, data: dict) -> "ListingSpec":
        fields = dict(data)
        for name in ("keywords", "topics", "partner_kinds", "districts"):
            if name in fields:
                fields[name] = tuple(fields[name])
        fields["interests"] = tuple(
            InterestSpec(**interest) for interest in fields.get("interests", ())
        )
        return cls(**fields)


LISTINGS: tuple[ListingSpec, ...] = tuple(
    ListingSpec.from_data(listing) for listing in load_demo_data("listings")
)

_messages = load_demo_data("messages")
MESSAGES: tuple[str, ...] = tuple(_messages["messages"])
DECISION_NOTES: dict[str, str] = _messages["decision_notes"]


def expected_counts() -> Counter:
    return Counter(spec.status for spec in LISTINGS)
