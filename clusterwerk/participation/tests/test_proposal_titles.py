"""A proposal's title says what it proposes ("Änderung von „Ziel“ in 4.2.1 …", "Neuer
Themenbereich „…“ unter 4.2"), on every page, in the API, the notification, the moderation
label and the admin."""

import pytest
from django.contrib import admin
from django.test import Client
from django.utils import timezone

from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.models import Notification, PhaseKind, Proposal
from clusterwerk.participation.queries import hidden_items, item_label
from clusterwerk.participation.services import decide_proposal
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.participation.tests.results_helpers import (
    amendment,
    person,
    topic,
    topic_proposal,
)

pytestmark = pytest.mark.clock


@pytest.fixture
def published(cluster):
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


@pytest.fixture
def consultation(cluster, published):
    return make_consultation(cluster, published, phase=PhaseKind.PARTICIPATION)


@pytest.fixture
def area(published):
    return topic(published, "4.2.1")


@pytest.fixture
def author(db):
    return person("anna@example.org", name="Anna", affiliation="company")


def amendment_headline(area, field_label="Ziel"):
    return f"Änderung von „{field_label}“ in 4.2.1 {area.title}"


def test_headline_of_an_amendment_names_field_number_and_element(consultation, area, author):
    proposal = amendment(consultation, area, author, field="goal")
    assert proposal.headline_for(area) == amendment_headline(area)
    # without the element (the admin): the element's title as stored, no number
    assert proposal.headline_for(None) == f"Änderung von „Ziel“ in {area.title}"


def test_headline_of_a_new_topic_area_names_title_and_key_point(consultation, area, author):
    proposal = topic_proposal(consultation, area.key_point, author, title="Wasserstoff")
    assert proposal.headline_for(area.key_point) == "Neuer Themenbereich „Wasserstoff“ unter 4.2"
    assert proposal.headline_for(None) == "Neuer Themenbereich „Wasserstoff“"


def test_long_titles_are_cut(consultation, area, author):
    proposal = topic_proposal(consultation, area.key_point, author, title="Wasserstoff " * 20)
    headline = proposal.headline_for(area.key_point)
    assert headline.startswith("Neuer Themenbereich „Wasserstoff Wasserstoff")
    assert "…“ unter 4.2" in headline
    assert len(headline) < 120


def test_element_page_proposal_page_and_results_show_the_headline(
    manager_client, consultation, area, author
):
    change = amendment(consultation, area, author, field="potential")
    new_area = topic_proposal(consultation, area.key_point, author, title="Wasserstoff")
    slug = consultation.slug

    element_page = manager_client.get(f"/beteiligung/{slug}/topic_area/{area.lineage}/")
    assert amendment_headline(area, "Potenzial") in element_page.content.decode()
    key_point = area.key_point
    key_point_page = manager_client.get(f"/beteiligung/{slug}/key_point/{key_point.lineage}/")
    assert "Neuer Themenbereich „Wasserstoff“ unter 4.2" in key_point_page.content.decode()

    detail = manager_client.get(f"/beteiligung/{slug}/vorschlag/{change.pk}/").content.decode()
    assert f"<h1>{amendment_headline(area, 'Potenzial')} " in detail
    assert f"<title>{amendment_headline(area, 'Potenzial')} (Vorschlag #{change.pk})" in detail
    detail = manager_client.get(f"/beteiligung/{slug}/vorschlag/{new_area.pk}/").content.decode()
    assert "<h1>Neuer Themenbereich „Wasserstoff“ unter 4.2 " in detail

    results = manager_client.get(f"/beteiligung/{slug}/ergebnisse/").content.decode()
    assert f"{amendment_headline(area, 'Potenzial')} (#{change.pk})" in results
    assert f"Neuer Themenbereich „Wasserstoff“ unter 4.2 (#{new_area.pk})" in results


def test_api_lists_the_headline_and_keeps_the_title(consultation, area, author):
    change = amendment(consultation, area, author)
    new_area = topic_proposal(consultation, area.key_point, author, title="Wasserstoff")
    response = Client().get(f"/api/v1/participation/consultations/{consultation.slug}/proposals")
    assert response.status_code == 200
    by_id = {item["id"]: item for item in response.json()}
    assert by_id[change.pk]["headline"] == amendment_headline(area)
    assert by_id[change.pk]["title"] == area.title
    assert by_id[new_area.pk]["headline"] == "Neuer Themenbereich „Wasserstoff“ unter 4.2"
    assert by_id[new_area.pk]["title"] == "Wasserstoff"


def test_decision_notification_names_what_was_proposed(cluster, published, author, cluster_manager):
    consultation = make_consultation(cluster, published, phase=PhaseKind.EVALUATION)
    area = topic(published, "4.2.1")
    change = amendment(consultation, area, author)
    decide_proposal(user=cluster_manager, proposal=change, accept=True)
    note = Notification.objects.get(user=author)
    assert f"#{change.pk} ({amendment_headline(area)})" in note.text
    assert "angenommen" in note.text


def test_moderation_label_and_admin_name_the_proposal(consultation, area, author):
    change = amendment(consultation, area, author)
    change = Proposal.objects.get(pk=change.pk)
    assert item_label(change) == f"Vorschlag #{change.pk}: Änderung von „Ziel“ in {area.title}"
    assert str(change) == f"#{change.pk} Änderung von „Ziel“ in {area.title}"
    assert admin.site.is_registered(Proposal)  # the admin lists proposals by this name


def test_moderation_queue_names_hidden_proposals_with_their_number(consultation, area, author):
    change = amendment(consultation, area, author, hidden_at=timezone.now())
    [entry] = hidden_items(consultation)
    assert entry.label == f"Vorschlag #{change.pk}: {amendment_headline(area)}"
