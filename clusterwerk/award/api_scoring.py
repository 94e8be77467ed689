"""The innovation prize's API: scoring (mounted at /api/v1/award/, see api.py).

- `GET /applications/{id}/reviews` – the reviews of an application the caller may read
  (`queries.visible_reviews`): the management all; a juror their own, the others' from the
  discussion on. A juror with a blocking conflict gets 404 – the application does not exist
  for them.
- `PUT /reviews/{id}` – the juror's own review: `scores` by criterion key (0–5, null = not
  scored), `comment`, `submit`; 422 with the German reason for a value outside the scale, an
  unknown criterion or a missing required one; 403 outside the scoring phases or for somebody
  else's review.
- `POST /reviews/{id}/abstain` – abstain with a reason.
- `GET /editions/{year}/ranking` – the ranking for the management (`ranking.ranking_for_user`).

The same funnels and services as the pages; session auth, writes need the CSRF token."""

import datetime
from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema
from pydantic import ConfigDict, Field

from clusterwerk.award import queries, ranking
from clusterwerk.award.models import Review
from clusterwerk.award.permissions import jury_member
from clusterwerk.award.services import scoring as services
from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster

router = Router(tags=["Innovationspreis: Bewertung"])

ObjectId = Path(..., ge=1, le=2**63 - 1, description="Kennung.")
Year = Path(..., ge=2000, le=2100, description="Jahr des Preisjahrgangs.")
READ_ERRORS = error_responses(401, 403, 404, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 422)


class ReviewOut(Schema):
    id: int
    application: int = Field(description="Kennung der Bewerbung.")
    juror: str = Field(description="Name des Jurymitglieds.")
    own: bool = Field(description="Die eigene Bewertung des Aufrufers.")
    status: str = Field(description="assigned, draft, submitted oder abstained.")
    scores: dict[str, int] = Field(description="Punkte (0–5) je Kriterium (Kennung).")
    total: float | None = Field(description="Gewichteter Gesamtwert (0–5).")
    comment: str
    abstain_reason: str
    submitted_at: datetime.datetime | None


class ReviewIn(Schema):
    model_config = ConfigDict(extra="forbid")

    scores: dict[str, Any] = Field(
        default_factory=dict,
        description="Punkte je Kriterium (Kennung → ganze Zahl 0–5, null = nicht bewertet).",
    )
    comment: str = Field(default="", max_length=5000)
    submit: bool = Field(default=False, description="Bewertung abgeben (alle Pflichtkriterien).")


class AbstainIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(max_length=2000, description="Grund der Enthaltung (Pflicht).")


class RankRowOut(Schema):
    application_id: int
    uid: UUID
    title: str
    applicant: str
    n: int = Field(description="Abgegebene Bewertungen.")
    abstained: int
    mean: float | None
    median: float | None
    z_mean: float | None = Field(description="Mittlerer z-Wert (je Jurymitglied normiert).")
    spread: float | None = Field(description="Spannweite der Gesamtwerte.")
    disagreement: bool = Field(description="Spannweite über der Schwelle des Jahrgangs.")
    knocked_out: bool
    rank: int | None
    z_rank: int | None
    decision: str


class RankingOut(Schema):
    year: int
    aggregation: str = Field(description="mean oder median: wonach gereiht wird.")
    alpha: float | None = Field(
        description="Krippendorffs Alpha (ordinal), null: nicht bestimmbar."
    )
    rows: list[RankRowOut]


def _review(review: Review, member_id: int | None) -> dict:
    user = review.jury_member.user
    return {
        "id": review.pk,
        "application": review.application_id,
        "juror": user.get_full_name() or user.email,
        "own": review.jury_member_id == member_id,
        "status": review.status,
        "scores": {score.criterion.key: score.value for score in review.scores.all()},
        "total": float(review.total) if review.total is not None else None,
        "comment": review.comment,
        "abstain_reason": review.abstain_reason,
        "submitted_at": review.submitted_at,
    }


