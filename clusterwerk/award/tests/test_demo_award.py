"""The demo of the innovation prize (`award.demo.seed_demo_award`): editions 2019 and 2020
with 18 applications of demo companies, a five-person jury with the two conflicts the
platform's data shows, three reviews per application, winners and follow-ups; everything
marked demo, deterministic and idempotent."""

import datetime
from collections import Counter
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from clusterwerk.accounts.models import Role, RoleAssignment, User
from clusterwerk.actors.demo import generate_demo_actors
from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.queries import HOME_STATE, demo_actors
from clusterwerk.actors.reference import load_actor_reference_data
from clusterwerk.award import conflicts
from clusterwerk.award.demo import (
    JUROR_EMAILS,
    delete_demo_award,
    demo_data,
    demo_editions,
    seed_demo_award,
)
from clusterwerk.award.demo.world import shared_projects
from clusterwerk.award.models import (
    STAGE_ORDER,
    Application,
    ApplicationStatus,
    AuditAction,
    AuditEntry,
    AwardEdition,
    Comment,
    Conflict,
    ConflictKind,
    ConflictSource,
    ConflictStatus,
    Decision,
    FollowUp,
    FormalCheck,
    JuryMember,
    Phase,
    Review,
    ReviewStatus,
    Stage,
)
from clusterwerk.award.tests.factories import make_award_edition, weighted_total
from clusterwerk.core.models import Cluster
from clusterwerk.events.models import Event, EventFormat
from clusterwerk.events.tests.factories import make_event
from clusterwerk.masterplan.reference import load_all_reference_data
from clusterwerk.matchmaking.models import Interest
from clusterwerk.projects.demo import demo_projects, expected_project_count, generate_demo_projects
from clusterwerk.projects.models import ProjectPartner
from clusterwerk.projects.reference import load_project_reference_data
from conftest import clock_start

pytestmark = pytest.mark.clock
BERLIN = datetime.timezone(datetime.timedelta(hours=1))
CONFERENCES = {
    2019: ("Clusterkonferenz Metall 2019", datetime.datetime(2019, 11, 14, 10, tzinfo=BERLIN)),
    2020: (
        "Clusterkonferenz Metall 2020 (online)",
        datetime.datetime(2020, 11, 26, 10, tzinfo=BERLIN),
    ),
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, pytestconfig, clock_moment):
    """Reference data, a few demo companies (scale 0.05), the two demo conferences and the
    award demo, seeded once for the module in a transaction that is rolled back afterwards;
    each test runs in a savepoint inside it. No demo projects: the demo writes its own small
    project for the shared-project conflict."""
    import time_machine

    with (
        django_db_blocker.unblock(),
        time_machine.travel(clock_start(pytestconfig, clock_moment), tick=True),
        transaction.atomic(),
    ):
        load_all_reference_data()
        load_actor_reference_data()
        cluster = Cluster.objects.get(slug="metall")
        generate_demo_actors(cluster=cluster, scale=0.05)
        for title, starts_at in CONFERENCES.values():
            make_event(
                cluster,
                title=title,
                starts_at=starts_at,
                format=EventFormat.CLUSTER_CONFERENCE,
                is_demo=True,
            )
        report = seed_demo_award(cluster=cluster)
        yield SimpleNamespace(cluster=cluster, report=report)
        transaction.set_rollback(True)


@pytest.fixture
def demo_cluster(world, db):
    return world.cluster


@pytest.fixture
def seeded(world, db):
    return world.report


def edition(year):
    return AwardEdition.objects.get(year=year, is_demo=True)


def in_competition():
    return Application.objects.filter(status=ApplicationStatus.SUBMITTED).exclude(
        formal_check=FormalCheck.INELIGIBLE
    )


def blocking_pairs():
    return set(
        Conflict.objects.filter(
            status__in=(ConflictStatus.PROPOSED, ConflictStatus.PINNED)
        ).values_list("jury_member_id", "application_id")
    )


def signature(cluster):
    """What identifies the demo, independent of primary keys."""
    rows = []
    for application in Application.objects.filter(edition__cluster=cluster).order_by(
        "edition__year", "title"
    ):
        rows.append(
            (
                application.edition.year,
                application.title,
                application.applicant_id,
                tuple(application.partners.values_list("actor_id", flat=True)),
                application.status,
                application.formal_check,
                application.decision,
                application.submitted_at,
                tuple(
                    (r.jury_member.user.email, r.status, r.total, r.submitted_at)
                    for r in application.reviews.order_by("jury_member__user__email")
                ),
                tuple(application.conflicts.values_list("jury_member__user__email", "source")),
                tuple(
                    application.follow_ups.order_by("years_after").values_list(
                        "years_after", "due_on", "outcome", "answered_at"
                    )
                ),
            )
        )
    return rows


