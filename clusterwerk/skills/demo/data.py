# ruff: noqa: E501 -- data: long German texts stay on one line each
"""What the skills demo is made of: the occupations it asks about, the shape of the answers,
the training offers and the succession cases. Everything here is written for the demo;
only the KldB 2010 codes and titles are facts (see `OCCUPATIONS`)."""

from __future__ import annotations

from dataclasses import dataclass

from clusterwerk.actors.models import ActorKind, SizeClass
from clusterwerk.skills.models import (
    CaseStatus,
    Chamber,
    InterestStatus,
    OfferFormat,
    SearcherKind,
    SuccessionKind,
)

SURVEY_YEARS = (2022, 2023, 2024)
INDICATOR_SOURCE = "Demo – keine amtlichen Zahlen"
INDICATOR_REGION = "Brandenburg"
SUPPLY_SOURCE = "Demo – keine amtlichen Zahlen (Oberstufenzentren und Bildungszentren)"
COMPANY_COUNT = 300  # demo companies that answer the survey (at most)
# The share of the chosen companies that answered in a given year (the rest skipped it).
ANSWER_SHARE = {2022: 0.78, 2023: 0.86, 2024: 0.93}


# --- Occupations (KldB 2010) ----------------------------------------------------------------


@dataclass(frozen=True)
class DemoOccupation:
    code: str
    title: str  # the Berufsgattung's title in the BA's Systematisches Verzeichnis
    short_title: str
    chamber: str
    is_apprenticeship: bool
    weight: float  # how often a demo company employs people of this occupation
    pressure: float  # 0–3: how short of workers the demo says it is (drives the indicators)
    share: float  # openings in 36 months per employee (before the trend)


# The one place that lists the demo's occupations. Codes and titles are the KldB 2010
# Berufsgattungen as the Bundesagentur für Arbeit publishes them (Systematisches Verzeichnis
# der KldB 2010, Fassung 2020; fifth digit 2: fachlich ausgerichtete Tätigkeiten). When
# `clusterwerk.skills.reference.load_occupations` is there, the demo loads the shipped list
# and only looks these codes up; these rows are the fallback for a database without it.
OCCUPATIONS = (
    DemoOccupation(
        "24412",
        "Berufe im Metallbau - fachlich ausgerichtete Tätigkeiten",
        "Metallbauer/innen",
        Chamber.BOTH,
        True,
        weight=0.62,
        pressure=2.2,
        share=0.16,
    ),
    DemoOccupation(
        "24232",
        "Berufe in der spanenden Metallbearbeitung - fachlich ausgerichtete Tätigkeiten",
        "Zerspanungsmechaniker/innen",
        Chamber.IHK,
        True,
        weight=0.48,
        pressure=2.4,
        share=0.18,
    ),
    DemoOccupation(
        "24422",
        "Berufe in der Schweiß- und Verbindungstechnik - fachlich ausgerichtete Tätigkeiten",
        "Schweißer/innen",
        Chamber.NONE,
        False,
        weight=0.44,
        pressure=1.6,
        share=0.12,
    ),
    DemoOccupation(
        "25102",
        "Berufe in der Maschinenbau- und Betriebstechnik (ohne Spezialisierung) - fachlich "
        "ausgerichtete Tätigkeiten",
        "Industriemechaniker/innen",
        Chamber.IHK,
        True,
        weight=0.40,
        pressure=2.1,
        share=0.15,
    ),
    DemoOccupation(
        "26112",
        "Berufe in der Mechatronik - fachlich ausgerichtete Tätigkeiten",
        "Mechatroniker/innen",
        Chamber.IHK,
        True,
        weight=0.22,
        pressure=2.5,
        share=0.17,
    ),
    DemoOccupation(
        "26122",
        "Berufe in der Automatisierungstechnik - fachlich ausgerichtete Tätigkeiten",
        "Elektroniker/innen für Automatisierungstechnik",
        Chamber.BOTH,
        True,
        weight=0.14,
        pressure=2.7,
        share=0.2,
    ),
    DemoOccupation(
        "25212",
        "Berufe in der Kraftfahrzeugtechnik - fachlich ausgerichtete Tätigkeiten",
        "Kfz-Mechatroniker/innen",
        Chamber.BOTH,
        True,
        weight=0.12,
        pressure=1.1,
        share=0.1,
    ),
)
OCCUPATION_CODES = tuple(occupation.code for occupation in OCCUPATIONS)
OCCUPATION_SOURCE = (
    "Bundesagentur für Arbeit: Klassifikation der Berufe 2010 – überarbeitete Fassung 2020, "
    "Systematisches Verzeichnis"
)


