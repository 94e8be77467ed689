"""The radar page and the cycle report (PDF, XLSX): what they show and who may see them.

The results come from `results.cycle_results`; most tests here replace them with plain objects
of the same shape (`fake_results`), so that what the radar makes of given medians is stated in
the test. `test_with_real_results` runs the whole chain once."""

import io
import xml.etree.ElementTree as ET
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from clusterwerk.foresight import exports
from clusterwerk.foresight.models import CriterionRole, Status
from clusterwerk.foresight.tests.factories import make_cycle, make_item, make_panellist, rate

pytestmark = pytest.mark.django_db


def stats(median, iqr=Decimal("1"), n=5):
    median = None if median is None else Decimal(str(median))
    return SimpleNamespace(
        n=n,
        cannot_judge=0,
        median=median,
        q1=None if median is None else median - Decimal("0.5"),
        q3=None if median is None else median + Decimal("0.5"),
        iqr=iqr,
        mean=median,
        distribution={},
    )


def fake_item_result(item, medians: dict, dissent=()):
    """An ItemResult-shaped object: `medians` by criterion role."""
    criteria = []
    by_role = {}
    for criterion in item.cycle.criteria.all():
        median = medians.get(criterion.role)
        entry = SimpleNamespace(
            criterion=criterion,
            plain=stats(median),
            weighted=stats(median),
            by_group={},
            consensus=median is not None,
            stability=None,
            dissent=[
                SimpleNamespace(pseudonym="Expert/in 07", value=v, label="", reason=r)
                for role, v, r in dissent
                if role == criterion.role
            ],
        )
        criteria.append(entry)
        by_role[criterion.role] = entry
    return SimpleNamespace(
        item=item,
        criteria=criteria,
        by_role=by_role,
        consensus=all(e.consensus for e in criteria),
        gap=False,
    )


@pytest.fixture
def fake_results(monkeypatch):
    """Results per cycle pk: {cycle.pk: [ItemResult-like, …]}."""
    table: dict[int, list] = {}
    monkeypatch.setattr(exports, "cycle_results", lambda cycle: table.get(cycle.pk, []))
    return table


@pytest.fixture
def published(cluster, fake_results):
    """A published cycle after a previous one: W-01 carried and moved in, W-02 carried and
    unchanged, W-03 new, W-04 without ratings."""
    before = make_cycle(cluster, year=2019, slug="foresight-2019", status=Status.PUBLISHED)
    cycle = make_cycle(
        cluster, year=2021, slug="foresight-2021", status=Status.PUBLISHED, previous=before
    )
    segments = list(cycle.segments.all())
    old_1 = make_item(before, "W-01", title="Wasserstoff")
    old_2 = make_item(before, "W-02", title="Additive Fertigung")
    items = [
        make_item(cycle, "W-01", title="Wasserstoff", lineage=old_1.lineage, segment=segments[3]),
        make_item(cycle, "W-02", title="Additive Fertigung", lineage=old_2.lineage),
        make_item(cycle, "W-03", title='KI <script>alert("x")</script>', segment=segments[2]),
        make_item(cycle, "W-04", title="Noch offen"),
    ]
    fake_results[before.pk] = [
        fake_item_result(old_1, {"horizon": 3, "impact": 4}),
        fake_item_result(old_2, {"horizon": 1, "impact": 3}),
    ]
    fake_results[cycle.pk] = [
        fake_item_result(
            items[0],
            {"horizon": 1, "impact": 5, "uncertainty": 2},
            dissent=[("impact", 2, "Mittelstand investiert kaum.")],
        ),
        fake_item_result(items[1], {"horizon": 1, "impact": 3, "uncertainty": 3}),
        fake_item_result(items[2], {"horizon": 2.5, "impact": 3, "uncertainty": 3}),
        fake_item_result(items[3], {}),
    ]
    return cycle


