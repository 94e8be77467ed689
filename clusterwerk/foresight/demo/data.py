# ruff: noqa: E501 -- the demo texts are kept one per line, as data
"""The demo's content: two cycles, their items, the panel and the texts of reasons and comments.

Every text was written for this demo in our own words: short, factual descriptions of
developments the metal industry discusses, without figures. Sources are links only to stable
public pages (EUR-Lex documents of the European Union). Topic areas are numbers of the
masterplan 2020; the demo looks them up in the cluster's published edition and leaves out
numbers that edition does not have.

A profile is the centre of the panel's answers per criterion role:
(impact, uncertainty, horizon, relevance, readiness) on the default scales (horizon 1–4).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clusterwerk.foresight.models import ItemKind, StakeholderGroup, Steep

# Segment index into defaults.DEFAULT_SEGMENTS.
MATERIALS, MANUFACTURING, DIGITAL, ENERGY, MARKETS = range(5)

ROLES = ("impact", "uncertainty", "horizon", "relevance", "readiness")

CYCLE_2019 = {
    "slug": "foresight-2019",
    "title": "Markt- und Technologievorausschau 2019",
    "year": 2019,
    "description": (
        "Die erste Markt- und Technologievorausschau des Clusters: Welche Entwicklungen "
        "verändern die Metallbranche in Brandenburg in den nächsten Jahren? Eine Runde, "
        "zwölf Expertinnen und Experten aus Wirtschaft, Handwerk, Wissenschaft, Kammern, "
        "Verbänden und Verwaltung. (Demo: Panel und Bewertungen sind erfunden.)"
    ),
    "period": ("2019-03-04", "2019-04-12"),
    "published": "2019-06-03",
    "rounds": [("2019-03-04", "2019-04-12")],
}

CYCLE_2021 = {
    "slug": "foresight-2021",
    "title": "Markt- und Technologievorausschau 2021",
    "year": 2021,
    "description": (
        "Die zweite Markt- und Technologievorausschau des Clusters (Themenbereich 4.2.4 des "
        "Masterplans): 25 Entwicklungen in zwei klassischen Delphi-Runden; in der zweiten "
        "Runde sahen alle den Median und den Quartilsabstand der ersten und begründeten "
        "abweichende Einschätzungen. (Demo: Panel und Bewertungen sind erfunden.)"
    ),
    "period": ("2021-02-15", "2021-05-07"),
    "published": "2021-06-14",
    "rounds": [("2021-02-15", "2021-03-12"), ("2021-04-12", "2021-05-07")],
}

# Sources: (title, address, year of publication); a cycle shows only those published by then.
EUR_LEX_HYDROGEN = (
    "Mitteilung der EU-Kommission: Eine Wasserstoffstrategie für ein klimaneutrales Europa, COM(2020) 301",
    "https://eur-lex.europa.eu/legal-content/DE/TXT/?uri=CELEX:52020DC0301",
    2020,
)
EUR_LEX_CIRCULAR = (
    "Mitteilung der EU-Kommission: Ein neuer Aktionsplan für die Kreislaufwirtschaft, COM(2020) 98",
    "https://eur-lex.europa.eu/legal-content/DE/TXT/?uri=CELEX:52020DC0098",
    2020,
)
EUR_LEX_NIS2_PROPOSAL = (
    "Vorschlag der EU-Kommission für eine Richtlinie über Maßnahmen für ein hohes gemeinsames "
    "Cybersicherheitsniveau (NIS2), COM(2020) 823",
    "https://eur-lex.europa.eu/legal-content/DE/TXT/?uri=CELEX:52020PC0823",
    2020,
)


@dataclass(frozen=True)
class ItemSpec:
    key: str
    title: str
    kind: str
    steep: str
    segment: int
    tags: list[str]
    topics: list[str]  # topic-area numbers of the masterplan
    description: str
    profile_2021: tuple | None = None  # None: not in the 2021 cycle
    profile_2019: tuple | None = None  # None: new in 2021
    sources: list[tuple[str, str, int]] = field(default_factory=list)  # (title, url, year)


ITEMS = [
    # --- in both cycles (carried from 2019) ---------------------------------------------------
    ItemSpec(
        "W-01",
        "Wasserstoff in der Metallbearbeitung",
        ItemKind.TECHNOLOGY,
        Steep.TECHNOLOGICAL,
        ENERGY,
        ["Wasserstoff", "Wärmebehandlung", "Dekarbonisierung"],
        ["4.3.2", "4.2.2"],
        "Wasserstoff als Energieträger für Wärmebehandlung, Schmieden und Brennschneiden statt Erdgas. Offen sind Verfügbarkeit, Preis und Leitungsinfrastruktur in der Region; Brenner und Öfen müssen umgerüstet werden.",
        profile_2021=(4, 4, 3, 4, 2),
        profile_2019=(3, 4, 4, 3, 1),
        sources=[EUR_LEX_HYDROGEN],
    ),
    ItemSpec(
        "W-02",
        "Elektrische Antriebe verändern die Zulieferkette",
        ItemKind.MARKET,
        Steep.ECONOMIC,
        ENERGY,
        ["Elektromobilität", "Zulieferer", "Antriebsstrang"],
        ["4.2.1", "5.1.1"],
        "Mit dem Wechsel vom Verbrennungsmotor zum elektrischen Antrieb fallen Teile wie Kolben, Einspritzsysteme und Abgasanlagen weg; andere werden gebraucht, etwa Batteriegehäuse, Kühlplatten und Teile für Elektromotoren. Zulieferer müssen Produktprogramm und Kundenkreis prüfen.",
        profile_2021=(5, 2, 2, 5, 2),
        profile_2019=(4, 3, 3, 4, 2),
    ),
    ItemSpec(
        "W-03",
        "Additive Fertigung in der Serie",
        ItemKind.TECHNOLOGY,
        Steep.TECHNOLOGICAL,
        MANUFACTURING,
        ["3D-Druck", "Pulverbettverfahren", "Serienfertigung"],
        ["4.4.2", "4.2.1"],
        "Metallischer 3D-Druck wandert vom Prototyp in die Serie, zunächst bei komplexen Teilen in kleinen Stückzahlen. Für Lohnfertiger stellen sich Fragen nach Investitionen, Nachbearbeitung, Qualifizierung der Teile und Fachwissen.",
        profile_2021=(3, 3, 3, 3, 2),
        profile_2019=(3, 4, 3, 3, 2),
    ),
    ItemSpec(
        "W-04",
        "Grüner Stahl",
        ItemKind.MARKET,
        Steep.ECOLOGICAL,
        MATERIALS,
        ["Stahl", "CO2-arme Herstellung", "Einkauf"],
        ["4.4.1", "4.3.2"],
        "Stahlhersteller stellen auf CO2-arme Verfahren um, etwa die Direktreduktion mit Wasserstoff. Für weiterverarbeitende Betriebe ändern sich Angebot, Preise und Nachweise; Kunden fragen nach dem CO2-Fußabdruck des Vormaterials.",
        profile_2021=(4, 3, 3, 5, 2),
        profile_2019=(3, 4, 4, 4, 2),
    ),
    ItemSpec(
        "W-05",
        "Geschlossene Materialkreisläufe",
        ItemKind.TREND,
        Steep.ECOLOGICAL,
        MATERIALS,
        ["Kreislaufwirtschaft", "Recycling", "Sekundärrohstoffe"],
        ["4.3.3", "4.2.2"],
        "Schrott, Späne und Altteile werden sortenrein erfasst und als Sekundärrohstoff zurückgeführt; Produkte werden so konstruiert, dass sie sich zerlegen und wiederverwerten lassen. Kunden und Gesetzgeber erwarten Nachweise über Rezyklatanteile.",
        profile_2021=(4, 2, 2, 4, 3),
        profile_2019=(3, 3, 3, 3, 3),
        sources=[EUR_LEX_CIRCULAR],
    ),
    ItemSpec(
        "W-06",
        "KI in der Qualitätsprüfung",
        ItemKind.TECHNOLOGY,
        Steep.TECHNOLOGICAL,
        DIGITAL,
        ["Künstliche Intelligenz", "Bildverarbeitung", "Prüftechnik"],
        ["4.3.4", "4.4.3"],
        "Kameras und lernende Verfahren erkennen Oberflächenfehler, Maßabweichungen und Schweißnahtfehler während der Fertigung. Voraussetzung sind ausreichend Bilddaten mit bekannten Fehlern und Personal, das die Systeme einrichtet und überwacht.",
        profile_2021=(4, 3, 2, 3, 2),
        profile_2019=(3, 4, 3, 3, 1),
    ),
    ItemSpec(
        "W-07",
        "Fachkräftemangel in Produktion und Handwerk",
        ItemKind.TREND,
        Steep.SOCIAL,
        MARKETS,
        ["Fachkräfte", "Demografie", "Ausbildung"],
        ["6.1.1", "6.3.2"],
        "Mehr Beschäftigte gehen in den Ruhestand, als Auszubildende nachkommen; offene Stellen in Zerspanung, Schweißtechnik und Instandhaltung bleiben länger unbesetzt. Betriebe konkurrieren mit Großansiedlungen und mit Berlin um Nachwuchs.",
        profile_2021=(5, 1, 1, 5, 2),
        profile_2019=(5, 1, 1, 5, 2),
    ),
    ItemSpec(
        "W-08",
        "Digitaler Zwilling von Produkt und Fertigung",
        ItemKind.TECHNOLOGY,
        Steep.TECHNOLOGICAL,
        DIGITAL,
        ["Digitaler Zwilling", "Simulation", "Fabrikplanung"],
        ["4.3.1", "4.4.3"],
        "Ein digitales Abbild von Bauteil, Maschine oder Fabrik begleitet Entwurf, Planung und Betrieb: Abläufe werden vorab simuliert, Änderungen geprüft, Betriebsdaten zurückgespielt. Für kleine Betriebe ist der Aufwand der Datenpflege die Hürde.",
        profile_2021=(3, 3, 3, 3, 2),
        profile_2019=(3, 4, 3, 3, 1),
    ),
    ItemSpec(
        "W-09",
        "Energiekosten und Energieeffizienz",
        ItemKind.MARKET,
        Steep.ECONOMIC,
        ENERGY,
        ["Energiekosten", "Effizienz", "Eigenversorgung"],
        ["4.3.2"],
        "Energie ist in Schmieden, Härtereien und Gießereien ein großer Kostenblock. Betriebe prüfen Abwärmenutzung, effizientere Antriebe und Druckluft, Lastmanagement und eigene Photovoltaik.",
        profile_2021=(4, 3, 1, 4, 3),
        profile_2019=(3, 3, 2, 3, 3),
    ),
    ItemSpec(
        "W-10",
        "Regionale Lieferketten und Nearshoring",
        ItemKind.MARKET,
        Steep.ECONOMIC,
        MARKETS,
        ["Lieferketten", "Resilienz", "Beschaffung"],
        ["5.1.1", "4.3.5"],
        "Abnehmer verlagern Beschaffung näher an ihre Werke und setzen auf mehrere Quellen. Für Brandenburger Zulieferer entstehen Chancen, wenn sie Mengen, Qualität und Termine gemeinsam mit Partnern aus der Region zusichern können.",
        profile_2021=(4, 3, 2, 4, 3),
        profile_2019=(2, 3, 3, 3, 3),
    ),
    ItemSpec(
        "W-11",
        "Unternehmensnachfolge in kleinen Betrieben",
        ItemKind.TREND,
        Steep.SOCIAL,
        MARKETS,
        ["Nachfolge", "Handwerk", "KMU"],
        ["6.3.8"],
        "Viele Inhaberinnen und Inhaber kleiner Metallbetriebe suchen in den kommenden Jahren eine Nachfolge. Ohne Übergabe gehen Arbeitsplätze, Kundenbeziehungen und Fertigungswissen verloren.",
        profile_2021=(4, 2, 2, 4, 2),
        profile_2019=(4, 2, 2, 4, 2),
    ),
    ItemSpec(
        "W-12",
        "Kollaborative Roboter in kleinen Serien",
        ItemKind.TECHNOLOGY,
        Steep.TECHNOLOGICAL,
        MANUFACTURING,
        ["Cobots", "Automatisierung", "Losgröße"],
        ["4.3.5", "4.4.2"],
        "Leichte Roboter arbeiten ohne Schutzzaun neben Menschen und lassen sich schnell umrüsten, etwa für Maschinenbeladung, Schweißen oder Entgraten. Damit wird Automatisierung auch bei kleinen Losgrößen wirtschaftlich.",
        profile_2021=(3, 2, 2, 3, 3),
        profile_2019=(3, 3, 3, 3, 2),
    ),
    # --- 2019 only (not carried into 2021) ------------------------------------------------------
    ItemSpec(
        "W-13",
        "Blockchain für Herkunftsnachweise",
        ItemKind.TECHNOLOGY,
        Steep.TECHNOLOGICAL,
        DIGITAL,
        ["Blockchain", "Rückverfolgbarkeit"],
        ["4.3.5"],
        "Fälschungssichere, verteilte Register sollen Herkunft und Bearbeitungsschritte von Bauteilen entlang der Lieferkette nachweisen.",
        profile_2019=(2, 4, 4, 2, 1),
    ),
    ItemSpec(
        "W-14",
        "Handelskonflikte und Zölle",
        ItemKind.REGULATION,
        Steep.POLITICAL,
        MARKETS,
        ["Außenhandel", "Zölle", "Export"],
        ["5.1.3"],
        "Zusätzliche Zölle und Handelsbeschränkungen verteuern Vormaterial und erschweren Exporte von Maschinen und Anlagen.",
        profile_2019=(3, 4, 2, 3, 2),
    ),
    # --- new in 2021 ----------------------------------------------------------------------------
    ItemSpec(
        "W-15",
        "Pflichten zur Cybersicherheit",
        ItemKind.REGULATION,
        Steep.POLITICAL,
        MARKETS,
        ["IT-Sicherheit", "NIS2", "Lieferkette"],
        ["4.3.7"],
        "Die EU-Kommission hat im Dezember 2020 eine neue Richtlinie zur Cybersicherheit (NIS2) vorgeschlagen, die mehr Sektoren erfasst, darunter Teile der verarbeitenden Industrie, und die Sicherheit der Lieferkette einbezieht. Betriebe des Clusters können selbst betroffen sein oder als Zulieferer, an die Kunden ihre Anforderungen weitergeben.",
        profile_2021=(4, 2, 2, 3, 2),
        sources=[EUR_LEX_NIS2_PROPOSAL],
    ),
    ItemSpec(
        "W-16",
        "CO2-Fußabdruck von Bauteilen als Lieferbedingung",
        ItemKind.MARKET,
        Steep.ECOLOGICAL,
        MARKETS,
        ["CO2-Bilanz", "Product Carbon Footprint", "Nachweise", "Kundenanforderungen"],
        [],
        "Abnehmer aus Fahrzeugbau, Maschinenbau und Energietechnik fragen nach dem CO2-Fußabdruck einzelner Bauteile und machen ihn zur Bedingung in Ausschreibungen. Kleine Betriebe brauchen dafür Daten zu Vormaterial, Energie und Prozessen und eine anerkannte Berechnungsmethode.",
        profile_2021=(5, 2, 1, 4, 1),
    ),
    ItemSpec(
        "W-17",
        "Digitaler Produktpass",
        ItemKind.REGULATION,
        Steep.POLITICAL,
        DIGITAL,
        ["Produktpass", "Datenaustausch", "Ökodesign"],
        ["4.3.5", "4.3.3"],
        "Informationen zu Material, Herkunft, Reparatur und Recycling eines Produkts sollen digital abrufbar sein. Zulieferer müssen die Daten ihrer Teile in einer Form liefern, die Kunden weiterverarbeiten können.",
        profile_2021=(3, 4, 3, 3, 1),
        sources=[EUR_LEX_CIRCULAR],
    ),
    ItemSpec(
        "W-18",
        "Leichtbau mit Mischbauweisen",
        ItemKind.TECHNOLOGY,
        Steep.TECHNOLOGICAL,
        MATERIALS,
        ["Leichtbau", "Fügetechnik", "Aluminium"],
        ["4.4.1", "4.2.1"],
        "Stahl, Aluminium und Faserverbunde werden in einem Bauteil kombiniert, um Gewicht zu sparen. Das verlangt neue Füge- und Prüfverfahren und verändert Reparatur und Recycling.",
        profile_2021=(3, 3, 3, 3, 3),
    ),
    ItemSpec(
        "W-19",
        "Elektrolyseure und Wasserstoffinfrastruktur als Absatzmarkt",
        ItemKind.MARKET,
        Steep.ECONOMIC,
        ENERGY,
        ["Wasserstoff", "Anlagenbau", "Behälterbau"],
        ["4.2.2", "5.1.4"],
        "Für Elektrolyseure, Speicher, Verdichter und Leitungen werden Stahlbau, Behälterbau, Rohrleitungsbau und Zerspanung gebraucht. Betriebe mit Zulassungen für Druckgeräte und Erfahrung im Anlagenbau können früh einsteigen.",
        profile_2021=(4, 4, 3, 4, 2),
        sources=[EUR_LEX_HYDROGEN],
    ),
    ItemSpec(
        "W-20",
        "Vorausschauende Instandhaltung und datenbasierte Services",
        ItemKind.TECHNOLOGY,
        Steep.ECONOMIC,
        DIGITAL,
        ["Instandhaltung", "Sensorik", "Geschäftsmodelle"],
        ["4.2.3"],
        "Sensoren an Maschinen und Anlagen melden Verschleiß, bevor es zum Ausfall kommt. Hersteller und Instandhalter können daraus Serviceverträge machen, die nach Verfügbarkeit statt nach Einsatz abgerechnet werden.",
        profile_2021=(3, 3, 2, 3, 2),
    ),
    ItemSpec(
        "W-21",
        "Mobiles Arbeiten und digitale Zusammenarbeit",
        ItemKind.TREND,
        Steep.SOCIAL,
        DIGITAL,
        ["Mobiles Arbeiten", "Videokonferenz", "Zusammenarbeit"],
        ["6.2.1"],
        "Konstruktion, Vertrieb und Verwaltung arbeiten häufiger von zu Hause und stimmen sich per Video mit Kunden ab. In der Werkstatt bleibt Präsenz die Regel; Betriebe müssen beides fair organisieren.",
        profile_2021=(2, 2, 1, 2, 3),
    ),
    ItemSpec(
        "W-22",
        "Weiterbildung für die digitale Fertigung",
        ItemKind.TREND,
        Steep.SOCIAL,
        MANUFACTURING,
        ["Weiterbildung", "Qualifizierung", "CNC-Programmierung"],
        ["6.3.4", "6.3.7"],
        "Programmieren, Datenauswertung und Bedienung vernetzter Anlagen werden Teil der Facharbeit. Kurze, arbeitsplatznahe Lernformate helfen Betrieben, die niemanden für Wochen freistellen können.",
        profile_2021=(4, 2, 2, 4, 2),
    ),
    ItemSpec(
        "W-23",
        "Gehäuse und Komponenten für Energiespeicher",
        ItemKind.MARKET,
        Steep.ECONOMIC,
        ENERGY,
        ["Batterie", "Energiespeicher", "Blechbearbeitung"],
        ["4.2.1", "4.2.2"],
        "Batteriespeicher für Fahrzeuge, Gebäude und Netze brauchen Gehäuse, Rahmen, Kühlung und Stromschienen. Gefragt sind dichte Schweißnähte, enge Toleranzen und Kenntnisse im Brandschutz.",
        profile_2021=(3, 3, 2, 4, 2),
    ),
    ItemSpec(
        "W-24",
        "Online-Plattformen für Fertigungsaufträge",
        ItemKind.MARKET,
        Steep.ECONOMIC,
        MARKETS,
        ["B2B-Plattform", "Vertrieb", "Auftragsfertigung"],
        ["4.3.6"],
        "Einkäufer laden Zeichnungen auf Plattformen hoch und erhalten Angebote mehrerer Fertiger in kurzer Zeit. Lohnfertiger gewinnen Reichweite, stehen aber stärker im Preisvergleich.",
        profile_2021=(3, 3, 2, 3, 2),
    ),
    ItemSpec(
        "W-25",
        "Aufarbeitung statt Neuteil",
        ItemKind.TREND,
        Steep.ECOLOGICAL,
        MANUFACTURING,
        ["Remanufacturing", "Reparatur", "Kreislaufwirtschaft"],
        ["4.2.3", "4.3.3"],
        "Gebrauchte Baugruppen werden zerlegt, geprüft, instand gesetzt und mit Gewährleistung wieder verkauft. Das verbindet Instandhaltung, Fertigung und Kreislaufwirtschaft und bietet Handwerksbetrieben neue Aufträge.",
        profile_2021=(3, 3, 3, 3, 2),
    ),
    ItemSpec(
        "W-26",
        "Engpässe bei Vormaterial und Elektronik",
        ItemKind.MARKET,
        Steep.ECONOMIC,
        MARKETS,
        ["Materialknappheit", "Preise", "Beschaffung"],
        ["5.1.1"],
        "Lange Lieferzeiten und schwankende Preise bei Stahl, Aluminium und elektronischen Bauteilen verzögern Aufträge. Betriebe erhöhen Lagerbestände, suchen weitere Lieferanten und verhandeln Preisgleitklauseln.",
        profile_2021=(4, 3, 1, 4, 2),
    ),
    ItemSpec(
        "W-27",
        "Windenergie und Netzausbau als Absatzmarkt",
        ItemKind.MARKET,
        Steep.ECONOMIC,
        ENERGY,
        ["Windenergie", "Netzausbau", "Stahlbau"],
        ["4.2.2", "5.1.4"],
        "Türme, Fundamente, Maschinenhäuser und Netzkomponenten brauchen Stahlbau, Schweißtechnik und Zerspanung. Instandhaltung und Rückbau älterer Anlagen kommen als Aufträge hinzu.",
        profile_2021=(4, 2, 2, 5, 3),
    ),
]

# The gap signal of the demo: high impact, near horizon, no topic area of the plan.
GAP_KEY = "W-16"
GAP_PROPOSAL = {
    "key_point": "4.3",
    "title": "CO2-Fußabdruck von Produkten und Nachweise in der Lieferkette",
    "text": (
        "Betriebe des Clusters befähigen, den CO2-Fußabdruck ihrer Bauteile nach einer "
        "anerkannten Methode zu ermitteln und ihn Kunden nachvollziehbar nachzuweisen, mit "
        "gemeinsamen Werkzeugen, Daten zu Vormaterial und Energie und Schulungen."
    ),
    "rationale": (
        "Das Panel der Markt- und Technologievorausschau 2021 schätzt die Wirkung auf das "
        "Cluster hoch und den Zeithorizont kurz ein; der Masterplan hat dazu bisher keinen "
        "Themenbereich. (Demo)"
    ),
}

# Fictional panellists (name, stakeholder group): the management sees the name, everybody else
# the pseudonym "Expert/in NN". Four per group.
PANEL = [
    ("Wiebke Werkstoff", StakeholderGroup.BUSINESS),
    ("Hannes Härterei", StakeholderGroup.CRAFT),
    ("Sabine Simulation", StakeholderGroup.SCIENCE),
    ("Klaus Kammerer", StakeholderGroup.CHAMBER),
    ("Vera Verwaltung", StakeholderGroup.ADMINISTRATION),
    ("Bruno Blechner", StakeholderGroup.BUSINESS),
    ("Frieda Feinmechanik", StakeholderGroup.CRAFT),
    ("Lars Labor", StakeholderGroup.SCIENCE),
    ("Ines Innung", StakeholderGroup.CHAMBER),
    ("Ralf Referat", StakeholderGroup.ADMINISTRATION),
    ("Tanja Technik", StakeholderGroup.BUSINESS),
    ("Ole Schlosser", StakeholderGroup.CRAFT),
    ("Dora Doktorand", StakeholderGroup.SCIENCE),
    ("Volker Verband", StakeholderGroup.CHAMBER),
    ("Gisela Gewerbeamt", StakeholderGroup.ADMINISTRATION),
    ("Emil Einkauf", StakeholderGroup.BUSINESS),
    ("Jana Schweißerin", StakeholderGroup.CRAFT),
    ("Paul Professor", StakeholderGroup.SCIENCE),
    ("Nina Netzwerk", StakeholderGroup.CHAMBER),
    ("Udo Umweltamt", StakeholderGroup.ADMINISTRATION),
]
PANEL_2019 = 12  # the first twelve of PANEL sat on the 2019 panel
PANEL_EMAIL = "foresight-panel-{:02d}@example.org"

# Segments each group knows best (higher self-rated expertise there).
GROUP_FOCUS = {
    StakeholderGroup.BUSINESS: {MANUFACTURING, MARKETS, ENERGY},
    StakeholderGroup.CRAFT: {MANUFACTURING, MATERIALS},
    StakeholderGroup.SCIENCE: {MATERIALS, DIGITAL, ENERGY},
    StakeholderGroup.CHAMBER: {MARKETS, DIGITAL},
    StakeholderGroup.ADMINISTRATION: {MARKETS, ENERGY},
}

# Reasons for an answer outside the first round's interquartile range, by criterion role and
# direction ("high": above the third quartile, "low": below the first).
REASONS = {
    ("impact", "high"): [
        "Unsere Kunden verlangen das schon in laufenden Anfragen.",
        "Für kleine Zulieferer ist das existenziell, nicht nur ein Thema unter vielen.",
        "Die Wirkung trifft die ganze Lieferkette, nicht nur einzelne Betriebe.",
    ],
    ("impact", "low"): [
        "Betrifft nur wenige Betriebe im Cluster mit dem passenden Kundenkreis.",
        "Viele Betriebe können das über ihre bestehenden Abläufe abfangen.",
        "Die Nachfrage in unserer Region ist bisher gering.",
    ],
    ("uncertainty", "high"): [
        "Politische Rahmenbedingungen und Förderung sind noch offen.",
        "Es hängt stark von wenigen Großkunden und deren Entscheidungen ab.",
    ],
    ("uncertainty", "low"): [
        "Die Entwicklung ist in unserer Branche bereits deutlich zu sehen.",
        "Die Richtung ist klar, offen ist nur das Tempo.",
    ],
    ("horizon", "high"): [
        "Bis das in kleinen Betrieben ankommt, dauert es erfahrungsgemäß länger.",
        "Infrastruktur und Normen fehlen noch; vorher passiert wenig.",
    ],
    ("horizon", "low"): [
        "Bei unseren Kunden läuft das schon an.",
        "Erste Anfragen dazu liegen bereits vor.",
    ],
    ("relevance", "high"): [
        "Brandenburg hat hier mit seinen Standorten besondere Chancen.",
        "Passt zu den Schwerpunkten der Landesstrategie.",
    ],
    ("relevance", "low"): [
        "Das ist eher ein Thema für andere Regionen mit Großindustrie.",
        "Im Land gibt es dafür kaum Abnehmer.",
    ],
    ("readiness", "high"): [
        "Mehrere Betriebe, die ich kenne, arbeiten schon daran.",
        "Die Forschungseinrichtungen im Land sind hier gut aufgestellt.",
    ],
    ("readiness", "low"): [
        "Den meisten kleinen Betrieben fehlen Zeit und Personal dafür.",
        "Ohne Beratung und Förderung kommt das bei KMU nicht an.",
    ],
}

# Anonymous comments in the 2021 cycle: (item key, panellist index, text, reply to comment index).
COMMENTS = [
    (
        "W-01",
        2,
        "Für die Wärmebehandlung ist Wasserstoff technisch machbar; entscheidend wird der Preis gegenüber Erdgas.",
        None,
    ),
    (
        "W-01",
        1,
        "Bei uns im Handwerk fehlt noch jede Leitung, das sehe ich frühestens in zehn Jahren.",
        0,
    ),
    (
        "W-02",
        5,
        "Wir haben zwei Kunden, die ihre Verbrennerteile auslaufen lassen. Das ist keine Zukunft mehr, das ist jetzt.",
        None,
    ),
    (
        "W-07",
        8,
        "Die Ausbildungszahlen in den Metallberufen gehen weiter zurück; Betriebe sollten früher an Schulen gehen.",
        None,
    ),
    (
        "W-16",
        15,
        "Der erste Kunde hat uns einen Fragebogen zum CO2-Fußabdruck geschickt. Wir wussten nicht, wie wir ihn ausfüllen sollen.",
        None,
    ),
    (
        "W-16",
        17,
        "Hier fehlt eine gemeinsame Methode für kleine Betriebe, sonst rechnet jeder anders.",
        4,
    ),
    (
        "W-15",
        3,
        "Viele Betriebe wissen noch nicht, ob sie selbst betroffen sind oder nur über ihre Kunden.",
        None,
    ),
    (
        "W-03",
        12,
        "In der Serie scheitert es oft an der Nachbearbeitung, nicht am Druck selbst.",
        None,
    ),
]
