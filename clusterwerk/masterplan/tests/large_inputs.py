"""Large masterplan texts for the input-size tests and `bench/masterplan_input_size.py`.

Each shape wraps the small sample around a large block that stresses one way the text can be
big: one long line, many short lines, or one long "word" (no space for megabytes).
"""

from clusterwerk.masterplan.tests.samples import SMALL_MASTERPLAN, B, replace_section

SHAPES = ("long-line", "short-lines", "long-word")

# Words that exercise the repairs: conjunctions after truncated compounds, lists with commas,
# hyphenation across lines, glued words in bold type, footnote-like numbers.
SENTENCE = (
    "Markt und Technologievorausschau, Berufs und Studienorientierung sowie Leichtbau mit "
    "neuen Werkstoffen für den Fahrzeugbau; Entwurfs, Fertigungs- und Prüfverfahren "
    "Technologienfür kleine Betriebe2 und die CoronaPandemie. "
)
SHORT_LINES = (
    "Die Wirt-",
    "schaft braucht leichte",
    "Bauteile und robuste",
    "Werk",
    "stoffe, Markt und",
    "Technologie-",
    "vorausschau sowie",
    "",
    "weitere Prozess-",
    "innovationen.",
)
GOAL_LINE = "Entwicklung leichter Bauteile aus neuen Werk"
HEADING_LINE = f"4{B}1{B}1  Leichtbau mit neuen Werk"
RELEVANCE_LINE = "Der Fahrzeugbau fragt leichte Bauteile nach (vgl. Abschnitt "


def _repeat_to(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def large_masterplan(shape: str, size: int) -> str:
    """A masterplan text of about `size` bytes (UTF-8) in the given shape."""
    block_size = max(size - len(SMALL_MASTERPLAN.encode()), 0)
    if shape == "long-line":
        # Half in the bold goal statement, half in the regular text, each on one line.
        half = block_size // 2
        text = replace_section(
            SMALL_MASTERPLAN, GOAL_LINE, f"{_repeat_to(SENTENCE, half)} {GOAL_LINE}"
        )
        return replace_section(
            text, RELEVANCE_LINE, f"{_repeat_to(SENTENCE, half)} {RELEVANCE_LINE}"
        )
    if shape == "short-lines":
        half = block_size // 2
        unit = "\n".join(SHORT_LINES) + "\n"
        block = _repeat_to(unit, half).rsplit("\n", 1)[0]
        text = replace_section(SMALL_MASTERPLAN, GOAL_LINE, f"{block}\n{GOAL_LINE}")
        return replace_section(text, RELEVANCE_LINE, f"{block}\n{RELEVANCE_LINE}")
    if shape == "long-word":
        # A word without a space, a different one each in a heading, a bold goal and the
        # regular text (each occurs once, so the vocabulary does not know it).
        third = block_size // 3
        heading = _repeat_to("Technologievorausschau", third)
        goal = _repeat_to("Leichtbauwerkstoffe", third)
        relevance = _repeat_to("Fertigungsverfahren", third)
        text = replace_section(SMALL_MASTERPLAN, HEADING_LINE, f"{HEADING_LINE}{heading}")
        text = replace_section(text, GOAL_LINE, f"{GOAL_LINE}{goal}")
        return replace_section(text, RELEVANCE_LINE, f"{RELEVANCE_LINE}{relevance} ")
    raise ValueError(f"unknown shape {shape!r}; one of {SHAPES}")
