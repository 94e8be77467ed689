"""Comparing two editions: pairing, change types, word diff, rendering and query count."""

import copy
import uuid
from types import SimpleNamespace

import pytest

from clusterwerk.masterplan.diff import (
    EditionDiff,
    Segment,
    collapse_equal,
    compare_editions,
    pair_elements,
    render_segments_html,
    word_diff,
)
from clusterwerk.masterplan.models import EditionStatus, SuccessFactor
from clusterwerk.masterplan.tests.factories import SMALL_PLAN, lineages_of, make_edition

pytestmark = pytest.mark.django_db


def topic_areas(plan: dict, key_point: str) -> dict:
    return plan[key_point.split(".")[0]]["key_points"][key_point]["topic_areas"]


def revise(first, plan: dict, *, lineages: dict | None = None, label: str = "2026"):
    """A draft edition continuing `first` (same lineages by number unless told otherwise)."""
    lineages = lineages_of(first) if lineages is None else lineages
    return make_edition(
        first.cluster, label=label, status=EditionStatus.DRAFT, plan=plan, lineages=lineages
    )


def add_success_factor(edition, number: str, title: str, description: str = "", lineage=None):
    return SuccessFactor.objects.create(
        edition=edition,
        number=number,
        title=title,
        description=description,
        order=int(number),
        lineage=lineage or uuid.uuid4(),
    )


def only_entry(diff: EditionDiff):
    assert len(diff.entries) == 1, [(e.kind, e.change_types, e.number) for e in diff.entries]
    return diff.entries[0]


@pytest.fixture
def first():
    return make_edition(label="2020")


@pytest.fixture
def plan():
    return copy.deepcopy(SMALL_PLAN)


# --- Editions ------------------------------------------------------------------------------


def test_identical_editions_give_an_empty_diff(first, plan):
    add_success_factor(first, "1", "Finanzen", "Zugang zu Kapital.")
    second = revise(first, plan)
    add_success_factor(second, "1", "Finanzen", "Zugang zu Kapital.", lineages_of(first)["1"])

    diff = compare_editions(first, second)

    assert diff.is_empty
    assert diff.entries == []
    assert diff.counts.totals.added == diff.counts.totals.changed == 0
    assert (diff.old, diff.new) == (first, second)


def test_an_edition_compared_with_itself_is_unchanged(first):
    assert compare_editions(first, first).is_empty


def test_added_topic_area(first, plan):
    topic_areas(plan, "4.2")["4.2.2"] = {"title": "Digitale Produkte", "goal": "Neu."}

    entry = only_entry(compare_editions(first, revise(first, plan)))

    assert entry.kind == "topic_area"
    assert entry.change_types == {"added"}
    assert entry.old_element is None
    assert entry.new_element.title == "Digitale Produkte"
    assert (entry.old_number, entry.new_number) == (None, "4.2.2")
    assert (entry.old_parent_number, entry.new_parent_number) == (None, "4.2")
    assert entry.paired_by is None
    assert entry.field_changes == []


def test_removed_topic_area(first, plan):
    del topic_areas(plan, "6.3")["6.3.2"]

    entry = only_entry(compare_editions(first, revise(first, plan)))

    assert entry.kind == "topic_area"
    assert entry.change_types == {"removed"}
    assert entry.new_element is None
    assert entry.old_element.title == "Duale Ausbildung"
    assert (entry.old_number, entry.new_number) == ("6.3.2", None)
    assert (entry.old_parent_number, entry.new_parent_number) == ("6.3", None)


def test_renamed_topic_area(first, plan):
    topic_areas(plan, "6.3")["6.3.2"]["title"] = "Duale Ausbildung und Studium"

    entry = only_entry(compare_editions(first, revise(first, plan)))

    assert entry.change_types == {"renamed"}
    assert entry.paired_by == "lineage"
    [change] = entry.field_changes
    assert (change.field, str(change.label)) == ("title", "Titel")
    assert change.segments == [
        Segment("equal", "Duale Ausbildung"),
        Segment("insert", "und Studium"),
    ]


