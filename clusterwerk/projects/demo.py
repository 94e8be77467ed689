"""Synthetic demo projects 2015–2020 for development and the monitoring report.

`generate_demo_projects(cluster=…, seed=2020)` creates the cluster's demo projects so that the
Ergebnis- und Wirkungsmonitoring for 2019 shows what the masterplan 2020 reports (chapter 1):
68 projects carried out, 32 of them newly initiated, the majority joint projects with science.
Nothing else about them is real: titles, acronyms, descriptions, volumes and stories are built
from the vocabulary below; the partners are the demo companies and craft businesses of
`clusterwerk.actors.demo` and the real universities and research institutes of the reference
data (as science partners). Every demo project has `is_demo=True` and a title starting with
"Demo-Projekt:".

The counting rules the figures are designed for:

- carried out (durchgeführt) in a year: phase in `ACTIVE_PHASES` and [start_date, end_date]
  overlapping the year; without dates: initiated in or before the year and not completed before;
- newly initiated in a year: `year_initiated` is the year, not cancelled, not an idea.

The shape is fixed in `COHORTS` (per year of initiation: how many projects end in which year,
how many have no dates yet, how many were cancelled), so the figures are exact for any seed;
the seed decides everything else. Dated projects start in their year of initiation, so the
newly initiated projects of a year are always among those carried out in it. The data is a
snapshot as of `DEMO_AS_OF`: projects that ended before are completed, the others running.

Like the actor generator, it first plans all projects in plain Python with
`random.Random(seed)`, then writes them with `bulk_create`.
"""

import calendar
import datetime
import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from clusterwerk.actors.models import SCIENCE_KINDS, Actor, ActorKind, ActorStatus, Visibility
from clusterwerk.actors.queries import demo_actors
from clusterwerk.core.models import Cluster
from clusterwerk.core.text import build_search_document
from clusterwerk.masterplan.models import TopicArea
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.projects.models import (
    ACTIVE_PHASES,
    AssignmentSource,
    FundingProgramme,
    PartnerRole,
    PhaseChange,
    Project,
    ProjectPartner,
    ProjectPhase,
    ProjectResults,
    ProjectTopicArea,
    SupportActivity,
    SupportKind,
)
from clusterwerk.projects.services import derived_flags

TITLE_PREFIX = "Demo-Projekt: "
DEMO_AS_OF = datetime.date(2021, 1, 15)  # the snapshot date of the demo data
REPORT_YEARS = (2017, 2018, 2019, 2020)
INSERT_BATCH_SIZE = 500

SINGLE, COMPANIES, SCIENCE = "single", "companies", "science"
RDI, DIGITAL, QUALIFICATION, NETWORK = "rdi", "digital", "qualification", "network"


# --- The shape: exact figures ---------------------------------------------------------------


@dataclass(frozen=True)
class Cohort:
    """The projects initiated in one year."""

    year: int
    ends: dict[int, int]  # end year → number of dated projects
    undated: int = 0  # still before their start (initiation, consortium or application)
    cancelled: int = 0


COHORTS = (
    Cohort(2015, {2015: 1, 2016: 3, 2017: 4, 2018: 2}, cancelled=1),
    Cohort(2016, {2016: 4, 2017: 7, 2018: 7, 2019: 4}, cancelled=2),
    Cohort(2017, {2017: 4, 2018: 6, 2019: 9, 2020: 5}, cancelled=2),
    Cohort(2018, {2018: 10, 2019: 6, 2020: 8, 2021: 4}, cancelled=3),
    Cohort(2019, {2019: 4, 2020: 8, 2021: 12, 2022: 6}, undated=2, cancelled=3),
    Cohort(2020, {2020: 3, 2021: 8, 2022: 9, 2023: 3}, undated=7, cancelled=3),
)
IDEAS = 6  # project ideas (phase Idee) collected in 2020
UNDATED_PHASES = {
    2019: [ProjectPhase.APPLICATION, ProjectPhase.APPLICATION],
    2020: [ProjectPhase.INITIATION] * 2
    + [ProjectPhase.CONSORTIUM] * 2
    + [ProjectPhase.APPLICATION] * 3,
}

# Consortium structure: exactly these numbers among the projects carried out in 2019 …
CONSORTIA_2019 = {SCIENCE: 40, COMPANIES: 16, SINGLE: 12}
# … and these weights for all other projects.
CONSORTIUM_WEIGHTS = {SCIENCE: 50, COMPANIES: 25, SINGLE: 25}

CROSS_CLUSTER_SHARE = 0.16
SECONDARY_TOPIC_SHARE = 0.35
SUCCESS_STORY_SHARE = 0.4
VISIBILITY_WEIGHTS = {
    Visibility.PUBLIC: 45,
    Visibility.MEMBERS: 45,
    Visibility.CLUSTER_MANAGEMENT: 10,
}


def expected_project_count() -> int:
    return sum(sum(c.ends.values()) + c.undated + c.cancelled for c in COHORTS) + IDEAS


# --- Vocabulary (synthetic) -----------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    stem: str  # first part of the title
    acronym: str
    objects: tuple[tuple[str, str], ...]  # (rest of the title, acronym suffix)
    topics: tuple[str, ...]  # primary topic area first, then candidates for a secondary one
    kind: str  # rdi, digital, qualification, network
    aim: str
    method: str
    consortia: tuple[str, ...] = (SINGLE, COMPANIES, SCIENCE)
    clusters: tuple[str, ...] = ()  # clusters that suit a cross-cluster project


