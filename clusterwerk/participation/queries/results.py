"""The results of a consultation: what was said, rated and proposed, per plan element.

`consultation_results(consultation)` reads everything with a fixed number of queries (eleven),
whatever the number of elements and contributions, and returns plain dataclasses that the
results page renders.

What counts:
- comments that are neither hidden by a moderator nor deleted by their author; a comment on a
  proposal counts once, as a comment about the proposal's element (it carries that element's
  lineage), so the totals do not count it twice and the elements' numbers include the
  discussion of their proposals;
- every rating (relevance 1–5, priority 1–3), one per person and element;
- proposals that are not hidden, with the number of their supports;
- participants: distinct people with at least one counted comment, rating, proposal or
  support, by the affiliation type and district of their participant profile (people without a
  profile, or who left a value empty, count as "keine Angabe");
- interviews and workshops recorded for the consultation; interviews also per topic area
  (their `topic_lineages`).

Contributions are matched to the elements of the consultation's edition by lineage.

The results page is public from the start of the result phase on (also after that phase's end
date, so published results do not disappear); the cluster management sees it at any time.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.masterplan.models import ActionField, ElementKind, KeyPoint, TopicArea
from clusterwerk.participation.models import (
    AffiliationType,
    Comment,
    Interview,
    PhaseKind,
    Priority,
    Proposal,
    Rating,
    Support,
    Workshop,
)
from clusterwerk.participation.permissions import can_manage_consultations

NO_ANSWER = _("keine Angabe")
RELEVANCE_VALUES = (1, 2, 3, 4, 5)
PRIORITY_VALUES = tuple(Priority.values)


def result_phase_started(consultation, now=None) -> bool:
    now = now or timezone.now()
    return consultation.phases.filter(kind=PhaseKind.RESULT, starts_at__lte=now).exists()


def can_see_results(user, consultation) -> bool:
    """Everyone once the result phase has begun; the cluster management always."""
    return can_manage_consultations(user, consultation.cluster) or result_phase_started(
        consultation
    )


@dataclass
class Bar:
    value: int
    label: str
    count: int
    share: float  # 0–1 of the ratings of this element


@dataclass
class RatingSummary:
    count: int = 0
    mean: float | None = None
    median: float | None = None
    distribution: list[Bar] = field(default_factory=list)


def summarise(counts: Counter, values: tuple[int, ...], labels: dict | None = None):
    total = sum(counts.values())
    bars = [
        Bar(
            value=value,
            label=str(labels[value]) if labels else str(value),
            count=counts.get(value, 0),
            share=counts.get(value, 0) / total if total else 0.0,
        )
        for value in values
    ]
    if not total:
        return RatingSummary(distribution=bars)
    expanded = sorted(counts.elements())
    return RatingSummary(
        count=total,
        mean=sum(expanded) / total,
        median=float(statistics.median(expanded)),
        distribution=bars,
    )


@dataclass
class ProposalResult:
    pk: int
    kind: str
    kind_label: str
    title: str
    headline: str  # what it proposes, e.g. "Änderung von „Ziel“ in 4.2.1 …"
    field: str
    status: str
    status_label: str
    supports: int
    element_number: str
    element_title: str


@dataclass
class ElementResult:
    kind: str
    lineage: str
    number: str
    title: str
    depth: int  # 0 action field, 1 key point, 2 topic area
    comments: int = 0
    relevance: RatingSummary = field(default_factory=RatingSummary)
    priority: RatingSummary = field(default_factory=RatingSummary)
    proposals: list[ProposalResult] = field(default_factory=list)
    interviews: int = 0

    @property
    def kind_label(self):
        return ElementKind(self.kind).label

    @property
    def has_contributions(self) -> bool:
        return bool(self.comments or self.relevance.count or self.proposals or self.interviews)


@dataclass
class Share:
    label: str
    count: int


@dataclass
class ConsultationResults:
    elements: list[ElementResult]
    proposals: list[ProposalResult]  # by support, most supported first
    participants: int
    by_affiliation: list[Share]
    by_district: list[Share]
    comments: int
    ratings: int
    interviews: int
    workshops: int
    workshop_participants: int

    @property
    def proposal_count(self) -> int:
        return len(self.proposals)


def visible_comments(consultation):
    return Comment.objects.filter(
        consultation=consultation, hidden_at__isnull=True, deleted_at__isnull=True
    )


def visible_proposals(consultation):
    return Proposal.objects.filter(consultation=consultation, hidden_at__isnull=True)


def participants(consultation):
    """People with at least one counted contribution (one query when evaluated)."""
    user = OuterRef("pk")
    return get_user_model().objects.filter(
        Q(Exists(visible_comments(consultation).filter(author=user)))
        | Q(Exists(Rating.objects.filter(consultation=consultation, user=user)))
        | Q(Exists(visible_proposals(consultation).filter(author=user)))
        | Q(
            Exists(
                Support.objects.filter(
                    proposal__consultation=consultation,
                    proposal__hidden_at__isnull=True,
                    user=user,
                )
            )
        )
    )


def plan_elements(edition) -> list[ElementResult]:
    """The edition's action fields, key points and topic areas in reading order (3 queries)."""
    fields = ("pk", "lineage", "number", "title")
    action_fields = list(ActionField.objects.filter(edition=edition).values(*fields))
    key_points = list(KeyPoint.objects.filter(edition=edition).values(*fields, "action_field_id"))
    topic_areas = list(TopicArea.objects.filter(edition=edition).values(*fields, "key_point_id"))
    key_points_of = defaultdict(list)
    for key_point in key_points:
        key_points_of[key_point["action_field_id"]].append(key_point)
    topic_areas_of = defaultdict(list)
    for topic_area in topic_areas:
        topic_areas_of[topic_area["key_point_id"]].append(topic_area)

    def by_number(rows):
        return sorted(rows, key=lambda row: [int(part) for part in row["number"].split(".")])

    def result(row, kind, depth):
        return ElementResult(
            kind=kind,
            lineage=str(row["lineage"]),
            number=row["number"],
            title=row["title"],
            depth=depth,
        )

    ordered = []
    for action_field in by_number(action_fields):
        ordered.append(result(action_field, ElementKind.ACTION_FIELD, 0))
        for key_point in by_number(key_points_of[action_field["pk"]]):
            ordered.append(result(key_point, ElementKind.KEY_POINT, 1))
            for topic_area in by_number(topic_areas_of[key_point["pk"]]):
                ordered.append(result(topic_area, ElementKind.TOPIC_AREA, 2))
    return ordered


