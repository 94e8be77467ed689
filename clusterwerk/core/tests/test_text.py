"""German text normalisation: stemming, compounds, synonyms, queries and highlighting."""

import pytest

from clusterwerk.core.text import (
    build_search_document,
    document_matches,
    highlight,
    index_terms,
    like_pattern,
    normalize_token,
    parse_query,
    score_text,
    snippet,
    split_compound,
    stem,
    synonym_group_key,
    tokenize,
)


def meets(query: str, text: str) -> bool:
    return document_matches(parse_query(query), index_terms(text))


# --- Normalisation and stemming ------------------------------------------------------------


def test_umlaut_and_ae_oe_ue_spellings_share_one_stem():
    assert stem("Loesungen") == stem("Lösungen") == stem("losungen") == "losung"
    assert normalize_token("Schweißnähte") == normalize_token("SCHWEISSNAEHTE") == "schweissnahte"
    assert normalize_token("Maßnahme") == "massnahme"


def test_u_between_vowels_is_not_an_umlaut_spelling():
    assert normalize_token("Steuerung") == "steuerung"
    assert normalize_token("neue") == "neue"
    assert normalize_token("Qualität") == "qualitat"


def test_inflected_forms_share_the_stem():
    assert stem("Werkstoff") == stem("Werkstoffe") == stem("Werkstoffen")
    assert stem("Fachkräfte") == stem("Fachkraft")


# --- Tokens --------------------------------------------------------------------------------


def test_tokenize_keeps_numbers_and_joins_hyphenated_words():
    tokens = tokenize("IT-Sicherheit und 3D-Druck für Industrie 4.0 (Abschnitt 4.2.1)")
    assert {"it", "sicherheit", "itsicherheit", "3d", "druck", "3ddruck"} <= set(tokens)
    assert "4.0" in tokens
    assert "4.2.1" in tokens


def test_truncated_compound_is_completed_from_the_next_word():
    assert "fachkraft" in tokenize("Fach- und Führungskräfte")
    assert meets("Fachkräfte", "Qualifizierung für Fach- und Führungskräfte")


# --- Compounds -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Leichtbauwerkstoffe", ["leichtbau", "werkstoff"]),
        ("Schweißnähte", ["schweiss", "naht"]),
        ("Leichtbaulösungen", ["leichtbau", "losung"]),
        ("Fachkräftesicherung", ["fachkraft", "sicherung"]),  # -e-
        ("Unternehmensnachfolge", ["unternehmen", "nachfolge"]),  # -s-
        ("Oberflächentechnik", ["oberflache", "technik"]),  # -n-
        ("Werkstättennetzwerk", ["werkstatt", "netzwerk"]),  # -en-
        ("Landeshochschule", ["land", "hochschule"]),  # -es-
        ("Karosserieleichtbau", ["karosserie", "leichtbau"]),  # unknown modifier
    ],
)
def test_split_compound(word, parts):
    assert split_compound(word) == parts


def test_words_that_are_no_compounds_stay_whole():
    assert split_compound("Werkstoffe") == ["werkstoffe"]
    assert split_compound("Verbindung") == ["verbindung"]
    assert split_compound("wissenschaftlich") == ["wissenschaftlich"]


# --- Matching ------------------------------------------------------------------------------


def test_werkstoff_meets_werkstoffe():
    assert meets("Werkstoff", "Neue Werkstoffe senken das Gewicht.")


def test_leichtbau_meets_leichtbauloesungen():
    assert meets("Leichtbau", "Leichtbaulösungen sind gefragt.")
    assert meets("Lösungen", "Leichtbaulösungen sind gefragt.")


def test_compound_meets_its_parts_and_the_parts_meet_the_compound():
    assert meets("Leichtbau", "Leichtbauwerkstoffe")
    assert meets("Werkstoff", "Leichtbauwerkstoffe")
    assert meets("Leichtbauwerkstoffe", "Werkstoffe für den Leichtbau")
    assert not meets("Leichtbauwerkstoffe", "Werkstoffe für die Umformung")


def test_schweissnaehte_meets_schweissverbindungen():
    assert meets("Schweißnähte", "Schweißverbindungen und Umformen sind Kernkompetenzen.")
    assert meets("Schweissnaehte", "Prüfung von Schweißverbindungen")


def test_3d_druck_and_additive_fertigung_meet_both_ways():
    assert meets("3D-Druck", "Neue Werkstoffe und additive Fertigung senken das Gewicht.")
    assert meets("additive Fertigung", "3D-Druck eröffnet neue Bauteilformen.")
    assert meets("additive Fertigung", "Der 3D Druck eröffnet neue Bauteilformen.")
    assert meets("3D-Druck", "mit additiven Fertigungsverfahren")
    assert meets("generative Fertigung", "3D-Druck")
    assert synonym_group_key("additive Fertigung") == synonym_group_key("3D-Druck")


