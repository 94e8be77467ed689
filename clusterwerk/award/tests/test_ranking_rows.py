"""The ranking: who is in it, means and medians, ties, knock-outs, z-scores, disagreement,
alpha, the viewer's conflicts and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterwerk.accounts.models import Role, RoleAssignment
from clusterwerk.award import ranking
from clusterwerk.award.models import Aggregation, ApplicationStatus, FormalCheck, ReviewStatus
from clusterwerk.award.tests.factories import make_application, make_review
from clusterwerk.award.tests.scoring_support import block

pytestmark = pytest.mark.django_db

KNOCKED = {"innovation": 0, "market": 5, "relevance": 5, "social": 5}


def rows_by_title(rows):
    return {row.title: row for row in rows}


@pytest.fixture
def world(edition, applicant, jurors):
    apps = {
        title: make_application(edition, applicant, title=title)
        for title in ("A", "B", "C", "D", "E", "F")
    }
    make_application(edition, applicant, title="Unzulässig", formal_check=FormalCheck.INELIGIBLE)
    make_application(edition, applicant, title="Entwurf", status=ApplicationStatus.DRAFT)
    make_application(edition, applicant, title="Zurückgezogen", status=ApplicationStatus.WITHDRAWN)
    for member, value in zip(jurors[:3], (4, 4, 4), strict=True):
        make_review(apps["A"], member, scores=value)
    make_review(apps["B"], jurors[0], scores=5)
    make_review(apps["B"], jurors[1], scores=3)
    make_review(apps["C"], jurors[2], scores=3)
    make_review(apps["C"], jurors[3], status=ReviewStatus.ABSTAINED, abstain_reason="Urlaub")
    make_review(apps["C"], jurors[4])  # assigned, not handed in
    make_review(apps["D"], jurors[3], scores=2)
    make_review(apps["E"], jurors[3], scores=KNOCKED)
    make_review(apps["E"], jurors[4], scores=KNOCKED)
    return apps


def test_rows_ranks_ties_and_knock_outs(world, edition):
    rows = ranking.ranking(edition)
    assert [row.title for row in rows] == ["A", "B", "C", "D", "F", "E"]
    assert [row.rank for row in rows] == [1, 1, 3, 4, None, None]
    by = rows_by_title(rows)
    assert (by["A"].n, by["A"].mean, by["A"].median, by["A"].spread) == (3, 4.0, 4.0, 0.0)
    assert (by["B"].n, by["B"].mean, by["B"].median, by["B"].spread) == (2, 4.0, 4.0, 2.0)
    assert by["B"].disagreement and not by["A"].disagreement  # threshold 1.50
    assert (by["C"].n, by["C"].abstained) == (1, 1)
    assert by["F"].n == 0 and by["F"].mean is None and not by["F"].knocked_out
    assert by["E"].knocked_out and by["E"].knocked_out_by == ["Innovationshöhe"]
    assert by["E"].mean == 3.25  # 0.30·5 + 0.25·5 + 0.10·5
    assert "Unzulässig" not in by and "Entwurf" not in by and "Zurückgezogen" not in by


def test_rank_by_median(edition, applicant, jurors):
    x = make_application(edition, applicant, title="X")
    y = make_application(edition, applicant, title="Y")
    for member, value in zip(jurors, (1, 4, 4), strict=False):
        make_review(x, member, scores=value)  # mean 3, median 4
    make_review(y, jurors[3], scores=3)
    make_review(y, jurors[4], scores=4)  # mean 3.5, median 3.5
    assert [row.title for row in ranking.ranking(edition)] == ["Y", "X"]
    edition.aggregation = Aggregation.MEDIAN
    edition.save()
    rows = ranking.ranking(edition)
    assert [(row.title, row.rank, row.value) for row in rows] == [("X", 1, 4.0), ("Y", 2, 3.5)]


def test_z_scores_rank_beside_the_raw_ranking(edition, applicant, jurors):
    a = make_application(edition, applicant, title="A")
    b = make_application(edition, applicant, title="B")
    # Juror 1 is strict (A 2, B 1), juror 2 generous and of the opposite opinion (A 4, B 5).
    make_review(a, jurors[0], scores=2)
    make_review(b, jurors[0], scores=1)
    make_review(a, jurors[1], scores=4)
    make_review(b, jurors[1], scores=5)
    make_review(b, jurors[2], scores=3)  # a single review: z 0
    rows = rows_by_title(ranking.ranking(edition))
    # Juror 1: mean 1.5, σ 0.5 → A +1, B −1; juror 2: mean 4.5, σ 0.5 → A −1, B +1; juror 3: 0
    assert rows["A"].z_mean == pytest.approx(0.0)
    assert rows["B"].z_mean == pytest.approx(0.0)
    assert rows["A"].mean == 3.0 and rows["B"].mean == 3.0
    assert rows["A"].rank == rows["B"].rank == 1
    assert rows["A"].z_rank == rows["B"].z_rank == 1


def test_edition_alpha(edition, applicant, jurors):
    assert ranking.edition_alpha(edition) is None
    a = make_application(edition, applicant, title="A")
    b = make_application(edition, applicant, title="B")
    make_review(a, jurors[0], scores=4)
    make_review(a, jurors[1], scores=4)
    make_review(b, jurors[0], scores=2)
    make_review(b, jurors[1], scores=2)
    make_review(b, jurors[2], status=ReviewStatus.DRAFT)
    assert ranking.edition_alpha(edition) == pytest.approx(1.0)
    make_review(a, jurors[3], scores=2)  # A: 4, 4, 2 on every criterion
    alpha = ranking.edition_alpha(edition)
    assert alpha is not None and alpha < 1
    assert ranking.alpha_meaning(alpha)
    assert "Noch nicht berechenbar" in ranking.alpha_meaning(None)


def test_ranking_for_a_conflicted_viewer(world, edition, jurors, cluster, cluster_manager):
    manager_juror = jurors[0].user
    RoleAssignment.objects.create(user=manager_juror, cluster=cluster, role=Role.CLUSTER_MANAGER)
    block(jurors[0], world["B"])
    titles = [row.title for row in ranking.ranking_for_user(manager_juror, edition)]
    assert "B" not in titles and "A" in titles
    assert len(ranking.ranking_for_user(cluster_manager, edition)) == 6


def test_juror_table(world, edition, jurors):
    table = {row.member.pk: row for row in ranking.juror_table(edition)}
    assert (table[jurors[3].pk].submitted, table[jurors[3].pk].abstained) == (2, 1)
    assert table[jurors[4].pk].open == 1
    assert table[jurors[0].pk].mean == 4.5 and table[jurors[0].pk].sd == 0.5


def test_constant_number_of_queries(edition, applicant, jurors):
    def count():
        with CaptureQueriesContext(connection) as context:
            ranking.ranking(edition)
            ranking.edition_alpha(edition)
        return len(context.captured_queries)

    first = make_application(edition, applicant, title="Eins")
    make_review(first, jurors[0], scores=3)
    small = count()
    for number in range(6):
        application = make_application(edition, applicant, title=f"Nr. {number}")
        for member in jurors[:3]:
            make_review(application, member, scores=number % 6)
    assert count() == small
