"""The PDF report as published (Typst): tagged structure, metadata, pages as images, and user
text that prints literally."""

import datetime
import io
import subprocess
from pathlib import Path

import pytest

from clusterwerk.portal.reports import build_monitoring_report
from clusterwerk.projects.models import Visibility
from clusterwerk.projects.report_export import write_pdf
from clusterwerk.projects.report_pdf import report_document, signed_change
from clusterwerk.projects.tests.report_support import build_report_dataset, make_project

pikepdf = pytest.importorskip("pikepdf")

PDFTOPPM = Path("/usr/bin/pdftoppm")
PDFTOTEXT = Path("/usr/bin/pdftotext")
A4_AT_50_DPI = (413, 585)
TRICKY_TITLE = r"Stahl #1 *fett* $x$ ] \ <tag> @ref"


@pytest.fixture
def report(cluster):
    build_report_dataset(cluster)
    return build_monitoring_report(cluster=cluster, year=2019, user=None)


@pytest.fixture
def pdf(report) -> bytes:
    return write_pdf(report)


def structure(pdf_bytes: bytes):
    """The structure elements of the PDF: [(type, element)] in document order."""
    document = pikepdf.open(io.BytesIO(pdf_bytes))
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append((str(node.S), node))
            if "/K" in node:
                walk(node.K)

    walk(document.Root.StructTreeRoot.K)
    return document, found


def test_pdf_is_tagged_with_headings_tables_and_figures(pdf, report):
    document, elements = structure(pdf)
    assert str(document.Root.Lang).startswith("de")
    assert bool(document.Root.MarkInfo.Marked) is True
    types = [kind for kind, _element in elements]
    assert "/H1" in types
    assert "/H2" in types
    assert "/Table" in types
    assert "/TH" in types
    assert "/TR" in types
    figures = [element for kind, element in elements if kind == "/Figure"]
    charted = [section for section in report.sections if any(section.chart_rows)]
    assert len(figures) >= len([s for s in charted if any(not r.is_empty for r in s.chart_rows)])
    for figure in figures:
        assert str(figure.get("/Alt", "")).startswith("Balkendiagramm")
    assert str(document.docinfo["/Title"]).startswith("Ergebnis- und Wirkungsmonitoring 2019")
    with document.open_metadata() as metadata:
        assert "Ergebnis- und Wirkungsmonitoring 2019" in metadata["dc:title"]
        # Typst checked the document against PDF/UA-1 while writing it, and says so.
        assert metadata["pdfuaid:part"] == "1"
    assert document.Root.ViewerPreferences.DisplayDocTitle


def test_headings_follow_the_report(pdf, report):
    """Every section is a first-level heading; the contents list them with page numbers."""
    _document, elements = structure(pdf)
    assert len([kind for kind, _e in elements if kind == "/H1"]) >= len(report.sections) + 3
    assert "/TOC" in {kind for kind, _e in elements}


@pytest.mark.skipif(not PDFTOPPM.exists(), reason="pdftoppm fehlt (poppler-utils)")
def test_pages_render_as_a4_and_none_is_half_empty(pdf, tmp_path):
    from PIL import Image

    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run(
        [str(PDFTOPPM), "-png", "-r", "50", str(tmp_path / "report.pdf"), str(tmp_path / "page")],
        check=True,
        timeout=120,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 8 <= len(pages) <= 30
    for number, page in enumerate(pages, start=1):
        image = Image.open(page).convert("L")
        assert abs(image.width - A4_AT_50_DPI[0]) <= 1
        assert abs(image.height - A4_AT_50_DPI[1]) <= 1
        # The body ends above the footer (the lowest 10 %); below the last line of ink in the
        # body, what is left of the page is white.
        width, height = image.size
        body = image.crop((0, 0, width, int(height * 0.9)))
        inked = [
            y for y in range(body.height) if body.crop((0, y, width, y + 1)).getextrema()[0] < 160
        ]
        assert inked, f"page {number} is blank"
        # Cover, contents, the one-page summary and the last page may end early; every page
        # in between is at least about half full.
        if 3 < number < len(pages):
            assert inked[-1] > body.height * 0.5, f"page {number} is half empty"


@pytest.mark.skipif(not PDFTOTEXT.exists(), reason="pdftotext fehlt (poppler-utils)")
def test_text_from_the_data_prints_literally(cluster, report):
    """A title with Typst's markup characters is text, never markup."""
    make_project(
        cluster,
        TRICKY_TITLE,
        year_initiated=2019,
        visibility=Visibility.PUBLIC,
        results={
            "success_story": "Stern *bleibt* #Stern und $kein$ Formelsatz.",
            "reported_on": datetime.date(2019, 10, 1),
        },
    )
    fresh = build_monitoring_report(cluster=cluster, year=2019, user=None)
    assert TRICKY_TITLE in [story.title for story in fresh.success_stories]
    text = subprocess.run(
        [str(PDFTOTEXT), "-", "-"],
        input=write_pdf(fresh),
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    assert TRICKY_TITLE in text
    assert "Stern *bleibt* #Stern und $kein$ Formelsatz." in text


def test_the_cover_names_cluster_year_stand_and_publisher(report):
    document = report_document(report)
    facts = {fact["term"]: fact["text"] for fact in document["cover_facts"]}
    assert facts["Herausgeber"] == "Clustermanagement Cluster Metall Brandenburg"
    assert facts["Stand"]  # today, as "4. Dezember 2026"
    assert document["year"] == "2019"
    assert document["lang"] == "de"
    assert "nur, wo Sie das Projekt sehen dürfen" not in str(document)
    summary_rows = {row["label"]: row["cells"] for row in document["summary"]["rows"]}
    assert summary_rows["Durchgeführte Projekte"] == ["3", "4", "7", "+75,0 %"]
    assert summary_rows["Projektvolumen (€)"][2] == "1.600.000 €"


@pytest.mark.parametrize(
    ("previous", "current", "unit", "expected"),
    [
        (4, 7, "count", "+75,0 %"),
        (8, 6, "count", "\u221225,0 %"),
        (5, 5, "count", "\u00b10,0 %"),
        (0, 3, "count", "–"),
        (None, 3, "count", "–"),
        (25.0, 9.4, "percent", "\u221215,6 Pp."),
    ],
)
def test_change_against_the_year_before(previous, current, unit, expected):
    assert signed_change(previous, current, unit) == expected


def test_a_cluster_without_projects_gets_a_pdf_too(cluster, other_cluster):
    empty = build_monitoring_report(cluster=other_cluster, year=2019, user=None)
    document, elements = structure(write_pdf(empty))
    assert "/H1" in {kind for kind, _element in elements}
    assert document.Root.Lang


def test_the_pdf_follows_the_active_language(report):
    from django.utils import translation

    with translation.override("en"):
        document, _elements = structure(write_pdf(report))
        assert str(document.Root.Lang).startswith("en")