# --- Training offers ------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoOffer:
    provider: tuple[str, str]  # (kind of provider, external id of the directory or "")
    title: str
    format: str
    occupation: str  # KldB code or ""
    competence: str
    months: int  # start, in months from January of the year of seeding (may be negative)
    weeks: int  # duration
    topics: tuple[str, ...]  # masterplan topic-area numbers


HWK_POTSDAM = "ref:metall-2020:t3-03-potsdam"
HWK_COTTBUS = "ref:metall-2020:t3-03-cottbus"
HWK_FRANKFURT = "ref:metall-2020:t3-03-frankfurt-oder"
IHK_POTSDAM = "ref:metall-2020:t3-04-potsdam"
IHK_COTTBUS = "ref:metall-2020:t3-04-cottbus"
IHK_OSTBRANDENBURG = "ref:metall-2020:t3-04-ostbrandenburg"
BTU = "ref:metall-2020:t1-02"
TH_BRANDENBURG = "ref:metall-2020:t1-06"
TH_WILDAU = "ref:metall-2020:t1-07"
CHAMBER = ActorKind.CHAMBER
UNIVERSITY = ActorKind.UNIVERSITY
COMPANY = ActorKind.COMPANY
F = OfferFormat

OFFERS = (
    DemoOffer(
        (CHAMBER, HWK_POTSDAM),
        "Überbetriebliche Lehrunterweisung Metallbau",
        F.APPRENTICESHIP,
        "24412",
        "",
        -4,
        40,
        ("6.3.2",),
    ),
    DemoOffer(
        (CHAMBER, HWK_POTSDAM),
        "Schweißkurs MAG nach DIN EN ISO 9606-1",
        F.ADDITIONAL_QUALIFICATION,
        "24422",
        "MAG-Schweißen",
        2,
        6,
        ("6.3.4",),
    ),
    DemoOffer(
        (CHAMBER, HWK_POTSDAM),
        "Vorbereitung auf die Meisterprüfung im Metallbauer-Handwerk",
        F.FURTHER_TRAINING,
        "24412",
        "",
        8,
        52,
        ("6.3.4",),
    ),
    DemoOffer(
        (CHAMBER, HWK_COTTBUS),
        "Verbundausbildung Metallbau Lausitz",
        F.JOINT_APPRENTICESHIP,
        "24412",
        "",
        7,
        156,
        ("6.3.2",),
    ),
    DemoOffer(
        (CHAMBER, HWK_COTTBUS),
        "WIG-Schweißen von Edelstahl und Aluminium",
        F.ADDITIONAL_QUALIFICATION,
        "24422",
        "WIG-Schweißen",
        -1,
        4,
        ("6.3.4",),
    ),
    DemoOffer(
        (CHAMBER, HWK_FRANKFURT),
        "Kfz-Hochvolttechnik für Werkstätten",
        F.FURTHER_TRAINING,
        "25212",
        "Hochvolt-Systeme",
        4,
        2,
        ("6.3.4", "6.3.5"),
    ),
    DemoOffer(
        (CHAMBER, IHK_POTSDAM),
        "Verbundausbildung Industriemechanik im Havelland",
        F.JOINT_APPRENTICESHIP,
        "25102",
        "",
        7,
        182,
        ("6.3.2",),
    ),
    DemoOffer(
        (CHAMBER, IHK_POTSDAM),
        "Ausbilderschein (AEVO) für Fachkräfte aus der Fertigung",
        F.FURTHER_TRAINING,
        "",
        "Ausbildung der Ausbilder",
        1,
        8,
        ("6.3.2", "6.3.7"),
    ),
    DemoOffer(
        (CHAMBER, IHK_COTTBUS),
        "Zusatzqualifikation Additive Fertigungsverfahren",
        F.ADDITIONAL_QUALIFICATION,
        "24232",
        "Additive Fertigung",
        3,
        10,
        ("6.3.5",),
    ),
    DemoOffer(
        (CHAMBER, IHK_COTTBUS),
        "Geprüfte/r Industriemeister/in Metall (berufsbegleitend)",
        F.FURTHER_TRAINING,
        "25102",
        "",
        9,
        104,
        ("6.3.4",),
    ),
    DemoOffer(
        (CHAMBER, IHK_OSTBRANDENBURG),
        "Verbundausbildung Mechatronik Oder-Spree",
        F.JOINT_APPRENTICESHIP,
        "26112",
        "",
        7,
        182,
        ("6.3.2",),
    ),
    DemoOffer(
        (CHAMBER, IHK_OSTBRANDENBURG),
        "Programmieren von CNC-Drehmaschinen",
        F.FURTHER_TRAINING,
        "24232",
        "CNC-Programmierung",
        -3,
        6,
        ("6.3.4", "6.3.7"),
    ),
    DemoOffer(
        (UNIVERSITY, TH_WILDAU),
        "Maschinenbau (B. Eng.) dual",
        F.STUDY,
        "",
        "Maschinenbau",
        8,
        182,
        ("6.3.3",),
    ),
    DemoOffer(
        (UNIVERSITY, TH_WILDAU),
        "Zertifikatskurs Automatisierungstechnik und SPS",
        F.FURTHER_TRAINING,
        "26122",
        "SPS-Programmierung",
        5,
        12,
        ("6.3.4",),
    ),
    DemoOffer(
        (UNIVERSITY, BTU),
        "Wirtschaftsingenieurwesen (B. Sc.) berufsbegleitend",
        F.STUDY,
        "",
        "Produktionsmanagement",
        9,
        156,
        ("6.3.3", "6.3.6"),
    ),
    DemoOffer(
        (UNIVERSITY, TH_BRANDENBURG),
        "Mechatronik und Automatisierung (B. Eng.)",
        F.STUDY,
        "26112",
        "",
        8,
        182,
        ("6.3.3",),
    ),
    DemoOffer(
        (COMPANY, ""),
        "Ausbildung Zerspanungsmechaniker/in mit Übernahme",
        F.APPRENTICESHIP,
        "24232",
        "",
        7,
        182,
        ("6.3.2",),
    ),
    DemoOffer(
        (COMPANY, ""),
        "Ausbildung Industriemechaniker/in",
        F.APPRENTICESHIP,
        "25102",
        "",
        7,
        182,
        ("6.3.2",),
    ),
    DemoOffer(
        (COMPANY, ""),
        "Ausbildung Mechatroniker/in im Sondermaschinenbau",
        F.APPRENTICESHIP,
        "26112",
        "",
        19,
        182,
        ("6.3.2",),
    ),
    DemoOffer(
        (COMPANY, ""),
        "Schweißfachkraft werden: interne Weiterbildung mit Partnerbetrieben",
        F.FURTHER_TRAINING,
        "24422",
        "Schweißaufsicht",
        6,
        16,
        ("6.3.4", "6.3.7"),
    ),
)
OFFER_NOTE = "Demo-Angebot: Anbieter, Termine und Inhalte sind erfunden."