def test_topic_area_moved_to_another_key_point_and_renumbered(first, plan):
    topic_areas(plan, "4.4")["4.4.1"] = topic_areas(plan, "4.2").pop("4.2.1")
    lineages = lineages_of(first)
    lineages["4.4.1"] = lineages.pop("4.2.1")

    entry = only_entry(compare_editions(first, revise(first, plan, lineages=lineages)))

    assert entry.kind == "topic_area"
    assert entry.change_types == {"moved"}
    assert entry.paired_by == "lineage"
    assert (entry.old_number, entry.new_number) == ("4.2.1", "4.4.1")
    assert (entry.old_parent_number, entry.new_parent_number) == ("4.2", "4.4")
    assert entry.parent_changed
    assert entry.field_changes == []


def test_topic_area_renumbered_under_the_same_key_point(first, plan):
    topic_areas(plan, "4.4")["4.4.3"] = topic_areas(plan, "4.4").pop("4.4.2")
    lineages = lineages_of(first)
    lineages["4.4.3"] = lineages.pop("4.4.2")

    entry = only_entry(compare_editions(first, revise(first, plan, lineages=lineages)))

    assert entry.change_types == {"moved"}
    assert (entry.old_number, entry.new_number) == ("4.4.2", "4.4.3")
    assert entry.old_parent_number == entry.new_parent_number == "4.4"
    assert not entry.parent_changed


def test_key_point_moved_to_another_action_field(first, plan):
    key_point = plan["4"]["key_points"].pop("4.4")
    key_point["topic_areas"] = {"6.4.2": key_point["topic_areas"]["4.4.2"]}
    plan["6"]["key_points"]["6.4"] = key_point
    lineages = lineages_of(first)
    lineages["6.4"] = lineages.pop("4.4")
    lineages["6.4.2"] = lineages.pop("4.4.2")

    diff = compare_editions(first, revise(first, plan, lineages=lineages))

    moved_key_point, renumbered_topic_area = diff.entries
    assert moved_key_point.kind == "key_point"
    assert moved_key_point.change_types == {"moved"}
    assert (moved_key_point.old_parent_number, moved_key_point.new_parent_number) == ("4", "6")
    assert moved_key_point.parent_changed
    # Its topic area keeps its (paired) parent; only the number changed.
    assert renumbered_topic_area.kind == "topic_area"
    assert renumbered_topic_area.change_types == {"moved"}
    assert (renumbered_topic_area.old_number, renumbered_topic_area.new_number) == (
        "4.4.2",
        "6.4.2",
    )
    assert not renumbered_topic_area.parent_changed


def test_goal_text_change_has_exactly_the_changed_words(first, plan):
    topic_areas(plan, "4.2")["4.2.1"]["goal"] = (
        "Produkte mit besseren Eigenschaften, insbesondere durch Leichtbau."
    )

    entry = only_entry(compare_editions(first, revise(first, plan)))

    assert entry.change_types == {"changed"}
    [change] = entry.field_changes
    assert (change.field, str(change.label)) == ("goal", "Ziel")
    assert change.segments == [
        Segment("equal", "Produkte mit besseren Eigenschaften,"),
        Segment("delete", "vor allem"),
        Segment("insert", "insbesondere"),
        Segment("equal", "durch Leichtbau."),
    ]


def test_several_text_fields_with_their_labels(first, plan):
    area = topic_areas(plan, "4.4")["4.4.2"]
    area["title"] = "Fertigungstechnologien"
    area["description"] = "Eine neue Erläuterung."
    area["relevance"] = "Schweißverbindungen und Umformen bleiben Kernkompetenzen."
    area["potential"] = ""

    entry = only_entry(compare_editions(first, revise(first, plan)))

    assert entry.change_types == {"renamed", "changed"}
    assert [(c.field, str(c.label)) for c in entry.field_changes] == [
        ("title", "Titel"),
        ("description", "Erläuterung des Ziels"),
        ("relevance", "Relevanz"),
        ("potential", "Potenzial"),
    ]
    potential = entry.field_changes[-1]
    assert potential.segments == [Segment("delete", "3D-Druck eröffnet neue Bauteilformen.")]


