"""The set-up services: cycles with defaults, carried items, updates that change exactly what
was given, criteria fixed once rating opens, segments and rings, blockers and phase changes,
items with topic areas by lineage, sources (links, checked PDFs) – German messages and
permission checks first."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.foresight import phases
from clusterwerk.foresight.models import (
    Criterion,
    CriterionRole,
    Cycle,
    Item,
    Mode,
    Ring,
    Segment,
    Source,
    SourceKind,
    Status,
)
from clusterwerk.foresight.services import cycles, items
from clusterwerk.foresight.tests.factories import make_cycle, make_item, make_panellist

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def messages_of(error: ValidationError) -> str:
    return " ".join(
        message
        for messages in getattr(error, "message_dict", {"": error.messages}).values()
        for message in messages
    )


@pytest.fixture
def draft(cluster):
    return make_cycle(cluster, status=Status.PREPARATION, opened_at=None, slug="entwurf")


# --- cycles ------------------------------------------------------------------------------------


def test_create_cycle_with_defaults_and_a_slug_from_title_and_year(cluster, cluster_manager):
    cycle = cycles.create_cycle(
        user=cluster_manager, cluster=cluster, title="Vorausschau Metall", year=2027
    )
    assert cycle.slug == "vorausschau-metall-2027"
    assert cycle.status == Status.PREPARATION and cycle.created_by == cluster_manager
    assert cycle.criteria.count() == 5 and cycle.segments.count() == 5
    assert cycle.rings.count() == 4
    again = cycles.create_cycle(
        user=cluster_manager, cluster=cluster, title="Vorausschau Metall", year=2027
    )
    assert again.slug == "vorausschau-metall-2027-2"


def test_create_cycle_bad_input(cluster, cluster_manager):
    with pytest.raises(ValidationError) as caught:
        cycles.create_cycle(
            user=cluster_manager,
            cluster=cluster,
            title="",
            year=1800,
            slug="Nicht OK",
            mode="egal",
            period_start="2027-05-01",
            period_end="2027-04-01",
        )
    errors = caught.value.message_dict
    assert errors["title"] == ["Dieses Feld ist erforderlich."]
    assert "von 2000 bis 2100" in errors["year"][0]
    assert "Kleinbuchstaben" in errors["slug"][0]
    assert "keine gültige Auswahl" in errors["mode"][0]
    assert "vor ihrem Beginn" in errors["period_end"][0]
    assert not Cycle.objects.exists()


@pytest.mark.parametrize("persona", ["member", "other_cluster_manager", "outsider", "anonymous"])
def test_only_the_management_creates(cluster, persona, tenant_personas):
    with pytest.raises(PermissionDenied, match="Clustermanagement"):
        cycles.create_cycle(user=tenant_personas(persona), cluster=cluster, title="X", year=2027)
    assert not Cycle.objects.exists()


def test_carry_items_keeps_key_lineage_topics_tags_links_and_segment(
    cluster, cluster_manager, plan
):
    old = make_cycle(cluster, year=2024, status=Status.PUBLISHED)
    lineage = topic_lineage(plan, "4.4.2")
    item = make_item(
        old,
        "W-07",
        tags=["Wasserstoff"],
        topics=[lineage],
        segment=old.segments.get(name="Energie & Mobilität"),
    )
    Source.objects.create(
        item=item, kind=SourceKind.LINK, title="Studie", url="https://example.org"
    )
    Source.objects.create(item=item, kind=SourceKind.DOCUMENT, title="PDF", filename="a.pdf")
    new = cycles.create_cycle(
        user=cluster_manager,
        cluster=cluster,
        title="Foresight",
        year=2026,
        previous=old.pk,
        carry_items=True,
    )
    carried = new.items.get()
    assert (carried.key, carried.lineage, carried.carried_from) == ("W-07", item.lineage, item)
    assert carried.tags == ["Wasserstoff"]
    assert carried.segment.cycle == new and carried.segment.name == "Energie & Mobilität"
    assert [t.topic_lineage for t in carried.topic_areas.all()] == [lineage]
    assert [(s.kind, s.url) for s in carried.sources.all()] == [("link", "https://example.org")]


def test_carry_items_needs_a_previous_cycle_of_the_same_cluster(
    cluster, other_cluster, cluster_manager
):
    foreign = make_cycle(other_cluster)
    with pytest.raises(ValidationError) as caught:
        cycles.create_cycle(
            user=cluster_manager,
            cluster=cluster,
            title="X",
            year=2026,
            previous=foreign.pk,
            carry_items=True,
        )
    assert "gibt es in diesem Cluster nicht" in caught.value.message_dict["previous"][0]


def test_an_update_changes_exactly_what_was_given(draft, cluster_manager):
    before = cycles.cycle_data(draft)
    updated = cycles.update_cycle(
        user=cluster_manager,
        cycle=draft,
        data={"title": "Neuer Titel", "min_answers": 4},
        expected_version=draft.version,
    )
    after = cycles.cycle_data(updated)
    assert {k for k in before if before[k] != after[k]} == {"title", "min_answers"}
    assert updated.version == draft.version + 1


def test_an_update_with_an_old_version_is_a_conflict(draft, cluster_manager):
    cycles.update_cycle(
        user=cluster_manager, cycle=draft, data={"title": "A"}, expected_version=draft.version
    )
    with pytest.raises(EditConflict):
        cycles.update_cycle(
            user=cluster_manager, cycle=draft, data={"title": "B"}, expected_version=draft.version
        )
    assert Cycle.objects.get().title == "A"


def test_the_consensus_rule_is_fixed_once_rating_opens(cycle, cluster_manager):
    with pytest.raises(phases.PhaseClosed, match="Bewertung läuft"):
        cycles.update_cycle(
            user=cluster_manager, cycle=cycle, data={"min_answers": 5}, expected_version=None
        )
    with pytest.raises(phases.PhaseClosed):
        cycles.save_criteria(user=cluster_manager, cycle=cycle, rows=[])
    # Texts may still change.
    cycles.update_cycle(
        user=cluster_manager, cycle=cycle, data={"description": "Neu"}, expected_version=None
    )
    assert Cycle.objects.get().description == "Neu"


def test_update_rejects_unknown_keys(draft, cluster_manager):
    with pytest.raises(ValidationError, match="nicht änderbare Angaben: status"):
        cycles.update_cycle(
            user=cluster_manager, cycle=draft, data={"status": "published"}, expected_version=None
        )


# --- criteria, segments, rings -----------------------------------------------------------------


def test_save_criteria(draft, cluster_manager):
    impact = draft.criteria.get(role=CriterionRole.IMPACT)
    saved = cycles.save_criteria(
        user=cluster_manager,
        cycle=draft,
        rows=[
            {
                "id": impact.pk,
                "role": "impact",
                "name": "Wirkung",
                "labels": ["klein", "groß"],
                "consensus_iqr": "0,5",
            },
            {"role": "horizon", "name": "Zeit", "labels": "bald\nspäter\nnie"},
        ],
    )
    assert [c.name for c in saved] == ["Wirkung", "Zeit"]
    assert Criterion.objects.get(pk=impact.pk).consensus_iqr == Decimal("0.5")
    assert draft.criteria.count() == 2
    assert saved[1].labels == ["bald", "später", "nie"]


def test_save_criteria_bad_input(draft, cluster_manager):
    with pytest.raises(ValidationError) as caught:
        cycles.save_criteria(
            user=cluster_manager,
            cycle=draft,
            rows=[
                {"role": "impact", "name": "", "labels": ["nur eine"]},
                {"role": "impact", "name": "Zwei", "labels": ["a", "b"], "consensus_iqr": "x"},
            ],
        )
    errors = caught.value.message_dict
    assert errors["criteria.0.name"] == ["Dieses Feld ist erforderlich."]
    assert "mindestens zwei beschriftete Stufen" in errors["criteria.0.labels"][0]
    assert "hat schon ein anderes Kriterium" in errors["criteria.1.role"][0]
    assert errors["criteria.1.consensus_iqr"] == ["Bitte eine Zahl angeben."]
    assert draft.criteria.count() == 5


def test_segments_keep_their_items_and_renames_take_the_place(draft, cluster_manager):
    first = draft.segments.get(name="Werkstoffe")
    item = make_item(draft, "W-01", segment=draft.segments.get(name="Fertigung"))
    cycles.save_segments(
        user=cluster_manager, cycle=draft, names=["Materialien", "Fertigung", "Energie"]
    )
    assert list(draft.segments.values_list("name", flat=True)) == [
        "Materialien",
        "Fertigung",
        "Energie",
    ]
    assert Segment.objects.get(pk=first.pk).name == "Materialien"
    item.refresh_from_db()
    assert item.segment.name == "Fertigung"


def test_segments_bad_input(draft, cluster_manager):
    with pytest.raises(ValidationError, match="mindestens ein Segment"):
        cycles.save_segments(user=cluster_manager, cycle=draft, names=[])


def test_rings_any_number_rising_within_the_scale(draft, cluster_manager):
    cycles.save_rings(
        user=cluster_manager,
        cycle=draft,
        rows=[("Jetzt", Decimal("2")), ("Später", "3"), ("Irgendwann", "4,0")],
    )
    with pytest.raises(ValidationError) as caught:
        cycles.save_rings(
            user=cluster_manager, cycle=draft, rows=[("Jetzt", "2"), ("Später", "1"), ("", "9")]
        )
    errors = caught.value.message_dict
    assert "größer sein als die des inneren Rings" in errors["rings.1.upper"][0]
    assert errors["rings.2.name"] == ["Dieses Feld ist erforderlich."]
    assert "von 0 bis 4" in errors["rings.2.upper"][0]
    cycles.save_rings(
        user=cluster_manager,
        cycle=draft,
        rows=[("A", "1"), ("B", "2"), ("C", "3"), ("D", "3.5"), ("E", "4")],
    )
    assert Ring.objects.filter(cycle=draft).count() == 5


# --- blockers and phases -----------------------------------------------------------------------


def test_blockers_before_opening(cluster, cluster_manager):
    bare = make_cycle(cluster, status=Status.PREPARATION, with_defaults=False, slug="leer")
    reasons = cycles.blockers(bare, "open")
    assert "Es gibt noch kein Item." in reasons
    assert any("mindestens zwei beschrifteten Stufen" in reason for reason in reasons)
    assert any("Für die Ringe" in reason for reason in reasons)
    assert "Das Radar hat noch kein Segment." in reasons
    assert "Das Radar hat noch keinen Ring." in reasons
    with pytest.raises(ValidationError):
        cycles.open_rating(user=cluster_manager, cycle=bare)
    assert Cycle.objects.get(pk=bare.pk).status == Status.PREPARATION


def test_too_few_panellists_only_warn(draft, cluster_manager):
    make_item(draft, "W-01")
    assert cycles.blockers(draft, "open") == []
    assert "Erst 0 Panelmitglieder" in cycles.warnings(draft)[0]
    opened = cycles.open_rating(user=cluster_manager, cycle=draft)
    assert opened.status == Status.RATING and opened.opened_at is not None


def test_the_phases_in_order(cluster, cluster_manager):
    cycle = make_cycle(cluster, mode=Mode.ROUNDS, rounds_planned=2)
    make_panellist(cycle, "a@panel.example")
    cycle = cycles.next_round(user=cluster_manager, cycle=cycle)
    assert cycle.current_round == 2
    assert cycles.blockers(cycle, "next_round") == ["Alle 2 geplanten Runden sind begonnen."]
    with pytest.raises(ValidationError):
        cycles.next_round(user=cluster_manager, cycle=cycle)
    with pytest.raises(phases.PhaseClosed):
        cycles.publish(user=cluster_manager, cycle=cycle)
    cycle = cycles.close_rating(user=cluster_manager, cycle=cycle)
    assert cycle.status == Status.EVALUATION and cycle.closed_at
    cycle = cycles.reopen_rating(user=cluster_manager, cycle=cycle)
    assert cycle.status == Status.RATING and cycle.closed_at is None
    cycle = cycles.close_rating(user=cluster_manager, cycle=cycle)
    cycle = cycles.publish(user=cluster_manager, cycle=cycle)
    assert cycle.status == Status.PUBLISHED and cycle.published_at


def test_next_round_only_in_classic_mode(cycle, cluster_manager):
    with pytest.raises(ValidationError, match="nur bei klassischen Runden"):
        cycles.next_round(user=cluster_manager, cycle=cycle)


def test_reopen_after_the_period_needs_a_new_end(cycle, cluster_manager):
    cycle = cycles.close_rating(user=cluster_manager, cycle=cycle)
    Cycle.objects.filter(pk=cycle.pk).update(
        period_end=timezone.localdate() - datetime.timedelta(days=1)
    )
    cycle.refresh_from_db()
    with pytest.raises(ValidationError, match="verlängern"):
        cycles.reopen_rating(user=cluster_manager, cycle=cycle)


def test_transition_by_name_rejects_unknown_steps(cycle, cluster_manager):
    with pytest.raises(ValidationError, match="Unbekannter Schritt"):
        cycles.transition(user=cluster_manager, cycle=cycle, action="delete")


@pytest.mark.parametrize("persona", ["member", "other_cluster_manager", "anonymous"])
def test_only_the_management_changes_phases(cycle, persona, tenant_personas):
    with pytest.raises(PermissionDenied):
        cycles.close_rating(user=tenant_personas(persona), cycle=cycle)


def test_a_panellist_is_no_manager(cycle):
    seat = make_panellist(cycle, "p@panel.example")
    with pytest.raises(PermissionDenied):
        items.create_item(user=seat.user, cycle=cycle, data={"title": "X"})


# --- items -------------------------------------------------------------------------------------


def test_create_item_with_topics_tags_and_next_key(draft, cluster_manager, plan):
    segment = draft.segments.get(name="Fertigung")
    item = items.create_item(
        user=cluster_manager,
        cycle=draft,
        data={
            "title": "Additive Fertigung in Serie",
            "kind": "technology",
            "steep": "technological",
            "segment": segment.pk,
            "tags": "3D-Druck, Serie",
            "topics": ["4.4.2"],
        },
    )
    assert item.key == "F-01" and item.segment == segment
    assert item.tags == ["3D-Druck", "Serie"]
    assert [t.topic_lineage for t in item.topic_areas.all()] == [topic_lineage(plan, "4.4.2")]
    assert items.item_data(item)["topics"] == ["4.4.2"]


def test_create_item_bad_input(draft, cluster_manager, plan):
    make_item(draft, "W-01")
    with pytest.raises(ValidationError) as caught:
        items.create_item(
            user=cluster_manager,
            cycle=draft,
            data={
                "key": "W-01",
                "title": "",
                "kind": "",
                "steep": "kosmisch",
                "segment": 999999,
                "topics": ["9.9.9"],
            },
        )
    errors = caught.value.message_dict
    assert "hat schon ein anderes Item" in errors["key"][0]
    assert errors["title"] == ["Dieses Feld ist erforderlich."]
    assert errors["kind"] == ["Bitte wählen Sie die Art des Items."]
    assert "keine gültige Auswahl" in errors["steep"][0]
    assert "Segment gibt es" in errors["segment"][0]
    assert "9.9.9" in errors["topics"][0]
    with pytest.raises(ValidationError, match="Buchstaben, Ziffern"):
        items.create_item(
            user=cluster_manager,
            cycle=draft,
            data={"key": "neu", "title": "T", "kind": "trend", "steep": "social"},
        )
    assert draft.items.count() == 1


def test_an_item_edit_changes_exactly_what_was_given(draft, cluster_manager, plan):
    item = make_item(draft, "W-01", tags=["a"], topics=[topic_lineage(plan, "4.4.2")])
    before = items.item_data(item)
    updated = items.update_item(
        user=cluster_manager,
        item=item,
        data={"title": "Neu", "tags": ["a", "b"]},
        expected_version=item.version,
    )
    after = items.item_data(Item.objects.get(pk=updated.pk))
    assert {k for k in before if before[k] != after[k]} == {"title", "tags"}
    with pytest.raises(EditConflict):
        items.update_item(
            user=cluster_manager, item=item, data={"title": "Alt"}, expected_version=item.version
        )


def test_the_key_is_fixed_once_rating_opens(cycle, cluster_manager):
    item = make_item(cycle, "W-01")
    with pytest.raises(ValidationError, match="Kennung lässt sich"):
        items.update_item(
            user=cluster_manager, item=item, data={"key": "W-02"}, expected_version=None
        )
    with pytest.raises(phases.PhaseClosed):
        items.delete_item(user=cluster_manager, item=item)
    items.update_item(user=cluster_manager, item=item, data={"title": "Neu"}, expected_version=None)
    assert Item.objects.get().title == "Neu"


def test_delete_item_in_preparation(draft, cluster_manager):
    item = make_item(draft, "W-01")
    items.delete_item(user=cluster_manager, item=item)
    assert not Item.objects.exists()


# --- sources -----------------------------------------------------------------------------------


def test_sources(draft, cluster_manager):
    item = make_item(draft, "W-01")
    link = items.add_source_link(
        user=cluster_manager, item=item, title="Studie", url="https://example.org/studie"
    )
    upload = SimpleUploadedFile("studie.pdf", PDF, content_type="application/pdf")
    document = items.add_source_document(user=cluster_manager, item=item, title="", upload=upload)
    assert document.title == "studie.pdf" and bytes(document.content) == PDF
    assert document.size == len(PDF)
    items.remove_source(user=cluster_manager, source=link)
    assert list(item.sources.values_list("kind", flat=True)) == ["document"]


def test_sources_bad_input(draft, cluster_manager):
    item = make_item(draft, "W-01")
    with pytest.raises(ValidationError) as caught:
        items.add_source_link(user=cluster_manager, item=item, title="", url="javascript:alert(1)")
    assert caught.value.message_dict["title"] == ["Dieses Feld ist erforderlich."]
    assert "https://" in caught.value.message_dict["url"][0]
    fake = SimpleUploadedFile("bild.pdf", b"GIF89a...", content_type="application/pdf")
    with pytest.raises(ValidationError, match="keine PDF-Datei"):
        items.add_source_document(user=cluster_manager, item=item, title="B", upload=fake)
    empty = SimpleUploadedFile("leer.pdf", b"", content_type="application/pdf")
    with pytest.raises(ValidationError, match="leer"):
        items.add_source_document(user=cluster_manager, item=item, title="L", upload=empty)
    assert not Source.objects.exists()


def test_sources_only_by_the_management(draft, other_cluster_manager):
    item = make_item(draft, "W-01")
    with pytest.raises(PermissionDenied):
        items.add_source_link(
            user=other_cluster_manager, item=item, title="S", url="https://example.org"
        )
    with pytest.raises(PermissionDenied):
        items.add_source_link(user=AnonymousUser(), item=item, title="S", url="https://x.org")