# --- Nachfolgebörse ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoCase:
    key: str
    status: str
    kind: str
    chamber: str  # "hwk" or "ihk": which chamber of the directory mediates
    exit_in: int  # planned exit, in years from the year of seeding
    title: str
    text: str
    sector: str
    size_class: str
    owner_55: bool
    consent: bool
    by_chamber: bool = False  # created by the chamber on the owner's behalf


CASES = (
    DemoCase(
        "draft",
        CaseStatus.DRAFT,
        SuccessionKind.FAMILY,
        "hwk",
        6,
        "Schlosserei mit Stammkundschaft – Nachfolge in der Familie wird vorbereitet",
        "Inhabergeführte Schlosserei, Geländer, Treppen und Tore für Privat- und Gewerbekunden. Die Übergabe an die Tochter wird vorbereitet; Beratung zur Finanzierung gewünscht.",
        "Metallbau, Schlosserei",
        SizeClass.MICRO,
        True,
        True,
    ),
    DemoCase(
        "submitted",
        CaseStatus.SUBMITTED,
        SuccessionKind.EXTERNAL,
        "ihk",
        3,
        "Lohnfertiger für Drehteile sucht Käufer/in",
        "Zerspanungsbetrieb mit zehn Maschinen, Kleinserien für den Maschinenbau, zertifiziertes Qualitätsmanagement. Die Inhaberin möchte in drei Jahren übergeben.",
        "Zerspanung, Lohnfertigung",
        SizeClass.SMALL,
        True,
        True,
    ),
    DemoCase(
        "released-1",
        CaseStatus.RELEASED,
        SuccessionKind.EXTERNAL,
        "hwk",
        2,
        "Metallbaubetrieb im Speckgürtel – Übergabe in zwei Jahren",
        "Eingeführter Betrieb im Stahl- und Metallbau mit eigener Pulverbeschichtung, volle Auftragsbücher, eingespieltes Team. Einarbeitung durch den Inhaber möglich.",
        "Stahl- und Metallbau",
        SizeClass.SMALL,
        True,
        True,
    ),
    DemoCase(
        "released-2",
        CaseStatus.RELEASED,
        SuccessionKind.INTERNAL,
        "ihk",
        4,
        "Sondermaschinenbau: Übergabe an das Führungsteam oder eine/n Externe/n",
        "Konstruktion und Bau von Vorrichtungen und Sondermaschinen für die Automobilzulieferung. Das Führungsteam hat Interesse, weitere Partner sind willkommen.",
        "Maschinenbau, Vorrichtungsbau",
        SizeClass.MEDIUM,
        False,
        True,
    ),
    DemoCase(
        "released-3",
        CaseStatus.RELEASED,
        SuccessionKind.EXTERNAL,
        "hwk",
        1,
        "Kfz-Meisterwerkstatt mit Karosseriebau abzugeben",
        "Freie Werkstatt mit drei Hebebühnen, Lackierkabine und treuer Stammkundschaft in einer Kleinstadt. Gebäude kann gekauft oder gemietet werden.",
        "Kfz-Technik, Karosseriebau",
        SizeClass.MICRO,
        True,
        False,
        by_chamber=True,
    ),
    DemoCase(
        "handed-over",
        CaseStatus.HANDED_OVER,
        SuccessionKind.EXTERNAL,
        "ihk",
        0,
        "Blechbearbeitung mit Laserzuschnitt – erfolgreich übergeben",
        "Laserschneiden, Kanten und Schweißen für Industriekunden. Über die Nachfolgebörse fand sich ein Ingenieur aus der Region, der den Betrieb seit diesem Jahr führt.",
        "Blechbearbeitung",
        SizeClass.SMALL,
        True,
        True,
    ),
    DemoCase(
        "withdrawn",
        CaseStatus.WITHDRAWN,
        SuccessionKind.FAMILY,
        "hwk",
        5,
        "Schmiede und Metallgestaltung – Nachfolge vorerst zurückgestellt",
        "Kunstschmiede mit Restaurierungsaufträgen. Der Sohn übernimmt nun doch selbst; das Angebot wurde zurückgezogen.",
        "Metallgestaltung",
        SizeClass.MICRO,
        True,
        False,
    ),
    DemoCase(
        "released-chamber",
        CaseStatus.RELEASED,
        SuccessionKind.EXTERNAL,
        "ihk",
        3,
        "Oberflächentechnik: Galvanik und Pulverbeschichtung sucht Nachfolge",
        "Lohnbeschichter mit moderner Abwasseraufbereitung, Kunden aus Metallbau und Maschinenbau. Die Kammer hat das Angebot im Auftrag der Inhaber eingestellt.",
        "Oberflächentechnik",
        SizeClass.SMALL,
        True,
        True,
        by_chamber=True,
    ),
)
CASE_NOTE = " (Demo: Betrieb und Angaben sind erfunden.)"


