"""The demo of the Markt- und Technologievorausschau (`foresight.demo.seed_foresight_demo`):
the cycles 2019 and 2021 with their items, a pseudonymous panel of 20 demo logins, answers in
both rounds of 2021, a gap signal and its proposal; everything marked demo, deterministic and
idempotent."""

import datetime
import statistics
from collections import Counter
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone

from clusterwerk.accounts.models import Role, RoleAssignment, User
from clusterwerk.actors.reference import load_actor_reference_data
from clusterwerk.core.models import Cluster
from clusterwerk.foresight.defaults import GAP_MAX_HORIZON, GAP_MIN_IMPACT
from clusterwerk.foresight.demo import (
    DEMO_SLUGS,
    delete_demo_foresight,
    demo_cycles,
    seed_foresight_demo,
)
from clusterwerk.foresight.demo import gap as demo_gap
from clusterwerk.foresight.demo.answers import quartiles
from clusterwerk.foresight.demo.data import GAP_KEY, PANEL, PANEL_EMAIL
from clusterwerk.foresight.demo.gap import is_late, pick_consultation
from clusterwerk.foresight.gaps import gap_signals
from clusterwerk.foresight.models import (
    Comment,
    Criterion,
    Cycle,
    Expertise,
    GapAction,
    GapDecision,
    Item,
    ItemTopicArea,
    Mode,
    Panellist,
    Rating,
    StakeholderGroup,
    Status,
)
from clusterwerk.foresight.services.gaps import propose_from_gap
from clusterwerk.foresight.tests.factories import make_cycle
from clusterwerk.masterplan.models import TopicArea
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.masterplan.reference import load_all_reference_data
from clusterwerk.participation.demo import generate_demo_consultation
from clusterwerk.participation.models import Consultation, Phase, PhaseKind, ProposalKind
from conftest import make_user

MANAGER_EMAIL = "clustermanagement@example.org"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Reference data (plan, districts), the demo management login, the demo consultation
    and the foresight demo, seeded once for the module in a transaction that is rolled back
    afterwards; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_all_reference_data()
        load_actor_reference_data()
        cluster = Cluster.objects.get(slug="metall")
        manager = make_user(MANAGER_EMAIL, cluster, Role.CLUSTER_MANAGER)
        generate_demo_consultation(cluster=cluster, manager=manager)
        report = seed_foresight_demo(cluster)
        yield SimpleNamespace(cluster=cluster, manager=manager, report=report)
        transaction.set_rollback(True)


@pytest.fixture
def demo(world, db):
    return world


def cycle(slug):
    return Cycle.objects.get(slug=slug, is_demo=True)


def medians(item, role, round_number):
    values = list(
        Rating.objects.filter(
            item=item, criterion__role=role, round=round_number, value__isnull=False
        ).values_list("value", flat=True)
    )
    return statistics.median(values), values


def test_two_published_demo_cycles(demo):
    earlier, later = cycle("foresight-2019"), cycle("foresight-2021")
    assert earlier.title == "Markt- und Technologievorausschau 2019"
    assert later.title == "Markt- und Technologievorausschau 2021"
    assert later.previous == earlier
    assert (later.mode, later.rounds_planned, later.current_round) == (Mode.ROUNDS, 2, 2)
    assert (earlier.rounds_planned, earlier.current_round) == (1, 1)
    for each in (earlier, later):
        assert each.status == Status.PUBLISHED and each.published_at is not None
        assert each.cluster == demo.cluster
        assert each.criteria.count() == 5
        assert each.segments.count() == 5
        assert each.rings.count() == 4
    assert earlier.items.count() == 14
    assert later.items.count() == 25
    assert demo.report.cycles == 2 and demo.report.items == 39


def test_carried_items_keep_key_and_lineage(demo):
    earlier, later = cycle("foresight-2019"), cycle("foresight-2021")
    carried = later.items.filter(carried_from__isnull=False).select_related("carried_from")
    assert carried.count() == 12
    for item in carried:
        assert item.carried_from.cycle == earlier
        assert (item.key, item.lineage) == (item.carried_from.key, item.carried_from.lineage)
    new = later.items.filter(carried_from__isnull=True)
    assert not set(new.values_list("lineage", flat=True)) & set(
        earlier.items.values_list("lineage", flat=True)
    )
    # keys are stable: no 2021 item reuses a key of a 2019 item it does not continue
    dropped = set(earlier.items.values_list("key", flat=True)) - set(
        later.items.values_list("key", flat=True)
    )
    assert dropped == {"W-13", "W-14"}