def test_synonym_keys_are_no_substring_targets():
    assert not meets("Druck", "additive Fertigung")
    assert not meets("3D-Druck", "Druckguss und Drucksensoren")


def test_other_domain_synonyms():
    assert meets("KI", "Einsatz künstlicher Intelligenz in der Fertigung")
    assert meets("künstliche Intelligenz", "KI-Anwendungen")
    assert meets("KMU", "Angebote für kleine und mittlere Unternehmen")
    assert meets("kleine und mittlere Unternehmen", "Angebote für KMU")
    assert meets("Internet der Dinge", "IoT-Plattformen")
    assert not meets("KI", "Kinder und Jugendliche")


def test_case_does_not_matter():
    assert meets("WERKSTOFF", "werkstoffe")
    assert meets("werkstoff", "WERKSTOFFE")


def test_all_query_words_must_match():
    assert meets("Werkstoffe Gewicht", "Neue Werkstoffe senken das Gewicht.")
    assert not meets("Werkstoffe Ausbildung", "Neue Werkstoffe senken das Gewicht.")


def test_stopwords_are_dropped():
    assert parse_query("und der für") == []
    assert parse_query("") == []
    assert [term.text for term in parse_query("Werkstoffe für den Leichtbau")] == [
        "Werkstoffe",
        "Leichtbau",
    ]


def test_short_terms_match_only_whole_index_terms():
    assert meets("Bau", "Der Bau der neuen Halle beginnt.")
    assert not meets("Bau", "Bauteilformen")
    assert not meets("Bau", "Maschinenbau")
    assert not meets("Bau", "Baumwolle")
    assert like_pattern("bau") == " bau "
    assert like_pattern("leichtbau") == "leichtbau"
    assert like_pattern("syn:3ddruck") == " syn:3ddruck "


# --- Search document -----------------------------------------------------------------------


def test_search_document_is_padded_sorted_and_unique():
    document = build_search_document("Werkstoffe und Werkstoffe", "Leichtbau")
    assert document == " leichtbau werkstoff "
    assert build_search_document("", "und der") == ""


def test_search_document_holds_stems_parts_and_synonym_keys():
    terms = build_search_document("Leichtbauwerkstoffe, additive Fertigung").split()
    assert {"leichtbauwerkstoff", "leichtbau", "werkstoff", "additiv", "fertig"} <= set(terms)
    assert synonym_group_key("3D-Druck") in terms


# --- Scoring -------------------------------------------------------------------------------


def test_exact_stem_hits_score_above_substring_hits():
    query = parse_query("Schweißen")
    assert score_text("Schweißen von Stahl", query) > score_text("Schweißbarkeit", query) > 0


def test_more_occurrences_score_higher_and_no_hit_scores_zero():
    query = parse_query("Werkstoff")
    once = score_text("Werkstoffe", query)
    assert score_text("Werkstoffe und noch mehr Werkstoffe", query) > once
    assert score_text("Ausbildung", query) == 0


# --- Highlighting --------------------------------------------------------------------------


def test_highlight_escapes_html_and_marks_inflected_forms():
    html = highlight("<script>alert('x')</script> Neue Werkstoffe & Leichtbau", "Werkstoff")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp;" in html
    assert "<mark>Werkstoffe</mark>" in html
    assert "<mark>Leichtbau</mark>" not in html


def test_highlight_marks_synonym_phrases_and_compounds():
    html = highlight("Neue Werkstoffe und additive Fertigung für Leichtbaulösungen", "3D-Druck")
    assert "<mark>additive Fertigung</mark>" in html
    html = highlight("Leichtbaulösungen sind gefragt.", "Leichtbau")
    assert html == "<mark>Leichtbaulösungen</mark> sind gefragt."


def test_snippet_cuts_around_the_first_match():
    text = "Einleitung ohne Treffer. " * 20 + "Hier stehen Schweißverbindungen. " + "Rest. " * 40
    result = snippet(text, "Schweißnaht", width=120)
    assert result.startswith("…")
    assert result.endswith("…")
    assert "<mark>Schweißverbindungen</mark>" in result
    assert len(result) < 160


def test_snippet_of_a_short_text_is_the_highlighted_text():
    assert snippet("Duale Ausbildung", "Ausbildung") == "Duale <mark>Ausbildung</mark>"
    assert snippet("<b>kurz</b>", "nichts") == "&lt;b&gt;kurz&lt;/b&gt;"
