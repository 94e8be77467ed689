"""Demo of the Brandenburger Innovationspreis Metall (development and demonstrations).

`seed_demo_award(cluster=…, seed=2020)` writes the editions 2019 and 2020 of `data/award.json`:
published, 10,000 euros for at most three winners, a special jury prize, the default criteria
and rules (`award.defaults`), timelines in the past with the ceremony at the Clusterkonferenz
of the year (linked to the demo event when the events demo has written it). 18 applications
of demo companies and craft businesses in Brandenburg (`actors.queries.demo_actors`), some
with a university or research institute of the directory as partner; one was found
ineligible in the formal check (the innovation is too old), one was withdrawn.

The jury: the same five demo logins in both years (`jury1@example.org` … `jury5@example.org`,
role `jury` in the cluster, the demo password), a university professor in the chair, a
Handwerkskammer, a network, a research centre and an independent expert. In 2020 the
management pinned exactly the two conflicts the platform's detection finds in the data: the
research centre is a partner of one application (institutional) and the chair's university
worked with one applicant in a demo project in the three years before the deadline
(collaborator; a small demo project is written when no demo project fits). The applicants
are picked so that nothing else ties them to a juror's organisation (`world`).

Every application in the competition has three submitted reviews, never by a conflicted
juror; one 2020 application is disputed (its totals spread wider than the threshold) and was
discussed; three winners, a special prize, nominees and a shortlist per edition, with audit
entries for phases, formal check, conflicts, decisions and the release; the follow-ups one
and three years after the ceremony that are due by the day of seeding, some answered.
Everything is `is_demo=True` (editions and applications) and every text says it is a demo.

Deterministic for a seed (`random.Random(seed)`: applicants, partners, assignment, scores,
dates within the timeline); the follow-ups depend on the day of seeding. Idempotent: when
both demo editions are complete, nothing happens (only a missing link to the ceremony event
is restored); otherwise the cluster's demo editions are deleted and written again. Rows are
written directly, not through the services: the dates are the past's.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from clusterwerk.award.demo.world import load_world, shared_projects
from clusterwerk.award.demo.writing import Writer, ceremony_event
from clusterwerk.award.models import (
    Application,
    AwardEdition,
    Comment,
    Conflict,
    ConflictSource,
    Decision,
    FollowUp,
    JuryMember,
    Phase,
    Review,
    ReviewStatus,
)
from clusterwerk.core.models import Cluster

# The demo logins' password; the same as `portal.cluster_demo.DEMO_PASSWORD` (award may not
# import portal).
DEMO_PASSWORD = "clusterwerk-demo"
JUROR_EMAILS = tuple(f"jury{number}@example.org" for number in range(1, 6))


@cache
def _data_text() -> str:
    return (
        resources.files("clusterwerk.award.demo")
        .joinpath("data", "award.json")
        .read_text(encoding="utf-8")
    )


def demo_data() -> dict:
    """The parsed data file (a fresh copy)."""
    return json.loads(_data_text())


@dataclass
class DemoAwardReport:
    skipped: bool = False  # both demo editions were complete: nothing written
    created: int = 0  # editions written in this run
    deleted: int = 0  # demo editions deleted before writing
    editions: int = 0
    applications: int = 0
    in_competition: int = 0
    jurors: int = 0  # juror logins (the same in every edition)
    conflicts: int = 0
    reviews: int = 0  # submitted
    comments: int = 0
    winners: int = 0
    special_prizes: int = 0
    nominees: int = 0
    follow_ups: int = 0
    follow_ups_answered: int = 0
    ceremony_events: int = 0  # editions linked to their Clusterkonferenz
    logins: list[str] = field(default_factory=list)  # the jurors' e-mail addresses


def demo_editions(cluster: Cluster | None = None) -> QuerySet[AwardEdition]:
    editions = AwardEdition.objects.filter(is_demo=True)
    return editions.filter(cluster=cluster) if cluster is not None else editions


def delete_demo_award(cluster: Cluster | None = None) -> int:
    """Delete the demo editions (of `cluster`; of every cluster: None) with their
    applications, jury, conflicts, reviews, audit and follow-ups. The juror logins stay.
    Call before the demo companies are replaced: applications protect their applicant."""
    editions = demo_editions(cluster)
    count = editions.count()
    # Applications protect their edition: they go first.
    Application.objects.filter(edition__in=editions.values("pk")).delete()
    editions.delete()
    return count


def _expected_years(data: dict) -> set[int]:
    return {spec["year"] for spec in data["editions"]}


def _is_complete(cluster: Cluster, data: dict) -> bool:
    editions = demo_editions(cluster)
    if set(editions.values_list("year", flat=True)) != _expected_years(data):
        return False
    if editions.exclude(phase=Phase.PUBLISHED).exists():
        return False
    applications = Application.objects.filter(edition__in=editions.values("pk"))
    if (
        applications.count() != len(data["applications"])
        or applications.filter(is_demo=False).exists()
    ):
        return False
    members = JuryMember.objects.filter(edition__in=editions.values("pk"))
    if members.count() != len(data["editions"]) * len(data["jury"]):
        return False
    conflicts = Conflict.objects.filter(application__edition__in=editions.values("pk"))
    if conflicts.count() != len(data["conflicts"]):
        return False
    shared = (
        conflicts.filter(source=ConflictSource.SHARED_PROJECT)
        .select_related("jury_member", "application__edition")
        .first()
    )
    if shared is None or shared.jury_member.affiliation_id is None:
        return False
    if not shared_projects(
        shared.jury_member.affiliation_id,
        shared.application.applicant_id,
        timezone.localtime(shared.application.edition.deadline).date(),
    ).exists():
        return False
    short = (
        applications.filter(status="submitted")
        .exclude(formal_check="ineligible")
        .annotate(
            done=Count("reviews", filter=Q(reviews__status=ReviewStatus.SUBMITTED)),
        )
        .filter(done__lt=F("edition__reviews_per_application"))
    )
    return not short.exists()


def _refuse_real_editions(cluster: Cluster, data: dict) -> None:
    real = AwardEdition.objects.filter(
        cluster=cluster, year__in=_expected_years(data), is_demo=False
    ).order_by("year")
    if real.exists():
        years = ", ".join(str(year) for year in real.values_list("year", flat=True))
        raise ValueError(
            f"Der Cluster hat schon einen echten Preisjahrgang {years}: "
            "die Demo des Innovationspreises wird nicht angelegt."
        )


def link_ceremony_events(cluster: Cluster, data: dict) -> None:
    """Restore the link to the Clusterkonferenz where the events demo was written again."""
    titles = {spec["year"]: spec.get("ceremony_event") for spec in data["editions"]}
    for edition in demo_editions(cluster).filter(ceremony_event__isnull=True):
        event = ceremony_event(cluster, titles.get(edition.year))
        if event is not None:
            AwardEdition.objects.filter(pk=edition.pk).update(ceremony_event=event)


def seed_demo_award(
    *,
    cluster: Cluster,
    seed: int = 2020,
    password: str = DEMO_PASSWORD,
) -> DemoAwardReport:
    """Write the cluster's demo of the innovation prize (see the module docstring).
    ValueError (German) when the demo companies or the reference institutions are missing or
    the cluster has a real edition of a demo year."""
    data = demo_data()
    report = DemoAwardReport()
    with transaction.atomic():
        if _is_complete(cluster, data):
            report.skipped = True
            link_ceremony_events(cluster, data)
        else:
            _refuse_real_editions(cluster, data)
            rng = random.Random(seed)
            # Drawn before anything is deleted, so that a failure leaves the old demo.
            world = load_world(cluster, data, rng)
            report.deleted = delete_demo_award(cluster)
            Writer(cluster, data, world, rng, today=timezone.localdate(), password=password).write()
            report.created = len(data["editions"])
    _summarise(cluster, report)
    return report


def _summarise(cluster: Cluster, report: DemoAwardReport) -> None:
    editions = demo_editions(cluster)
    report.editions = editions.count()
    applications = Application.objects.filter(edition__in=editions.values("pk"))
    report.applications = applications.count()
    report.in_competition = (
        applications.filter(status="submitted").exclude(formal_check="ineligible").count()
    )
    members = JuryMember.objects.filter(edition__in=editions.values("pk"))
    report.logins = sorted(set(members.values_list("user__email", flat=True)))
    report.jurors = len(report.logins)
    report.conflicts = Conflict.objects.filter(application__in=applications.values("pk")).count()
    report.reviews = Review.objects.filter(
        application__in=applications.values("pk"), status=ReviewStatus.SUBMITTED
    ).count()
    report.comments = Comment.objects.filter(application__in=applications.values("pk")).count()
    report.winners = applications.filter(decision=Decision.WINNER).count()
    report.special_prizes = applications.filter(decision=Decision.SPECIAL_PRIZE).count()
    report.nominees = applications.filter(decision=Decision.NOMINEE).count()
    follow_ups = FollowUp.objects.filter(application__in=applications.values("pk"))
    report.follow_ups = follow_ups.count()
    report.follow_ups_answered = follow_ups.filter(answered_at__isnull=False).count()
    report.ceremony_events = editions.filter(ceremony_event__isnull=False).count()


__all__ = [
    "DEMO_PASSWORD",
    "JUROR_EMAILS",
    "DemoAwardReport",
    "delete_demo_award",
    "demo_data",
    "demo_editions",
    "seed_demo_award",
]
