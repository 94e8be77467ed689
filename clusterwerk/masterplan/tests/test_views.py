import json

import pytest
from django.urls import reverse

from clusterwerk.core.models import ClusterFigure
from clusterwerk.masterplan.models import Edition, EditionStatus, Revision, TopicArea
from clusterwerk.masterplan.services import update_element

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"masterplan:{name}", args=args)


def topic_area_url(*args):
    """The topic area's page is composed on the portal (tests of its panel: portal/tests)."""
    return reverse("portal:topic-area", args=args)


# --- public pages --------------------------------------------------------------------------


def test_landing_shows_figures_with_source_and_the_plan(client, published, cluster):
    ClusterFigure.objects.create(
        cluster=cluster, key="companies", label="Unternehmen", value=2506, year=2018, source="AfS"
    )
    response = client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "2.506" in content and "AfS" in content and "2018" in content
    assert "Produkte mit verbesserten Eigenschaften" in content
    assert topic_area_url("2020", "4.2.1") in content


def test_landing_without_any_cluster_explains_the_set_up(client, db):
    response = client.get("/")
    assert response.status_code == 503
    assert "load_reference_data" in response.content.decode()


def test_landing_query_count_is_constant(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/")


def test_masterplan_redirects_to_the_published_edition(client, published):
    response = client.get(url("published"))
    assert response.status_code == 302
    assert response["Location"] == url("edition", "2020")


def test_edition_tree_query_count_is_constant(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(url("edition", "2020"))
    assert response.status_code == 200


def test_element_pages(client, published):
    assert client.get(url("action-field", "2020", "4")).status_code == 200
    assert client.get(url("key-point", "2020", "4.2")).status_code == 200


def test_drafts_are_hidden_from_the_public(client, member_client_factory, draft):
    assert client.get(url("edition", "2026")).status_code == 404
    assert member_client_factory("member").get(url("edition", "2026")).status_code == 404
    board = member_client_factory("board_member")
    assert board.get(url("edition", "2026")).status_code == 200


def test_switcher_finds_the_same_element_in_another_edition(manager_client, published, draft):
    topic_area = published.topic_areas.get(number="4.2.1")
    response = manager_client.get(
        url("switch"),
        {"ausgabe": "2026", "art": "topic_area", "kennung": str(topic_area.lineage)},
    )
    assert response["Location"] == topic_area_url("2026", "4.2.1")


def test_switcher_falls_back_to_the_edition(manager_client, published, draft, cluster_manager):
    added = draft.topic_areas.create(
        edition=draft, key_point=draft.key_points.get(number="4.2"), number="4.2.9", title="Neu"
    )
    response = manager_client.get(
        url("switch"),
        {"ausgabe": "2020", "art": "topic_area", "kennung": str(added.lineage)},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("edition", "2020")
    assert "gibt es in der Ausgabe" in response.content.decode()


def test_search_page_and_htmx_partial(client, published):
    response = client.get(url("search"), {"q": "Werkstoff"})
    assert "Produkte mit verbesserten Eigenschaften" in response.content.decode()
    partial = client.get(url("search"), {"q": "Werkstoff"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "<mark>" in partial.content.decode()


def test_compare_page_shows_word_diff(manager_client, published, draft, cluster_manager):
    topic_area = draft.topic_areas.get(number="4.2.1")
    update_element(
        element=topic_area,
        user=cluster_manager,
        expected_version=topic_area.version,
        values={"goal": "Produkte mit besseren Eigenschaften, vor allem durch Hybridbauweise."},
    )
    response = manager_client.get(url("compare"), {"alt": "2020", "neu": "2026"})
    content = response.content.decode()
    assert response.status_code == 200
    assert '<del class="diff-delete">Leichtbau.</del>' in content
    assert '<ins class="diff-insert">Hybridbauweise.</ins>' in content


def test_compare_with_an_unknown_edition_is_404(client, published):
    assert client.get(url("compare"), {"neu": "gibt-es-nicht"}).status_code == 404


def test_export_downloads(client, published):
    response = client.get(url("export", "2020", "json"))
    data = json.loads(response.content)
    assert response["Content-Disposition"].endswith('.json"')
    assert data["action_fields"][0]["key_points"][0]["topic_areas"][0]["number"] == "4.2.1"
    markdown = client.get(url("export", "2020", "md")).content.decode()
    assert "#### 4.2.1 Produkte mit verbesserten Eigenschaften" in markdown


def test_history_lists_changes(manager_client, draft):
    response = manager_client.get(url("history", "2026"))
    assert "Entwurf aus „2020“ erstellt" in response.content.decode()


# --- writes: permission checked on the server ---------------------------------------------

WRITE_URLS = [
    ("element-edit", ("2026", "themenbereich", "4.2.1")),
    ("topic-area-add", ("2026", "4.2")),
    ("topic-area-move", ("2026", "4.2.1")),
    ("topic-area-delete", ("2026", "4.2.1")),
    ("publish", ("2026",)),
    ("draft-create", ("2020",)),
]


@pytest.mark.parametrize(("name", "args"), WRITE_URLS)
def test_anonymous_writes_go_to_login(client, draft, name, args):
    response = client.post(url(name, *args), {"version": 1, "title": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


@pytest.mark.parametrize(("name", "args"), WRITE_URLS)
@pytest.mark.parametrize("persona", ["member", "board_member", "outsider"])
def test_others_may_not_write(member_client_factory, draft, name, args, persona):
    client = member_client_factory(persona)
    before = Revision.objects.count()
    response = client.post(
        url(name, *args), {"version": 1, "title": "x", "goal": "x", "label": "2099"}
    )
    assert response.status_code in (403, 404)
    assert not Edition.objects.filter(label="2099").exists()
    assert Revision.objects.count() == before


def test_published_edition_cannot_be_edited(manager_client, published):
    response = manager_client.post(
        url("element-edit", "2020", "themenbereich", "4.2.1"),
        {"version": 1, "title": "x"},
    )
    assert response.status_code == 403
    assert TopicArea.objects.get(edition=published, number="4.2.1").title != "x"


def edit_data(topic_area, **changes):
    data = {
        "version": topic_area.version,
        "title": topic_area.title,
        "goal": topic_area.goal,
        "description": topic_area.description,
        "relevance": topic_area.relevance,
        "potential": topic_area.potential,
        "keywords": ", ".join(topic_area.keywords),
        "references": "",
    }
    data.update(changes)
    return data


def test_manager_edits_a_topic_area(manager_client, draft):
    topic_area = draft.topic_areas.get(number="4.2.1")
    response = manager_client.post(
        url("element-edit", "2026", "themenbereich", "4.2.1"),
        edit_data(topic_area, goal="Neues Ziel.", references="4.4.2"),
    )
    assert response.status_code == 302
    topic_area.refresh_from_db()
    assert topic_area.goal == "Neues Ziel."
    assert list(topic_area.related.values_list("number", flat=True)) == ["4.4.2"]


def test_edit_form_rerenders_with_german_errors(manager_client, draft):
    topic_area = draft.topic_areas.get(number="4.2.1")
    response = manager_client.post(
        url("element-edit", "2026", "themenbereich", "4.2.1"),
        edit_data(topic_area, title="", goal="Behalten Sie mich.", references="7.7.7"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in content
    assert "Behalten Sie mich." in content  # nothing the user typed is lost


def test_edit_with_unknown_reference_keeps_input(manager_client, draft):
    topic_area = draft.topic_areas.get(number="4.2.1")
    response = manager_client.post(
        url("element-edit", "2026", "themenbereich", "4.2.1"),
        edit_data(topic_area, goal="Neues Ziel.", references="7.7.7"),
    )
    content = response.content.decode()
    assert "Unbekannte Themenbereiche: 7.7.7" in content
    assert "Neues Ziel." in content


def test_stale_edit_is_a_conflict_and_overwrites_nothing(manager_client, draft, cluster_manager):
    topic_area = draft.topic_areas.get(number="4.2.1")
    stale = edit_data(topic_area, goal="Meine Fassung.")
    update_element(
        element=topic_area,
        user=cluster_manager,
        expected_version=topic_area.version,
        values={"goal": "Fassung der Kollegin."},
    )
    response = manager_client.post(url("element-edit", "2026", "themenbereich", "4.2.1"), stale)
    content = response.content.decode()
    assert response.status_code == 409
    assert "Bearbeitungskonflikt" in content
    assert "Meine Fassung." in content and "Fassung der Kollegin." in content
    topic_area.refresh_from_db()
    assert topic_area.goal == "Fassung der Kollegin."


def test_manager_adds_moves_and_deletes_a_topic_area(manager_client, draft):
    response = manager_client.post(
        url("topic-area-add", "2026", "4.2"),
        {"title": "Datenräume", "goal": "Daten teilen.", "keywords": "Daten, Lieferkette"},
    )
    assert response["Location"] == topic_area_url("2026", "4.2.2")
    added = draft.topic_areas.get(number="4.2.2")
    assert added.keywords == ["Daten", "Lieferkette"]

    target = draft.key_points.get(number="4.4")
    response = manager_client.post(
        url("topic-area-move", "2026", "4.2.2"),
        {"version": added.version, "key_point": target.pk, "number": ""},
    )
    assert response["Location"] == topic_area_url("2026", "4.4.3")

    moved = draft.topic_areas.get(number="4.4.3")
    response = manager_client.post(
        url("topic-area-delete", "2026", "4.4.3"), {"version": moved.version}
    )
    assert response.status_code == 302
    assert not draft.topic_areas.filter(number="4.4.3").exists()


def test_add_with_a_taken_number_rerenders(manager_client, draft):
    response = manager_client.post(
        url("topic-area-add", "2026", "4.2"), {"title": "Doppelt", "number": "4.2.1"}
    )
    assert response.status_code == 200
    assert "schon vergeben" in response.content.decode()


def test_manager_starts_a_fortschreibung(manager_client, published):
    response = manager_client.post(url("draft-create", "2020"), {"label": "2030"})
    draft = Edition.objects.get(label="2030")
    assert response["Location"] == url("edition", draft.slug)
    assert draft.predecessor == published


def test_duplicate_draft_label_shows_error(manager_client, published):
    response = manager_client.post(url("draft-create", "2020"), {"label": "2020"})
    assert response.status_code == 400
    assert "gibt es bereits" in response.content.decode()


def test_publish_from_the_page(manager_client, published, draft):
    page = manager_client.get(url("publish", "2026"))
    assert "wird archiviert" in page.content.decode()
    response = manager_client.post(url("publish", "2026"))
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == EditionStatus.ARCHIVED