def test_keywords_are_compared_as_a_set(first, plan):
    area = topic_areas(plan, "4.2")["4.2.1"]
    area["keywords"] = ["Werkstoffe", "Leichtbau", "Kreislaufwirtschaft", "Ressourcen"]

    entry = only_entry(compare_editions(first, revise(first, plan)))

    assert entry.change_types == {"changed"}
    [change] = entry.field_changes
    assert (change.field, str(change.label)) == ("keywords", "Schlagwörter")
    assert change.added == ["Kreislaufwirtschaft", "Ressourcen"]
    assert change.removed == ["Recyclingfähigkeit"]
    assert change.segments == []


def test_reordered_keywords_and_reflowed_text_are_no_change(first, plan):
    area = topic_areas(plan, "4.2")["4.2.1"]
    area["keywords"] = list(reversed(area["keywords"]))
    area["relevance"] = "Leichtbaulösungen sind  in vielen\nBranchen gefragt. "

    assert compare_editions(first, revise(first, plan)).is_empty


def test_key_point_intro_changed(first, plan):
    plan["4"]["key_points"]["4.2"]["intro"] = "Wachstum durch viele neue Märkte."

    entry = only_entry(compare_editions(first, revise(first, plan)))

    assert entry.kind == "key_point"
    assert entry.change_types == {"changed"}
    assert (entry.old_parent_number, entry.new_parent_number) == ("4", "4")
    [change] = entry.field_changes
    assert (change.field, str(change.label)) == ("intro", "Einführung")
    assert [s for s in change.segments if s.op != "equal"] == [Segment("insert", "viele")]


def test_success_factor_description_changed(first, plan):
    add_success_factor(first, "1", "Finanzen", "Zugang zu Kapital.")
    second = revise(first, plan)
    add_success_factor(second, "1", "Finanzen", "Zugang zu Wagniskapital.", lineages_of(first)["1"])

    entry = only_entry(compare_editions(first, second))

    assert entry.kind == "success_factor"
    assert entry.change_types == {"changed"}
    assert (entry.old_parent_number, entry.new_parent_number) == (None, None)
    [change] = entry.field_changes
    assert (change.field, str(change.label)) == ("description", "Beschreibung")


# --- Pairing -------------------------------------------------------------------------------


def test_editions_without_shared_lineages_are_paired_by_number(first, plan):
    topic_areas(plan, "6.3")["6.3.2"]["title"] = "Duale Berufsausbildung"
    topic_areas(plan, "4.4")["4.4.3"] = {"title": "Neu im Import"}
    imported = revise(first, plan, lineages={})  # independent: every lineage is new

    diff = compare_editions(first, imported)

    added, renamed = diff.entries
    assert renamed.number == "6.3.2"
    assert renamed.change_types == {"renamed"}
    assert renamed.paired_by == "number"
    assert added.number == "4.4.3"
    assert added.change_types == {"added"}
    assert added.paired_by is None
    assert len(diff.entries) == 2