THEMES = (
    Theme(
        "Laserhybridschweißen",
        "LaHy",
        (
            ("hochfester Baustähle", "St"),
            ("dickwandiger Rohrleitungen", "Ro"),
            ("von Kranauslegern", "Kr"),
            ("im Schienenfahrzeugbau", "Bahn"),
            ("von Turmsegmenten für Windenergieanlagen", "Wind"),
        ),
        ("4.4.2", "4.4.1", "4.3.4"),
        RDI,
        "Ziel ist ein prozesssicheres Verfahren, das dicke Bleche in wenigen Lagen verbindet "
        "und den Verzug deutlich verringert.",
        "Dazu werden Parameterfenster im Versuch ermittelt und die Nähte zerstörungsfrei und "
        "mechanisch geprüft.",
        clusters=("verkehr-mobilitaet-logistik", "energietechnik"),
    ),
    Theme(
        "Rührreibschweißen",
        "FSW",
        (
            ("von Aluminium-Mischverbindungen", "Mix"),
            ("für Batteriewannen", "Bat"),
            ("dünnwandiger Kühlkörper", "Kue"),
            ("im Nutzfahrzeug-Leichtbau", "NFZ"),
            ("von Kupfer-Aluminium-Stromschienen", "Cu"),
        ),
        ("4.4.2", "4.4.1", "5.1.4"),
        RDI,
        "Das Vorhaben soll zeigen, dass sich unterschiedliche Werkstoffe ohne Zusatzstoff "
        "dicht und dauerfest fügen lassen.",
        "Werkzeuggeometrien und Vorschübe werden variiert und mit Schliffbildern bewertet.",
        clusters=("verkehr-mobilitaet-logistik", "energietechnik"),
    ),
    Theme(
        "Additive Fertigung",
        "AddFe",
        (
            ("von Ersatzteilen für Landmaschinen", "Ers"),
            ("metallischer Greiferfinger", "Gr"),
            ("von Werkzeugeinsätzen mit konturnaher Kühlung", "Wz"),
            ("großformatiger Bauteile im Lichtbogenverfahren", "WAAM"),
            ("von Titanimplantaten", "Ti"),
        ),
        ("4.4.2", "4.4.1", "4.2.3"),
        RDI,
        "Ziel ist, Bauteile auf Abruf und ohne Formen zu fertigen und Lagerbestände zu senken.",
        "Die Partner qualifizieren Pulver oder Draht, Bauraten und Nachbearbeitung an "
        "Referenzbauteilen.",
        clusters=("gesundheitswirtschaft", "optik-photonik"),
    ),
    Theme(
        "Inkrementelle Blechumformung",
        "IBU",
        (
            ("für Kleinserien im Fahrzeugbau", "KS"),
            ("von Edelstahlgehäusen", "Ed"),
            ("für Prototypen im Maschinenbau", "Pro"),
            ("von Fassadenelementen", "Fas"),
            ("gekrümmter Verkleidungsbleche", "Verk"),
        ),
        ("4.4.2", "4.2.1"),
        RDI,
        "Das Vorhaben will Kleinserien ohne teure Umformwerkzeuge wirtschaftlich machen.",
        "Bahnplanung und Maßhaltigkeit werden mit einem Industrieroboter erprobt.",
    ),
    Theme(
        "Leichtbau-Hybridstrukturen",
        "HyLei",
        (
            ("aus Stahl und Faserverbund", "SFV"),
            ("für den Innenausbau von Schienenfahrzeugen", "Bahn"),
            ("für Landmaschinenrahmen", "LaMa"),
            ("mit integrierten Sensoren", "Sens"),
            ("für Drohnengehäuse", "Dro"),
        ),
        ("4.4.1", "4.2.1", "5.1.4"),
        RDI,
        "Ziel sind Bauteile, die bei gleicher Steifigkeit ein Drittel leichter sind.",
        "Konstruktion, Fügetechnik und Prüfung werden gemeinsam an einem Demonstrator entwickelt.",
        clusters=("kunststoffe-chemie", "verkehr-mobilitaet-logistik"),
    ),
    Theme(
        "Verschleißschutzschichten",
        "VeSch",
        (
            ("durch Laserauftragschweißen", "LA"),
            ("für Bodenbearbeitungswerkzeuge", "Bod"),
            ("für Pumpenlaufräder", "Pu"),
            ("auf Basis von Eisenaluminiden", "FeAl"),
            ("für Umformwerkzeuge", "Um"),
        ),
        ("4.4.1", "4.2.1", "4.4.2"),
        RDI,
        "Die Standzeit hoch belasteter Bauteile soll sich mindestens verdoppeln.",
        "Schichtsysteme werden im Labor und im Feldeinsatz bei Anwendern verglichen.",
        clusters=("ernaehrungswirtschaft",),
    ),
    Theme(
        "Korrosionsschutz",
        "KoSch",
        (
            ("feuerverzinkter Stahlkonstruktionen", "FV"),
            ("für Offshore-Bauteile", "Off"),
            ("ohne Chrom(VI)-Verbindungen", "Cr"),
            ("für Stahlbrücken mit Zustandsüberwachung", "Br"),
            ("für Schweißnähte an Edelstahl", "Ed"),
        ),
        ("4.2.2", "4.4.1"),
        RDI,
        "Ziel ist ein langlebiger Schutz, der ohne problematische Stoffe auskommt.",
        "Beschichtungen werden in Klimawechseltests und an Probeblechen im Freien bewertet.",
        clusters=("kunststoffe-chemie", "energietechnik"),
    ),
    Theme(
        "Zerstörungsfreie Prüfung",
        "ZfP",
        (
            ("von Schweißnähten mit Phased-Array-Ultraschall", "PA"),
            ("additiv gefertigter Bauteile mit Computertomographie", "CT"),
            ("von Gussteilen mit KI-gestützter Bildauswertung", "KI"),
            ("von Klebverbindungen mit Thermografie", "Th"),
            ("dickwandiger Schmiedeteile", "Sm"),
        ),
        ("4.3.4", "4.4.3"),
        RDI,
        "Fehler sollen früher und sicherer erkannt werden, ohne Bauteile zu zerstören.",
        "Prüfkörper mit bekannten Fehlern dienen als Referenz für die Auswertung.",
        clusters=("optik-photonik",),
    ),
    Theme(
        "Qualitätssicherung im Prozess",
        "InQu",
        (
            ("in der Blechbearbeitung", "Bl"),
            ("beim Drehen und Fräsen", "DF"),
            ("in der Oberflächenbeschichtung", "OB"),
            ("beim Widerstandspunktschweißen", "RP"),
            ("in der Serienmontage", "Mo"),
        ),
        ("4.3.4", "4.3.5", "4.4.3"),
        RDI,
        "Ausschuss und Nacharbeit sollen sinken, weil Abweichungen noch während der "
        "Fertigung auffallen.",
        "Sensoren an der Maschine liefern Messdaten, die mit Prüfergebnissen verknüpft werden.",
    ),
    Theme(
        "Digitaler Zwilling",
        "DiZw",
        (
            ("einer Schmiedelinie", "Sm"),
            ("für Werkzeugmaschinen im Bestand", "WZM"),
            ("einer Stahlbaufertigung", "SB"),
            ("für die Instandhaltung von Pressen", "Pr"),
            ("einer Lackieranlage", "La"),
        ),
        ("4.4.3", "4.3.1", "4.2.3"),
        RDI,
        "Ein virtuelles Abbild der Anlage soll Umrüstungen planbar und Stillstände kürzer machen.",
        "Maschinendaten werden erfasst, in ein Simulationsmodell überführt und am realen "
        "Betrieb abgeglichen.",
        clusters=("ikt-medien-kreativwirtschaft",),
    ),
    Theme(
        "Vorausschauende Instandhaltung",
        "PreMa",
        (
            ("von Umformpressen", "Pr"),
            ("für Krananlagen", "Kr"),
            ("von Werkzeugmaschinenspindeln", "Sp"),
            ("für Pumpen in Kläranlagen", "Pu"),
            ("von Drehgestellen im Schienenverkehr", "Bahn"),
        ),
        ("4.2.3", "4.4.3"),
        RDI,
        "Ausfälle sollen sich ankündigen, bevor sie die Produktion stoppen.",
        "Schwingungs- und Temperaturdaten werden gesammelt und mit Lernverfahren ausgewertet.",
        clusters=("ikt-medien-kreativwirtschaft", "verkehr-mobilitaet-logistik"),
    ),
    Theme(
        "KI-gestützte Fertigungsplanung",
        "KIPla",
        (
            ("in der Lohnfertigung", "LF"),
            ("für Blechzuschnitte", "BZ"),
            ("im Werkzeugbau", "WB"),
            ("für Schweißbaugruppen", "SBG"),
            ("in der Einzel- und Kleinserienfertigung", "EK"),
        ),
        ("4.3.1", "4.4.3", "4.3.5"),
        RDI,
        "Ziel sind verlässliche Liefertermine und eine bessere Auslastung der Maschinen.",
        "Historische Auftragsdaten trainieren ein Modell, das Durchlaufzeiten vorhersagt.",
        clusters=("ikt-medien-kreativwirtschaft",),
    ),
    Theme(
        "Fabrikplanung mit Virtual Reality",
        "VRFab",
        (
            ("für einen Metallbaubetrieb", "MB"),
            ("für die Erweiterung einer Gießerei", "Gi"),
            ("für eine neue Montagehalle", "MH"),
            ("für die Umstellung auf Fließfertigung", "FF"),
            ("für die Verlagerung einer Fertigungslinie", "VL"),
        ),
        ("4.3.1", "6.3.7"),
        DIGITAL,
        "Layouts und Materialflüsse sollen geprüft werden, bevor die erste Maschine bewegt wird.",
        "Beschäftigte begehen die geplante Halle virtuell und bringen ihre Erfahrung ein.",
    ),
    Theme(
        "Digitale Auftragsabwicklung",
        "DiAu",
        (
            ("im Metallhandwerk", "MH"),
            ("einer Schlosserei", "Sch"),
            ("für Montagebetriebe", "Mo"),
            ("mit mobiler Zeiterfassung", "ZE"),
            ("vom Angebot bis zur Rechnung", "AR"),
        ),
        ("4.3.6", "4.3.5"),
        DIGITAL,
        "Papierlisten und Doppelerfassungen sollen aus dem Büro und von der Baustelle "
        "verschwinden.",
        "Eine Branchensoftware wird eingeführt und an die eigenen Abläufe angepasst.",
        consortia=(SINGLE, COMPANIES),
    ),
    Theme(
        "Online-Produktkonfigurator",
        "Konf",
        (
            ("für Treppen und Geländer", "TG"),
            ("für Sonderschrauben", "SS"),
            ("für Regalsysteme", "Re"),
            ("für Tore und Zäune", "TZ"),
            ("für Blechgehäuse", "BG"),
        ),
        ("4.3.6", "4.2.3"),
        DIGITAL,
        "Kundinnen und Kunden sollen Varianten selbst zusammenstellen und sofort einen Preis "
        "sehen.",
        "Regeln für Maße und Werkstoffe werden hinterlegt und mit der Fertigung verknüpft.",
        consortia=(SINGLE, COMPANIES),
        clusters=("ikt-medien-kreativwirtschaft",),
    ),
    Theme(
        "IT-Sicherheit in der Produktion",
        "ITSec",
        (
            ("vernetzter Werkzeugmaschinen", "WZM"),
            ("für kleine Zulieferer", "KZ"),
            ("bei der Fernwartung von Anlagen", "FW"),
            ("in der Lieferkette", "LK"),
            ("für ältere Steuerungen", "St"),
        ),
        ("4.3.7", "4.4.3"),
        DIGITAL,
        "Die vernetzte Fertigung soll gegen Angriffe und Datenverlust geschützt werden.",
        "Eine Schwachstellenanalyse mündet in Maßnahmen, die auch kleine Betriebe umsetzen können.",
        clusters=("ikt-medien-kreativwirtschaft",),
    ),
    Theme(
        "Abwärmenutzung",
        "AbWa",
        (
            ("in der Härterei", "Hae"),
            ("an Schmelzöfen", "SO"),
            ("in der Lacktrocknung", "LT"),
            ("an Druckluftkompressoren", "DL"),
            ("in der Galvanik", "Ga"),
        ),
        ("4.3.2", "4.2.2"),
        RDI,
        "Der Energiebedarf des Betriebs soll spürbar sinken, ebenso die Emissionen.",
        "Energieströme werden gemessen und Wärmetauscher an der richtigen Stelle erprobt.",
        clusters=("energietechnik",),
    ),
    Theme(
        "Wasserstofftaugliche Komponenten",
        "H2Ko",
        (
            ("für Elektrolyseure", "El"),
            ("für Gasleitungen aus Stahl", "GL"),
            ("für Brenner in Industrieöfen", "Br"),
            ("für Tanksysteme in Nutzfahrzeugen", "Ta"),
            ("für Ventile und Armaturen", "VA"),
        ),
        ("4.2.2", "4.4.1", "5.1.4"),
        RDI,
        "Bauteile aus Metall sollen dauerhaft mit Wasserstoff betrieben werden können.",
        "Werkstoffe werden auf Versprödung geprüft und Prototypen im Prüfstand erprobt.",
        clusters=("energietechnik", "verkehr-mobilitaet-logistik"),
    ),
    Theme(
        "Recycling von Metallspänen",
        "ReSpa",
        (
            ("aus der Aluminiumzerspanung", "Al"),
            ("mit Aufbereitung der Kühlschmierstoffe", "KSS"),
            ("aus Titan", "Ti"),
            ("durch Brikettierung", "Bri"),
            ("für das Umschmelzen im eigenen Betrieb", "Um"),
        ),
        ("4.3.3", "4.3.2"),
        RDI,
        "Späne sollen sortenrein zurück in den Kreislauf und nicht als Mischschrott verkauft "
        "werden.",
        "Reinigung, Verdichtung und Umschmelzen werden in einer Pilotanlage erprobt.",
        clusters=("kunststoffe-chemie",),
    ),
    Theme(
        "Materialeffiziente Konstruktion",
        "MaKo",
        (
            ("von Stahlbaugruppen", "SB"),
            ("durch Topologieoptimierung", "TO"),
            ("von Gussgehäusen", "GG"),
            ("für Anbaugeräte der Landtechnik", "LT"),
            ("von Schweißkonstruktionen", "SK"),
        ),
        ("4.3.3", "4.4.1", "4.3.1"),
        RDI,
        "Bei gleicher Funktion soll deutlich weniger Material verbaut werden.",
        "Simulation und Bauteilversuche zeigen, wo Material eingespart werden kann.",
    ),
    Theme(
        "Durchgängige Prozesskette",
        "ProKe",
        (
            ("für Antriebswellen", "AW"),
            ("für Flanschbauteile", "Fl"),
            ("vom Rohling bis zur Montage", "RM"),
            ("mit Rückverfolgbarkeit je Bauteil", "RV"),
            ("für Ersatzteile im Bahnbereich", "Bahn"),
        ),
        ("4.3.5", "4.3.1"),
        RDI,
        "Schnittstellen zwischen den Fertigungsschritten sollen ohne Medienbruch funktionieren.",
        "Auftrags- und Messdaten begleiten jedes Bauteil durch alle Stationen.",
        clusters=("verkehr-mobilitaet-logistik",),
    ),
    Theme(
        "Robotergestütztes Schweißen",
        "RoSch",
        (
            ("für Losgröße eins", "L1"),
            ("im Stahlbau", "SB"),
            ("mit kamerabasierter Nahtführung", "Kam"),
            ("für Handwerksbetriebe", "HW"),
            ("von Edelstahlbehältern", "Ed"),
        ),
        ("4.4.2", "4.3.5", "5.1.2"),
        RDI,
        "Auch kleine Stückzahlen sollen sich automatisiert und in gleichbleibender Qualität "
        "schweißen lassen.",
        "Die Programmierung erfolgt aus CAD-Daten, die Nahtlage korrigiert ein Sensor.",
    ),
    Theme(
        "Kollaborative Robotik",
        "CoRo",
        (
            ("in der Schaltschrankmontage", "SM"),
            ("beim Entgraten", "En"),
            ("in der Maschinenbeschickung", "MB"),
            ("für das Schleifen von Gussteilen", "Sl"),
            ("in der Kommissionierung", "Ko"),
        ),
        ("4.4.3", "6.2.1"),
        RDI,
        "Roboter sollen körperlich belastende Handgriffe übernehmen und Beschäftigte entlasten.",
        "Arbeitsplätze werden gemeinsam mit den Beschäftigten umgestaltet und bewertet.",
    ),
    Theme(
        "Regionaler Fertigungsverbund",
        "ReFe",
        (
            ("für Großbaugruppen", "GB"),
            ("für Zulieferungen an den Schienenfahrzeugbau", "Bahn"),
            ("in der Lausitz", "Lau"),
            ("für Ersatzteile", "ET"),
            ("für Komponenten von Windenergieanlagen", "Wind"),
        ),
        ("5.1.1", "5.1.2", "5.1.4"),
        NETWORK,
        "Mehrere Betriebe wollen gemeinsam Aufträge annehmen, die einer allein nicht stemmen kann.",
        "Kapazitäten, Qualitätsstandards und Abrechnung werden in einer Kooperationsvereinbarung "
        "geregelt.",
        consortia=(COMPANIES,),
        clusters=("verkehr-mobilitaet-logistik", "energietechnik"),
    ),
    Theme(
        "Reallabor",
        "ReaLa",
        (
            ("für fahrerlose Transportsysteme auf dem Werksgelände", "FTS"),
            ("für 5G in der Fertigung", "5G"),
            ("für vernetzte Baustellen im Stahlbau", "Bau"),
            ("Smarte Werkstatt", "SW"),
            ("für Wasserstoff in der Wärmebehandlung", "H2"),
        ),
        ("5.2.3", "4.4.3"),
        RDI,
        "Neue Technik soll unter realen Bedingungen erprobt werden, bevor Betriebe investieren.",
        "Unternehmen testen die Lösungen in einer gemeinsam betriebenen Versuchsumgebung.",
        consortia=(SCIENCE,),
        clusters=("ikt-medien-kreativwirtschaft", "energietechnik"),
    ),
    Theme(
        "Transferwerkstatt",
        "TraWe",
        (
            ("Leichtbau für KMU", "LB"),
            ("Oberflächentechnik", "OT"),
            ("Digitalisierung im Handwerk", "DH"),
            ("Sensorik in der Fertigung", "Se"),
            ("Wasserstoff und Metall", "H2"),
        ),
        ("5.2.1", "5.2.2"),
        NETWORK,
        "Forschungsergebnisse sollen so aufbereitet werden, dass Betriebe sie direkt nutzen "
        "können.",
        "In Werkstattgesprächen stellen Forschende Lösungen vor, Unternehmen bringen ihre "
        "Fragen mit.",
        consortia=(SCIENCE,),
    ),
    Theme(
        "Markterschließung",
        "MarkE",
        (
            ("in Polen für Metallbauer", "PL"),
            ("in Skandinavien für Zulieferer", "SK"),
            ("für Bahntechnik in Mittelosteuropa", "MOE"),
            ("mit einem Gemeinschaftsstand auf Fachmessen", "Mes"),
            ("für Landtechnik in Nordafrika", "NA"),
        ),
        ("5.1.3", "5.3.1"),
        NETWORK,
        "Die beteiligten Betriebe wollen neue Kunden im Ausland gewinnen.",
        "Marktstudien, Delegationsreisen und Messeauftritte werden gemeinsam organisiert.",
        consortia=(SINGLE, COMPANIES),
    ),
    Theme(
        "Fachkräftegewinnung",
        "FaGe",
        (
            ("mit Schülerpraktika in Metallbetrieben", "SP"),
            ("durch Ausbildungsbotschafter", "AB"),
            ("für Zerspanungsmechaniker", "ZM"),
            ("mit Berufsorientierung im Lausitzer Revier", "Lau"),
            ("für internationale Fachkräfte", "Int"),
        ),
        ("6.1.1", "6.3.1", "6.3.2"),
        QUALIFICATION,
        "Mehr junge Menschen sollen einen Metallberuf in der Region ergreifen.",
        "Betriebe öffnen ihre Werkstätten und stellen Ausbildung und Arbeitsalltag vor.",
        consortia=(SINGLE, COMPANIES),
    ),
    Theme(
        "Weiterbildung",
        "WeBi",
        (
            ("zur Schweißaufsicht", "SA"),
            ("in der CNC-Programmierung", "CNC"),
            ("für Industrie 4.0 im Handwerk", "I40"),
            ("für Führungskräfte im Mittelstand", "FK"),
            ("in der additiven Fertigung", "AM"),
        ),
        ("6.3.4", "6.3.7", "6.2.2"),
        QUALIFICATION,
        "Beschäftigte sollen neue Technik sicher beherrschen und im Betrieb weitergeben.",
        "Kurse wechseln mit Praxisaufgaben am eigenen Arbeitsplatz.",
    ),
    Theme(
        "Praxisnahe Hochschullehre",
        "PraxL",
        (
            ("im Maschinenbau", "MB"),
            ("zum Leichtbau", "LB"),
            ("in der Werkstofftechnik", "WT"),
            ("zur Produktionsinformatik", "PI"),
            ("zur Schweißtechnik", "ST"),
        ),
        ("6.3.3", "6.3.5"),
        QUALIFICATION,
        "Studierende sollen früh an echten Aufgaben aus Betrieben der Region arbeiten.",
        "Unternehmen bringen Fallstudien ein, die Hochschule baut daraus Lehrmodule.",
        consortia=(SCIENCE,),
    ),
    Theme(
        "Lernfabrik",
        "LeFa",
        (
            ("für die Ausbildung", "AB"),
            ("mit Augmented Reality", "AR"),
            ("im überbetrieblichen Ausbildungszentrum", "UBA"),
            ("für Instandhalter", "IH"),
            ("für das Schweißen am Simulator", "Sim"),
        ),
        ("6.3.7", "6.3.5", "6.3.2"),
        QUALIFICATION,
        "Lernende sollen an realen Anlagen üben, ohne die Produktion zu stören.",
        "Lernstationen und digitale Anleitungen entstehen gemeinsam mit Ausbildern.",
    ),
    Theme(
        "Unternehmensnachfolge",
        "UNa",
        (
            ("im Metallhandwerk", "MH"),
            ("in Familienunternehmen des Maschinenbaus", "MB"),
            ("mit einer regionalen Nachfolgebörse", "NB"),
            ("durch Übergabe an die Belegschaft", "Bel"),
            ("in der Oberflächentechnik", "OT"),
        ),
        ("6.3.8", "6.1.2"),
        NETWORK,
        "Betriebe ohne Nachfolge sollen rechtzeitig passende Übernehmer finden.",
        "Bewertung, Übergabeplan und Begleitung der neuen Leitung werden strukturiert.",
        consortia=(SINGLE, COMPANIES),
    ),
    Theme(
        "Technologievorausschau",
        "ForS",
        (
            ("zur Elektromobilität", "EM"),
            ("zu grünem Stahl", "GS"),
            ("zur Kreislaufwirtschaft", "KW"),
            ("zu Wasserstoff", "H2"),
            ("zur Robotik im Handwerk", "Rob"),
        ),
        ("4.2.4", "4.1.1"),
        NETWORK,
        "Betriebe sollen erkennen, welche Märkte und Techniken in zehn Jahren zählen.",
        "Szenarien entstehen in Workshops mit Unternehmen, Forschung und Verbänden.",
        consortia=(SCIENCE, COMPANIES),
        clusters=("energietechnik", "verkehr-mobilitaet-logistik"),
    ),
    Theme(
        "Servicebasierte Geschäftsmodelle",
        "GeMo",
        (
            ("für Anlagenbauer", "AB"),
            ("mit nutzungsabhängiger Abrechnung von Werkzeugmaschinen", "PPU"),
            ("für die Ersatzteilversorgung", "ET"),
            ("für Wartung aus der Ferne", "FW"),
            ("im Stahlbau", "SB"),
        ),
        ("4.2.3", "4.1.2"),
        RDI,
        "Neben dem Produkt soll künftig die Dienstleistung Umsatz bringen.",
        "Kundenbedarfe werden erhoben und Preismodelle mit Pilotkunden getestet.",
    ),
    Theme(
        "Sensorintegrierte Bauteile",
        "SeBa",
        (
            ("für Schraubverbindungen", "SV"),
            ("für Wälzlager", "WL"),
            ("für Hydraulikzylinder", "HZ"),
            ("für Kranhaken", "KH"),
            ("für Drahtseile", "DS"),
        ),
        ("4.2.1", "4.4.3"),
        RDI,
        "Bauteile sollen ihren Zustand selbst melden und so Prüfintervalle verlängern.",
        "Sensoren werden in das Bauteil eingebettet und unter Last erprobt.",
        clusters=("optik-photonik", "ikt-medien-kreativwirtschaft"),
    ),
    Theme(
        "Innovationsmanagement",
        "InMa",
        (
            ("in kleinen Metallbetrieben", "KMB"),
            ("mit einer Ideenwerkstatt", "IW"),
            ("für Zulieferer im Strukturwandel", "SW"),
            ("mit offenen Innovationsformaten", "OI"),
            ("über Abteilungsgrenzen hinweg", "AG"),
        ),
        ("4.1.1", "4.1.2"),
        NETWORK,
        "Ideen aus der Belegschaft sollen systematisch gesammelt und umgesetzt werden.",
        "Ein schlanker Innovationsprozess wird eingeführt und an ersten Ideen erprobt.",
        consortia=(SINGLE, COMPANIES),
    ),
)

