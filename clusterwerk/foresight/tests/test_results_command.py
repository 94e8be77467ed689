"""`manage.py foresight_results`: the contract for checks."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from clusterwerk.foresight.gaps import gap_signals
from clusterwerk.foresight.models import Status
from clusterwerk.foresight.tests.factories import make_cycle, make_item, make_panellist, rate
from clusterwerk.masterplan.models import TopicArea


def run(*args) -> str:
    out = StringIO()
    call_command("foresight_results", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def published(cluster, plan):
    """A published cycle with W-01 (rated, consensus on impact, topic area 4.4.2) and W-02."""
    cycle = make_cycle(cluster, slug="foresight-2021", year=2021, status=Status.PUBLISHED)
    cycle.published_at = timezone.now()
    cycle.save()
    topic = TopicArea.objects.get(edition=plan, number="4.4.2")
    w01 = make_item(cycle, "W-01", title="Wasserstoff", topics=[topic.lineage])
    make_item(cycle, "W-02", title="Grüner Stahl")
    seats = [make_panellist(cycle, f"p{number}@panel.example") for number in range(1, 5)]
    # Impact 3 4 4 5: median 4, q1 3.75, q3 4.25 → IQR 0.5.
    for seat, value in zip(seats, [3, 4, 4, 5], strict=True):
        rate(
            seat,
            w01,
            {"impact": value, "uncertainty": 3, "horizon": 2, "relevance": 4, "readiness": 2},
        )
    return cycle


def test_json_of_the_latest_published_cycle(published, cluster):
    # A newer cycle that is not published is not the default.
    make_cycle(cluster, slug="foresight-2099", year=2099, status=Status.RATING)
    data = json.loads(run("--cluster", "metall", "--format", "json"))
    assert isinstance(data, list)
    first, second = data
    assert {
        key: first[key] for key in ("key", "cycle", "title", "median", "iqr", "n", "consensus")
    } == {
        "key": "W-01",
        "cycle": "foresight-2021",
        "title": "Wasserstoff",
        "median": 4.0,
        "iqr": 0.5,
        "n": 4,
        "consensus": True,  # every criterion: 4 answers, IQR ≤ 1
    }
    assert first["topic_areas"] == ["4.4.2"]
    assert first["criteria"]["horizon"] == {
        "name": "Zeithorizont",
        "median": 2.0,
        "iqr": 0.0,
        "n": 4,
        "consensus": True,
    }
    assert second["key"] == "W-02" and second["cycle"] == "foresight-2021"
    assert second["median"] is None and second["n"] == 0
    assert second["consensus"] is False and second["topic_areas"] == []


def test_gap_flags_follow_the_gap_rule(published):
    # W-01: impact median 4 (≥ 4) and horizon median 2 (≤ 2), and nothing of the cluster in
    # 4.4.2 – a gap signal. W-02 has no answers, so no medians – not one.
    assert {gap.item.key for gap in gap_signals(published)} == {"W-01"}
    data = json.loads(run("--cluster", "metall"))
    assert {row["key"]: row["gap"] for row in data} == {"W-01": True, "W-02": False}


def test_a_named_cycle_in_any_phase(cluster, published):
    running = make_cycle(cluster, slug="laufend", year=2030, status=Status.RATING)
    assert json.loads(run("--cluster", "metall", "--cycle", "laufend")) == []
    make_item(running, "L-01", title="Laufend")
    (row,) = json.loads(run("--cluster", "metall", "--cycle", "laufend"))
    assert (row["key"], row["cycle"], row["n"], row["gap"]) == ("L-01", "laufend", 0, False)


def test_text_format(published):
    text = run("--cluster", "metall", "--format", "text")
    assert "Foresight 2021" in text
    assert "W-01" in text and "4.00" in text and "4.4.2" in text and "Grüner Stahl" in text


def test_errors_in_german(cluster, published):
    with pytest.raises(CommandError, match="Unbekannter Cluster"):
        run("--cluster", "gibt-es-nicht")
    with pytest.raises(CommandError, match="Unbekanntes Format"):
        run("--cluster", "metall", "--format", "xml")
    with pytest.raises(CommandError, match="keinen Zyklus „fehlt“"):
        run("--cluster", "metall", "--cycle", "fehlt")


def test_no_published_cycle(other_cluster):
    make_cycle(other_cluster, slug="entwurf", status=Status.PREPARATION)
    with pytest.raises(CommandError, match="noch kein Foresight-Zyklus veröffentlicht"):
        run("--cluster", "kunststoffe")


def test_other_clusters_cycles_are_not_found(cluster, other_cluster, published):
    with pytest.raises(CommandError, match="keinen Zyklus"):
        run("--cluster", "kunststoffe", "--cycle", "foresight-2021")