def test_two_published_editions_with_timeline_money_criteria_and_rules(seeded):
    assert seeded.editions == 2 and seeded.created == 2 and not seeded.skipped
    for year in (2019, 2020):
        item = edition(year)
        assert item.title == f"Brandenburger Innovationspreis Metall {year}"
        assert item.phase == Phase.PUBLISHED
        assert item.prize_money == 10000 and item.max_winners == 3 and item.has_special_prize
        assert item.call_opens_at < item.deadline
        assert item.deadline.month in (6, 7)
        assert (
            item.formal_check_until
            < item.scoring_until
            < item.jury_meeting_on
            <= item.decision_on
            < item.ceremony_on
        )
        assert item.results_published_at.date() >= item.decision_on
        assert item.results_published_at < timezone.now()
        assert list(item.criteria.values_list("key", flat=True)) == [
            "innovation",
            "market",
            "relevance",
            "social",
        ]
        assert item.rules.count() == 5
        title, starts_at = CONFERENCES[year]
        assert item.ceremony_event.title == title
        assert item.ceremony_on == starts_at.date()
    assert seeded.ceremony_events == 2


def test_eighteen_applications_of_demo_companies_in_brandenburg(demo_cluster, seeded):
    applications = Application.objects.all()
    assert applications.count() == seeded.applications == 18
    assert Counter(applications.values_list("edition__year", flat=True)) == {2019: 8, 2020: 10}
    demo_ids = set(demo_actors(demo_cluster).values_list("pk", flat=True))
    for application in applications.select_related("applicant__district", "edition"):
        assert application.applicant_id in demo_ids
        assert application.applicant.district.state == HOME_STATE
        assert application.applicant.kind in (ActorKind.COMPANY, ActorKind.CRAFT_BUSINESS)
        assert STAGE_ORDER.index(application.stage) >= STAGE_ORDER.index(Stage.EXPERIMENTAL)
        assert application.submitted_at < application.edition.deadline
        assert application.created_at < application.submitted_at
    assert applications.filter(applicant__kind=ActorKind.CRAFT_BUSINESS).exists()
    assert applications.filter(partners__actor__kind=ActorKind.UNIVERSITY).exists() or (
        applications.filter(partners__actor__kind=ActorKind.RESEARCH_INSTITUTE).exists()
    )
    assert applications.filter(partners__isnull=False).distinct().count() >= 5
    assert applications.filter(publication_consent=True).count() > 12


def test_one_ineligible_one_withdrawn_the_rest_eligible(seeded):
    ineligible = Application.objects.get(formal_check=FormalCheck.INELIGIBLE)
    assert "drei Jahre" in ineligible.formal_check_note
    deadline = ineligible.edition.deadline.date()
    assert (deadline - ineligible.innovation_date).days > 3 * 365
    withdrawn = Application.objects.get(status=ApplicationStatus.WITHDRAWN)
    assert withdrawn.withdrawn_at < withdrawn.edition.deadline
    assert withdrawn.formal_check == FormalCheck.PENDING
    rest = Application.objects.exclude(pk__in=[ineligible.pk, withdrawn.pk])
    assert set(rest.values_list("formal_check", flat=True)) == {FormalCheck.ELIGIBLE}
    for application in rest.select_related("edition"):
        age = application.edition.deadline.date() - application.innovation_date
        assert 0 < age.days <= 3 * 365
    assert in_competition().count() == seeded.in_competition == 16
    assert AuditEntry.objects.filter(
        action=AuditAction.FORMAL_CHECK, application=ineligible
    ).exists()


def test_the_same_five_jurors_in_both_years(demo_cluster, seeded):
    assert seeded.jurors == 5 and seeded.logins == sorted(JUROR_EMAILS)
    for year in (2019, 2020):
        members = JuryMember.objects.filter(edition=edition(year))
        assert sorted(members.values_list("user__email", flat=True)) == sorted(JUROR_EMAILS)
        assert members.filter(is_chair=True).count() == 1
        assert not members.filter(confidentiality_accepted_at__isnull=True).exists()
        assert members.filter(affiliation__isnull=False).count() == 4
        kinds = set(members.values_list("affiliation__kind", flat=True))
        assert {ActorKind.UNIVERSITY, ActorKind.CHAMBER, ActorKind.NETWORK} <= kinds
    for email in JUROR_EMAILS:
        user = User.objects.get(email=email)
        assert RoleAssignment.objects.filter(
            user=user, cluster=demo_cluster, role=Role.JURY
        ).exists()
        assert user.has_usable_password()


