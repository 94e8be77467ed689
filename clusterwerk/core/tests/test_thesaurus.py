"""The problem → competence thesaurus: parsing the file and finding problems in texts."""

import time

import pytest

from clusterwerk.core import thesaurus
from clusterwerk.core.thesaurus import Expansion, ThesaurusFormatError, entries, expansions


def problems(text: str) -> list[str]:
    return [expansion.problem for expansion in expansions(text)]


def small(*lines: str):
    return thesaurus._from_lines(lines)


# --- The file ------------------------------------------------------------------------------


def test_the_file_parses_into_enough_entries_in_file_order():
    all_entries = entries()
    assert len(all_entries) >= 100
    assert all(isinstance(entry, Expansion) for entry in all_entries)
    assert all_entries[0].problem == "Verzug"
    assert entries() is all_entries  # read once per process


def test_an_entry_keeps_problem_targets_and_grounding_as_written():
    verzug = entries()[0]
    assert verzug.targets[:2] == ("Wärmebehandlung", "Fügetechnik")
    assert verzug.grounding == "4.4.2, 4.3.1; BAM, Panta Rhei"


def test_every_entry_has_two_to_six_distinct_targets():
    for entry in entries():
        assert 2 <= len(entry.targets) <= 6, entry.problem
        assert len(set(entry.targets)) == len(entry.targets), entry.problem


def test_every_problem_expression_finds_its_own_entry():
    parsed = thesaurus._default()
    for entry, expressions in zip(parsed.entries, parsed.expressions, strict=True):
        for expression in expressions:
            assert entry in expansions(expression), expression


def test_problems_are_unique_across_the_file():
    first_problems = [entry.problem for entry in entries()]
    assert len(set(first_problems)) == len(first_problems)


# --- Parsing -------------------------------------------------------------------------------


def test_parsing_skips_comments_and_blank_lines_and_strips_whitespace():
    parsed = small(
        "# a comment",
        "",
        "  Verzug |verzogen  ->  Wärmebehandlung | Simulation   #  4.4.2; BAM  ",
    )
    assert parsed.entries == (Expansion("Verzug", ("Wärmebehandlung", "Simulation"), "4.4.2; BAM"),)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Verzug -> Wärmebehandlung | Simulation", "grounding"),
        ("Verzug -> Wärmebehandlung | Simulation #  ", "grounding"),
        ("Verzug Wärmebehandlung | Simulation # 4.4.2", "'->'"),
        ("Verzug -> Wärmebehandlung -> Simulation # 4.4.2", "'->'"),
        (" -> Wärmebehandlung | Simulation # 4.4.2", "no problem"),
        ("Verzug | | verzogen -> Wärmebehandlung | Simulation # 4.4.2", "empty problem"),
        ("Verzug -> Wärmebehandlung | # 4.4.2", "empty target"),
        ("Verzug -> Wärmebehandlung # 4.4.2", "2 to 6 targets"),
        ("Verzug -> A | B | C | D | E | F | G # 4.4.2", "2 to 6 targets"),
        ("und | oder -> Wärmebehandlung | Simulation # 4.4.2", "only stopwords"),
    ],
)
def test_a_malformed_line_raises_an_error_naming_its_line(line, message):
    with pytest.raises(ThesaurusFormatError) as error:
        small("# header", "Riss -> Werkstoffprüfung | Metallografie # 4.3.4", line)
    assert "line 3" in str(error.value)
    assert message in str(error.value)


def test_a_problem_listed_twice_is_an_error_naming_both_lines():
    with pytest.raises(ThesaurusFormatError, match=r"line 3: problem 'Risse' .* line 1"):
        small(
            "Riss -> Werkstoffprüfung | Metallografie # 4.3.4",
            "Verzug -> Wärmebehandlung | Simulation # 4.4.2",
            "Risse -> Schadensanalyse | Gutachten # 4.3.4",
        )


# --- Matching ------------------------------------------------------------------------------


def test_inflected_forms_meet_through_the_stemmer():
    assert problems("Nach dem Härten zeigen sich Risse") == ["Riss"]
    assert "Riss" in problems("Die Risse wurden größer")
    assert "Späne entsorgen" in problems("Die Späne müssen wir entsorgen")
    assert "Korrosion" in problems("Die Teile sind rostig")  # listed as a variant


def test_a_one_word_problem_meets_a_part_of_a_compound():
    assert problems("Wir kämpfen mit Schweißverzug an langen Rahmen") == ["Verzug"]
    assert "Riss" in problems("Härterisse an Zahnrädern")
    assert "Schrott" in problems("Stahlschrott sortenrein sammeln")
    assert "Korrosion" in problems("Korrosionsprobleme an Geländern")  # a long first part


def test_a_short_first_part_of_a_compound_does_not_count():
    parsed = small("Späne -> Recycling | Schrottaufbereitung # 4.3.3")
    assert parsed.expansions("Metallspäne sammeln") != ()  # the last part counts
    assert parsed.expansions("Spannmittel prüfen") == ()  # split "span" + "mittel"


