"""The masterplan as plain data: what the importer parses, the reference data ships and the
exporter writes. Services turn a `PlanTree` into database rows (see services.sync_edition_tree)."""

from dataclasses import dataclass, field


@dataclass
class TopicAreaNode:
    number: str
    title: str
    goal: str = ""
    description: str = ""
    relevance: str = ""
    potential: str = ""
    keywords: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # numbers of referenced topic areas
    line: int | None = None  # where the importer found the heading (1-based)


@dataclass
class KeyPointNode:
    number: str
    title: str
    intro: str = ""
    topic_areas: list[TopicAreaNode] = field(default_factory=list)
    line: int | None = None


@dataclass
class ActionFieldNode:
    number: str
    title: str
    intro: str = ""
    key_points: list[KeyPointNode] = field(default_factory=list)
    line: int | None = None


@dataclass
class SuccessFactorNode:
    number: str
    title: str
    description: str = ""


@dataclass
class PlanTree:
    action_fields: list[ActionFieldNode] = field(default_factory=list)
    success_factors: list[SuccessFactorNode] | None = None  # None: the source does not say

    def key_points(self) -> list[KeyPointNode]:
        return [kp for af in self.action_fields for kp in af.key_points]

    def topic_areas(self) -> list[TopicAreaNode]:
        return [ta for kp in self.key_points() for ta in kp.topic_areas]

    def counts(self) -> tuple[int, int, int]:
        return len(self.action_fields), len(self.key_points()), len(self.topic_areas())
