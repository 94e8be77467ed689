"""The synthetic vocabulary of the demo projects, read (once) from the JSON files in `data/`:

- `themes.json`: the themes — first part of the title (`stem`), acronym, the rests of the
  title with their acronym suffix (`objects`), topic areas (the primary one first, then
  candidates for a secondary one), kind (rdi, digital, qualification, network), aim, method,
  the consortia it suits (default: single, companies, science) and the clusters that suit a
  cross-cluster project;
- `funding.json`: programme weights by theme kind and consortium, the programmes science
  leads, and per programme the total volume (from, to, in €) and funding rate (from, to);
- `texts.json`: the sentences of descriptions, support activities and success stories.

Nothing of it is real."""

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from clusterwerk.projects.demo.shape import COMPANIES, SCIENCE, SINGLE


@functools.cache
def load_demo_data(name: str) -> Any:
    """The parsed JSON file `data/<name>.json` (read once per process)."""
    path = resources.files("clusterwerk.projects.demo").joinpath("data", f"{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Theme:
    stem: str  # first part of the title
    acronym: str
    objects: tuple[tuple[str, str], ...]  # (rest of the title, acronym suffix)
    topics: tuple[str, ...]  # primary topic area first, then candidates for a secondary one
    kind: str  # rdi, digital, qualification, network
    aim: str
    method: str
    consortia: tuple[str, ...] = (SINGLE, COMPANIES, SCIENCE)
    clusters: tuple[str, ...] = ()  # clusters that suit a cross-cluster project

    @classmethod
    def from_data(cls, data: dict) -> "Theme":
        optional = {key: tuple(data[key]) for key in ("consortia", "clusters") if key in data}
        return cls(
            stem=data["stem"],
            acronym=data["acronym"],
            objects=tuple((rest, suffix) for rest, suffix in data["objects"]),
            topics=tuple(data["topics"]),
            kind=data["kind"],
            aim=data["aim"],
            method=data["method"],
            **optional,
        )


THEMES: tuple[Theme, ...] = tuple(Theme.from_data(theme) for theme in load_demo_data("themes"))

_funding = load_demo_data("funding")
# programme key → weight, by theme kind and consortium
PROGRAMME_WEIGHTS: dict[tuple[str, str], dict[str, int]] = {
    (row["kind"], row["consortium"]): row["weights"] for row in _funding["programme_weights"]
}
SCIENCE_LED_PROGRAMMES: set[str] = set(_funding["science_led_programmes"])
# programme key → (total volume from, to in €, funding rate from, to)
VOLUMES: dict[str, tuple[int, int, float, float]] = {
    key: tuple(volume) for key, volume in _funding["volumes"].items()
}

_texts = load_demo_data("texts")
BENEFITS: tuple[str, ...] = tuple(_texts["benefits"])
DEMO_NOTE: str = _texts["demo_note"]
SUPPORT_TEXTS: dict[str, str] = _texts["support_texts"]
STORY_RESULTS: tuple[str, ...] = tuple(_texts["story_results"])
STORY_IMPACTS: tuple[str, ...] = tuple(_texts["story_impacts"])
