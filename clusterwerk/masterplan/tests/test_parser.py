import json
import re

import pytest

from clusterwerk.masterplan.parsing import (
    MasterplanImportError,
    decode_masterplan_bytes,
    parse_masterplan,
)
from clusterwerk.masterplan.reference import REFERENCE_DIR
from clusterwerk.masterplan.tests.samples import (
    SMALL_MASTERPLAN,
    replace_section,
    seed_text_path,
)


def parse(text: str):
    return parse_masterplan(text).tree


def problems_of(text: str) -> list[str]:
    with pytest.raises(MasterplanImportError) as error:
        parse_masterplan(text)
    return [str(problem) for problem in error.value.problems]


# --- the small sample ----------------------------------------------------------------------


def test_sample_structure_and_numbers():
    tree = parse(SMALL_MASTERPLAN)
    assert tree.counts() == (1, 2, 3)
    assert [ta.number for ta in tree.topic_areas()] == ["4.1.1", "4.1.2", "4.2.1"]
    assert tree.action_fields[0].title == "Werkstatt Metall Testland"


def test_headings_broken_over_lines_are_joined():
    tree = parse(SMALL_MASTERPLAN)
    assert tree.topic_areas()[0].title == "Leichtbau mit neuen Werkstoffen"


def test_truncated_compound_gets_its_lost_hyphen_back():
    topic_area = parse(SMALL_MASTERPLAN).topic_areas()[1]
    assert topic_area.title == "Markt- und Technologievorausschau"
    assert topic_area.goal == "Eine gemeinsame Markt- und Technologievorausschau einrichten."


def test_goal_statement_ends_at_its_bold_period():
    topic_area = parse(SMALL_MASTERPLAN).topic_areas()[0]
    assert (
        topic_area.goal
        == "Entwicklung leichter Bauteile aus neuen Werkstoffen für den Fahrzeugbau."
    )
    assert topic_area.description.startswith("Leichtbaulösungen sparen Energie.")


def test_hyphenation_tabs_footnotes_and_urls_are_cleaned():
    key_point = parse(SMALL_MASTERPLAN).key_points()[0]
    # "Wirt-" / "schaft" joined, tabs gone, footnote marker and footnote text and URL dropped,
    # and the paragraph cut by the footnote goes on.
    assert key_point.intro == "Die Wirtschaft braucht leichte Bauteile und robuste Werkstoffe."


def test_truncation_before_a_line_break_is_kept():
    action_field = parse(SMALL_MASTERPLAN).action_fields[0]
    assert "Produkt- und Prozessinnovationen" in action_field.intro
    assert "Verfahren entstehen hier." in action_field.intro


def test_figure_page_furniture_and_skipped_chapters_do_not_leak():
    tree = parse(SMALL_MASTERPLAN)
    texts = " ".join(
        [af.intro for af in tree.action_fields]
        + [kp.intro for kp in tree.key_points()]
        + [ta.potential + ta.relevance for ta in tree.topic_areas()]
    )
    assert "Abbildung" not in texts
    assert "•" not in texts
    assert "Masterplan Metall –" not in texts
    assert "Allgemeiner Text" not in texts
    assert "Vorwort" not in texts


def test_table_of_contents_does_not_create_elements():
    tree = parse(SMALL_MASTERPLAN)
    assert len(tree.topic_areas()) == 3


def test_cross_references_come_from_text_and_footnotes():
    tree = parse(SMALL_MASTERPLAN)
    by_number = {ta.number: ta for ta in tree.topic_areas()}
    assert by_number["4.1.1"].references == ["4.2.1"]
    assert by_number["4.2.1"].references == ["4.1.1"]


def test_notes_report_what_was_skipped():
    result = parse_masterplan(SMALL_MASTERPLAN)
    notes = " ".join(str(note) for note in result.notes)
    assert "Kapitel 3" in notes
    assert "Kapitel 7" in notes


# --- malformed input -----------------------------------------------------------------------


def test_empty_file_is_refused():
    with pytest.raises(MasterplanImportError, match="leer"):
        decode_masterplan_bytes(b"  \n\n")


def test_binary_file_is_refused():
    with pytest.raises(MasterplanImportError, match="Binärdaten"):
        decode_masterplan_bytes(b"%PDF-1.7\n\x00\x01\x02\x03binary" * 50)


def test_non_utf8_file_is_refused_with_line_number():
    data = "4 Handlungsfeld Test\nÜberschrift\n".encode("latin-1")
    with pytest.raises(MasterplanImportError) as error:
        decode_masterplan_bytes(data)
    assert str(error.value.problems[0]).startswith("Zeile 2:")


def test_unrelated_text_is_refused():
    problems = problems_of("Einkaufsliste\n\nMilch, Brot und Käse.\n\nSonst nichts.\n")
    assert len(problems) == 1
    assert "Keine Masterplan-Struktur" in problems[0]


def test_topic_area_without_goal_is_refused_with_its_line():
    text = replace_section(SMALL_MASTERPLAN, " ■ Ziel\nQualität sichern\ufffd\n\n", "")
    problems = problems_of(text)
    assert any("4.2.1" in p and "„Ziel“ fehlt" in p for p in problems)
    line = SMALL_MASTERPLAN.split("\n").index("4\ufffd2\ufffd1 Qualitätssicherung") + 1
    assert any(p.startswith(f"Zeile {line}:") for p in problems)