def _review_in_cluster(request, review_id: int) -> Review:
    review = (
        Review.objects.select_related("application__edition", "jury_member__user")
        .filter(pk=review_id, application__edition__cluster=request_cluster(request))
        .first()
    )
    if review is None:
        raise Http404(_("Diese Bewertung gibt es nicht."))
    return review


@router.get(
    "/applications/{int:application_id}/reviews",
    auth=session_auth,
    response={200: list[ReviewOut], **READ_ERRORS},
    summary="Bewertungen einer Bewerbung",
    description="Nach den Regeln der Phase: das Clustermanagement alle, ein Jurymitglied die "
    "eigene und ab der Diskussion die der anderen. Bei Befangenheit 404.",
)
def list_reviews(request, application_id: int = ObjectId):
    application = queries.get_application_by_pk_for_user(
        request.user, request_cluster(request), application_id
    )
    member = jury_member(request.user, application.edition)
    reviews = (
        queries.visible_reviews(request.user, application)
        .prefetch_related("scores__criterion")
        .order_by("jury_member_id")
    )
    return [_review(review, member.pk if member else None) for review in reviews]


@router.put(
    "/reviews/{int:review_id}",
    auth=session_auth,
    response={200: ReviewOut, **WRITE_ERRORS},
    summary="Eigene Bewertung speichern oder abgeben",
    description="Nur das zugewiesene Jurymitglied, in der Bewertungs-, Diskussions- und "
    "Entscheidungsphase (danach protokolliert). 422 mit Begründung bei Werten außerhalb "
    "von 0–5, unbekannten Kriterien oder fehlenden Pflichtkriterien beim Abgeben.",
)
def save_review(request, payload: ReviewIn, review_id: int = ObjectId):
    review = _review_in_cluster(request, review_id)
    saved = services.save_review(
        user=request.user,
        cluster=request_cluster(request),
        review=review,
        scores=payload.scores,
        comment=payload.comment,
        submit=payload.submit,
    )
    saved = Review.objects.select_related("jury_member__user").get(pk=saved.pk)
    return _review(saved, saved.jury_member_id)


@router.post(
    "/reviews/{int:review_id}/abstain",
    auth=session_auth,
    response={200: ReviewOut, **WRITE_ERRORS},
    summary="Sich enthalten",
    description="Mit Begründung; die Punkte werden gelöscht.",
)
def abstain(request, payload: AbstainIn, review_id: int = ObjectId):
    review = _review_in_cluster(request, review_id)
    saved = services.abstain(
        user=request.user, cluster=request_cluster(request), review=review, reason=payload.reason
    )
    saved = Review.objects.select_related("jury_member__user").get(pk=saved.pk)
    return _review(saved, saved.jury_member_id)


@router.get(
    "/editions/{int:year}/ranking",
    auth=session_auth,
    response={200: RankingOut, **READ_ERRORS},
    summary="Rangfolge eines Jahrgangs",
    description="Nur für das Clustermanagement: Mittelwert, Median, z-Wert, Spannweite, "
    "Uneinigkeit, K.-o. und Rang je Bewerbung im Wettbewerb; Krippendorffs Alpha.",
)
def edition_ranking(request, year: int = Year):
    edition = queries.get_edition_for_user(
        request.user, request_cluster(request), year, manage=True
    )
    rows = ranking.ranking_for_user(request.user, edition)
    return {
        "year": edition.year,
        "aggregation": edition.aggregation,
        "alpha": ranking.edition_alpha(edition),
        "rows": [
            {
                "application_id": row.id,
                "uid": row.uid,
                "title": row.title,
                "applicant": row.applicant,
                "n": row.n,
                "abstained": row.abstained,
                "mean": row.mean,
                "median": row.median,
                "z_mean": row.z_mean,
                "spread": row.spread,
                "disagreement": row.disagreement,
                "knocked_out": row.knocked_out,
                "rank": row.rank,
                "z_rank": row.z_rank,
                "decision": row.decision,
            }
            for row in rows
        ],
    }
