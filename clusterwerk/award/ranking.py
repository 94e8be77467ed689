"""The ranking of an edition (reads, part "scoring"): per application in the competition
(submitted, not found ineligible) the handed-in reviews (submitted, not abstained), mean and
median of their weighted totals, the mean per-juror z-score, the spread and the disagreement
flag, whether a knock-out criterion took it out, and its rank.

- The rank follows the edition's aggregation (mean or median), highest first; equal values
  share a rank and the next rank skips (1, 2, 2, 4). Applications without a handed-in review
  and knocked-out ones (the median of a knock-out criterion's scores below its threshold) come
  last, without a rank. `z_rank` ranks the same applications by their mean z-score.
- `edition_alpha` is Krippendorff's alpha (ordinal) over the per-criterion scores, units =
  (application, criterion), coders = jurors (`aggregation.py`).
- `ranking_for_user` leaves out what the viewer's blocking conflicts hide; pages, exports and
  the API use it. Ranks stay those of the whole edition.

Each function runs a constant number of queries, whatever the size of the edition.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID

from clusterwerk.award import aggregation, queries
from clusterwerk.award.models import (
    Aggregation,
    Application,
    ApplicationStatus,
    AwardEdition,
    Decision,
    FormalCheck,
    JuryMember,
    Review,
    ReviewStatus,
    Score,
)

# Values this close count as equal (ties share a rank).
TIE_PLACES = 6


@dataclass
class RankRow:
    id: int
    uid: UUID
    title: str
    applicant: str
    decision: str
    n: int = 0
    abstained: int = 0
    mean: float | None = None
    median: float | None = None
    z_mean: float | None = None
    spread: float | None = None
    disagreement: bool = False
    knocked_out: bool = False
    knocked_out_by: list[str] = field(default_factory=list)
    rank: int | None = None
    z_rank: int | None = None
    totals: list[float] = field(default_factory=list)
    # The value the rank follows (mean or median, after the edition's aggregation).
    value: float | None = None

    @property
    def decision_label(self) -> str:
        return str(Decision(self.decision).label) if self.decision else ""


@dataclass
class JurorRow:
    member: JuryMember
    name: str
    assigned: int = 0
    submitted: int = 0
    abstained: int = 0
    open: int = 0
    mean: float | None = None
    sd: float | None = None


def competition(edition: AwardEdition):
    """The applications the jury scores: submitted and not found ineligible."""
    return Application.objects.filter(edition=edition, status=ApplicationStatus.SUBMITTED).exclude(
        formal_check=FormalCheck.INELIGIBLE
    )


def _submitted_reviews(edition: AwardEdition):
    return Review.objects.filter(
        application__in=competition(edition), status=ReviewStatus.SUBMITTED
    )


def _assign_ranks(rows: list[RankRow], key) -> dict[int, int]:
    """Ranks by `key(row)` descending with shared ranks for ties (1, 2, 2, 4)."""
    ordered = sorted(rows, key=lambda row: (-round(key(row), TIE_PLACES), row.title, row.id))
    ranks: dict[int, int] = {}
    previous = None
    for position, row in enumerate(ordered, start=1):
        value = round(key(row), TIE_PLACES)
        if previous is None or value != previous[0]:
            previous = (value, position)
        ranks[row.id] = previous[1]
    return ranks


def ranking(edition: AwardEdition) -> list[RankRow]:
    """The edition's ranking, ranked applications first (see the module's doc)."""
    applications = list(competition(edition).select_related("applicant").order_by("title", "id"))
    criteria = list(edition.criteria.all())
    knock_outs = {c.pk: c for c in criteria if c.knock_out_below is not None}
    reviews = list(
        _submitted_reviews(edition).values_list("application_id", "jury_member_id", "total")
    )
    abstentions = defaultdict(int)
    for application_id in Review.objects.filter(
        application__in=competition(edition), status=ReviewStatus.ABSTAINED
    ).values_list("application_id", flat=True):
        abstentions[application_id] += 1
    knock_out_scores: dict[tuple[int, int], list[int]] = defaultdict(list)
    if knock_outs:
        for application_id, criterion_id, value in Score.objects.filter(
            review__in=_submitted_reviews(edition), criterion_id__in=list(knock_outs)
        ).values_list("review__application_id", "criterion_id", "value"):
            knock_out_scores[(application_id, criterion_id)].append(value)

    z = aggregation.z_scores((member, application, total) for application, member, total in reviews)
    totals: dict[int, list[float]] = defaultdict(list)
    z_values: dict[int, list[float]] = defaultdict(list)
    for application_id, member_id, total in reviews:
        if total is None:
            continue
        totals[application_id].append(float(total))
        z_values[application_id].append(z[(member_id, application_id)])

    threshold = edition.disagreement_threshold
    rows = []
    for application in applications:
        values = totals.get(application.pk, [])
        row = RankRow(
            id=application.pk,
            uid=application.uid,
            title=application.title,
            applicant=str(application.applicant),
            decision=application.decision,
            n=len(values),
            abstained=abstentions.get(application.pk, 0),
            mean=aggregation.mean(values),
            median=aggregation.median(values),
            z_mean=aggregation.mean(z_values.get(application.pk, [])),
            spread=aggregation.spread(values),
            disagreement=aggregation.disagreement(values, threshold),
            totals=sorted(values, reverse=True),
        )
        for criterion_id, criterion in knock_outs.items():
            middle = aggregation.median(knock_out_scores.get((application.pk, criterion_id), []))
            if middle is not None and middle < criterion.knock_out_below:
                row.knocked_out = True
                row.knocked_out_by.append(criterion.title)
        rows.append(row)

    by_median = edition.aggregation == Aggregation.MEDIAN

    for row in rows:
        row.value = row.median if by_median else row.mean
    ranked = [row for row in rows if not row.knocked_out and row.value is not None]
    ranks = _assign_ranks(ranked, lambda row: row.value)
    z_ranks = _assign_ranks(ranked, lambda row: row.z_mean or 0.0)
    for row in ranked:
        row.rank = ranks[row.id]
        row.z_rank = z_ranks[row.id]
    unscored = [row for row in rows if not row.knocked_out and row.value is None]
    knocked = [row for row in rows if row.knocked_out]
    return sorted(ranked, key=lambda row: (row.rank, row.title, row.id)) + unscored + knocked


def ranking_for_user(user, edition: AwardEdition) -> list[RankRow]:
    """The ranking without the applications the viewer's blocking conflicts hide (and without
    any the viewer may not see at all)."""
    visible = set(queries.applications_for_user(user, edition).values_list("pk", flat=True))
    return [row for row in ranking(edition) if row.id in visible]


def alpha_units(edition: AwardEdition) -> list[list[int]]:
    """Units (application, criterion) with the jurors' scores of the handed-in reviews."""
    units: dict[tuple[int, int], list[int]] = defaultdict(list)
    for application_id, criterion_id, value in Score.objects.filter(
        review__in=_submitted_reviews(edition)
    ).values_list("review__application_id", "criterion_id", "value"):
        units[(application_id, criterion_id)].append(value)
    return list(units.values())