def test_two_pinned_conflicts_in_2020_from_the_platforms_data(seeded):
    conflicts = Conflict.objects.select_related("jury_member", "application__edition")
    assert conflicts.count() == seeded.conflicts == 2
    assert all(conflict.is_blocking for conflict in conflicts)
    assert {c.application.edition.year for c in conflicts} == {2020}
    assert {(c.source, c.kind) for c in conflicts} == {
        (ConflictSource.PARTNER_ORGANISATION, ConflictKind.INSTITUTIONAL),
        (ConflictSource.SHARED_PROJECT, ConflictKind.COLLABORATOR),
    }
    for conflict in conflicts:
        assert conflict.status == ConflictStatus.PINNED
        assert conflict.reason.startswith("Demo:") and conflict.evidence.startswith("Demo:")
        assert conflict.decided_at and conflict.decided_by
    partner = conflicts.get(source=ConflictSource.PARTNER_ORGANISATION)
    assert partner.application.partners.filter(actor_id=partner.jury_member.affiliation_id).exists()
    shared = conflicts.get(source=ConflictSource.SHARED_PROJECT)
    assert shared.jury_member.is_chair
    assert shared_projects(
        shared.jury_member.affiliation_id,
        shared.application.applicant_id,
        shared.application.edition.deadline.date(),
    ).exists()
    assert partner.jury_member.user_id != shared.jury_member.user_id


def assert_nothing_else_ties_a_juror_to_an_application():
    """Apart from the two conflicts: no juror's organisation is the applicant or a partner,
    has worked in a project with the applicant or a partner (at any time) or exchanged an
    interest with them – the conflict detection has nothing more to find."""
    conflicted = blocking_pairs()
    members = JuryMember.objects.filter(affiliation__isnull=False)
    for application in Application.objects.prefetch_related("partners"):
        partners = {partner.actor_id for partner in application.partners.all()}
        organisations = {application.applicant_id} | partners
        for member in members.filter(edition=application.edition_id):
            if (member.pk, application.pk) in conflicted:
                continue
            org = member.affiliation_id
            assert org not in organisations
            projects = ProjectPartner.objects.filter(actor_id=org).values("project_id")
            assert not ProjectPartner.objects.filter(
                project_id__in=projects, actor_id__in=organisations
            ).exists()
            assert not Interest.objects.filter(
                Q(actor_id=org, listing__owner_actor_id__in=organisations)
                | Q(actor_id__in=organisations, listing__owner_actor_id=org)
            ).exists()


def test_nothing_else_ties_a_juror_to_an_application(seeded):
    assert_nothing_else_ties_a_juror_to_an_application()


def test_with_the_demo_projects_the_shared_project_is_one_of_them(demo_cluster, seeded):
    own = Conflict.objects.get(source=ConflictSource.SHARED_PROJECT)
    assert "SensoBolt" in own.evidence  # no demo projects yet: the demo wrote its own
    load_project_reference_data()
    generate_demo_projects(cluster=demo_cluster)  # replaces it with the demo projects
    assert demo_projects(demo_cluster).count() == expected_project_count()
    report = seed_demo_award(cluster=demo_cluster)
    assert not report.skipped and report.conflicts == 2
    shared = Conflict.objects.get(source=ConflictSource.SHARED_PROJECT)
    assert "SensoBolt" not in shared.evidence
    assert demo_projects(demo_cluster).count() == expected_project_count()
    assert_nothing_else_ties_a_juror_to_an_application()
    assert seed_demo_award(cluster=demo_cluster).skipped
    assert_the_detection_finds_the_pinned_conflicts()