# programme key → weight, by theme kind and consortium
PROGRAMME_WEIGHTS = {
    (RDI, SCIENCE): {
        "zim": 30,
        "profit": 22,
        "staf": 10,
        "igf": 8,
        "kmu-innovativ": 10,
        "horizon-2020": 5,
        "efre": 5,
        "bund": 10,
    },
    (RDI, COMPANIES): {"zim": 40, "profit": 30, "bund": 10, "land": 10, "privat": 10},
    (RDI, SINGLE): {"zim": 30, "big-fue": 25, "big-transfer": 20, "profit": 15, "privat": 10},
    (DIGITAL, SINGLE): {"big-digital": 65, "land": 10, "privat": 25},
    (DIGITAL, COMPANIES): {"big-digital": 45, "efre": 15, "land": 15, "privat": 25},
    (DIGITAL, SCIENCE): {"big-digital": 30, "profit": 30, "efre": 20, "bund": 20},
    (QUALIFICATION, SINGLE): {"weiterbildung": 70, "land": 10, "privat": 20},
    (QUALIFICATION, COMPANIES): {"weiterbildung": 60, "efre": 15, "land": 10, "privat": 15},
    (QUALIFICATION, SCIENCE): {"weiterbildung": 35, "efre": 25, "bund": 20, "land": 20},
    (NETWORK, SINGLE): {"land": 40, "privat": 60},
    (NETWORK, COMPANIES): {"land": 35, "efre": 20, "privat": 35, "bund": 10},
    (NETWORK, SCIENCE): {"land": 35, "efre": 30, "bund": 25, "privat": 10},
}
SCIENCE_LED_PROGRAMMES = {"staf", "igf"}