def test_lineage_pairing_comes_first_and_number_pairs_the_leftovers(first, plan):
    lineages = lineages_of(first)
    # 4.2.1 keeps its lineage but becomes 4.2.2; a new topic area takes the number 4.2.1.
    areas = topic_areas(plan, "4.2")
    areas["4.2.2"] = areas.pop("4.2.1")
    areas["4.2.1"] = {"title": "Neuer Themenbereich"}
    lineages["4.2.2"] = lineages.pop("4.2.1")
    # 6.3.2 lost its lineage (e.g. re-imported): it is paired by its number.
    del lineages["6.3.2"]
    topic_areas(plan, "6.3")["6.3.2"]["goal"] = "Betriebe bei der Ausbildung unterstützen."

    diff = compare_editions(first, revise(first, plan, lineages=lineages))

    by_new_number = {entry.new_number: entry for entry in diff.entries}
    assert by_new_number["4.2.1"].change_types == {"added"}
    assert by_new_number["4.2.2"].change_types == {"moved"}
    assert by_new_number["4.2.2"].paired_by == "lineage"
    assert by_new_number["4.2.2"].old_number == "4.2.1"
    assert by_new_number["6.3.2"].change_types == {"changed"}
    assert by_new_number["6.3.2"].paired_by == "number"
    assert len(diff.entries) == 3


def test_pair_elements_strategy():
    def element(name, lineage, number):
        return SimpleNamespace(name=name, lineage=lineage, number=number)

    kept = element("kept", "a", "1")
    renumbered = element("renumbered", "b", "2")
    relinked = element("relinked", "c", "3")
    gone = element("gone", "d", "4")
    new_kept = element("new kept", "a", "1")
    new_renumbered = element("new renumbered", "b", "5")
    newcomer = element("newcomer", "x", "2")  # number "2": its holder is paired by lineage
    new_relinked = element("new relinked", "y", "3")
    arrived = element("arrived", "z", "6")
    old = [kept, renumbered, relinked, gone]
    new = [new_kept, new_renumbered, newcomer, new_relinked, arrived]

    pairing = pair_elements(old, new)

    assert [(p.old, p.new, p.paired_by) for p in pairing.pairs] == [
        (kept, new_kept, "lineage"),
        (renumbered, new_renumbered, "lineage"),
        (relinked, new_relinked, "number"),
    ]
    assert pairing.removed == [gone]
    assert pairing.added == [newcomer, arrived]

    lineage_only = pair_elements(old, new, match_numbers=False)
    assert len(lineage_only.pairs) == 2
    assert lineage_only.removed == [relinked, gone]
    assert lineage_only.added == [newcomer, new_relinked, arrived]


def test_number_pairing_can_be_switched_off(first, plan):
    imported = revise(first, plan, lineages={})

    diff = compare_editions(first, imported, match_numbers=False)

    assert diff.counts.totals.removed == diff.counts.totals.added == 8  # 2 + 3 + 3
    assert diff.counts.totals.moved == diff.counts.totals.changed == 0
    assert compare_editions(first, imported).is_empty


def test_parents_paired_by_number_do_not_count_as_moves(first, plan):
    imported = revise(first, plan, lineages={})
    assert compare_editions(first, imported).is_empty


# --- Ordering and counts -------------------------------------------------------------------


@pytest.fixture
def changes(plan):
    """An old edition with a second topic area in 4.2 and a revision changing a bit of all."""
    old_plan = copy.deepcopy(plan)
    topic_areas(old_plan, "4.2")["4.2.2"] = {"title": "Dienstleistungen", "goal": "Service."}
    old = make_edition(label="2020", plan=old_plan)
    add_success_factor(old, "1", "Finanzen")
    lineages = lineages_of(old)

    areas = topic_areas(plan, "4.2")
    areas["4.2.1"] = {"title": "Dienstleistungen rund um Produkte", "goal": "Service."}
    lineages["4.2.1"] = lineages.pop("4.2.2")  # old 4.2.1 is removed, 4.2.2 moves up
    plan["4"]["key_points"]["4.2"]["title"] = "Leistungen auf neuen Märkten"
    topic_areas(plan, "4.4")["4.4.3"] = {"title": "Wasserstoff"}
    plan["6"]["intro"] = "Fachkräfte gewinnen."
    topic_areas(plan, "6.3")["6.3.2"]["keywords"] = ["Ausbildung"]
    new = revise(old, plan, lineages=lineages)
    add_success_factor(new, "2", "Infrastruktur")
    return old, new


