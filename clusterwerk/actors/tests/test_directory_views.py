"""The directory page /akteure/ and its htmx partial, through the test client; the export."""

import csv
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterwerk.actors.models import ActorKind, ActorStatus, SizeClass, Visibility
from clusterwerk.actors.search import DirectoryFilters, search_directory
from clusterwerk.actors.tests.directory_support import add_contact, make_actor, make_reference_data
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition

pytestmark = pytest.mark.django_db

URL = "/akteure/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def directory(cluster):
    edition = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    lineages = {area.number: str(area.lineage) for area in edition.topic_areas.all()}
    make_reference_data()
    welder = make_actor(
        "Havelländische Stahlbau GmbH",
        competences=[{"text": "WIG-Schweißen von Edelstahl", "topics": ["4.4.2"]}],
        district="12069",
        municipality="Werder (Havel)",
        size_class=SizeClass.SMALL,
        activities=["25.62"],
        cluster=cluster,
        topic_lineages=lineages,
    )
    institute = make_actor(
        "Institut für Werkstoffsicherheit",
        kind=ActorKind.RESEARCH_INSTITUTE,
        competences=["Materialprüfung, Materialografie", "Korrosionsschutz"],
        district="12052",
        municipality="Cottbus",
        growth_core=2,
        size_class=SizeClass.MEDIUM,
        cluster=cluster,
    )
    demo = make_actor(
        "Demo-Metallbau Beispielstadt",
        competences=["MAG-Schweißen"],
        district="12072",
        is_demo=True,
        cluster=cluster,
    )
    draft = make_actor("Entwurf Schweißerei", competences=["WIG-Schweißen"], status="draft")
    for name, visibility, consent in [
        ("Paula Public", Visibility.PUBLIC, True),
        ("Mira Members", Visibility.MEMBERS, True),
        ("Nina Noconsent", Visibility.PUBLIC, False),
    ]:
        add_contact(welder, name, visibility=visibility, consent=consent, email="p@example.org")
    return {"welder": welder, "institute": institute, "demo": demo, "draft": draft}