# programme key → (total volume from, to in €, funding rate from, to)
VOLUMES = {
    "zim": (150_000, 900_000, 0.45, 0.6),
    "kmu-innovativ": (500_000, 2_500_000, 0.5, 0.7),
    "igf": (200_000, 700_000, 0.9, 1.0),
    "bund": (200_000, 2_000_000, 0.4, 0.7),
    "profit": (250_000, 2_000_000, 0.45, 0.7),
    "staf": (250_000, 1_200_000, 0.85, 1.0),
    "big-transfer": (8_000, 30_000, 0.5, 1.0),
    "big-fue": (60_000, 200_000, 0.5, 0.5),
    "big-digital": (30_000, 600_000, 0.5, 0.5),
    "weiterbildung": (15_000, 150_000, 0.5, 0.7),
    "land": (50_000, 800_000, 0.3, 0.6),
    "efre": (200_000, 1_500_000, 0.5, 0.8),
    "horizon-2020": (1_500_000, 8_000_000, 0.7, 1.0),
    "privat": (30_000, 500_000, 0.0, 0.0),
}

BENEFITS = (
    "Die Ergebnisse sollen in der Region gefertigt und vermarktet werden.",
    "Davon profitieren vor allem kleine Betriebe, die sich eigene Entwicklung kaum leisten können.",
    "Das senkt Kosten und macht die Betriebe unabhängiger von Lieferengpässen.",
    "Die Lösung soll nach Projektende anderen Clusterunternehmen offenstehen.",
    "So entstehen qualifizierte Arbeitsplätze in Brandenburg.",
)
DEMO_NOTE = "Synthetischer Demo-Datensatz."

