"""The district map /akteure/karte/ through the test client."""

import itertools
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from clusterwerk.actors.geo import locator_for
from clusterwerk.actors.map_data import legend_classes
from clusterwerk.actors.models import Actor, ActorKind, ActorStatus, District
from clusterwerk.actors.reference import ActorReferenceReport, load_districts, read_reference
from clusterwerk.core import versions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cluster")]

URL = "/akteure/karte/"
_numbers = itertools.count(1)


@pytest.fixture
def brandenburg(db):
    """The 18 districts of Brandenburg (and the few outside) from the shipped data."""
    return load_districts(read_reference("districts.json"), ActorReferenceReport())


def make_actor(district_ags, *, kind=ActorKind.COMPANY, status=ActorStatus.PUBLISHED, **fields):
    number = next(_numbers)
    return Actor.objects.create(
        name=f"Akteur {number}",
        slug=f"akteur-{number}",
        kind=kind,
        status=status,
        district=District.objects.get(ags=district_ags) if district_ags else None,
        **fields,
    )


def entries(response):
    return {entry.ags: entry for entry in response.context["map"].districts}


def test_url_name():
    assert reverse("actors:map") == URL


def test_without_districts_the_page_explains_the_set_up(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "load_reference_data" in response.content.decode()


def test_counts_per_district(client, brandenburg):
    for _ in range(3):
        make_actor("12052")
    make_actor("12054")
    make_actor("11000")
    make_actor(None)

    response = client.get(URL)

    assert response.status_code == 200
    counts = {ags: entry.actor_count for ags, entry in entries(response).items()}
    assert len(counts) == 18
    assert counts["12052"] == 3 and counts["12054"] == 1 and counts["12073"] == 0
    district_map = response.context["map"]
    assert district_map.total_in_brandenburg == 4
    assert district_map.outside_brandenburg == 1
    assert district_map.without_district == 1
    content = response.content.decode()
    assert "<title>Cottbus: 3 Akteure</title>" in content
    assert 'aria-label="Potsdam: 1 Akteur"' in content
    assert 'href="/akteure/?district=12052"' in content
    assert content.count("<path ") == 18


def test_colour_classes_and_legend(client, brandenburg):
    for _ in range(8):
        make_actor("12052")
    make_actor("12054")
    response = client.get(URL)
    by_ags = entries(response)
    assert by_ags["12052"].colour_class == 4
    assert by_ags["12054"].colour_class == 1
    assert by_ags["12060"].colour_class == 0
    assert [entry.label for entry in response.context["map"].legend] == [
        "0", "1–2", "3–4", "5–6", "7–8",
    ]  # fmt: skip
    assert "map-class-4" in response.content.decode()


def test_legend_has_five_classes_even_for_small_counts():
    assert [entry.label for entry in legend_classes(0)] == ["0", "1", "2", "3", "4"]
    assert [entry.label for entry in legend_classes(13)] == ["0", "1–4", "5–8", "9–12", "13–16"]


def test_kind_filter(client, brandenburg):
    make_actor("12052", kind=ActorKind.UNIVERSITY)
    make_actor("12052")
    make_actor("12054", kind=ActorKind.UNIVERSITY)

    response = client.get(URL, {"kind": ActorKind.UNIVERSITY})

    by_ags = entries(response)
    assert by_ags["12052"].actor_count == 1 and by_ags["12054"].actor_count == 1
    content = response.content.decode()
    assert '<option value="university" selected>' in content
    assert "data-autosubmit" in content
    assert 'href="/akteure/?district=12052&amp;kind=university"' in content


def test_unknown_kind_shows_all_actors(client, brandenburg):
    make_actor("12052")
    response = client.get(URL, {"kind": "space_agency"})
    assert response.status_code == 200
    assert response.context["map"].kind == ""
    assert entries(response)["12052"].actor_count == 1


def test_table_is_the_accessible_alternative(client, brandenburg):
    for _ in range(3):
        make_actor("12052")
    content = client.get(URL).content.decode()
    table = content[content.index("<table") : content.index("</table>")]
    assert "Akteure je 100.000 Einwohner" in table
    assert "Kreisfreie Stadt" in table and "Landkreis" in table
    assert len(re.findall(r'<th scope="row"><a href="/akteure/\?district=12\d{3}"', table)) == 18
    # Cottbus: 3 actors for 100,219 inhabitants
    cottbus_row = table[table.index(">Cottbus</a>") :].split("</tr>")[0]
    assert '<td class="numeric">3</td>' in cottbus_row
    assert '<td class="numeric">3,0</td>' in cottbus_row
    assert "Brandenburg insgesamt" in table


def test_attribution_is_in_the_caption(client, brandenburg):
    content = client.get(URL).content.decode()
    caption = content[content.index("<figcaption") : content.index("</figcaption>")]
    assert "© GeoBasis-DE / BKG (2017)" in caption


def test_svg_coordinates_are_not_localised(client, brandenburg):
    content = client.get(URL).content.decode()
    labels = re.findall(r'<text class="district-map__count" x="([^"]+)" y="([^"]+)"', content)
    assert len(labels) == 18
    assert all("," not in x + y for x, y in labels)


def test_drafts_count_for_cluster_managers_only(cluster_manager, brandenburg):
    make_actor("12052")
    make_actor("12052", status=ActorStatus.DRAFT)
    make_actor("12052", status=ActorStatus.ARCHIVED)
    anonymous, manager = Client(), Client()
    manager.force_login(cluster_manager)
    assert entries(anonymous.get(URL))["12052"].actor_count == 1
    assert "Cottbus: 1 Akteur<" in anonymous.get(URL).content.decode()
    assert entries(manager.get(URL))["12052"].actor_count == 2  # archived ones never count


def test_query_count_is_constant(client, brandenburg, django_assert_num_queries):
    make_actor("12052")
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    assert len(few) <= 3
    for ags in ("12051", "12060", "12061", "12073", "11000", None):
        for kind in (ActorKind.COMPANY, ActorKind.UNIVERSITY, ActorKind.CHAMBER):
            make_actor(ags, kind=kind)
    versions.bump(versions.ACTORS)  # the factory writes past the services
    with django_assert_num_queries(len(few)):
        response = client.get(URL)
    assert response.context["map"].total_in_brandenburg == 13


def test_logged_in_query_count_is_constant(manager_client, brandenburg, django_assert_num_queries):
    with CaptureQueriesContext(connection) as few:
        manager_client.get(URL)
    for ags in ("12052", "12054", "12069"):
        make_actor(ags)
        make_actor(ags, status=ActorStatus.DRAFT)
    versions.bump(versions.ACTORS)  # the factory writes past the services
    with django_assert_num_queries(len(few)):
        manager_client.get(URL)


def test_locator_include_shows_one_position():
    with translation.override("de"):
        html = render_to_string(
            "actors/includes/locator_map.html", {"locator": locator_for(51.7674, 14.3265, "BTU")}
        )
        outside = render_to_string(
            "actors/includes/locator_map.html", {"locator": locator_for(None, None, "X")}
        )
    assert html.count("<path ") == 18
    cx, cy = re.search(
        r'<circle class="locator-map__point" cx="([^"]+)" cy="([^"]+)"', html
    ).groups()
    assert "," not in cx + cy
    assert 'aria-label="Lage von BTU in Brandenburg"' in html
    assert "© GeoBasis-DE / BKG (2017)" in html
    assert "<circle" not in outside and "außerhalb Brandenburgs" in outside