def test_three_submitted_reviews_never_by_a_conflicted_juror(seeded):
    conflicted = blocking_pairs()
    for application in in_competition().prefetch_related("reviews__scores"):
        submitted = [r for r in application.reviews.all() if r.status == ReviewStatus.SUBMITTED]
        assert len(submitted) >= 3
        for review in submitted:
            values = {s.criterion.key: s.value for s in review.scores.all()}
            assert len(values) == 4 and all(0 <= v <= 5 for v in values.values())
            assert values["innovation"] >= 1  # nobody is knocked out
            assert review.total == weighted_total(application.edition, values)
            assert review.submitted_at.date() <= application.edition.scoring_until
    assert Review.objects.filter(status=ReviewStatus.SUBMITTED).count() == seeded.reviews == 48
    for review in Review.objects.all():
        assert (review.jury_member_id, review.application_id) not in conflicted
    assert not Review.objects.exclude(application__in=in_competition()).exists()
    abstained = Review.objects.get(status=ReviewStatus.ABSTAINED)
    assert abstained.abstain_reason.startswith("Demo:")
    # The load is balanced: every juror reviews in every year.
    for year in (2019, 2020):
        load = Counter(
            Review.objects.filter(
                application__edition__year=year, status=ReviewStatus.SUBMITTED
            ).values_list("jury_member_id", flat=True)
        )
        assert len(load) == 5 and max(load.values()) - min(load.values()) <= 2


def test_one_disputed_application_in_2020_was_discussed(seeded):
    spreads = {}
    for application in in_competition().select_related("edition"):
        totals = [r.total for r in application.reviews.filter(status=ReviewStatus.SUBMITTED)]
        spreads[application] = max(totals) - min(totals)
    disputed = [a for a, spread in spreads.items() if spread > a.edition.disagreement_threshold]
    assert len(disputed) == 1
    (application,) = disputed
    assert application.edition.year == 2020 and spreads[application] > 1.5
    assert application.comments.count() >= 2
    conflicted = blocking_pairs()
    for comment in Comment.objects.select_related("application"):
        assert comment.text.startswith("Demo:")
        member = JuryMember.objects.get(edition=comment.application.edition_id, user=comment.author)
        assert (member.pk, comment.application_id) not in conflicted
        assert comment.created_at.date() <= comment.application.edition.decision_on
    assert seeded.comments == Comment.objects.count() >= 5


def test_winners_special_prize_nominees_and_shortlist(seeded):
    for year in (2019, 2020):
        decided = Counter(
            Application.objects.filter(edition__year=year).values_list("decision", flat=True)
        )
        assert decided[Decision.WINNER] == 3
        assert decided[Decision.SPECIAL_PRIZE] == 1
        assert 2 <= decided[Decision.NOMINEE] <= 3
        assert decided[Decision.SHORTLISTED] >= 1
        item = edition(year)
        decisions = Application.objects.filter(edition=item).exclude(decision=Decision.NONE)
        assert set(decisions.values_list("pk", flat=True)) <= set(
            in_competition().values_list("pk", flat=True)
        )
        audit = AuditEntry.objects.filter(edition=item)
        assert audit.filter(action=AuditAction.DECISION).count() == decisions.count()
        released = audit.get(action=AuditAction.RELEASED)
        assert released.created_at == item.results_published_at
        assert audit.filter(action=AuditAction.PHASE).count() == 5
        assert all(entry.created_at < timezone.now() for entry in audit)
    honoured = Application.objects.filter(decision__in=(Decision.WINNER, Decision.SPECIAL_PRIZE))
    assert not honoured.filter(publication_consent=False).exists()
    assert not honoured.filter(decision_note="").exists()
    assert seeded.winners == 6 and seeded.special_prizes == 2
    assert AuditEntry.objects.filter(action=AuditAction.CONFLICT).count() == 2


def test_follow_ups_due_by_today_some_answered(seeded):
    today = timezone.localdate()
    follow_ups = FollowUp.objects.select_related("application__edition")
    assert follow_ups.count() == seeded.follow_ups > 0
    for follow_up in follow_ups:
        ceremony = follow_up.application.edition.ceremony_on
        assert follow_up.due_on == ceremony.replace(year=ceremony.year + follow_up.years_after)
        assert follow_up.due_on < today
        assert follow_up.application.is_in_competition
        if follow_up.answered_at is None:
            assert follow_up.sent_at is None and not follow_up.outcome
        else:
            assert follow_up.sent_at < follow_up.answered_at < timezone.now()
            assert follow_up.outcome and follow_up.note.startswith("Demo:")
    answered = follow_ups.filter(answered_at__isnull=False)
    assert 0 < answered.count() == seeded.follow_ups_answered < follow_ups.count()
    winners = follow_ups.filter(application__decision=Decision.WINNER)
    assert winners.count() == 12 and not winners.filter(answered_at__isnull=True).exists()


