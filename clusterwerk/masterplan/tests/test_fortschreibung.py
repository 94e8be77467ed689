"""Fortschreibung: drafts from a published edition, edits with conflict detection, structure
changes, history, publishing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clusterwerk.masterplan.diff import compare_editions
from clusterwerk.masterplan.models import Edition, EditionStatus, Revision, TopicArea
from clusterwerk.masterplan.services import (
    EditConflict,
    add_topic_area,
    delete_topic_area,
    move_topic_area,
    publish_edition,
    revise_edition,
    update_element,
)

pytestmark = pytest.mark.django_db


def test_draft_copies_the_tree_with_the_same_lineages(published, draft):
    assert draft.status == EditionStatus.DRAFT
    assert draft.predecessor == published
    old = {ta.number: ta.lineage for ta in published.topic_areas.all()}
    new = {ta.number: ta.lineage for ta in draft.topic_areas.all()}
    assert old == new
    assert compare_editions(published, draft).is_empty


def test_draft_label_must_be_new(published, cluster_manager):
    with pytest.raises(ValidationError, match="gibt es bereits"):
        revise_edition(source=published, label="2020", user=cluster_manager)


def test_only_cluster_managers_create_drafts(published, board_member, member, outsider):
    for user in (board_member, member, outsider):
        with pytest.raises(PermissionDenied):
            revise_edition(source=published, label="X", user=user)


def test_manager_of_another_cluster_cannot_edit(published, other_cluster):
    from conftest import make_user

    foreign_manager = make_user("fremd@clusterwerk.test", other_cluster, "cluster_manager")
    with pytest.raises(PermissionDenied):
        revise_edition(source=published, label="X", user=foreign_manager)


def test_edit_records_who_what_and_when(draft, cluster_manager):
    topic_area = draft.topic_areas.get(number="4.2.1")
    changed = update_element(
        element=topic_area,
        user=cluster_manager,
        expected_version=topic_area.version,
        values={"goal": "Leichtere Produkte.", "keywords": "Leichtbau, Gewicht, Leichtbau"},
    )
    assert changed == ["goal", "keywords"]
    topic_area.refresh_from_db()
    assert topic_area.goal == "Leichtere Produkte."
    assert topic_area.keywords == ["Leichtbau", "Gewicht"]
    assert topic_area.version == 2
    revision = Revision.objects.get(edition=draft, action="updated")
    assert revision.user == cluster_manager
    assert revision.element_lineage == topic_area.lineage
    assert revision.changes["goal"]["new"] == "Leichtere Produkte."
    assert revision.created_at is not None


def test_second_save_of_the_same_version_is_a_conflict_and_overwrites_nothing(
    draft, cluster_manager
):
    first_view = draft.topic_areas.get(number="4.2.1")
    second_view = draft.topic_areas.get(number="4.2.1")
    update_element(
        element=first_view,
        user=cluster_manager,
        expected_version=first_view.version,
        values={"goal": "Erste Fassung."},
    )
    with pytest.raises(EditConflict) as conflict:
        update_element(
            element=second_view,
            user=cluster_manager,
            expected_version=second_view.version,
            values={"goal": "Zweite Fassung.", "relevance": "Auch neu."},
        )
    assert "inzwischen" in str(conflict.value)
    assert "Carla" in str(conflict.value)
    stored = TopicArea.objects.get(pk=first_view.pk)
    assert stored.goal == "Erste Fassung."
    assert stored.relevance == second_view.relevance
    assert Revision.objects.filter(edition=draft, action="updated").count() == 1


def test_published_and_archived_editions_are_read_only(published, cluster_manager):
    topic_area = published.topic_areas.first()
    with pytest.raises(ValidationError, match="kein Entwurf"):
        update_element(
            element=topic_area,
            user=cluster_manager,
            expected_version=topic_area.version,
            values={"goal": "x"},
        )


def test_board_member_cannot_edit_a_draft(draft, board_member):
    topic_area = draft.topic_areas.first()
    with pytest.raises(PermissionDenied):
        update_element(
            element=topic_area,
            user=board_member,
            expected_version=topic_area.version,
            values={"goal": "x"},
        )


def test_empty_title_is_refused(draft, cluster_manager):
    key_point = draft.key_points.get(number="4.2")
    with pytest.raises(ValidationError):
        update_element(
            element=key_point,
            user=cluster_manager,
            expected_version=key_point.version,
            values={"title": "   "},
        )


def test_add_topic_area_numbers_it_after_the_last(draft, cluster_manager):
    key_point = draft.key_points.get(number="4.2")
    topic_area = add_topic_area(
        key_point=key_point, user=cluster_manager, title="Datenräume", goal="Daten teilen."
    )
    assert topic_area.number == "4.2.2"
    assert Revision.objects.filter(edition=draft, action="created", element_number="4.2.2")


def test_add_topic_area_validates_the_number(draft, cluster_manager):
    key_point = draft.key_points.get(number="4.2")
    with pytest.raises(ValidationError, match="schon vergeben"):
        add_topic_area(key_point=key_point, user=cluster_manager, title="X", number="4.2.1")
    with pytest.raises(ValidationError, match=r"Eckpunkts 4\.2"):
        add_topic_area(key_point=key_point, user=cluster_manager, title="X", number="4.4.9")
    with pytest.raises(ValidationError, match="Form"):
        add_topic_area(key_point=key_point, user=cluster_manager, title="X", number="4.2")


def test_every_problem_is_reported_at_once(draft, cluster_manager):
    key_point = draft.key_points.get(number="4.2")
    with pytest.raises(ValidationError) as error:
        add_topic_area(key_point=key_point, user=cluster_manager, title=" ", number="4.2.1")
    assert error.value.message_dict == {
        "title": ["Der Titel darf nicht leer sein."],
        "number": ["Die Nummer 4.2.1 ist in dieser Ausgabe schon vergeben."],
    }
    topic_area = draft.topic_areas.get(number="4.2.1")
    with pytest.raises(ValidationError) as error:
        update_element(
            element=topic_area,
            user=cluster_manager,
            expected_version=topic_area.version,
            values={"title": "x" * 301},
            references=["9.9.9"],
        )
    assert set(error.value.message_dict) == {"title", "references"}
    assert "Höchstens 300 Zeichen" in error.value.message_dict["title"][0]


def test_move_topic_area_to_another_key_point(published, draft, cluster_manager):
    topic_area = draft.topic_areas.get(number="4.2.1")
    target = draft.key_points.get(number="4.4")
    move_topic_area(
        topic_area=topic_area,
        key_point=target,
        user=cluster_manager,
        expected_version=topic_area.version,
    )
    topic_area.refresh_from_db()
    assert topic_area.number == "4.4.3"
    assert topic_area.key_point == target
    entry = next(e for e in compare_editions(published, draft).entries if e.kind == "topic_area")
    assert entry.change_types == {"moved"}
    assert (entry.old_number, entry.new_number) == ("4.2.1", "4.4.3")
    revision = Revision.objects.get(edition=draft, action="moved")
    assert revision.changes["key_point"] == {"old": "4.2", "new": "4.4"}


def test_move_with_a_stale_version_is_a_conflict(draft, cluster_manager):
    topic_area = draft.topic_areas.get(number="4.2.1")
    stale_version = topic_area.version
    update_element(
        element=topic_area,
        user=cluster_manager,
        expected_version=stale_version,
        values={"goal": "x"},
    )
    with pytest.raises(EditConflict):
        move_topic_area(
            topic_area=topic_area,
            key_point=draft.key_points.get(number="4.4"),
            user=cluster_manager,
            expected_version=stale_version,
        )
    assert TopicArea.objects.get(pk=topic_area.pk).number == "4.2.1"


def test_delete_topic_area(published, draft, cluster_manager):
    topic_area = draft.topic_areas.get(number="6.3.2")
    delete_topic_area(
        topic_area=topic_area, user=cluster_manager, expected_version=topic_area.version
    )
    assert not draft.topic_areas.filter(number="6.3.2").exists()
    diff = compare_editions(published, draft)
    assert [(e.number, e.change_types) for e in diff.entries] == [("6.3.2", {"removed"})]
    assert Revision.objects.filter(edition=draft, action="deleted", element_number="6.3.2")


def test_references_are_edited_and_recorded(draft, cluster_manager):
    topic_area = draft.topic_areas.get(number="4.2.1")
    changed = update_element(
        element=topic_area,
        user=cluster_manager,
        expected_version=topic_area.version,
        values={},
        references=["4.4.2"],
    )
    assert changed == ["references"]
    assert list(topic_area.related.values_list("number", flat=True)) == ["4.4.2"]
    assert topic_area.version == 2
    revision = Revision.objects.get(edition=draft, action="updated")
    assert revision.changes["references"] == {"old": [], "new": ["4.4.2"]}


def test_unknown_or_self_reference_changes_nothing(draft, cluster_manager):
    topic_area = draft.topic_areas.get(number="4.2.1")
    for numbers, message in ((["9.9.9"], r"9\.9\.9"), (["4.2.1"], "sich selbst")):
        with pytest.raises(ValidationError, match=message):
            update_element(
                element=topic_area,
                user=cluster_manager,
                expected_version=topic_area.version,
                values={"goal": "Soll nicht gespeichert werden."},
                references=numbers,
            )
    topic_area.refresh_from_db()
    assert topic_area.goal != "Soll nicht gespeichert werden."
    assert topic_area.version == 1


def test_too_long_title_is_refused(draft, cluster_manager):
    topic_area = draft.topic_areas.get(number="4.2.1")
    with pytest.raises(ValidationError):
        update_element(
            element=topic_area,
            user=cluster_manager,
            expected_version=topic_area.version,
            values={"title": "x" * 301},
        )


def test_publish_draft_archives_the_published_edition(published, draft, cluster_manager):
    publish_edition(edition=draft, user=cluster_manager)
    published.refresh_from_db()
    draft.refresh_from_db()
    assert draft.status == EditionStatus.PUBLISHED
    assert draft.published_on is not None
    assert published.status == EditionStatus.ARCHIVED
    assert Edition.objects.filter(status="published").count() == 1
    actions = set(Revision.objects.values_list("action", flat=True))
    assert {"published", "archived"} <= actions


def test_publish_twice_is_refused(published, cluster_manager):
    with pytest.raises(ValidationError, match="bereits veröffentlicht"):
        publish_edition(edition=published, user=cluster_manager)


def test_member_cannot_publish(draft, member):
    with pytest.raises(PermissionDenied):
        publish_edition(edition=draft, user=member)
    draft.refresh_from_db()
    assert draft.status == EditionStatus.DRAFT


def test_stored_texts_stay_german_for_an_english_editor(published, cluster_manager):
    from django.utils import translation

    with translation.override("en"):
        draft = revise_edition(source=published, label="2030", user=cluster_manager)
    assert draft.description == "Fortschreibung von „2020“"
    assert draft.title.startswith("Masterplan ")
    assert Revision.objects.get(edition=draft).message == "Entwurf aus „2020“ erstellt"