def edition_alpha(edition: AwardEdition) -> float | None:
    """Krippendorff's alpha (ordinal) of the edition's per-criterion scores, None when
    undefined."""
    return aggregation.krippendorff_alpha_ordinal(alpha_units(edition))


def alpha_meaning(alpha: float | None) -> str:
    """A plain-German reading of alpha (Krippendorff's usual bounds 0.667 and 0.8)."""
    from django.utils.translation import gettext as _

    if alpha is None:
        return _(
            "Noch nicht berechenbar: Es braucht mindestens zwei Bewertungen derselben Bewerbung "
            "mit unterschiedlichen Werten."
        )
    if alpha >= 0.8:
        return _("Die Jury urteilt sehr einheitlich; die Rangfolge ist belastbar.")
    if alpha >= 0.667:
        return _(
            "Die Jury urteilt weitgehend einheitlich; knappe Abstände sollten in der "
            "Jurysitzung besprochen werden."
        )
    if alpha > 0:
        return _(
            "Die Jury urteilt eher uneinheitlich; die Rangfolge sollte in der Jurysitzung "
            "gemeinsam geprüft werden."
        )
    return _(
        "Die Bewertungen stimmen nicht besser überein als zufällig; die Maßstäbe der Jury "
        "sollten vor einer Entscheidung abgeglichen werden."
    )


def juror_table(edition: AwardEdition) -> list[JurorRow]:
    """Per juror: assigned, handed in, abstained, still open, mean and population SD of the
    totals they handed in (the basis of their z-scores)."""
    members = list(JuryMember.objects.filter(edition=edition).select_related("user"))
    rows = {
        member.pk: JurorRow(member=member, name=member.user.get_full_name() or member.user.email)
        for member in members
    }
    totals: dict[int, list[float]] = defaultdict(list)
    for member_id, status, total in Review.objects.filter(
        application__in=competition(edition)
    ).values_list("jury_member_id", "status", "total"):
        row = rows.get(member_id)
        if row is None:
            continue
        row.assigned += 1
        if status == ReviewStatus.SUBMITTED:
            row.submitted += 1
            if total is not None:
                totals[member_id].append(float(total))
        elif status == ReviewStatus.ABSTAINED:
            row.abstained += 1
        else:
            row.open += 1
    for member_id, row in rows.items():
        row.mean = aggregation.mean(totals[member_id])
        row.sd = aggregation.standard_deviation(totals[member_id])
    return list(rows.values())
