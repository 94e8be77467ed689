"""The consultation page lists its proposals – title, kind, element, author, status, supports,
comments, date – sorted by support, date or element (`?sortierung=`, plain links), 20 a page
or all at once; hidden proposals only for the moderators and their author; a fixed number of
queries whatever the number of proposals. The API's list sorts alike (`?sort=`)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation import services
from clusterwerk.participation.models import Audience
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.participation.tests.results_helpers import (
    amendment,
    comment,
    person,
    support,
    topic,
    topic_proposal,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/participation"


@pytest.fixture
def edition(cluster):
    return make_edition(cluster)


@pytest.fixture
def consultation(cluster, edition):
    return make_consultation(cluster, edition, slug="fortschreibung", audience=Audience.REGISTERED)


@pytest.fixture
def people(db):
    return [person(f"p{n}@example.org", name=f"Person {n}") for n in range(4)]


def order_on_page(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="vorschlag-(\d+)"', html)]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_sorts_by_support_newest_and_element_on_the_page_and_in_the_api(
    consultation, edition, people
):
    anna, bert, carla, dora = people
    oldest = amendment(consultation, topic(edition, "4.2.1"), anna)  # 4.2.1, 2 supports
    under_key_point = topic_proposal(consultation, topic(edition, "4.4.2").key_point, bert)
    newest = amendment(consultation, topic(edition, "6.3.2"), anna, field="relevance")
    for supporter in (carla, dora):
        support(oldest, supporter)
    support(under_key_point, carla)
    comment(consultation, topic(edition, "6.3.2"), bert, body="Gut so.", proposal=newest)
    comment(
        consultation,
        topic(edition, "6.3.2"),
        carla,
        body="Weg damit.",
        proposal=newest,
        hidden_at=timezone.now(),
    )
    expected = {
        "unterstuetzung": [oldest.pk, under_key_point.pk, newest.pk],
        "neueste": [newest.pk, under_key_point.pk, oldest.pk],
        "element": [oldest.pk, under_key_point.pk, newest.pk],  # 4.2.1, 4.4, 6.3.2
    }
    client = Client()
    url = consultation.get_absolute_url()
    for sort, order in expected.items():
        page = client.get(url, {"sortierung": sort})
        assert page.status_code == 200
        assert order_on_page(page.content.decode()) == order, sort
    default = client.get(url).content.decode()
    assert order_on_page(default) == expected["unterstuetzung"]
    assert (
        order_on_page(client.get(url, {"sortierung": "kaputt"}).content.decode())
        == (expected["unterstuetzung"])
    )
    # The active order is marked; the others are plain links that work without JS.
    assert 'href="?sortierung=neueste#vorschlaege">neueste</a>' in default
    assert 'aria-current="true"><strong>meiste Unterstützung</strong>' in default

    # What each entry says: title, kind, element, author, status, supports, comments, date.
    item = default.split(f'id="vorschlag-{newest.pk}"')[1].split("</li>")[0]
    assert f"Änderung von „Relevanz“ in 6.3.2 Duale Ausbildung (#{newest.pk})" in item
    assert "Änderung eines Textes" in item and "Element 6.3.2 Duale Ausbildung" in item
    assert "von Person 0" in item and "eingereicht" in item
    assert "0 Unterstützungen" in item and "1 Kommentar<" in item  # the hidden one not counted
    assert timezone.localtime(newest.created_at).strftime("%d.%m.%Y") in item
    topic_item = default.split(f'id="vorschlag-{under_key_point.pk}"')[1].split("</li>")[0]
    assert "Neuer Themenbereich „Wasserstoff in der Metallverarbeitung“ unter 4.4" in topic_item
    assert "neuer Themenbereich" in topic_item and "1 Unterstützung " in topic_item

    api_orders = {"support": "unterstuetzung", "newest": "neueste", "element": "element"}
    for sort, page_sort in api_orders.items():
        response = client.get(f"{API}/consultations/fortschreibung/proposals", {"sort": sort})
        assert [row["id"] for row in response.json()] == expected[page_sort], sort
    rows = client.get(f"{API}/consultations/fortschreibung/proposals").json()
    assert [row["id"] for row in rows] == expected["neueste"]  # the default stays the newest
    assert rows[0]["comment_count"] == 1 and rows[0]["author_badges"] == []
    bad = client.get(f"{API}/consultations/fortschreibung/proposals", {"sort": "beliebt"})
    assert bad.status_code == 422
    assert client.get(f"{API}/consultations/gibt-es-nicht/proposals").status_code == 404


def test_hidden_proposals_are_listed_for_the_moderators_and_the_author_only(
    consultation, edition, people, cluster_manager, member
):
    anna, bert = people[:2]
    shown = amendment(consultation, topic(edition, "4.2.1"), bert, text="Ein sichtbarer Text.")
    hidden = amendment(consultation, topic(edition, "4.4.2"), anna, text="Kauft bei uns!")
    services.hide(moderator=cluster_manager, item=hidden, reason="Werbung")
    url = consultation.get_absolute_url()
    for client in (Client(), logged_in(member), logged_in(bert)):
        page = client.get(url).content.decode()
        assert order_on_page(page) == [shown.pk]
        assert "Werbung" not in page and 'Vorschläge <span class="small muted">(1)' in page
    for client in (logged_in(cluster_manager), logged_in(anna)):
        page = client.get(url).content.decode()
        assert set(order_on_page(page)) == {shown.pk, hidden.pk}
        assert "Ausgeblendet: Werbung" in page and "Kauft bei uns!" not in page


def test_long_lists_are_paged_with_a_constant_number_of_queries(
    consultation, edition, people, member, django_assert_max_num_queries
):
    areas = [topic(edition, number) for number in ("4.2.1", "4.4.2", "6.3.2")]
    client = logged_in(member)
    url = consultation.get_absolute_url()

    def add_proposals(count: int) -> None:
        for number in range(count):
            author = people[number % len(people)]
            proposal = amendment(consultation, areas[number % 3], author, text=f"Text {number}")
            support(proposal, people[(number + 1) % len(people)])
            comment(consultation, areas[number % 3], member, proposal=proposal)

    add_proposals(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"alle": "1"}).status_code == 200
    add_proposals(28)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, {"alle": "1", "sortierung": "element"}).content.decode()
    assert len(order_on_page(page)) == 30
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, {"sortierung": "neueste"}).content.decode()
    assert len(order_on_page(page)) == 20 and "Seite 1 von 2" in page
    assert "?sortierung=neueste&amp;seite=2#vorschlaege" in page and "alle 30 anzeigen" in page
    second = client.get(url, {"sortierung": "neueste", "seite": "2"}).content.decode()
    assert len(order_on_page(second)) == 10 and "Seite 2 von 2" in second
    with django_assert_max_num_queries(10):
        rows = client.get(f"{API}/consultations/fortschreibung/proposals", {"sort": "element"})
    assert len(rows.json()) == 30
