"""The edition diff names where a change came from (the revision's message)."""

from clusterwerk.masterplan.diff import attach_provenance, compare_editions
from clusterwerk.masterplan.services import add_topic_area, update_element


def test_changed_and_added_elements_show_their_messages(published, draft, cluster_manager):
    element = draft.topic_areas.get(number="4.2.1")
    update_element(
        element=element,
        user=cluster_manager,
        expected_version=element.version,
        values={"goal": "Ein neues Ziel."},
        message="aus Vorschlag #7, Beteiligung 2020",
    )
    other = draft.topic_areas.get(number="6.3.2")
    update_element(
        element=other,
        user=cluster_manager,
        expected_version=other.version,
        values={"goal": "Ohne Vermerk geändert."},
    )
    add_topic_area(
        key_point=draft.key_points.get(number="4.2"),
        user=cluster_manager,
        title="Wasserstoff",
        message="aus Vorschlag #8, Beteiligung 2020",
    )
    diff = attach_provenance(compare_editions(published, draft))
    by_number = {entry.number: entry for entry in diff.entries}
    assert by_number["4.2.1"].provenance == ["aus Vorschlag #7, Beteiligung 2020"]
    assert by_number["4.2.2"].provenance == ["aus Vorschlag #8, Beteiligung 2020"]
    assert by_number["6.3.2"].provenance == []


def test_compare_page_shows_provenance(manager_client, cluster, published, draft, cluster_manager):
    element = draft.topic_areas.get(number="4.2.1")
    update_element(
        element=element,
        user=cluster_manager,
        expected_version=element.version,
        values={"goal": "Ein neues Ziel."},
        message="aus Vorschlag #7, Beteiligung 2020",
    )
    response = manager_client.get(
        "/masterplan/vergleich/", {"alt": published.slug, "neu": draft.slug}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Herkunft" in content and "aus Vorschlag #7, Beteiligung 2020" in content


def test_provenance_costs_one_query(published, draft, django_assert_num_queries):
    diff = compare_editions(published, draft)
    with django_assert_num_queries(0):
        attach_provenance(diff)  # no changes, no entries, nothing to ask