def test_rows_are_numbered_along_the_radar_with_rings_and_markers(published):
    report = exports.cycle_report(published)
    rows = {row.item.key: row for row in report.rows}
    # segment order first (Werkstoffe, …, Energie & Mobilität), unrated last
    assert [row.item.key for row in report.rows] == ["W-02", "W-03", "W-01", "W-04"]
    assert [row.number for row in report.rows] == [1, 2, 3, 4]
    assert rows["W-01"].ring.startswith("Jetzt handeln")
    assert rows["W-01"].marker_text == "nach innen gerückt"
    assert rows["W-02"].marker_text == ""
    assert rows["W-03"].marker_text == "neu"
    assert rows["W-03"].ring.startswith("Vorbereiten")  # 2.5 does not exceed 2.5
    assert rows["W-04"].off_radar == "noch kein Median"
    assert len(report.radar_layout.blips) == 3
    assert [row.item.key for row in report.chart_rows] == ["W-02", "W-03", "W-01"]


def test_the_page_shows_radar_legend_and_tables_to_everyone_after_publication(client, published):
    response = client.get(reverse("foresight:radar", args=[published.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html
    assert '<title id="radar-title">' in html
    assert "Quadrat: neu" in html  # the HTML legend
    assert "nach innen gerückt" in html  # marker as text in the table
    assert "<script>alert" not in html
    assert "KI &lt;script&gt;" in html
    assert "Items im Radar" in html and "Items im Diagramm" in html
    assert "nicht im Radar: noch kein Median" in html
    assert "Expert/in 07" not in html


def test_page_svgs_are_well_formed(client, published):
    html = client.get(reverse("foresight:radar", args=[published.slug])).content.decode()
    for start in ('<svg xmlns="http://www.w3.org/2000/svg" viewBox',):
        position = html.index(start)
        end = html.index("</svg>", position) + len("</svg>")
        ET.fromstring(html[position:end])


def test_management_sees_the_radar_before_publication(
    client, cluster, cluster_manager, fake_results
):
    cycle = make_cycle(cluster, status=Status.EVALUATION)
    item = make_item(cycle, "W-01")
    fake_results[cycle.pk] = [fake_item_result(item, {"horizon": 2, "impact": 4, "uncertainty": 1})]
    client.force_login(cluster_manager)
    response = client.get(reverse("foresight:radar", args=[cycle.slug]))
    assert response.status_code == 200
    assert "Vorläufiges Radar" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(reverse("foresight:report_xlsx", args=[cycle.slug])).status_code == 200


@pytest.mark.parametrize("name", ["radar", "report_pdf", "report_xlsx"])
def test_before_publication_others_get_404_and_panellists_403(
    client, cluster, outsider, other_cluster_manager, fake_results, name
):
    cycle = make_cycle(cluster, status=Status.RATING)
    seat = make_panellist(cycle, "panel@panel.example")
    url = reverse(f"foresight:{name}", args=[cycle.slug])
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(other_cluster_manager)
    assert client.get(url).status_code == 404
    client.force_login(seat.user)
    response = client.get(url)
    assert response.status_code == 403


def test_a_cycle_of_another_cluster_is_404(client, cluster, other_cluster, fake_results):
    cycle = make_cycle(other_cluster, status=Status.PUBLISHED, slug="fremd")
    assert client.get(reverse("foresight:radar", args=[cycle.slug])).status_code == 404


def test_xlsx_has_items_results_and_dissent_without_names(client, published):
    response = client.get(reverse("foresight:report_xlsx", args=[published.slug]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Items", "Ergebnisse", "Dissens"]
    items = list(book["Items"].values)
    assert items[1][:3] == ("Nr.", "Kennung", "Titel")
    assert [row[1] for row in items[2:]] == ["W-02", "W-03", "W-01", "W-04"]
    assert items[4][7] == "nach innen gerückt"
    results = list(book["Ergebnisse"].values)
    assert len(results) == 2 + 4 * 5  # heading, header, 4 items × 5 criteria
    dissent = list(book["Dissens"].values)
    assert dissent[2][1] == "W-01" and dissent[2][6] == "Mittelstand investiert kaum."
    flat = " ".join(str(cell) for sheet in book for row in sheet.values for cell in row)
    assert "Expert/in" not in flat


def test_pdf_report_compiles_with_radar_chart_and_dissent(client, published):
    response = client.get(reverse("foresight:report_pdf", args=[published.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    document = exports.report_document(exports.cycle_report(published))
    assert document["radar_svg"].startswith("<svg")
    assert document["chart_svg"].startswith("<svg")
    assert document["dissent"][0]["reason"] == "Mittelstand investiert kaum."
    assert "Expert/in" not in str(document)


def test_pdf_with_markup_in_texts_and_without_segments(cluster, fake_results):
    cycle = make_cycle(cluster, status=Status.PUBLISHED, title='#set page(width: 1cm) *x* $y$ ]"\\')
    cycle.segments.all().delete()
    item = make_item(cycle, "W-#1", title="#emph[böse] \\ ]")
    fake_results[cycle.pk] = [fake_item_result(item, {"horizon": 1, "impact": 1, "uncertainty": 5})]
    report = exports.cycle_report(cycle)
    assert report.radar_layout is None
    assert exports.report_pdf(report).startswith(b"%PDF")


def test_a_cycle_without_impact_criterion_has_no_chart(cluster, fake_results):
    cycle = make_cycle(cluster, status=Status.PUBLISHED)
    cycle.criteria.filter(role=CriterionRole.IMPACT).delete()
    item = make_item(cycle, "W-01")
    fake_results[cycle.pk] = [fake_item_result(item, {"horizon": 1, "uncertainty": 5})]
    report = exports.cycle_report(cycle)
    assert report.chart_layout is None and report.chart_svg() == ""
    assert exports.report_pdf(report).startswith(b"%PDF")


def test_without_previous_cycle_nothing_is_marked(cluster, fake_results):
    cycle = make_cycle(cluster, status=Status.PUBLISHED)
    item = make_item(cycle, "W-01")
    fake_results[cycle.pk] = [fake_item_result(item, {"horizon": 4})]
    report = exports.cycle_report(cycle)
    assert report.rows[0].marker == "" and report.rows[0].ring.startswith("Im Blick")


def test_sixty_items_in_one_cell_render(cluster, fake_results, client):
    cycle = make_cycle(cluster, status=Status.PUBLISHED)
    items = [make_item(cycle, f"W-{n:02d}") for n in range(1, 61)]
    fake_results[cycle.pk] = [
        fake_item_result(item, {"horizon": 1, "impact": 4, "uncertainty": 2}) for item in items
    ]
    response = client.get(reverse("foresight:radar", args=[cycle.slug]))
    assert response.status_code == 200
    assert response.content.decode().count('class="foresight-blip"') == 120  # radar + chart


def test_with_real_results(client, cluster):
    cycle = make_cycle(cluster, status=Status.PUBLISHED)
    item = make_item(cycle, "W-01", title="Grüner Stahl")
    for number in range(1, 5):
        seat = make_panellist(cycle, f"p{number}@panel.example")
        rate(seat, item, {"impact": 4, "uncertainty": 2, "horizon": 2})
    response = client.get(reverse("foresight:radar", args=[cycle.slug]))
    assert response.status_code == 200
    assert "Grüner Stahl" in response.content.decode()
    assert client.get(reverse("foresight:report_pdf", args=[cycle.slug])).status_code == 200
    assert client.get(reverse("foresight:report_xlsx", args=[cycle.slug])).status_code == 200


def test_the_report_is_computed_once_per_data_version(client, published, monkeypatch):
    from clusterwerk.core import versions

    calls = []
    real = exports.report_xlsx
    monkeypatch.setattr(exports, "report_xlsx", lambda report: calls.append(1) or real(report))
    url = reverse("foresight:report_xlsx", args=[published.slug])
    first = client.get(url).content
    assert client.get(url).content == first and len(calls) == 1
    versions.bump(versions.FORESIGHT, cluster=published.cluster)
    client.get(url)
    assert len(calls) == 2