def text_of(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_urls():
    assert reverse("actors:directory") == URL
    assert reverse("actors:directory-export", args=["csv"]) == "/akteure/export.csv"
    assert reverse("actors:directory-export", args=["xlsx"]) == "/akteure/export.xlsx"


def test_page_lists_actors_with_count_cards_and_filters(client, directory):
    response = client.get(URL)
    html = text_of(response)
    assert "<h1>Akteursverzeichnis</h1>" in html
    assert "3 Akteure" in html
    assert "css/directory.css" in html
    welder = directory["welder"]
    assert f'href="{welder.get_absolute_url()}"' in html
    assert "Werder (Havel), Potsdam-Mittelmark" in html
    assert "10–49 Beschäftigte" in html
    assert "Forschungseinrichtung" in html
    assert "Entwurf Schweißerei" not in html
    # The filter form: GET, works without JavaScript, counts beside the options.
    assert 'method="get"' in html
    assert 'name="kind" value="research_institute"' in html
    assert 'id="facet-kind-research_institute">(1)</span>' in html
    assert 'id="facet-district-12069">(1)</span>' in html
    assert 'id="facet-size-small">(1)</span>' in html
    assert '<option value="4.4.2">4.4.2 Beherrschen und Weiterentwickeln' in html
    assert '<optgroup label="4 Innovationswerkstatt Metall Brandenburg">' in html
    assert '<option value="25">25 Herstellung von Metallerzeugnissen</option>' in html
    assert 'hx-get="/akteure/"' in html
    assert "delay:400ms" in html
    assert 'hx-push-url="true"' in html
    assert "Auf der Karte" in html
    assert 'href="/akteure/karte/?district=12069"' in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_demo_actors_carry_a_visible_badge_with_an_explanation(client, directory):
    html = text_of(client.get(URL, {"q": "Demo"}))
    assert 'class="badge badge--demo"' in html
    assert "synthetischer Demo-Datensatz, kein echter Akteur" in html
    assert "synthetische Beispieldaten" in html
    assert "demo=0" in html
    assert "Demo-Metallbau" not in text_of(client.get(URL, {"demo": "0"}))


def test_search_highlights_matched_competences(client, directory):
    html = text_of(client.get(URL, {"q": "Schweißnähte"}))
    assert "<mark>WIG-Schweißen</mark> von Edelstahl" in html
    assert "2 Akteure" in html
    assert "Institut für Werkstoffsicherheit" not in html


def test_one_actor_is_singular(client, directory):
    html = text_of(client.get(URL, {"q": "Korrosionsschutz"}))
    assert "1 Akteur</h2>" in html
    assert "1 Akteur gefunden" in html


def test_thousands_are_grouped_the_german_way(cluster):
    result = search_directory(AnonymousUser(), cluster, DirectoryFilters.from_params({}))
    result.total = 1234
    html = render_to_string("actors/_directory_results.html", {"result": result})
    assert "1.234 Akteure" in html


def test_htmx_request_gets_the_partial_with_out_of_band_counts(client, directory):
    html = text_of(client.get(URL, {"q": "Schweißnähte", "kind": "company"}, **HTMX))
    assert "<h1>" not in html
    assert "<html" not in html
    assert "2 Akteure</h2>" in html
    assert '<div id="directory-status" hx-swap-oob="innerHTML">2 Akteure gefunden</div>' in html
    # The kind facet ignores its own filter: the other kinds stay countable.
    assert '<span id="facet-kind-company" hx-swap-oob="innerHTML">(2)</span>' in html
    assert '<span id="facet-kind-craft_business" hx-swap-oob="innerHTML">(0)</span>' in html
    assert '<span id="facet-size-small" hx-swap-oob="innerHTML">(1)</span>' in html
    assert '<span id="facet-district-12052" hx-swap-oob="innerHTML">(0)</span>' in html


def test_history_restore_gets_the_full_page(client, directory):
    html = text_of(
        client.get(URL, {"q": "Schweißen"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    )
    assert "<h1>Akteursverzeichnis</h1>" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "research_institute"}, ["Institut für Werkstoffsicherheit"]),
        ({"district": ["12069", "12052"]}, ["Havelländische", "Institut für"]),
        ({"growth_core": "2"}, ["Institut für Werkstoffsicherheit"]),
        ({"topic": "4.4.2"}, ["Havelländische Stahlbau GmbH"]),
        ({"wz": "25"}, ["Havelländische Stahlbau GmbH"]),
        ({"size": "medium"}, ["Institut für Werkstoffsicherheit"]),
        ({"cluster": "metall", "demo": "0"}, ["Havelländische", "Institut für"]),
    ],
)
def test_filters(client, directory, params, expected):
    html = text_of(client.get(URL, params, **HTMX))
    for name in expected:
        assert name in html
    shown = html.count('<li class="actor-card')
    assert shown == len(expected)


def test_selected_filters_stay_selected(client, directory):
    html = text_of(
        client.get(URL, {"kind": ["company", "research_institute"], "topic": "4.4.2", "wz": "25"})
    )
    assert 'value="company" id="filter-kind-company" checked' in html
    assert 'value="research_institute" id="filter-kind-research_institute" checked' in html
    assert '<option value="4.4.2" selected>' in html
    assert '<option value="25" selected>' in html
    assert "(3 aktiv)" in html
    assert '<details id="directory-filters" class="directory-filters" open>' in html


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "raumschiff"},
        {"district": "x"},
        {"district": "99999"},
        {"growth_core": "-3"},
        {"growth_core": "9" * 30},
        {"topic": "4.4.2'; DROP TABLE"},
        {"wz": "%"},
        {"size": "<script>"},
        {"cluster": "ä" * 300},
        {"demo": "2"},
        {"page": "0"},
        {"page": "99999999999999999999"},
        {"page": "1e3"},
        {"q": "x" * 5000},
        {"q": "%_\\"},
        {"q": "\x00"},
    ],
)
def test_bad_parameter_values_do_not_fail(client, directory, params):
    response = client.get(URL, params)
    html = text_of(response)
    assert "message--warning" in html or "Akteure" in html
    assert text_of(client.get(URL, params, **HTMX))


def test_a_bad_value_is_explained_and_ignored(client, directory):
    html = text_of(client.get(URL, {"kind": "raumschiff"}))
    assert "Die Art „raumschiff“ gibt es nicht. Der Filter wurde nicht angewendet." in html
    assert "3 Akteure" in html


