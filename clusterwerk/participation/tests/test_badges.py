"""Badges next to contributions: what the registered sources return for the authors – and
nothing else – is shown next to comments, replies, proposals and proposal comments on every
page and in the API, asked once per page for all authors at once."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation import badges, queries, services
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.participation.tests.results_helpers import amendment, comment, person, topic

pytestmark = pytest.mark.django_db

API = "/api/v1/participation"
BEIRAT = "Mitglied des Strategischen Beirats"
SPRECHER = "Clustersprecherin"


@pytest.fixture
def edition(cluster):
    return make_edition(cluster)


@pytest.fixture
def consultation(cluster, edition):
    return make_consultation(cluster, edition, slug="fortschreibung")


@pytest.fixture
def anna(db):
    return person("anna@example.org", name="Anna Amsel")


@pytest.fixture
def bert(db):
    return person("bert@example.org", name="Bert Buch")


@pytest.fixture
def calls(cluster, anna):
    """A fake source: Anna carries two badges in `cluster`, nobody else any; every call is
    recorded (cluster, asked ids)."""
    asked = []

    def source(for_cluster, user_ids):
        asked.append((for_cluster, set(user_ids)))
        if for_cluster != cluster or anna.pk not in user_ids:
            return {}
        return {anna.pk: [BEIRAT, SPRECHER]}

    badges.register_badge_source(source)
    yield asked
    badges._sources.remove(source)


def badge(label: str) -> str:
    return f'<span class="badge">{label}</span>'


def test_badges_show_what_the_source_returns_on_every_page_once_per_page(
    consultation, edition, anna, bert, calls
):
    area = topic(edition, "4.2.1")
    by_anna = comment(consultation, area, anna, body="Von Anna.")
    comment(consultation, area, bert, body="Von Bert.", parent=by_anna)
    proposal = amendment(consultation, area, anna)
    by_bert = amendment(consultation, topic(edition, "6.3.2"), bert)
    anna_on_bert = comment(consultation, area, anna, body="Anna.", proposal=by_bert)
    bert_on_bert = comment(consultation, area, bert, body="Bert.", proposal=by_bert)
    comment(consultation, area, anna, body="Versteckt.", hidden_at=timezone.now())
    client = Client()
    pages = {
        # element: Anna's comment and proposal (her hidden comment shows no name, no badge)
        queries.element_url(consultation, area): 2,
        consultation.get_absolute_url(): 1,  # the list: Anna's proposal
        proposal.get_absolute_url(): 1,  # the proposal's author
        by_bert.get_absolute_url(): 1,  # Anna's comment on Bert's proposal
    }
    for url, count in pages.items():
        calls.clear()
        html = client.get(url).content.decode()
        assert html.count(badge(BEIRAT)) == count, url
        assert html.count(badge(SPRECHER)) == count, url
        assert len(calls) == 1, url  # one call with all authors of the page
    # Bert's entries carry no badge, Anna's hers.
    html = client.get(by_bert.get_absolute_url()).content.decode()
    assert "<dd>Bert Buch</dd>" in html

    def meta(item) -> str:
        return html.split(f'id="kommentar-{item.pk}-meta">')[1].split("</p>")[0]

    assert '<span class="badge">' not in meta(bert_on_bert)
    assert badge(BEIRAT) in meta(anna_on_bert)
    calls.clear()
    client.get(queries.element_url(consultation, area))
    assert calls[0][1] == {anna.pk, bert.pk}


def test_api_gives_author_badges_and_hides_them_with_the_contribution(
    consultation, edition, anna, bert, calls, cluster_manager, other_cluster
):
    area = topic(edition, "4.2.1")
    comment(consultation, area, anna, body="Von Anna.")
    comment(consultation, area, bert, body="Von Bert.")
    hidden = comment(consultation, area, anna, body="Weg.", hidden_at=timezone.now())
    proposal = amendment(consultation, area, anna)
    rows = Client().get(f"{API}/consultations/fortschreibung/comments").json()
    assert [row["author_badges"] for row in rows] == [[BEIRAT, SPRECHER], [], []]
    assert rows[2]["id"] == hidden.pk
    (listed,) = Client().get(f"{API}/consultations/fortschreibung/proposals").json()
    assert listed["author_badges"] == [BEIRAT, SPRECHER]
    client = Client()
    client.force_login(anna)
    created = client.post(
        f"{API}/proposals/{proposal.pk}/comments",
        json.dumps({"body": "Selbst."}),
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["author_badges"] == [BEIRAT, SPRECHER]
    services.hide(moderator=cluster_manager, item=proposal, reason="Doppelt")
    (listed,) = Client().get(f"{API}/consultations/fortschreibung/proposals").json()
    assert listed["author_badges"] == [] and listed["author_name"] is None
    # A source answers per cluster: in another cluster Anna carries nothing.
    assert badges.badges_for(other_cluster, [anna.pk, None]) == {}
    assert badges.badges_for(consultation.cluster, []) == {}