def test_items_have_texts_kinds_segments_and_topic_areas_of_the_plan(demo):
    later = cycle("foresight-2021")
    edition = get_published_edition(demo.cluster)
    plan_lineages = set(edition.topic_areas.values_list("lineage", flat=True))
    for item in later.items.all():
        assert item.description and item.kind and item.steep and item.tags
        assert item.segment is not None and item.segment.cycle == later
    lineages = set(
        ItemTopicArea.objects.filter(item__cycle=later).values_list("topic_lineage", flat=True)
    )
    assert lineages and lineages <= plan_lineages
    hydrogen = later.items.get(key="W-01")
    numbers = set(
        TopicArea.objects.filter(
            edition=edition,
            lineage__in=hydrogen.topic_areas.values_list("topic_lineage", flat=True),
        ).values_list("number", flat=True)
    )
    assert numbers == {"4.3.2", "4.2.2"}
    for source in Item.objects.get(cycle=later, key="W-15").sources.all():
        assert source.url.startswith("https://eur-lex.europa.eu/")


def test_panel_of_twenty_pseudonymous_demo_logins(demo):
    later = cycle("foresight-2021")
    seats = list(later.panellists.select_related("user", "district"))
    assert len(seats) == 20
    assert all(seat.is_demo and seat.accepted_at and seat.user_id for seat in seats)
    assert all(seat.user.email.endswith("@example.org") for seat in seats)
    pseudonyms = [seat.pseudonym for seat in seats]
    assert len(set(pseudonyms)) == 20
    for seat in seats:
        assert seat.name not in seat.pseudonym
        assert seat.user.last_name not in seat.pseudonym
    groups = Counter(seat.stakeholder_group for seat in seats)
    assert groups == dict.fromkeys(StakeholderGroup.values, 4)
    assert all(seat.district is not None for seat in seats)
    assert len({seat.district_id for seat in seats}) > 3
    assert cycle("foresight-2019").panellists.count() == 12
    # demo logins without a role in the cluster
    assert not RoleAssignment.objects.filter(user__in=[seat.user for seat in seats]).exists()


def test_ratings_in_both_rounds_with_expertise_and_cannot_judge(demo):
    later = cycle("foresight-2021")
    ratings = Rating.objects.filter(item__cycle=later)
    assert ratings.filter(round=1).count() == 25 * 20 * 5
    assert ratings.filter(round=2).count() == 25 * 20 * 5
    assert ratings.filter(value__isnull=True, cannot_judge=True).exists()
    assert not ratings.filter(value__isnull=True, cannot_judge=False).exists()
    for criterion in Criterion.objects.filter(cycle=later):
        values = ratings.filter(criterion=criterion, value__isnull=False)
        assert not values.filter(value__gt=criterion.steps).exists()
        assert not values.filter(value__lt=1).exists()
    levels = set(Expertise.objects.filter(item__cycle=later).values_list("level", flat=True))
    assert levels <= {1, 2, 3, 4, 5} and len(levels) >= 4
    assert Expertise.objects.filter(item__cycle=later).count() == 25 * 20
    earlier = Rating.objects.filter(item__cycle=cycle("foresight-2019"))
    assert set(earlier.values_list("round", flat=True)) == {1}
    assert earlier.count() == 14 * 12 * 5
    # round 1 and round 2 happened in their periods
    first = ratings.filter(round=1).order_by("-updated_at").first().updated_at
    second = ratings.filter(round=2).order_by("updated_at").first().updated_at
    assert first < second and first.year == second.year == 2021


def test_round_two_converges_and_outliers_give_reasons(demo):
    later = cycle("foresight-2021")
    spread = {1: 0, 2: 0}
    for item in later.items.all():
        for criterion in later.criteria.all():
            for number in (1, 2):
                values = list(
                    Rating.objects.filter(
                        item=item, criterion=criterion, round=number, value__isnull=False
                    ).values_list("value", flat=True)
                )
                q1, q3 = quartiles(values)
                spread[number] += q3 - q1
            _median, first = medians(item, criterion.role, 1)
            q1, q3 = quartiles(first)
            for rating in Rating.objects.filter(
                item=item, criterion=criterion, round=2, value__isnull=False
            ):
                outside = rating.value < q1 or rating.value > q3
                assert bool(rating.reason) == outside, (item.key, criterion.role, rating.value)
    assert spread[2] < spread[1]
    assert not Rating.objects.filter(item__cycle=later, round=1).exclude(reason="").exists()
    assert demo.report.reasons > 0


def test_a_gap_signal_by_the_rule(demo):
    later = cycle("foresight-2021")
    gap = later.items.get(key=GAP_KEY)
    assert not gap.topic_areas.exists()
    impact, _values = medians(gap, "impact", 2)
    horizon, _values = medians(gap, "horizon", 2)
    assert impact >= GAP_MIN_IMPACT and horizon <= GAP_MAX_HORIZON
    assert GAP_KEY in {signal.item.key for signal in gap_signals(later)}


def test_anonymous_comments_with_a_reply(demo):
    comments = Comment.objects.filter(item__cycle=cycle("foresight-2021"))
    assert comments.count() >= 6
    assert comments.filter(parent__isnull=False).exists()
    assert all(comment.panellist.is_demo for comment in comments)


def test_idempotent(demo):
    ids = set(Rating.objects.filter(item__cycle__is_demo=True).values_list("pk", flat=True))
    users = User.objects.count()
    report = seed_foresight_demo(demo.cluster)
    assert report.skipped
    assert set(Rating.objects.filter(item__cycle__is_demo=True).values_list("pk", flat=True)) == ids
    assert User.objects.count() == users
    assert demo_cycles(demo.cluster).count() == 2