def test_entries_follow_the_reading_order(changes):
    diff = compare_editions(*changes)

    assert [(e.kind, e.number, sorted(e.change_types)) for e in diff.entries] == [
        ("key_point", "4.2", ["renamed"]),
        ("topic_area", "4.2.1", ["removed"]),  # where it was, before what took its place
        ("topic_area", "4.2.1", ["moved", "renamed"]),
        ("topic_area", "4.4.3", ["added"]),
        ("action_field", "6", ["changed"]),
        ("topic_area", "6.3.2", ["changed"]),
        ("success_factor", "1", ["removed"]),
        ("success_factor", "2", ["added"]),
    ]
    assert diff.entries[1].old_element.title == "Produkte mit verbesserten Eigenschaften"


def test_counts_per_kind_and_totals(changes):
    counts = compare_editions(*changes).counts

    topic_area = counts.by_kind["topic_area"]
    assert (topic_area.added, topic_area.removed, topic_area.moved) == (1, 1, 1)
    assert (topic_area.renamed, topic_area.changed) == (1, 1)
    assert counts.by_kind["key_point"].renamed == 1
    assert counts.by_kind["action_field"].changed == 1
    success_factor = counts.by_kind["success_factor"]
    assert (success_factor.added, success_factor.removed) == (1, 1)
    totals = counts.totals
    assert (totals.added, totals.removed, totals.moved, totals.renamed, totals.changed) == (
        2,
        2,
        1,
        2,
        2,
    )


# --- Word diff, collapsing and rendering ---------------------------------------------------


def test_word_diff_keeps_paragraph_breaks():
    old = "Erster Absatz bleibt.\n\nZweiter Absatz alt."
    new = "Erster Absatz bleibt.\n  \nZweiter Absatz neu.\n\nDritter Absatz."

    segments = word_diff(old, new)

    assert segments == [
        Segment("equal", "Erster Absatz bleibt.\n\nZweiter Absatz"),
        Segment("delete", "alt."),
        Segment("insert", "neu.\n\nDritter Absatz."),
    ]
    assert render_segments_html(segments) == (
        "<p>Erster Absatz bleibt.</p>"
        '<p>Zweiter Absatz <del class="diff-delete">alt.</del> <ins class="diff-insert">neu.</ins>'
        ' <ins class="diff-insert">¶</ins></p>'
        '<p><ins class="diff-insert">Dritter Absatz.</ins></p>'
    )


def test_word_diff_of_empty_texts():
    assert word_diff("", "") == []
    assert word_diff("", "Neu hier.") == [Segment("insert", "Neu hier.")]
    assert word_diff("Weg.", "") == [Segment("delete", "Weg.")]


def test_html_in_texts_is_escaped(first, plan):
    topic_areas(plan, "4.2")["4.2.1"]["goal"] = (
        'Produkte <script>alert("x")</script> mit besseren Eigenschaften & <b>Leichtbau</b>.'
    )

    [change] = only_entry(compare_editions(first, revise(first, plan))).field_changes
    html = render_segments_html(change.segments)

    assert "<script>" not in html
    assert "<b>" not in html
    assert (
        '<ins class="diff-insert">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</ins>' in html
    )
    assert "&amp;" in html
    assert html.startswith("<p>") and html.endswith("</p>")
    assert html.__html__() == html  # a SafeString: templates do not escape it again


def words(first: int, last: int) -> str:
    return " ".join(f"w{n}" for n in range(first, last + 1))