def test_pagination_keeps_the_filters(client, cluster):
    for number in range(45):
        make_actor(f"Firma {number:02d}", competences=["Fräsen"], size_class=SizeClass.SMALL)
    html = text_of(client.get(URL, {"q": "Fräsen", "size": "small", "page": "2"}))
    assert "45 Akteure" in html
    assert "21–40, Seite 2 von 3" in html
    assert 'href="/akteure/?q=Fr%C3%A4sen&amp;size=small&amp;page=3"' in html
    assert 'href="/akteure/?q=Fr%C3%A4sen&amp;size=small"' in html  # page 1
    assert 'aria-current="page"' in html
    assert 'rel="next"' in html and 'rel="prev"' in html
    assert "Firma 20" in html and "Firma 19" not in html


def test_page_query_count_does_not_grow(client, cluster):
    make_reference_data()

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            text_of(client.get(URL, {"q": "Fräsen"}))
        return len(captured)

    make_actor("Firma A", competences=["Fräsen"], district="12069")
    few = queries_for_page()
    for number in range(30):
        make_actor(f"Firma {number:02d}", competences=["Fräsen", "Drehen"], district="12052")
    assert queries_for_page() == few


def test_drafts_only_for_managers(directory, manager_client):
    anonymous = Client()
    assert "Entwurf Schweißerei" not in text_of(anonymous.get(URL, {"q": "Schweißerei"}))
    html = text_of(manager_client.get(URL, {"q": "Schweißerei"}))
    assert "Entwurf Schweißerei" in html
    assert 'class="badge badge--draft"' in html
    directory["draft"].status = ActorStatus.ARCHIVED
    directory["draft"].save()
    assert "Entwurf Schweißerei" not in text_of(manager_client.get(URL, {"q": "Schweißerei"}))


def test_empty_result_explains_what_to_do(client, directory):
    html = text_of(client.get(URL, {"q": "Flugzeugträger"}))
    assert "0 Akteure" in html
    assert "Keine Akteure gefunden." in html
    assert "Liste als CSV" not in html


# --- Export ----------------------------------------------------------------------------------


def export_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0])
    return list(csv.reader(io.StringIO(text), dialect))


def test_export_links_keep_the_filters(client, directory):
    html = text_of(client.get(URL, {"q": "Schweißnähte", "kind": "company"}))
    assert 'href="/akteure/export.csv?q=Schwei%C3%9Fn%C3%A4hte&amp;kind=company"' in html
    assert 'href="/akteure/export.xlsx?q=Schwei%C3%9Fn%C3%A4hte&amp;kind=company"' in html


def test_csv_export_is_the_filtered_directory(client, directory):
    response = client.get("/akteure/export.csv", {"q": "Schweißnähte", "demo": "0"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="akteure.csv"' in response["Content-Disposition"]
    rows = export_rows(response)
    text = "\n".join(";".join(row) for row in rows)
    assert "Havelländische Stahlbau GmbH" in text
    assert "Demo-Metallbau" not in text
    assert "Institut für Werkstoffsicherheit" not in text
    assert "Entwurf Schweißerei" not in text


def test_csv_export_shows_contacts_only_as_allowed(client, directory, member, cluster_manager):
    def exported(user=None) -> str:
        browser = Client()
        if user:
            browser.force_login(user)
        rows = export_rows(browser.get("/akteure/export.csv", {"q": "Havelländische"}))
        return "\n".join(";".join(row) for row in rows)

    anonymous = exported()
    assert "Paula Public" in anonymous
    assert "Mira Members" not in anonymous
    assert "Nina Noconsent" not in anonymous
    assert "Mira Members" in exported(member)
    assert "Nina Noconsent" not in exported(member)
    assert "Nina Noconsent" in exported(cluster_manager)


def test_xlsx_export(client, directory):
    from openpyxl import load_workbook

    response = client.get("/akteure/export.xlsx", {"kind": "research_institute"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    content = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    cells = [
        str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    ]
    assert "Institut für Werkstoffsicherheit" in cells
    assert "Havelländische Stahlbau GmbH" not in cells


def test_unknown_export_format_is_404(client, directory):
    assert client.get("/akteure/export.pdf").status_code == 404