@dataclass(frozen=True)
class DemoSearcher:
    email: str
    first_name: str
    last_name: str
    kind: str
    title: str
    description: str
    sectors: str
    size_classes: tuple[str, ...]
    available_in: int  # years from the year of seeding


SEARCHERS = (
    DemoSearcher(
        "nachfolge-suche1@example.org",
        "Jonas",
        "Jäger",
        SearcherKind.PERSON,
        "Metallbaumeister sucht Betrieb zur Übernahme",
        "Metallbauermeister, 38, zehn Jahre Werkstattleitung, Eigenkapital und Finanzierungszusage der Bürgschaftsbank vorhanden.",
        "Metallbau, Schlosserei, Stahlbau",
        (SizeClass.MICRO, SizeClass.SMALL),
        1,
    ),
    DemoSearcher(
        "nachfolge-suche2@example.org",
        "Sabine",
        "Schmidt",
        SearcherKind.PERSON,
        "Ingenieurin sucht Fertigungsbetrieb",
        "Maschinenbauingenieurin mit Erfahrung als Produktionsleiterin, sucht einen Zerspanungs- oder Maschinenbaubetrieb in Brandenburg.",
        "Zerspanung, Maschinenbau, Blechbearbeitung",
        (SizeClass.SMALL, SizeClass.MEDIUM),
        2,
    ),
    DemoSearcher(
        "nachfolge-suche3@example.org",
        "Tobias",
        "Tran",
        SearcherKind.COMPANY,
        "Wachsender Metallbaubetrieb sucht Zukauf",
        "Unser Betrieb möchte durch die Übernahme eines Betriebs in der Nachbarschaft wachsen und Mitarbeitende wie Kundschaft übernehmen.",
        "Metallbau, Oberflächentechnik",
        (SizeClass.MICRO, SizeClass.SMALL),
        0,
    ),
)


