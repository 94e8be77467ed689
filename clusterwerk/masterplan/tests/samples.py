# ruff: noqa: W291, E101  (trailing spaces and tabs are what the PDF extraction produces)
"""Small masterplan texts, written for the tests, with the quirks of the PDF extraction:
bold periods as U+FFFD, tabs inside sentences, hyphenation across lines, lost hyphens in bold
type, footnotes and URLs between paragraphs, page furniture, a figure, a table of contents."""

from pathlib import Path

from django.conf import settings

B = "\ufffd"  # how a bold period comes out of the PDF

SMALL_MASTERPLAN = f"""Vorwort ohne Struktur, das der Import überspringt.

 3  Ausrichtung der Handlungs
felder

Allgemeiner Text über das Cluster.

 4  Handlungsfeld Werkstatt
Metall Testland
 Neue Produkte und Ver-
fahren entstehen hier. Sowohl Produkt- und 
Prozessinnovationen als auch Dienstleistungen zählen.

4 Handlungsfeld Werkstatt Metall Testland

4{B}1 Werkstoffe und Bauteile

Die Wirt-
schaft	braucht	leichte	Bauteile1 und robuste 

1	 	Eine Fußnote mit Quelle, abgerufen am 
1.1.2020.

https://example.org/quelle

Werkstoffe.

Handlungsfeld Werkstatt Metall Testland

• Werkstoffe und Bauteile
• Markt und Technologie

Abbildung 1: Übersicht über das Handlungsfeld

12Masterplan Metall – Handlungsfeld Werkstatt Metall Testland

4{B}1{B}1  Leichtbau mit neuen Werk
stoffen

 ■ Ziel
Entwicklung leichter Bauteile aus neuen Werk
stoffen für den Fahrzeugbau{B}

Leichtbaulösungen sparen Energie. Markt- und Technologieanalysen zeigen den Bedarf.

 ■ Relevanz
Der Fahrzeugbau fragt leichte Bauteile nach (vgl. Abschnitt 
4.2.1).

 ■ Potenzial
Additive Fertigung und Hybridbauweisen bieten Chancen.

4.1.2 Markt und Technologievorausschau

 ■ Ziel
Eine gemeinsame Markt und Technologievorausschau ein
richten{B}

 ■ Relevanz
Märkte ändern sich schnell.

 ■ Potenzial
Szenarien helfen kleinen Betrieben.

4{B}2 Prozesse

Effiziente Prozesse senken Kosten.

4{B}2{B}1 Qualitätssicherung

 ■ Ziel
Qualität sichern{B}

 ■ Relevanz
Kunden fordern Nachweise2.

2  Vgl. Abschnitt 4.1.1.

 ■ Potenzial
Prüfverfahren werden günstiger.

7 Ausblick
 	4.1.1 Leichtbau mit neuen Werkstoffen
	4.2.1 Qualitätssicherung
"""


def replace_section(text: str, old: str, new: str) -> str:
    assert old in text, f"sample does not contain {old!r}"
    return text.replace(old, new, 1)


def seed_text_path() -> Path | None:
    path = Path(settings.MASTERPLAN_TEXT)
    return path if path.is_file() else None