def _counted(rows, key: str) -> list[Share]:
    """One share per label, most people first, "keine Angabe" last. People without a profile
    (NULL), an empty value and a value no longer among the choices are one group: the
    database groups NULL and "" apart, so the counts are added up by label here."""
    counts: Counter = Counter()
    for row in rows:
        counts[str(row[key] or NO_ANSWER)] += row["n"]
    no_answer = str(NO_ANSWER)
    shares = [Share(label=label, count=n) for label, n in counts.items()]
    return sorted(shares, key=lambda share: (share.label == no_answer, -share.count, share.label))


def consultation_results(consultation) -> ConsultationResults:
    elements = plan_elements(consultation.edition)
    by_lineage = {element.lineage: element for element in elements}

    comment_counts = (
        visible_comments(consultation).values("element_lineage").annotate(n=Count("id"))
    )
    comments_total = 0
    for row in comment_counts:
        comments_total += row["n"]
        element = by_lineage.get(str(row["element_lineage"]))
        if element is not None:
            element.comments = row["n"]

    relevance = defaultdict(Counter)
    priority = defaultdict(Counter)
    ratings_total = 0
    rating_rows = (
        Rating.objects.filter(consultation=consultation)
        .values("element_lineage", "relevance", "priority")
        .annotate(n=Count("id"))
    )
    for row in rating_rows:
        lineage = str(row["element_lineage"])
        relevance[lineage][row["relevance"]] += row["n"]
        priority[lineage][row["priority"]] += row["n"]
        ratings_total += row["n"]
    priority_labels = dict(Priority.choices)
    for lineage, element in by_lineage.items():
        element.relevance = summarise(relevance.get(lineage, Counter()), RELEVANCE_VALUES)
        element.priority = summarise(
            priority.get(lineage, Counter()), PRIORITY_VALUES, priority_labels
        )

    proposals = []
    proposal_rows = (
        visible_proposals(consultation)
        .annotate(support_count=Count("supports"))
        .order_by("-support_count", "created_at", "id")
    )
    for proposal in proposal_rows:
        element = by_lineage.get(str(proposal.element_lineage))
        item = ProposalResult(
            pk=proposal.pk,
            kind=proposal.kind,
            kind_label=proposal.get_kind_display(),
            title=proposal.title,
            headline=proposal.headline_for(element),
            field=proposal.field,
            status=proposal.status,
            status_label=proposal.get_status_display(),
            supports=proposal.support_count,
            element_number=element.number if element else "",
            element_title=element.title if element else "",
        )
        proposals.append(item)
        if element is not None:
            element.proposals.append(item)

    people = participants(consultation)
    affiliation_labels = dict(AffiliationType.choices)
    by_affiliation = _counted(
        [
            {"label": affiliation_labels.get(row["type"]), "n": row["n"]}
            for row in people.values(type=F("participant_profile__affiliation_type"))
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        ],
        "label",
    )
    by_district = _counted(
        people.values(label=F("participant_profile__district__name"))
        .annotate(n=Count("pk", distinct=True))
        .order_by(),
        "label",
    )

    interviews = Interview.objects.filter(consultation=consultation).values_list(
        "topic_lineages", flat=True
    )
    interview_total = 0
    for lineages in interviews:
        interview_total += 1
        for lineage in set(lineages or []):
            element = by_lineage.get(str(lineage))
            if element is not None:
                element.interviews += 1

    workshops = Workshop.objects.filter(consultation=consultation).aggregate(
        n=Count("id"), people=Sum("participant_count")
    )
    return ConsultationResults(
        elements=elements,
        proposals=proposals,
        participants=sum(share.count for share in by_affiliation),
        by_affiliation=by_affiliation,
        by_district=by_district,
        comments=comments_total,
        ratings=ratings_total,
        interviews=interview_total,
        workshops=workshops["n"] or 0,
        workshop_participants=workshops["people"] or 0,
    )
