"""The payload cleaners: German messages by key, every problem at once, usable values."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from clusterwerk.core import validation as v


class Colour(models.TextChoices):
    RED = "red", "Rot"
    BLUE = "blue", "Blau"


def test_all_problems_are_collected_and_raised_at_once():
    errors = v.PayloadErrors()
    assert v.text("  Titel  ", "title", errors, max_length=10) == "Titel"
    assert v.text("", "name", errors, max_length=10, required=True) == ""
    assert v.integer("zwölf", "employees", errors) is None
    assert v.choice("green", "colour", errors, Colour) == ""
    assert v.date("31.02.2026", "held_on", errors) is None
    with pytest.raises(ValidationError) as raised:
        errors.raise_if_any()
    assert raised.value.message_dict == {
        "name": ["Dieses Feld ist erforderlich."],
        "employees": ["Bitte eine ganze Zahl angeben."],
        "colour": ["„green“ ist keine gültige Auswahl."],
        "held_on": ["Bitte ein Datum im Format JJJJ-MM-TT angeben."],
    }


@pytest.mark.parametrize(
    ("cleaner", "value", "options", "expected"),
    [
        (v.text, None, {"max_length": 5}, ""),
        (v.integer, " 42 ", {}, 42),
        (v.integer, "", {}, None),
        (v.number, "52,39", {"minimum": -90, "maximum": 90}, 52.39),
        (v.date, "2026-03-02", {}, datetime.date(2026, 3, 2)),
        (v.choice, "blue", {"choices": Colour}, "blue"),
        (v.string_list, "Laser; Aluminium, Laser, ", {}, ["Laser", "Aluminium"]),
        (v.boolean, "ja", {}, True),
        (v.boolean, "0", {}, False),
    ],
)
def test_good_values(cleaner, value, options, expected):
    errors = v.PayloadErrors()
    assert cleaner(value, "field", errors, **options) == expected
    assert not errors


@pytest.mark.parametrize(
    ("cleaner", "value", "options", "message"),
    [
        (v.text, 17, {"max_length": 5}, "Bitte einen Text angeben."),
        (v.text, "zu lang", {"max_length": 5}, "Höchstens 5 Zeichen (jetzt 7)."),
        (v.text, "kurz", {"max_length": 50, "min_length": 20}, "mindestens 20 Zeichen"),
        (v.integer, True, {}, "Bitte eine ganze Zahl angeben."),
        (v.integer, "-1", {}, "Bitte eine Zahl von 0 bis 10000000."),
        (v.number, "nord", {"minimum": 0, "maximum": 1}, "Bitte eine Zahl angeben."),
        (v.choice, "", {"choices": Colour, "required": True}, "Bitte wählen Sie aus."),
        (v.string_list, [1, 2], {}, "Bitte eine Liste von Texten angeben."),
        (v.string_list, "a,b,c", {"max_items": 2}, "Höchstens 2 Einträge."),
        (v.boolean, "vielleicht", {}, "Bitte ja oder nein angeben."),
        (v.date, "", {"required": True}, "Dieses Feld ist erforderlich."),
    ],
)
def test_bad_values_have_a_german_message(cleaner, value, options, message):
    errors = v.PayloadErrors()
    cleaner(value, "field", errors, **options)
    assert "field" in errors
    assert any(message in text for text in errors.messages["field"]), errors.messages