def test_incomplete_demo_is_written_again_deterministically(demo):
    later = cycle("foresight-2021")
    before = sorted(
        Rating.objects.filter(item__cycle=later).values_list(
            "item__key", "panellist__pseudonym", "criterion__role", "round", "value", "reason"
        )
    )
    later.items.get(key="W-27").delete()
    report = seed_foresight_demo(demo.cluster)
    assert not report.skipped and report.deleted == 2
    again = cycle("foresight-2021")
    assert again.items.count() == 25
    after = sorted(
        Rating.objects.filter(item__cycle=again).values_list(
            "item__key", "panellist__pseudonym", "criterion__role", "round", "value", "reason"
        )
    )
    assert after == before
    assert (
        User.objects.filter(email__in=[PANEL_EMAIL.format(n) for n in range(1, 21)]).count() == 20
    )


def test_a_real_cycle_with_a_demo_slug_stops_the_demo(demo):
    delete_demo_foresight(demo.cluster)
    make_cycle(demo.cluster, slug=DEMO_SLUGS[0], year=2019)
    with pytest.raises(ValueError, match="echten Foresight-Zyklus"):
        seed_foresight_demo(demo.cluster)


def test_without_a_published_plan_items_have_no_topic_areas(demo, other_cluster):
    report = seed_foresight_demo(other_cluster)
    assert report.cycles == 2 and report.items == 39
    assert not ItemTopicArea.objects.filter(item__cycle__cluster=other_cluster).exists()
    assert report.proposal is None and report.proposal_note
    # no strongest districts of its own: the panel sits in Brandenburg's districts
    seats = Panellist.objects.filter(cycle__cluster=other_cluster, cycle__year=2021)
    assert set(seats.values_list("district__state", flat=True)) == {"Brandenburg"}
    # the demo of one cluster leaves the other's alone
    assert demo_cycles(demo.cluster).count() == 2
    assert seed_foresight_demo(other_cluster).skipped


def test_the_gap_becomes_a_proposal(demo):
    later = cycle("foresight-2021")
    report = seed_foresight_demo(demo.cluster)
    proposal = report.proposal
    assert proposal is not None, report.proposal_note
    assert proposal.kind == ProposalKind.NEW_TOPIC_AREA
    assert proposal.consultation.is_demo and proposal.consultation.cluster == demo.cluster
    decision = GapDecision.objects.get(item__cycle=later, item__key=GAP_KEY)
    assert decision.action == GapAction.PROPOSAL and decision.proposal_id == proposal.pk
    assert seed_foresight_demo(demo.cluster).proposal == proposal


@pytest.fixture
def gap_service_calls(monkeypatch):
    """The keys of the items the demo hands to `propose_from_gap` (the real service)."""
    calls = []

    def spy(*, item, **arguments):
        calls.append(item.key)
        return propose_from_gap(item=item, **arguments)

    monkeypatch.setattr(demo_gap, "propose_from_gap", spy)
    return calls


def test_the_proposal_step_calls_the_service_once(demo, gap_service_calls):
    later = cycle("foresight-2021")
    GapDecision.objects.filter(item__cycle=later).delete()
    report = seed_foresight_demo(demo.cluster)
    assert gap_service_calls == [GAP_KEY]
    proposal = report.proposal
    assert proposal.author == demo.manager
    assert proposal.consultation == pick_consultation(demo.cluster)
    key_point = get_published_edition(demo.cluster).key_points.get(number="4.3")
    assert proposal.element_lineage == key_point.lineage
    assert seed_foresight_demo(demo.cluster).proposal == proposal
    assert gap_service_calls == [GAP_KEY]
    # the consultation demo written anew: the proposal is gone and is made again
    proposal.delete()
    again = seed_foresight_demo(demo.cluster).proposal
    assert again is not None and again.pk != proposal.pk
    assert GapDecision.objects.get(item__cycle=later, item__key=GAP_KEY).proposal_id == again.pk


def test_a_consultation_in_evaluation_is_preferred(demo):
    running = pick_consultation(demo.cluster)
    assert running is not None and running.is_demo and not is_late(running, timezone.now())
    now = timezone.now()
    late = Consultation.objects.create(
        cluster=demo.cluster,
        edition=running.edition,
        title="Ältere Beteiligung (Demo)",
        slug="aeltere-beteiligung-demo",
        is_demo=True,
    )
    Phase.objects.create(
        consultation=late,
        kind=PhaseKind.EVALUATION,
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=10),
    )
    Consultation.objects.filter(pk=late.pk).update(created_at=now - datetime.timedelta(days=400))
    assert pick_consultation(demo.cluster) == late


def test_panel_names_match_the_data(demo):
    seats = cycle("foresight-2021").panellists.order_by("pseudonym")
    assert [seat.name for seat in seats] == [name for name, _group in PANEL]
