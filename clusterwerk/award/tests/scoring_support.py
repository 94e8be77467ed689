"""Shared builders for the scoring tests: an edition in a given phase with three applications
and jurors' reviews."""

from clusterwerk.award.models import (
    AuditEntry,
    Conflict,
    ConflictKind,
    ConflictSource,
    ConflictStatus,
    Review,
    Score,
)
from clusterwerk.award.tests.factories import make_application, make_review

ALL_FOUR = {"innovation": 4, "market": 3, "relevance": 5, "social": 2}  # total 3.750


def set_phase(edition, phase):
    edition.phase = phase
    edition.save(update_fields=["phase"])
    return edition


def block(member, application, status=ConflictStatus.PINNED):
    return Conflict.objects.create(
        jury_member=member,
        application=application,
        kind=ConflictKind.INSTITUTIONAL,
        source=ConflictSource.MANAGEMENT,
        status=status,
    )


def snapshot(*reviews):
    """What the database holds of reviews, their scores and the audit log."""
    return (
        [
            (r.pk, r.status, r.total, r.comment, r.abstain_reason)
            for r in Review.objects.filter(pk__in=[r.pk for r in reviews]).order_by("pk")
        ],
        sorted(Score.objects.values_list("review_id", "criterion__key", "value")),
        AuditEntry.objects.count(),
    )


def scored_world(edition, applicant, jurors):
    """Three applications; jurors 1–3 have handed in reviews of all, juror 4 is assigned."""
    apps = [
        make_application(edition, applicant, title=title)
        for title in ("Alpha-Schweißen", "Beta-Biegen", "Gamma-Gießen")
    ]
    return apps


def assigned(application, member):
    return make_review(application, member)