SUPPORT_TEXTS = {
    SupportKind.INITIATION: "Erstgespräch zur Projektidee",
    SupportKind.CONSORTIUM: "Partnersuche und Vermittlung von Verbundpartnern",
    SupportKind.APPLICATION_ADVICE: "Beratung zur Antragsskizze",
    SupportKind.FUNDING_ADVICE: "Hinweise auf passende Förderprogramme",
    SupportKind.NETWORKING: "Vorstellung im Werkstattgespräch des Clusters",
    SupportKind.EVENT: "Präsentation der Ergebnisse auf der Clusterkonferenz",
    SupportKind.PUBLIC_RELATIONS: "Erfolgsgeschichte im Newsletter des Clusters",
}

STORY_RESULTS = (
    "ein neues Produkt hervorgegangen, das inzwischen in Serie gefertigt wird",
    "ein Verfahren entstanden, das die Fertigungszeit um ein Viertel verkürzt",
    "eine Lösung entstanden, die bereits bei zwei Kunden im Einsatz ist",
    "ein Prüfverfahren hervorgegangen, das nun als Dienstleistung angeboten wird",
    "ein Folgeprojekt mit weiteren Partnern aus dem Cluster hervorgegangen",
)
STORY_IMPACTS = (
    "Der Betrieb hat dafür zusätzliche Fachkräfte eingestellt.",
    "Die Partner arbeiten auch nach Projektende weiter zusammen.",
    "Der Energie- und Materialeinsatz ist messbar gesunken.",
    "Das Ergebnis wurde auf der Clusterkonferenz vorgestellt und stieß auf breites Interesse.",
)


# --- Planning (pure Python, deterministic) --------------------------------------------------


@dataclass(frozen=True)
class ActorRef:
    """What the planner needs to know of an actor."""

    id: int
    kind: str
    name: str


@dataclass
class PlannedPartner:
    actor: ActorRef
    role: str


@dataclass
class ProjectPlan:
    number: int
    year: int | None  # year initiated (None for ideas)
    phase: str
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    consortium: str = SINGLE
    theme: Theme | None = None
    title: str = ""
    acronym: str = ""
    description: str = ""
    programme: str = ""
    total_volume: Decimal | None = None
    funding_amount: Decimal | None = None
    regional_volume: Decimal | None = None
    visibility: str = Visibility.MEMBERS
    partners: list[PlannedPartner] = field(default_factory=list)
    partner_clusters: list[str] = field(default_factory=list)
    primary_topic: str = ""
    secondary_topic: str = ""
    phase_changes: list[tuple[str, str, datetime.date]] = field(default_factory=list)
    support: list[tuple[datetime.date, str, str]] = field(default_factory=list)
    results: dict | None = None

    @property
    def flags(self) -> dict[str, bool]:
        kinds = [p.actor.kind for p in self.partners if p.role != PartnerRole.SUBCONTRACTOR]
        return derived_flags(partner_kinds=kinds, foreign_cluster=bool(self.partner_clusters))

    @property
    def is_rdi(self) -> bool:
        return self.theme is not None and self.theme.kind == RDI


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder; ties by position)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    quotas = [total * weight / weight_sum for weight in weights]
    counts = [math.floor(quota) for quota in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - counts[i]), i))
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def carried_out_in(plan: ProjectPlan, year: int) -> bool:
    """The counting rule for "durchgeführt" (see the module docstring)."""
    if plan.phase not in ACTIVE_PHASES:
        return False
    if plan.start_date and plan.end_date:
        return plan.start_date.year <= year <= plan.end_date.year
    return plan.year is not None and plan.year <= year and plan.phase != ProjectPhase.COMPLETED