def test_everything_is_marked_demo(seeded):
    assert not AwardEdition.objects.filter(is_demo=False).exists()
    assert not Application.objects.filter(is_demo=False).exists()
    for item in AwardEdition.objects.all():
        assert "Demo" in item.description
    for application in Application.objects.all():
        assert application.summary.startswith("Demo:")
        assert "Demo" in application.description
    for review in Review.objects.exclude(comment=""):
        assert review.comment.startswith("Demo:")
    for member in JuryMember.objects.all():
        assert "(Demo)" in member.function
        assert member.user.email.endswith("@example.org")
    assert set(demo_data()["applications"][0]) >= {"title", "summary", "level"}


def test_deterministic_and_idempotent(demo_cluster, seeded):
    first = signature(demo_cluster)
    again = seed_demo_award(cluster=demo_cluster)
    assert again.skipped and again.created == 0
    assert again.applications == 18 and again.conflicts == 2
    assert signature(demo_cluster) == first
    delete_demo_award(demo_cluster)
    assert not AwardEdition.objects.exists() and not Application.objects.exists()
    rebuilt = seed_demo_award(cluster=demo_cluster)
    assert not rebuilt.skipped and rebuilt.deleted == 0
    assert signature(demo_cluster) == first


def test_a_missing_application_makes_it_anew(demo_cluster, seeded):
    first = signature(demo_cluster)
    Application.objects.filter(status=ApplicationStatus.WITHDRAWN).delete()
    report = seed_demo_award(cluster=demo_cluster)
    assert not report.skipped and report.deleted == 2
    assert report.applications == 18
    assert signature(demo_cluster) == first


def test_a_lost_ceremony_event_is_linked_again(demo_cluster, seeded):
    AwardEdition.objects.update(ceremony_event=None)
    report = seed_demo_award(cluster=demo_cluster)
    assert report.skipped and report.ceremony_events == 2


def test_another_seed_draws_other_scores(demo_cluster, seeded):
    first = signature(demo_cluster)
    delete_demo_award(demo_cluster)
    seed_demo_award(cluster=demo_cluster, seed=7)
    assert signature(demo_cluster) != first
    assert Conflict.objects.count() == 2 and Application.objects.count() == 18


def test_a_real_edition_of_a_demo_year_is_left_alone(demo_cluster, seeded):
    delete_demo_award(demo_cluster)
    make_award_edition(demo_cluster, year=2019)
    with pytest.raises(ValueError, match="echten Preisjahrgang 2019"):
        seed_demo_award(cluster=demo_cluster)
    assert not Application.objects.exists()


def test_without_demo_companies_it_refuses(demo_cluster, seeded):
    delete_demo_award(demo_cluster)
    ProjectPartner.objects.filter(actor__in=demo_actors(demo_cluster)).delete()
    demo_actors(demo_cluster).delete()
    with pytest.raises(ValueError, match="Demo-Unternehmen"):
        seed_demo_award(cluster=demo_cluster)


def test_without_the_events_demo_the_ceremony_stays_open(demo_cluster, seeded):
    delete_demo_award(demo_cluster)
    assert not demo_editions(demo_cluster).exists()
    Event.objects.filter(is_demo=True).delete()
    report = seed_demo_award(cluster=demo_cluster)
    assert report.editions == 2 and report.ceremony_events == 0


def assert_the_detection_finds_the_pinned_conflicts():
    """At the time of each edition (its deadline) the detection proposes exactly the pinned
    conflicts, with the deadline's day given or not."""
    for year in (2019, 2020):
        item = edition(year)
        pinned = set(
            Conflict.objects.filter(application__edition=item).values_list(
                "jury_member_id", "application_id", "source"
            )
        )
        assert len(pinned) == (2 if year == 2020 else 0)
        found = conflicts.find_conflicts(item, today=timezone.localtime(item.deadline).date())
        assert {(c.jury_member.pk, c.application.pk, c.source) for c in found} == pinned
        # Without a day, the detection counts back from the deadline too.
        found_today = conflicts.find_conflicts(item)
        assert {(c.jury_member.pk, c.application.pk, c.source) for c in found_today} == pinned


def test_the_platforms_detection_finds_exactly_the_two_conflicts(seeded):
    assert_the_detection_finds_the_pinned_conflicts()
