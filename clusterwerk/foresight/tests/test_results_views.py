"""The results table and the item fact sheet: who sees what, when."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusterwerk.actors.models import Visibility
from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.foresight.models import Comment, ItemTopicArea, Status
from clusterwerk.foresight.tests.factories import make_cycle, make_item, make_panellist, rate
from clusterwerk.masterplan.models import TopicArea
from clusterwerk.projects.tests.report_support import make_project


@pytest.fixture
def rated(items, panellists):
    p1, p2, p3, p4, p5 = panellists
    w01 = items[0]
    rate(p1, w01, {"impact": 4, "horizon": 2}, expertise=5)
    rate(p2, w01, {"impact": 5, "horizon": 2}, expertise=2)
    rate(p3, w01, {"impact": 2, "horizon": 3}, expertise=2, reason="Im Handwerk kaum Thema.")
    rate(p4, w01, {"impact": 4, "horizon": 2}, expertise=4)
    rate(p5, w01, {"impact": None, "horizon": 1})
    Comment.objects.create(item=w01, panellist=p1, body="Wasserstoff wird teuer bleiben.")
    Comment.objects.create(item=w01, panellist=p2, body="Unpassend.", is_hidden=True)
    return w01


def _publish(cycle):
    cycle.status = Status.PUBLISHED
    cycle.published_at = timezone.now()
    cycle.save()


def results_url(cycle):
    return reverse("foresight:results", args=[cycle.slug])


def item_url(cycle, key="W-01"):
    return reverse("foresight:item", args=[cycle.slug, key])


def test_management_sees_results_before_publication(manager_client, cycle, rated):
    response = manager_client.get(results_url(cycle))
    assert response.status_code == 200
    html = response.content.decode()
    assert "noch nicht veröffentlicht" in html
    assert "Wirkung auf das Cluster" in html
    # W-01 impact: median 4, quartiles 3,50–4,25, IQR 0,75, mean 3,75, with consensus.
    assert "3,50–4,25" in html and "IQR 0,75" in html and "3,75" in html
    assert "Konsens" in html
    # The distribution's numbers and their sentence for screen readers.
    assert "0 · 1 · 0 · 2 · 1" in html
    assert "Verteilung – sehr gering: 0; gering: 1; mittel: 0; hoch: 2; sehr hoch: 1" in html
    assert "2 abweichende Antworten" in html


def test_panellist_before_publication_gets_the_reason(client, cycle, rated, panellists):
    client.force_login(panellists[0].user)
    for url in (results_url(cycle), item_url(cycle)):
        response = client.get(url)
        assert response.status_code == 403
        assert "erst nach der Veröffentlichung" in response.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "other_cluster_manager"])
def test_others_before_publication_get_404(client, cycle, rated, persona, tenant_personas):
    user = tenant_personas(persona)
    if user.is_authenticated:
        client.force_login(user)
    assert client.get(results_url(cycle)).status_code == 404
    assert client.get(item_url(cycle)).status_code == 404


def test_everyone_after_publication_without_names(client, cycle, rated):
    _publish(cycle)
    response = client.get(results_url(cycle))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Veröffentlicht am" in html
    assert "Panellist1" not in html and "panellist1@" not in html


def test_weighted_toggle(client, cycle, rated):
    _publish(cycle)
    html = client.get(results_url(cycle), {"ansicht": "gewichtet"}).content.decode()
    # Weighted W-01 impact: q1 = median = q3 = 4, mean 50 / 13 = 3,85; the plain median beside.
    assert "Median (gewichtet)" in html
    assert "3,85" in html
    assert "4–4" in html
    assert "ungewichtet 4" in html


def test_group_toggle_hides_small_groups_from_the_public(
    client, member_client_factory, cycle, rated
):
    _publish(cycle)
    public = client.get(results_url(cycle), {"ansicht": "gruppen"}).content.decode()
    assert "Wirtschaft" in public and "Handwerk" in public
    # Every group has fewer than 3 answers: the public sees none of their medians.
    assert "4,50 <span" not in public
    assert "zum Schutz der Anonymität" in public
    manager = member_client_factory("cluster_manager")
    managed = manager.get(results_url(cycle), {"ansicht": "gruppen"}).content.decode()
    assert '4,50 <span class="small muted">(2)</span>' in managed


def test_unknown_toggle_and_round_fall_back(client, cycle, rated):
    _publish(cycle)
    response = client.get(results_url(cycle), {"ansicht": "<script>", "runde": "x"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_classic_round_switch(manager_client, cluster):
    cycle = make_cycle(cluster, slug="klassisch", mode="rounds", current_round=2)
    item = make_item(cycle, "K-01")
    seats = [make_panellist(cycle, f"k{number}@panel.example") for number in range(1, 4)]
    for seat, first, second in zip(seats, [1, 3, 3], [3, 3, 3], strict=True):
        rate(seat, item, {"impact": first}, round=1)
        rate(seat, item, {"impact": second}, round=2)
    latest = manager_client.get(results_url(cycle)).content.decode()
    # Round 2: 3 3 3, 2 of 3 unchanged → 67 %, not stable.
    assert "Runde 2." in latest and "67 %" in latest and "nicht stabil" in latest
    first = manager_client.get(results_url(cycle), {"runde": "1"}).content.decode()
    assert "Runde 1." in first and "67 %" not in first


def test_results_page_queries_do_not_grow_with_items(
    manager_client, cycle, panellists, django_assert_max_num_queries
):
    def fill(start, count):
        for number in range(start, start + count):
            item = make_item(cycle, f"X-{number:02d}")
            for panellist in panellists:
                rate(panellist, item, {"impact": 1 + number % 5})

    fill(0, 2)
    with django_assert_max_num_queries(40) as small:
        manager_client.get(results_url(cycle))
    fill(2, 15)
    with django_assert_max_num_queries(40) as large:
        manager_client.get(results_url(cycle))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_fact_sheet(manager_client, cycle, rated):
    rated.tags = ["Wasserstoff", "Energie"]
    rated.save()
    rated.sources.create(kind="link", title="Studie Wasserstoff 2030", url="https://example.org/h2")
    response = manager_client.get(item_url(cycle))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wasserstoff in der Metallbearbeitung" in html
    assert "Technologie" in html and "Energie &amp; Mobilität" in html
    assert "Wasserstoff, Energie" in html
    assert 'href="https://example.org/h2"' in html
    # Dissent with reasons, pseudonyms only.
    assert "Expert/in 03" in html and "Im Handwerk kaum Thema." in html
    assert "Panellist3" not in html
    # Visible comments only.
    assert "Wasserstoff wird teuer bleiben." in html
    assert "Unpassend." not in html
    assert "keinem Themenbereich zugeordnet" in html


def test_fact_sheet_topic_areas_link_to_their_pages(client, cluster, plan, panellists):
    topic = TopicArea.objects.get(edition=plan, number="4.4.2")
    cycle = make_cycle(cluster, slug="mit-themen", status=Status.PUBLISHED)
    make_item(cycle, "T-01", topics=[topic.lineage])
    html = client.get(item_url(cycle, "T-01")).content.decode()
    assert reverse("portal:topic-area", args=[plan.slug, topic.number]) in html
    assert topic.number in html


def test_fact_sheet_history_across_cycles(client, cluster, cycle, rated):
    older = make_cycle(cluster, slug="foresight-2019", year=2019, status=Status.PUBLISHED)
    past = make_item(older, "W-01", lineage=rated.lineage, title="Wasserstoff (2019)")
    seat = make_panellist(older, "alt@panel.example")
    rate(seat, past, {"impact": 2})
    hidden = make_cycle(cluster, slug="foresight-2020", year=2020, status=Status.EVALUATION)
    make_item(hidden, "W-01", lineage=rated.lineage)
    _publish(cycle)
    html = client.get(item_url(cycle)).content.decode()
    assert item_url(older) in html and "Foresight 2019 (2019)" in html
    assert item_url(hidden) not in html


def test_unknown_item_is_404(manager_client, cycle, rated):
    assert manager_client.get(item_url(cycle, "X-99")).status_code == 404


def test_fact_sheet_shows_related_as_the_viewer_may_see_it(
    manager_client, cluster, plan, cycle, rated
):
    lineage = topic_lineage(plan, "4.4.2")
    ItemTopicArea.objects.create(item=rated, topic_lineage=lineage)
    for title, visibility in [
        ("Laser öffentlich", Visibility.PUBLIC),
        ("Laser intern", Visibility.MEMBERS),
    ]:
        make_project(
            cluster, title, year_initiated=2021, visibility=visibility, primary_topic=lineage
        )
    html = manager_client.get(item_url(cycle)).content.decode()
    assert "Im Cluster dazu" in html
    assert "Laser öffentlich" in html and "Laser intern" in html
    _publish(cycle)
    html = Client().get(item_url(cycle)).content.decode()  # anonymous
    assert "Laser öffentlich" in html and "Laser intern" not in html


def test_a_large_cycle_shows_one_criterion_at_a_time(manager_client, cluster):
    from clusterwerk.foresight.models import Criterion
    from clusterwerk.foresight.views.results import ALL_CRITERIA_UP_TO

    cycle = make_cycle(cluster, slug="gross", year=2030)
    for number in range(ALL_CRITERIA_UP_TO + 1):
        make_item(cycle, f"G-{number:02d}")
    impact, uncertainty = Criterion.objects.filter(cycle=cycle).order_by("order")[:2]
    html = manager_client.get(results_url(cycle)).content.decode()
    assert f'id="criterion-{impact.pk}"' in html
    assert f'id="criterion-{uncertainty.pk}"' not in html
    html = manager_client.get(results_url(cycle), {"kriterium": uncertainty.pk}).content.decode()
    assert f'id="criterion-{uncertainty.pk}"' in html and f'id="criterion-{impact.pk}"' not in html
    html = manager_client.get(results_url(cycle), {"kriterium": "alle"}).content.decode()
    assert f'id="criterion-{impact.pk}"' in html and f'id="criterion-{uncertainty.pk}"' in html
    html = manager_client.get(results_url(cycle), {"kriterium": "<x>"}).content.decode()
    assert f'id="criterion-{impact.pk}"' in html