def test_collapse_keeps_context_around_changes_and_marks_skipped_runs():
    old = words(1, 60)
    new = old.replace("w20 ", "x20 ").replace("w50 ", "x50 ")
    segments = word_diff(old, new)

    collapsed = collapse_equal(segments, context=3)

    assert collapsed == [
        Segment("skip", "…"),
        Segment("equal", "w17 w18 w19"),
        Segment("delete", "w20"),
        Segment("insert", "x20"),
        Segment("equal", "w21 w22 w23"),
        Segment("skip", "…"),
        Segment("equal", "w47 w48 w49"),
        Segment("delete", "w50"),
        Segment("insert", "x50"),
        Segment("equal", "w51 w52 w53"),
        Segment("skip", "…"),
    ]
    assert '<span class="diff-skip">…</span>' in render_segments_html(collapsed)


def test_collapse_leaves_short_runs_and_unchanged_texts_alone():
    segments = word_diff(words(1, 10), words(1, 10).replace("w5", "x5"))
    assert collapse_equal(segments) == segments  # default context 12 covers everything
    unchanged = word_diff(words(1, 40), words(1, 40))
    assert collapse_equal(unchanged, context=2) == unchanged


def test_collapse_counts_words_not_paragraph_breaks():
    old = "a b\n\nc d e f g h"
    segments = word_diff(old, old + " neu")

    assert collapse_equal(segments, context=2) == [
        Segment("skip", "…"),
        Segment("equal", "g h"),
        Segment("insert", "neu"),
    ]
    segments = word_diff("neu " + old, old)
    assert collapse_equal(segments, context=3) == [
        Segment("delete", "neu"),
        Segment("equal", "a b\n\nc"),
        Segment("skip", "…"),
    ]


# --- Query count ---------------------------------------------------------------------------


def generated_plan(action_fields: int = 3, key_points: int = 4, areas: int = 4) -> dict:
    plan = {}
    for a in range(1, action_fields + 1):
        plan[str(a)] = {
            "title": f"Handlungsfeld {a}",
            "intro": f"Einführung {a}.",
            "key_points": {},
        }
        for k in range(1, key_points + 1):
            key_point = {"title": f"Eckpunkt {a}.{k}", "intro": "", "topic_areas": {}}
            plan[str(a)]["key_points"][f"{a}.{k}"] = key_point
            for t in range(1, areas + 1):
                key_point["topic_areas"][f"{a}.{k}.{t}"] = {
                    "title": f"Themenbereich {a}.{k}.{t}",
                    "goal": f"Ziel des Themenbereichs {a}.{k}.{t} mit einigen Worten mehr.",
                    "relevance": "Relevant für das Cluster.",
                    "keywords": ["Metall", f"Thema {t}"],
                }
    return plan


@pytest.mark.parametrize("plan_factory", [lambda: SMALL_PLAN, generated_plan])
def test_query_count_is_constant(plan_factory, django_assert_max_num_queries):
    old_plan = plan_factory()
    old = make_edition(label="2020", plan=old_plan)
    for number in ("1", "2", "3"):
        add_success_factor(old, number, f"Erfolgsfaktor {number}", "Text.")
    new_plan = copy.deepcopy(old_plan)
    for action_field in new_plan.values():
        action_field["intro"] += " Ergänzt."
        for key_point in action_field["key_points"].values():
            for area in key_point["topic_areas"].values():
                area["goal"] = area["goal"].replace("Ziel", "Das Ziel")
                area["keywords"] = [*area["keywords"], "neu"]
    new = revise(old, new_plan)

    with django_assert_max_num_queries(8):
        diff = compare_editions(old, new)

    topic_area_count = sum(
        len(kp["topic_areas"]) for af in old_plan.values() for kp in af["key_points"].values()
    )
    assert diff.counts.by_kind["topic_area"].changed == topic_area_count
    assert diff.counts.by_kind["success_factor"].removed == 3
    # Parents and the rendered word diffs are ready without further queries.
    with django_assert_max_num_queries(0):
        for entry in diff.entries:
            if entry.kind == "topic_area":
                assert entry.new_element.key_point.action_field.number
                assert entry.old_element.key_point.action_field.edition == old
            for change in entry.field_changes:
                render_segments_html(collapse_equal(change.segments))