def test_no_match_inside_an_unrelated_longer_word():
    assert "Riss" not in problems("Der Grundriss der neuen Halle steht fest")
    assert problems("Grundriss") == []
    parsed = small("dünn -> Leichtbau | Hybridbauweise # 4.2.1")
    assert parsed.expansions("Dünnschichttechnologie für Sensoren") == ()
    assert parsed.expansions("Die Wand ist zu dünn") != ()


def test_a_multi_word_problem_needs_its_words_in_a_row_stopwords_ignored():
    assert problems("") == []
    assert problems("Die Zulassung für Schweißer läuft aus") == ["Schweißerprüfung"]
    assert problems("Die Zulassung der Schweißer läuft aus") == ["Schweißerprüfung"]
    assert "Schweißerprüfung" not in problems("Die Zulassung läuft aus. Schweißer gibt es genug")
    assert "Schweißerprüfung" not in problems("Schweißer brauchen eine Zulassung")


def test_a_sentence_end_or_line_break_stops_a_multi_word_problem():
    parsed = small("Späne entsorgen -> Recycling | Schrottaufbereitung # 4.3.3")
    assert parsed.expansions("Die Späne zu entsorgen kostet") != ()
    assert parsed.expansions("Viele Späne. Die entsorgen wir selbst") == ()
    assert parsed.expansions("Viele Späne;entsorgen") == ()
    assert parsed.expansions("Späne\nentsorgen") == ()


def test_a_problem_with_one_content_word_keeps_its_stopwords():
    assert problems("Unser Rahmen ist zu schwer für den Kunden") == ["Gewicht"]
    assert "Gewicht" not in problems("Es ist schwer, Fachkräfte zu finden")


def test_a_hyphenated_problem_also_meets_its_parts_written_apart():
    assert problems("Wir brauchen eine CE-Kennzeichnung") == ["CE-Kennzeichnung"]
    assert problems("Wir brauchen eine CE Kennzeichnung") == ["CE-Kennzeichnung"]
    assert problems("Ein 3D-Druck-Verfahren für Ersatzteile") == ["Metalldruck", "Ersatzteil"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Geländer werden beim Schweißen krumm", ["Verzug"]),
        ("Nach einem Winter blüht das Tor", ["Korrosion"]),
        ("Die Tür klemmt und quietscht", ["klemmt"]),
        ("Der Lack hält nicht auf dem verzinkten Stahl", ["Lackschaden"]),
        ("Die Teile passen nicht zusammen", ["Maßabweichung"]),
        ("Die Maschine steht schon wieder", ["Maschinenausfall"]),
        ("Der Chef hört auf und will den Betrieb abgeben", ["Nachfolgersuche"]),
        ("Keiner will mehr Schweißer werden", ["Beruf unattraktiv"]),
        ("Lohnt sich ein Laser?", ["Laser"]),
    ],
)
def test_everyday_phrasings_meet_their_entry(text, expected):
    assert problems(text) == expected


def test_everyday_words_with_a_second_meaning_go_to_the_right_entry():
    # "bricht" of an apprentice is no broken part
    assert problems("Der Lehrling bricht ab") == ["Azubi", "Ausbildungsabbruch"]
    assert problems("Die Welle bricht durch") == ["Bauteilversagen"]
    # a "Schicht" of the workforce is no coating, a coat that is too thin is
    assert "Schichtdicke" not in problems("Die Schicht hält nicht bis zum Feierabend")
    assert "Schichtdicke" in problems("Die Schicht ist zu dünn")
    # "Gewährleistung" of security is no warranty claim
    assert "Reklamation" not in problems("die Gewährleistung der Informationssicherheit")
    # "Dauertest" stems like "dauert": the entry says "Dauerprüfung" instead
    assert problems("Angebote schreiben dauert ewig") == ["Auftragsabwicklung"]


def test_expansions_come_in_order_of_first_occurrence_each_once():
    text = (
        "Hohe Energiekosten, dazu Metallspäne und Emulsion entsorgen; die Energiekosten "
        "steigen weiter und Spänebrikettierung ist teuer."
    )
    assert problems(text) == ["Energiekosten", "Späne entsorgen", "Kühlschmierstoff"]


def test_two_entries_found_at_one_word_come_in_file_order():
    parsed = small(
        "Härteriss -> Härteprüfung | Metallografie # 4.4.1",
        "Riss -> Werkstoffprüfung | Schadensanalyse # 4.3.4",
    )
    found = parsed.expansions("Härterisse")
    assert [expansion.problem for expansion in found] == ["Härteriss", "Riss"]


def test_expansions_return_fresh_lists_over_the_cache():
    first = expansions("Verzug am Rahmen")
    first.clear()
    assert problems("Verzug am Rahmen") == ["Verzug"]


def test_expansions_of_a_long_text_are_fast_after_warm_up():
    words = "Unser Betrieb hat Verzug nach dem Schweißen und sucht Azubis für die Werkstatt"
    text = " ".join([words] * 22)  # about 300 words
    expansions(text)  # warm up the word caches
    thesaurus._default().expansions.cache_clear()
    start = time.perf_counter()
    for _ in range(20):
        thesaurus._default().expansions.cache_clear()
        expansions(text)
    assert (time.perf_counter() - start) / 20 < 0.005  # generous for a shared machine