def _skeleton(rng: random.Random) -> list[ProjectPlan]:
    """Years, phases and dates: the part that fixes the figures."""
    plans: list[ProjectPlan] = []
    for cohort in COHORTS:
        for end_year, count in sorted(cohort.ends.items()):
            for _ in range(count):
                plans.append(_dated(rng, cohort.year, end_year))
        for phase in UNDATED_PHASES.get(cohort.year, [])[: cohort.undated]:
            plans.append(ProjectPlan(number=0, year=cohort.year, phase=phase))
        for _ in range(cohort.cancelled):
            plans.append(ProjectPlan(number=0, year=cohort.year, phase=ProjectPhase.CANCELLED))
    for _ in range(IDEAS):
        plans.append(ProjectPlan(number=0, year=None, phase=ProjectPhase.IDEA))
    for number, plan in enumerate(plans, start=1):
        plan.number = number
    return plans


def _dated(rng: random.Random, year: int, end_year: int) -> ProjectPlan:
    if end_year == year:
        start_month = rng.randint(2, 6)
        end_month = rng.randint(start_month + 4, 12)
    else:
        start_month = rng.randint(2, 12)
        end_month = rng.randint(1, 12)
    start = datetime.date(year, start_month, 1)
    end = _month_end(end_year, end_month)
    phase = ProjectPhase.COMPLETED if end < DEMO_AS_OF else ProjectPhase.RUNNING
    return ProjectPlan(number=0, year=year, phase=phase, start_date=start, end_date=end)


def _assign_consortia(rng: random.Random, plans: list[ProjectPlan]) -> None:
    """Exact structure among the 2019 projects, weighted draws for the others."""
    in_2019 = [plan for plan in plans if carried_out_in(plan, 2019)]
    kinds = list(CONSORTIA_2019)
    counts = apportion(len(in_2019), [CONSORTIA_2019[kind] for kind in kinds])
    structure = [kind for kind, count in zip(kinds, counts, strict=True) for _ in range(count)]
    rng.shuffle(structure)
    for plan, kind in zip(in_2019, structure, strict=True):
        plan.consortium = kind
    for plan in plans:
        if not carried_out_in(plan, 2019):
            plan.consortium = _weighted(rng, CONSORTIUM_WEIGHTS)


def _titles(rng: random.Random, plans: list[ProjectPlan]) -> None:
    """Each project a theme that suits its consortium and, while there is one, an unused
    title. Science consortia choose first: fewer themes suit them."""
    free = {index: list(range(len(theme.objects))) for index, theme in enumerate(THEMES)}
    acronyms: set[str] = set()
    order = {SCIENCE: 0, COMPANIES: 1, SINGLE: 2}
    for plan in sorted(plans, key=lambda plan: (order[plan.consortium], plan.number)):
        fitting = [i for i, theme in enumerate(THEMES) if plan.consortium in theme.consortia]
        unused = [i for i in fitting if free[i]]
        index = rng.choice(unused or fitting)
        theme = THEMES[index]
        if unused:
            position = free[index].pop(rng.randrange(len(free[index])))
            follow_up = ""
        else:  # all titles of the fitting themes are taken: a follow-up project
            position = rng.randrange(len(theme.objects))
            follow_up = " (Folgevorhaben)"
        rest, suffix = theme.objects[position]
        plan.theme = theme
        plan.title = f"{TITLE_PREFIX}{theme.stem} {rest}{follow_up}"
        acronym = f"{theme.acronym}-{suffix}"
        if acronym in acronyms:
            acronym = f"{acronym}-{plan.number}"
        acronyms.add(acronym)
        plan.acronym = acronym


def _sample(rng: random.Random, pool: Sequence[ActorRef], k: int, taken: set[int]):
    available = [actor for actor in pool if actor.id not in taken]
    chosen = rng.sample(available, k=min(k, len(available)))
    taken.update(actor.id for actor in chosen)
    return chosen


def _programme(rng: random.Random, plan: ProjectPlan) -> None:
    plan.programme = _weighted(rng, PROGRAMME_WEIGHTS[(plan.theme.kind, plan.consortium)])


def _partners(
    rng: random.Random,
    plan: ProjectPlan,
    companies: Sequence[ActorRef],
    science: Sequence[ActorRef],
) -> None:
    taken: set[int] = set()
    partners: list[PlannedPartner] = []
    if plan.phase == ProjectPhase.IDEA:
        partners = [
            PlannedPartner(actor, PartnerRole.LEAD) for actor in _sample(rng, companies, 1, taken)
        ]
        plan.partners = partners
        return
    if plan.consortium == SINGLE:
        partners.append(PlannedPartner(_sample(rng, companies, 1, taken)[0], PartnerRole.LEAD))
        if plan.programme == "big-transfer":
            for actor in _sample(rng, science, 1, taken):
                partners.append(PlannedPartner(actor, PartnerRole.SUBCONTRACTOR))
        elif rng.random() < 0.2:
            for actor in _sample(rng, companies, 1, taken):
                partners.append(PlannedPartner(actor, PartnerRole.SUBCONTRACTOR))
    elif plan.consortium == COMPANIES:
        members = _sample(rng, companies, rng.randint(2, 4), taken)
        partners.append(PlannedPartner(members[0], PartnerRole.LEAD))
        partners += [PlannedPartner(actor, PartnerRole.PARTNER) for actor in members[1:]]
        if rng.random() < 0.2:
            for actor in _sample(rng, companies, 1, taken):
                partners.append(PlannedPartner(actor, PartnerRole.ASSOCIATED))
    else:
        firms = _sample(rng, companies, rng.randint(1, 3), taken)
        institutes = _sample(rng, science, 1 if rng.random() < 0.6 else 2, taken)
        science_lead = plan.programme in SCIENCE_LED_PROGRAMMES or rng.random() < 0.25
        lead = institutes[0] if science_lead else firms[0]
        partners.append(PlannedPartner(lead, PartnerRole.LEAD))
        partners += [
            PlannedPartner(actor, PartnerRole.PARTNER)
            for actor in (*firms, *institutes)
            if actor.id != lead.id
        ]
        if rng.random() < 0.15:
            for actor in _sample(rng, companies, 1, taken):
                partners.append(PlannedPartner(actor, PartnerRole.ASSOCIATED))
    plan.partners = partners


def _volumes(rng: random.Random, plan: ProjectPlan) -> None:
    if plan.phase in (ProjectPhase.IDEA, ProjectPhase.INITIATION, ProjectPhase.CANCELLED):
        return
    low, high, rate_low, rate_high = VOLUMES[plan.programme]
    total = round(rng.uniform(low, high), -2)
    funding = round(total * rng.uniform(rate_low, rate_high), -2)
    if plan.programme == "horizon-2020":
        regional_share = rng.uniform(0.1, 0.35)
    elif plan.consortium == SCIENCE:
        regional_share = rng.uniform(0.55, 0.95)
    else:
        regional_share = rng.uniform(0.8, 1.0)
    regional = round(total * regional_share, -2)
    plan.total_volume = Decimal(total).quantize(Decimal("0.01"))
    plan.funding_amount = min(Decimal(funding), plan.total_volume).quantize(Decimal("0.01"))
    plan.regional_volume = min(Decimal(regional), plan.total_volume).quantize(Decimal("0.01"))


def _description(rng: random.Random, plan: ProjectPlan, cluster_names: dict[str, str]) -> None:
    theme = plan.theme
    sentences = [theme.aim]
    optional = [theme.method]
    lead = next((p.actor for p in plan.partners if p.role == PartnerRole.LEAD), None)
    others = [p.actor for p in plan.partners if p.role == PartnerRole.PARTNER]
    if lead is not None and others:
        optional.append(
            f"Die Konsortialführung liegt bei {lead.name}; beteiligt "
            f"{'ist' if len(others) == 1 else 'sind'} außerdem "
            + ", ".join(actor.name for actor in others)
            + "."
        )
    if plan.partner_clusters:
        names = " und ".join(cluster_names[slug] for slug in plan.partner_clusters)
        optional.append(f"Über den Cluster hinaus ist {names} beteiligt.")
    optional.append(rng.choice(BENEFITS))
    extra = rng.randint(0, 3)
    sentences += optional[:extra]
    sentences.append(DEMO_NOTE)
    plan.description = " ".join(sentences)


