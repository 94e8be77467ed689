"""The topic model's parts without the database: fields, Eckpunkt smoothing, thesaurus hints,
the project vocabulary and leave-one-out exactness."""

import json
from pathlib import Path

import pytest

from clusterwerk.masterplan.classify import (
    DEFAULT_PARAMS,
    Hint,
    LabelledExample,
    Params,
    TopicModel,
    TopicText,
    grounding_numbers,
    thesaurus_hints,
)
from clusterwerk.masterplan.classify.vocabulary import (
    VocabularyFormatError,
    parse_vocabulary,
    topic_vocabulary,
    vocabulary_text,
)

REFERENCE = Path(__file__).resolve().parent.parent / "reference_data" / "metall_2020.json"


def topic(number, title, **fields):
    return TopicText(number, title, f"lineage-{number}", {"title": title, **fields})


TOPICS = [
    topic("4.1.1", "Schweißtechnik", goal="Neue Schweißverfahren für dicke Bleche"),
    topic("4.1.2", "Werkstoffe", goal="Legierungen und Beschichtungen"),
    topic("4.2.1", "Ausbildung", goal="Auszubildende im Verbund ausbilden"),
    topic("4.2.2", "Weiterbildung", goal="Lehrgänge für Beschäftigte"),
]


def no_hints(text):
    return []


def numbers(model, text, **options):
    return [suggestion.number for suggestion in model.suggest(text, limit=4, **options)]


def test_params_are_replaced_not_changed():
    changed = DEFAULT_PARAMS.with_field("title", 9.0).replace(hint_weight=0.4)
    assert changed.field_weights["title"] == 9.0
    assert changed.hint_weight == 0.4
    assert DEFAULT_PARAMS.field_weights["title"] != 9.0
    assert Params() == DEFAULT_PARAMS


def test_a_field_weighted_zero_does_not_count():
    topics = [
        topic("4.1.1", "Schweißtechnik", vocabulary="Roboter"),
        topic("4.1.2", "Werkstoffe"),
    ]
    params = Params(key_point_weight=0.0).with_field("vocabulary", 1.0)
    assert numbers(TopicModel(topics, params=params, hints=None), "Roboter") == ["4.1.1"]
    silent = params.with_field("vocabulary", 0.0)
    assert numbers(TopicModel(topics, params=silent, hints=None), "Roboter") == []


def test_key_point_smoothing_lifts_the_siblings():
    text = "Schweißverfahren"
    plain = TopicModel(TOPICS, params=Params(key_point_weight=0.0), hints=None)
    smoothed = TopicModel(TOPICS, params=Params(key_point_weight=0.3), hints=None)
    assert numbers(plain, text) == ["4.1.1"]
    # The sibling (same Eckpunkt 4.1) now has a share; the other Eckpunkt has none.
    assert numbers(smoothed, text) == ["4.1.1", "4.1.2"]


def test_thesaurus_hints_vote_and_name_the_problem():
    def hints(text):
        if "Nachwuchs" in text:
            return [Hint("Nachwuchsmangel", ("4.2.1", "4.2.2"), ("Verbundausbildung",))]
        return []

    text = "Uns fehlt Nachwuchs für Schweißverfahren"
    without = TopicModel(TOPICS, params=Params(key_point_weight=0.0), hints=None)
    assert numbers(without, text) == ["4.1.1"]
    model = TopicModel(TOPICS, params=Params(key_point_weight=0.0, hint_weight=0.6), hints=hints)
    suggestions = model.suggest(text, limit=4)
    # The first named topic area counts fully, a further one half (0.6 * 0.5 < 0.4 * 1).
    assert [s.number for s in suggestions][:3] == ["4.2.1", "4.1.1", "4.2.2"]
    assert "Nachwuchsmangel" in suggestions[0].reasons


def test_expansion_terms_score_but_are_no_reasons():
    def hints(text):
        return [Hint("Fachkräftemangel", (), ("Lehrgänge",))] if "Fachkräfte" in text else []

    model = TopicModel(
        TOPICS, params=Params(key_point_weight=0.0, expansion_weight=1.0), hints=hints
    )
    (first,) = model.suggest("Fachkräfte gesucht", limit=1)
    assert first.number == "4.2.2"
    assert "Lehrgänge" not in first.reasons


def test_grounding_numbers():
    assert grounding_numbers("4.4.2, 4.3.1; BAM, Panta Rhei") == ("4.4.2", "4.3.1")
    assert grounding_numbers("6.3.8") == ("6.3.8",)
    assert grounding_numbers("; BAM 1.2.3") == ()
    assert grounding_numbers("4.4.2, 4.4.2") == ("4.4.2",)


def test_thesaurus_hints_come_from_the_thesaurus():
    hints = thesaurus_hints("Unsere geschweißten Rahmen zeigen Verzug.")
    verzug = [hint for hint in hints if hint.problem == "Verzug"]
    assert verzug and verzug[0].numbers and all(n.count(".") == 2 for n in verzug[0].numbers)
    assert thesaurus_hints("") == []


def test_leave_one_out_is_as_if_never_labelled():
    params = Params(project_field_weight=0.3, key_point_weight=0.0)
    examples = [
        LabelledExample("a", "Roboter schweißen dicke Bleche", {"lineage-4.1.1": 1.0}),
        LabelledExample("b", "Roboter in der Lehrwerkstatt", {"lineage-4.2.1": 1.0}),
    ]
    text = "Roboter für die Lehrwerkstatt"
    full = TopicModel(TOPICS, examples, params=params, hints=None)
    reduced = TopicModel(TOPICS, examples[:1], params=params, hints=None)
    left_out, _ = full.combined_scores(text, exclude=["b"])
    never, _ = reduced.combined_scores(text)
    assert left_out == pytest.approx(never)


def test_ranking_lists_every_scored_topic():
    model = TopicModel(TOPICS, params=Params(key_point_weight=0.0), hints=None)
    assert model.ranking("Legierungen für Lehrgänge") == ["4.1.2", "4.2.2"]
    assert model.ranking("   ") == []


def test_vocabulary_covers_exactly_the_2020_numbers():
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    expected = {
        area["number"]
        for field in data["action_fields"]
        for point in field["key_points"]
        for area in point["topic_areas"]
    }
    assert set(topic_vocabulary()) == expected
    assert all(len(words) >= 5 for words in topic_vocabulary().values())
    assert "Nachfolger" in vocabulary_text("6.3.8")
    assert vocabulary_text("9.9.9") == ""


@pytest.mark.parametrize(
    "source",
    ["4.1.1 Ideenmanagement", "4.1.1:", "x: a | b", "4.1.1: a\n4.1.1: b"],
)
def test_vocabulary_format_errors_name_the_line(source):
    with pytest.raises(VocabularyFormatError, match="line"):
        parse_vocabulary(source, "test.txt")


def test_vocabulary_parses_comments_and_phrases():
    parsed = parse_vocabulary("# comment\n\n6.3.8: Nachfolger | Management-Buy-out |  \n")
    assert parsed == {"6.3.8": ("Nachfolger", "Management-Buy-out")}
