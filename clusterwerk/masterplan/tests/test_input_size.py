"""Large inputs: the importer refuses texts over the size limit before parsing them, and the
parser takes time linear in the text's length (no step is quadratic in a line or a word)."""

import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clusterwerk.accounts.services import system_user
from clusterwerk.masterplan import services
from clusterwerk.masterplan.models import Edition
from clusterwerk.masterplan.parsing import (
    MAX_TEXT_BYTES,
    MasterplanImportError,
    decode_masterplan_bytes,
    parse_masterplan,
)
from clusterwerk.masterplan.parsing.vocabulary import FlowingText
from clusterwerk.masterplan.services import importing
from clusterwerk.masterplan.tests.large_inputs import SHAPES, large_masterplan
from clusterwerk.masterplan.tests.samples import SMALL_MASTERPLAN

TOO_LARGE = "Die Datei ist zu groß: höchstens 2 MB."
FIVE_MB = 5_000_000


@pytest.fixture
def no_parse(monkeypatch):
    """The parse must not even start for a text over the limit."""

    def refuse(text):
        raise AssertionError("parsed a text over the size limit")

    monkeypatch.setattr(importing, "parse_masterplan", refuse)


def test_the_limit_leaves_room_for_the_published_text():
    assert MAX_TEXT_BYTES == 2_000_000  # the published 2020 text has 196,985 bytes


def test_decoding_refuses_an_oversized_file_with_a_german_message():
    with pytest.raises(MasterplanImportError) as error:
        decode_masterplan_bytes(b"a" * (MAX_TEXT_BYTES + 1))
    assert [str(problem) for problem in error.value.problems] == [TOO_LARGE]


def test_a_file_right_at_the_limit_is_decoded():
    data = SMALL_MASTERPLAN.encode() + b" " * (MAX_TEXT_BYTES - len(SMALL_MASTERPLAN.encode()))
    assert len(data) == MAX_TEXT_BYTES
    assert decode_masterplan_bytes(data).startswith("Vorwort")


@pytest.mark.django_db
@pytest.mark.parametrize("shape", SHAPES)
def test_service_rejects_a_5_mb_text_before_parsing(cluster, no_parse, shape):
    text = large_masterplan(shape, FIVE_MB)
    started = time.perf_counter()
    with pytest.raises(MasterplanImportError) as error:
        services.import_masterplan_text(
            cluster=cluster, user=system_user(), text=text, label="Groß"
        )
    assert time.perf_counter() - started < 2  # answers at once, instead of parsing
    assert [str(problem) for problem in error.value.problems] == [TOO_LARGE]
    assert not Edition.objects.filter(label="Groß").exists()


@pytest.mark.django_db
def test_service_counts_bytes_not_characters(cluster, no_parse):
    umlauts = "ä" * (MAX_TEXT_BYTES // 2 + 1)  # fewer characters than the limit, more bytes
    with pytest.raises(MasterplanImportError, match="zu groß"):
        services.import_masterplan_text(
            cluster=cluster, user=system_user(), text=umlauts, label="Groß"
        )


@pytest.mark.django_db
def test_command_rejects_a_5_mb_file_with_the_same_message(cluster, tmp_path, no_parse):
    path = tmp_path / "gross.txt"
    path.write_text(large_masterplan("long-line", FIVE_MB), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_masterplan", str(path), "--edition", "Groß", stdout=StringIO())
    assert "Import abgebrochen, nichts wurde geschrieben" in str(error.value)
    assert TOO_LARGE in str(error.value)
    assert not Edition.objects.filter(label="Groß").exists()


# --- the parse is linear --------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_parser_handles_a_text_at_the_limit_of_every_shape(shape):
    """The quadratic parser took minutes for these (144 s for a 1 MB word); the linear one a
    second or two. The ceiling only catches a relapse, it is no benchmark (see bench/)."""
    text = large_masterplan(shape, MAX_TEXT_BYTES)
    started = time.perf_counter()
    tree = parse_masterplan(text).tree
    assert time.perf_counter() - started < 60
    assert [topic_area.number for topic_area in tree.topic_areas()] == ["4.1.1", "4.1.2", "4.2.1"]


def test_a_long_word_is_kept_as_it_is():
    text = large_masterplan("long-word", 300_000)
    topic_area = parse_masterplan(text).tree.topic_areas()[0]
    assert topic_area.title.startswith("Leichtbau mit neuen WerkTechnologievorausschau")
    assert " " not in topic_area.title.removeprefix("Leichtbau mit neuen ")
    assert len(topic_area.goal) > 90_000
    assert len(topic_area.relevance) > 90_000


def test_short_lines_are_joined_as_before():
    text = large_masterplan("short-lines", 50_000)
    goal = parse_masterplan(text).tree.topic_areas()[0].goal
    assert goal.startswith("Die Wirtschaft braucht leichte Bauteile und robuste Werkstoffe,")
    assert "Technologie-vorausschau" not in goal


def test_flowing_text_keeps_its_end_and_first_character():
    text = FlowingText("• Produkt")
    for _round in range(100):
        text.extend(0, " ", "und Prozess-")
        text.extend(1, "", "innovation")
    assert str(text).startswith("• Produkt und Prozessinnovation und")
    assert str(text).endswith("und Prozessinnovation")
    assert text.first == "•"
    assert text.end == str(text)[-FlowingText.END :]