def _topics(rng: random.Random, plan: ProjectPlan, numbers: set[str]) -> None:
    theme = plan.theme
    if theme.topics[0] in numbers:
        plan.primary_topic = theme.topics[0]
    secondary = [number for number in theme.topics[1:] if number in numbers]
    if plan.primary_topic and secondary and rng.random() < SECONDARY_TOPIC_SHARE:
        plan.secondary_topic = rng.choice(secondary)


def _cross_cluster(rng: random.Random, plan: ProjectPlan, clusters: Sequence[str]) -> None:
    if not clusters or plan.phase == ProjectPhase.IDEA or rng.random() >= CROSS_CLUSTER_SHARE:
        return
    suited = [slug for slug in plan.theme.clusters if slug in clusters]
    pool = suited or list(clusters)
    plan.partner_clusters = sorted(rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 1, 2)))))


def _history(rng: random.Random, plan: ProjectPlan) -> None:
    """Phase changes and support activities consistent with the dates."""
    joint = plan.flags["is_joint"]
    if plan.phase == ProjectPhase.IDEA:
        day = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 330))
        plan.phase_changes = [("", ProjectPhase.IDEA, day)]
        return
    steps = [ProjectPhase.INITIATION]
    if joint or plan.phase == ProjectPhase.CONSORTIUM:
        steps.append(ProjectPhase.CONSORTIUM)
    if plan.phase == ProjectPhase.CANCELLED:
        steps = [*steps[: rng.randint(1, len(steps))], ProjectPhase.CANCELLED]
    elif plan.phase in (ProjectPhase.INITIATION, ProjectPhase.CONSORTIUM):
        steps = steps[: steps.index(plan.phase) + 1]
    else:
        steps.append(ProjectPhase.APPLICATION)
    january = datetime.date(plan.year, 1, 1)
    if plan.start_date is not None:
        window = (plan.start_date - january).days  # all before the start, same year
    else:
        window = (min(datetime.date(plan.year, 12, 31), DEMO_AS_OF) - january).days + 1
    offsets = sorted(rng.sample(range(window), k=len(steps)))
    dated = [
        (phase, january + datetime.timedelta(days=o))
        for phase, o in zip(steps, offsets, strict=True)
    ]
    if plan.start_date is not None:
        dated.append((ProjectPhase.RUNNING, plan.start_date))
        if plan.phase == ProjectPhase.COMPLETED:
            done = min(plan.end_date + datetime.timedelta(days=rng.randint(0, 20)), DEMO_AS_OF)
            dated.append((ProjectPhase.COMPLETED, done))
    previous = ""
    for phase, day in dated:
        plan.phase_changes.append((previous, phase, day))
        previous = phase
    _support(rng, plan, dict(dated))


def _support(rng: random.Random, plan: ProjectPlan, on: dict[str, datetime.date]) -> None:
    support = [(on[ProjectPhase.INITIATION], SupportKind.INITIATION)]
    if rng.random() < 0.4:
        support.append((on[ProjectPhase.INITIATION], SupportKind.FUNDING_ADVICE))
    if ProjectPhase.CONSORTIUM in on:
        support.append((on[ProjectPhase.CONSORTIUM], SupportKind.CONSORTIUM))
    if ProjectPhase.APPLICATION in on and plan.programme != "privat":
        support.append((on[ProjectPhase.APPLICATION], SupportKind.APPLICATION_ADVICE))
    if plan.start_date is not None and rng.random() < 0.3:
        last = min(plan.end_date, DEMO_AS_OF)
        day = plan.start_date + datetime.timedelta(
            days=rng.randint(0, max(0, (last - plan.start_date).days))
        )
        support.append((day, SupportKind.NETWORKING))
    if plan.phase == ProjectPhase.COMPLETED and rng.random() < 0.3:
        support.append((on[ProjectPhase.COMPLETED], SupportKind.EVENT))
    plan.support = [(day, kind, SUPPORT_TEXTS[kind]) for day, kind in support]


def _results(rng: random.Random, plan: ProjectPlan) -> None:
    if plan.phase != ProjectPhase.COMPLETED:
        return
    completed = plan.phase_changes[-1][2]
    story = ""
    if rng.random() < SUCCESS_STORY_SHARE:
        story = (
            f"Aus dem Vorhaben „{plan.acronym}“ ist {rng.choice(STORY_RESULTS)}. "
            f"{rng.choice(STORY_IMPACTS)} {DEMO_NOTE}"
        )
        plan.support.append(
            (completed, SupportKind.PUBLIC_RELATIONS, SUPPORT_TEXTS[SupportKind.PUBLIC_RELATIONS])
        )
    plan.results = {
        "new_products": rng.choice((0, 0, 1, 1, 2)),
        "new_processes": rng.choice((0, 1, 1, 2)),
        "patents": rng.choice((0, 0, 0, 1)) if plan.is_rdi else 0,
        "jobs_created": rng.choice((0, 0, 1, 2, 3, 5)),
        "follow_up_projects": rng.choice((0, 0, 1)),
        "success_story": story,
        "reported_on": min(completed + datetime.timedelta(days=rng.randint(30, 120)), DEMO_AS_OF),
    }


def plan_demo_projects(
    seed: int,
    *,
    companies: Sequence[ActorRef],
    science: Sequence[ActorRef],
    clusters: dict[str, str] | None = None,
    topic_numbers: set[str] | frozenset[str] = frozenset(),
) -> list[ProjectPlan]:
    """The demo projects as plain data: same arguments, same plans. `clusters` are the other
    clusters (slug → name) that cross-cluster projects may involve."""
    if len(companies) < 4:
        raise ValueError("Für die Demo-Projekte werden mindestens vier Demo-Unternehmen gebraucht.")
    if not science:
        raise ValueError(
            "Für die Demo-Projekte fehlen Hochschulen und Forschungseinrichtungen: zuerst die "
            "Referenzdaten laden (python manage.py load_reference_data)."
        )
    clusters = clusters or {}
    rng = random.Random(seed)
    plans = _skeleton(rng)
    _assign_consortia(rng, plans)
    _titles(rng, plans)
    slugs = sorted(clusters)
    for plan in plans:
        _programme(rng, plan)
        _partners(rng, plan, companies, science)
        _cross_cluster(rng, plan, slugs)
        _volumes(rng, plan)
        _topics(rng, plan, set(topic_numbers))
        _description(rng, plan, clusters)
        plan.visibility = _weighted(rng, VISIBILITY_WEIGHTS)
        _history(rng, plan)
        _results(rng, plan)
    return plans


# --- Figures --------------------------------------------------------------------------------


@dataclass
class YearFigures:
    year: int
    carried_out: int = 0
    newly_initiated: int = 0
    joint: int = 0
    with_science: int = 0
    rdi: int = 0
    cross_cluster: int = 0

    @property
    def science_share(self) -> float:
        return self.with_science / self.carried_out if self.carried_out else 0.0