def test_duplicated_number_is_refused():
    text = replace_section(SMALL_MASTERPLAN, "4.1.2 Markt und", "4.1.1 Markt und")
    problems = problems_of(text)
    assert any("4.1.1" in p and "mehrfach" in p for p in problems)


def test_topic_area_under_the_wrong_key_point_is_refused():
    text = replace_section(SMALL_MASTERPLAN, "4.1.2 Markt und", "4.3.2 Markt und")
    problems = problems_of(text)
    assert any("4.3.2" in p and "Eckpunkt 4.3" in p for p in problems)


def test_doubled_section_is_refused():
    text = replace_section(
        SMALL_MASTERPLAN,
        " ■ Potenzial\nSzenarien",
        " ■ Relevanz\nNoch mehr.\n\n ■ Potenzial\nSzenarien",
    )
    problems = problems_of(text)
    assert any("„Relevanz“ kommt doppelt vor" in p for p in problems)


# --- the published 2020 text ---------------------------------------------------------------

seed = pytest.mark.skipif(
    seed_text_path() is None, reason="the published masterplan text (MASTERPLAN_TEXT) is missing"
)


@pytest.fixture(scope="module")
def seed_result():
    path = seed_text_path()
    return parse_masterplan(decode_masterplan_bytes(path.read_bytes()))


def reference_titles() -> dict[str, str]:
    data = json.loads((REFERENCE_DIR / "metall_2020.json").read_text(encoding="utf-8"))
    titles = {}
    for af in data["action_fields"]:
        titles[af["number"]] = af["title"]
        for kp in af["key_points"]:
            titles[kp["number"]] = kp["title"]
            for ta in kp["topic_areas"]:
                titles[ta["number"]] = ta["title"]
    return titles


def all_texts(tree) -> list[str]:
    texts = [af.intro for af in tree.action_fields] + [kp.intro for kp in tree.key_points()]
    for ta in tree.topic_areas():
        texts += [ta.title, ta.goal, ta.description, ta.relevance, ta.potential]
    return texts


@seed
def test_seed_yields_3_10_37_with_the_published_numbers_and_titles(seed_result):
    tree = seed_result.tree
    assert tree.counts() == (3, 10, 37)
    parsed = {af.number: af.title for af in tree.action_fields}
    parsed |= {kp.number: kp.title for kp in tree.key_points()}
    parsed |= {ta.number: ta.title for ta in tree.topic_areas()}
    assert parsed == reference_titles()


@seed
def test_seed_topic_areas_have_goal_relevance_and_potential(seed_result):
    for ta in seed_result.tree.topic_areas():
        assert ta.goal.endswith("."), ta.number
        assert len(ta.relevance) > 80, ta.number
        assert len(ta.potential) > 80, ta.number


@seed
def test_seed_texts_are_clean(seed_result):
    footnote_line = re.compile(r"(^|\n)\d{1,2}\s+(Ebenda|Vgl\.|https?://)")
    for text in all_texts(seed_result.tree):
        assert "\ufffd" not in text
        assert "\t" not in text
        assert "https://" not in text and "http://" not in text
        assert "abgerufen am" not in text
        assert not footnote_line.search(text)
        assert not re.search(r"[a-zäöüß]{3}- (?!und|oder|sowie|bzw|bis|als)[a-zäöüß]{3}", text), (
            text
        )


@seed
def test_seed_hyphenation_is_undone_but_truncations_stay(seed_result):
    texts = "\n".join(all_texts(seed_result.tree))
    assert "Wirtschaft" in texts and "Wirt-schaft" not in texts and "Wirt- schaft" not in texts
    assert "Produkt- und Prozessinnovationen" in seed_result.tree.action_fields[0].intro


@seed
def test_seed_footnote_markers_are_removed(seed_result):
    by_number = {ta.number: ta for ta in seed_result.tree.topic_areas()}
    assert "Design Thinking, wurden" in by_number["4.1.1"].relevance
    assert "Thinking12" not in by_number["4.1.1"].relevance


@seed
def test_seed_keeps_chapter_7_out_of_the_last_topic_area(seed_result):
    last = seed_result.tree.topic_areas()[-1]
    assert last.number == "6.3.8"
    assert last.potential.endswith("ausgebaut.")
    assert "Orientierungsraster" not in last.potential


@seed
def test_seed_action_field_5_intro_is_found_before_its_heading(seed_result):
    intro = seed_result.tree.action_fields[1].intro
    assert intro.startswith("Kooperation ist der Begleiter der Innovation")
    assert "netzwerk Metall Brandenburg" not in intro


@seed
def test_seed_cross_references(seed_result):
    references = {ta.number: ta.references for ta in seed_result.tree.topic_areas()}
    assert references["4.1.2"] == ["5.1.4"]
    assert references["4.2.3"] == ["4.4.3"]
    assert references["6.3.1"] == ["6.3.4", "6.3.6"]