@dataclass(frozen=True)
class DemoInterest:
    case: str  # DemoCase.key
    searcher: int  # index in SEARCHERS
    status: str
    message: str
    note: str = ""


INTERESTS = (
    DemoInterest(
        "released-1",
        0,
        InterestStatus.AGREED,
        "Ich führe seit zehn Jahren eine Metallbauwerkstatt und suche einen eigenen Betrieb. Gern würde ich den Inhaber kennenlernen.",
        "Finanzierung und Qualifikation geprüft – an den Inhaber weitergeleitet.",
    ),
    DemoInterest(
        "released-1",
        2,
        InterestStatus.FORWARDED,
        "Wir sind ein Betrieb aus dem Nachbarkreis und könnten Team und Kundschaft übernehmen.",
        "Passt zur Größe – weitergeleitet.",
    ),
    DemoInterest(
        "released-2",
        1,
        InterestStatus.SUBMITTED,
        "Ich bringe Erfahrung aus der Produktionsleitung mit und könnte das Führungsteam als Gesellschafterin ergänzen.",
    ),
    DemoInterest(
        "released-chamber",
        2,
        InterestStatus.SUBMITTED,
        "Eine eigene Beschichtung würde unsere Fertigung ergänzen – wir hätten Interesse an einem Gespräch.",
    ),
    DemoInterest(
        "handed-over",
        1,
        InterestStatus.AGREED,
        "Ich suche einen Betrieb der Blechbearbeitung und habe die Finanzierung gesichert.",
        "Kontakt hergestellt – die Übergabe ist erfolgt.",
    ),
    DemoInterest(
        "released-3",
        0,
        InterestStatus.FORWARDED,
        "Eine Werkstatt in einer Kleinstadt passt zu meinen Plänen; ich bringe einen Kfz-Meister als Partner mit.",
        "An die Kammer-Mandantin weitergeleitet.",
    ),
)