def demo_project_figures(cluster: Cluster, years: Sequence[int] = REPORT_YEARS) -> dict:
    """Yearly figures of the cluster's demo projects, read from the database, by the counting
    rules of the module docstring."""
    rows = list(
        Project.objects.filter(cluster=cluster, is_demo=True).values_list(
            "pk",
            "phase",
            "start_date",
            "end_date",
            "year_initiated",
            "is_joint",
            "with_science",
            "is_rdi",
            "is_cross_cluster",
        )
    )
    completed_on = dict(
        PhaseChange.objects.filter(
            project__cluster=cluster, project__is_demo=True, to_phase=ProjectPhase.COMPLETED
        ).values_list("project_id", "changed_on")
    )
    figures = {}
    for year in years:
        tally = YearFigures(year)
        for pk, phase, start, end, initiated, joint, science, rdi, cross in rows:
            if phase in ACTIVE_PHASES:
                if start and end:
                    active = start.year <= year <= end.year
                else:
                    done = completed_on.get(pk) if phase == ProjectPhase.COMPLETED else None
                    active = (
                        initiated is not None
                        and initiated <= year
                        and (phase != ProjectPhase.COMPLETED or (done and done.year >= year))
                    )
                if active:
                    tally.carried_out += 1
                    tally.joint += joint
                    tally.with_science += science
                    tally.rdi += rdi
                    tally.cross_cluster += cross
            if initiated == year and phase not in (ProjectPhase.CANCELLED, ProjectPhase.IDEA):
                tally.newly_initiated += 1
        figures[year] = tally
    return figures


# --- Writing --------------------------------------------------------------------------------


@dataclass
class DemoProjectsReport:
    expected: int
    created: int = 0
    deleted: int = 0
    skipped: bool = False
    seconds: float = 0.0
    total: int = 0
    partners: int = 0
    support_activities: int = 0
    success_stories: int = 0
    figures: dict[int, YearFigures] = field(default_factory=dict)


def demo_projects(cluster: Cluster | None = None):
    projects = Project.objects.filter(is_demo=True)
    return projects.filter(cluster=cluster) if cluster is not None else projects


def delete_demo_projects(cluster: Cluster | None = None) -> int:
    """Delete demo projects (with partners, topics, history, results …)."""
    projects = demo_projects(cluster)
    count = projects.count()
    if count:
        projects.delete()
    return count


@dataclass
class _Context:
    companies: list[ActorRef]
    science: list[ActorRef]
    clusters: dict[str, str]
    cluster_ids: dict[str, int]
    lineages: dict[str, object]
    programmes: dict[str, int]

    @classmethod
    def load(cls, cluster: Cluster) -> "_Context":
        companies = [
            ActorRef(pk, kind, name)
            for pk, kind, name in demo_actors(cluster)
            .filter(kind__in=[ActorKind.COMPANY, ActorKind.CRAFT_BUSINESS])
            .exclude(status=ActorStatus.ARCHIVED)
            .order_by("external_id")
            .values_list("pk", "kind", "name")
        ]
        science = [
            ActorRef(pk, kind, name)
            for pk, kind, name in Actor.objects.filter(kind__in=SCIENCE_KINDS, is_demo=False)
            .exclude(status=ActorStatus.ARCHIVED)
            .order_by("slug")
            .values_list("pk", "kind", "name")
        ]
        others = Cluster.objects.exclude(pk=cluster.pk).order_by("slug")
        edition = get_published_edition(cluster)
        lineages = {}
        if edition is not None:
            lineages = dict(
                TopicArea.objects.filter(edition=edition).values_list("number", "lineage")
            )
        return cls(
            companies=companies,
            science=science,
            clusters={other.slug: other.name for other in others},
            cluster_ids={other.slug: other.pk for other in others},
            lineages=lineages,
            programmes=dict(FundingProgramme.objects.values_list("key", "pk")),
        )


def generate_demo_projects(*, cluster: Cluster, seed: int = 2020) -> DemoProjectsReport:
    """Create the cluster's demo projects (see the module docstring).

    Idempotent: when the cluster has exactly the expected number of demo projects, nothing
    happens; otherwise its demo projects are deleted and generated anew. Needs the demo actors,
    the reference institutions and the funding programmes (`load_reference_data`)."""
    started = time.perf_counter()
    expected = expected_project_count()
    report = DemoProjectsReport(expected=expected)
    with transaction.atomic():
        if demo_projects(cluster).count() == expected:
            report.skipped = True
        else:
            context = _Context.load(cluster)
            missing = sorted(
                {key for weights in PROGRAMME_WEIGHTS.values() for key in weights}
                - set(context.programmes)
            )
            if missing:
                raise ValueError(
                    "Förderprogramme fehlen (" + ", ".join(missing) + "): zuerst "
                    "python manage.py load_reference_data"
                )
            plans = plan_demo_projects(
                seed,
                companies=context.companies,
                science=context.science,
                clusters=context.clusters,
                topic_numbers=set(context.lineages),
            )
            report.deleted = delete_demo_projects(cluster)
            _insert(plans, cluster, context)
            report.created = len(plans)
    projects = demo_projects(cluster)
    report.total = projects.count()
    report.partners = ProjectPartner.objects.filter(project__in=projects).count()
    report.support_activities = SupportActivity.objects.filter(project__in=projects).count()
    report.success_stories = (
        ProjectResults.objects.filter(project__in=projects).exclude(success_story="").count()
    )
    report.figures = demo_project_figures(cluster)
    report.seconds = time.perf_counter() - started
    return report


def _insert(plans: Sequence[ProjectPlan], cluster: Cluster, context: _Context) -> None:
    projects = []
    for plan in plans:
        projects.append(
            Project(
                cluster=cluster,
                title=plan.title,
                acronym=plan.acronym,
                description=plan.description,
                phase=plan.phase,
                start_date=plan.start_date,
                end_date=plan.end_date,
                year_initiated=plan.year,
                is_rdi=plan.is_rdi,
                funding_programme_id=(
                    context.programmes[plan.programme] if plan.phase != ProjectPhase.IDEA else None
                ),
                total_volume=plan.total_volume,
                funding_amount=plan.funding_amount,
                regional_volume=plan.regional_volume,
                visibility=plan.visibility,
                is_demo=True,
                search_document=build_search_document(plan.title, plan.acronym, plan.description),
                **plan.flags,
            )
        )
    Project.objects.bulk_create(projects, batch_size=INSERT_BATCH_SIZE)

    partners, clusters, topics, changes, support, results = [], [], [], [], [], []
    through = Project.partner_clusters.through
    for plan, project in zip(plans, projects, strict=True):
        partners += [
            ProjectPartner(project=project, actor_id=partner.actor.id, role=partner.role)
            for partner in plan.partners
        ]
        clusters += [
            through(project_id=project.pk, cluster_id=context.cluster_ids[slug])
            for slug in plan.partner_clusters
        ]
        source = AssignmentSource.IMPORT if (plan.year or 2020) <= 2016 else AssignmentSource.MANUAL
        for number, primary in ((plan.primary_topic, True), (plan.secondary_topic, False)):
            if number:
                topics.append(
                    ProjectTopicArea(
                        project=project,
                        lineage=context.lineages[number],
                        is_primary=primary,
                        assigned_by=source,
                    )
                )
        changes += [
            PhaseChange(project=project, from_phase=before, to_phase=after, changed_on=day)
            for before, after, day in plan.phase_changes
        ]
        support += [
            SupportActivity(project=project, date=day, kind=kind, description=text)
            for day, kind, text in plan.support
        ]
        if plan.results is not None:
            results.append(ProjectResults(project=project, **plan.results))
    ProjectPartner.objects.bulk_create(partners, batch_size=INSERT_BATCH_SIZE)
    through.objects.bulk_create(clusters, batch_size=INSERT_BATCH_SIZE)
    ProjectTopicArea.objects.bulk_create(topics, batch_size=INSERT_BATCH_SIZE)
    PhaseChange.objects.bulk_create(changes, batch_size=INSERT_BATCH_SIZE)
    SupportActivity.objects.bulk_create(support, batch_size=INSERT_BATCH_SIZE)
    ProjectResults.objects.bulk_create(results, batch_size=INSERT_BATCH_SIZE)
