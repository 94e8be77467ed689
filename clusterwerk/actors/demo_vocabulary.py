"""Vocabulary for the synthetic demo companies (see `clusterwerk.actors.demo`).

Everything in this module is synthetic and written by us for development and benchmarks —
the competences, trades, weights, legal-form mixes, street names and the fake contact names —
with one exception: the places. The towns of each Brandenburg district with their postal code
and approximate coordinates (WGS84, town centre, rounded) are facts. The WZ 2008 codes and
titles are the official classification (Destatis, WZ 2008 = NACE Rev. 2); which trade uses which
code and how often is invented. The district weights only follow the masterplan's statement
(2020, chapter 2.1) that Potsdam-Mittelmark, Oder-Spree and Teltow-Fläming have the most metal
companies; they are not statistics.

Topic-area numbers refer to the Masterplan Metall Brandenburg 2020
(`clusterwerk/masterplan/reference_data/metall_2020.json`); the generator resolves them to
lineages through the cluster's published edition.
"""

from dataclasses import dataclass

from clusterwerk.actors.models import ActorKind, CompetenceKind, SizeClass

TECHNOLOGY = CompetenceKind.TECHNOLOGY.value
PROCESS = CompetenceKind.PROCESS.value
MATERIAL = CompetenceKind.MATERIAL.value
SERVICE = CompetenceKind.SERVICE.value
SHARED_EQUIPMENT = CompetenceKind.SHARED_EQUIPMENT.value

COMPANY = ActorKind.COMPANY.value
CRAFT_BUSINESS = ActorKind.CRAFT_BUSINESS.value


@dataclass(frozen=True)
class VocabularyEntry:
    """One competence an actor can have: its text, kind, 2–4 keywords, 1–2 topic areas."""

    text: str
    kind: str
    keywords: tuple[str, ...]
    topic_areas: tuple[str, ...]
    evidence: str = ""


def _entry(text, kind, keywords, topic_areas, evidence=""):
    return VocabularyEntry(text, kind, tuple(keywords), tuple(topic_areas), evidence)


# --- Competences ----------------------------------------------------------------------------
# Topic areas used: 4.1.1 innovation culture, 4.2.1 products with better properties
# (lightweight), 4.2.2 sustainable applications, 4.2.3 MRO and product-related services,
# 4.3.1 digital design and production planning, 4.3.2 energy efficiency, 4.3.3 material
# efficiency and recycling, 4.3.4 quality assurance and testing, 4.3.5 automated process chains,
# 4.4.1 materials, 4.4.2 manufacturing technologies, 4.4.3 digital technologies, 5.1.1 production
# cooperation and supply chains, 5.1.2 networking with craft businesses, 5.1.4 cross cluster,
# 5.2.1 technology transfer, 5.2.2 development cooperation, 5.2.3 test fields, 6.3.2 dual
# vocational training, 6.3.4 further training.

PROCESSES = (
    _entry("CNC-Drehen", PROCESS, ["Drehen", "Zerspanung", "Drehteile"], ["4.4.2", "5.1.1"]),
    _entry("CNC-Fräsen", PROCESS, ["Fräsen", "Zerspanung", "5-Achs-Fräsen"], ["4.4.2", "5.1.1"]),
    _entry("Schleifen", PROCESS, ["Rundschleifen", "Flachschleifen", "Oberflächengüte"], ["4.4.2"]),
    _entry("Funkenerosion", PROCESS, ["Drahterodieren", "Senkerodieren"], ["4.4.2"]),
    _entry("Laserschneiden", PROCESS, ["Laser", "Zuschnitt", "Blech"], ["4.4.2", "4.3.5"]),
    _entry("Wasserstrahlschneiden", PROCESS, ["Wasserstrahl", "Zuschnitt"], ["4.4.2"]),
    _entry("Plasmaschneiden", PROCESS, ["Brennschneiden", "Zuschnitt", "Grobblech"], ["4.4.2"]),
    _entry(
        "WIG-Schweißen",
        PROCESS,
        ["Schweißen", "Edelstahl", "Schweißnaht"],
        ["4.4.2"],
        "Schweißerprüfungen nach DIN EN ISO 9606-1",
    ),
    _entry(
        "MAG-Schweißen",
        PROCESS,
        ["Schweißen", "Stahlbau", "Schweißnaht"],
        ["4.4.2", "5.1.1"],
        "Schweißerprüfungen nach DIN EN ISO 9606-1",
    ),
    _entry("MIG-Schweißen", PROCESS, ["Schweißen", "Aluminium", "Schweißnaht"], ["4.4.2", "4.2.1"]),
    _entry(
        "Roboterschweißen",
        PROCESS,
        ["Schweißroboter", "Automatisierung", "Serienfertigung"],
        ["4.3.5", "4.4.2"],
    ),
    _entry("Laserschweißen", PROCESS, ["Laser", "Fügen", "Schweißen"], ["4.4.2"]),
    _entry("Kanten", PROCESS, ["Abkanten", "Biegen", "Blech"], ["4.4.2"]),
    _entry("Blechbearbeitung", PROCESS, ["Blech", "Stanzen", "Biegen"], ["4.4.2", "5.1.1"]),
    _entry("Stanzen", PROCESS, ["Stanzteile", "Umformen", "Serienfertigung"], ["4.4.2"]),
    _entry("Tiefziehen", PROCESS, ["Umformen", "Ziehteile", "Blech"], ["4.4.2", "4.2.1"]),
    _entry("Rohrbiegen", PROCESS, ["Biegen", "Rohr", "Umformen"], ["4.4.2"]),
    _entry("Gesenkschmieden", PROCESS, ["Schmieden", "Umformen", "Schmiedeteile"], ["4.4.2"]),
    _entry("Freiformschmieden", PROCESS, ["Schmieden", "Schmiedeteile", "Einzelstücke"], ["4.4.2"]),
    _entry(
        "Härten und Vergüten",
        PROCESS,
        ["Wärmebehandlung", "Einsatzhärten", "Vergüten"],
        ["4.4.1", "4.4.2"],
    ),
    _entry("Induktionshärten", PROCESS, ["Wärmebehandlung", "Randschichthärten"], ["4.4.2"]),
    _entry(
        "Pulverbeschichtung",
        PROCESS,
        ["Beschichtung", "Korrosionsschutz", "Lackierung"],
        ["4.4.2", "4.3.2"],
    ),
    _entry(
        "Feuerverzinken",
        PROCESS,
        ["Verzinken", "Korrosionsschutz", "Stückverzinkung"],
        ["4.2.2", "4.4.2"],
    ),
    _entry(
        "Galvanische Beschichtung",
        PROCESS,
        ["Galvanik", "Verchromen", "Vernickeln"],
        ["4.4.2", "4.3.3"],
    ),
    _entry(
        "Oberflächentechnik",
        PROCESS,
        ["Strahlen", "Oberflächenvorbereitung", "Beschichtung"],
        ["4.4.2", "4.2.1"],
    ),
    _entry(
        "Additive Fertigung (3D-Metalldruck)",
        PROCESS,
        ["3D-Druck", "Laserschmelzen", "additive Fertigung"],
        ["4.4.2", "4.2.1"],
    ),
    _entry("Sandguss", PROCESS, ["Gießen", "Gussteile", "Formguss"], ["4.4.2"]),
    _entry(
        "Aluminium-Druckguss",
        PROCESS,
        ["Druckguss", "Gießen", "Leichtmetallguss"],
        ["4.4.2", "4.2.1"],
    ),
    _entry("Kaltprofilieren", PROCESS, ["Profile", "Walzprofilieren", "Umformen"], ["4.4.2"]),
    _entry("Drahtziehen", PROCESS, ["Draht", "Ziehen", "Umformen"], ["4.4.2"]),
    _entry("Montage", PROCESS, ["Baugruppenmontage", "Endmontage"], ["5.1.1", "4.3.5"]),
)

MATERIALS = (
    _entry("Baustahl", MATERIAL, ["Stahl", "S235", "S355"], ["4.4.1"]),
    _entry("Edelstahl", MATERIAL, ["nichtrostender Stahl", "V2A", "V4A"], ["4.4.1"]),
    _entry(
        "Aluminium",
        MATERIAL,
        ["Leichtmetall", "Leichtbau", "Aluminiumlegierungen"],
        ["4.2.1", "4.4.1"],
    ),
    _entry("Titan", MATERIAL, ["Titanlegierungen", "Leichtbau", "Luftfahrt"], ["4.4.1", "4.2.1"]),
    _entry("Kupfer und Messing", MATERIAL, ["Kupfer", "Messing", "Buntmetall"], ["4.4.1"]),
    _entry("Gusseisen", MATERIAL, ["Grauguss", "Sphäroguss", "Guss"], ["4.4.1"]),
    _entry("Werkzeugstahl", MATERIAL, ["Werkzeugstahl", "Schnellarbeitsstahl"], ["4.4.1"]),
    _entry(
        "Hochfeste Stähle",
        MATERIAL,
        ["hochfester Stahl", "Leichtbau", "Feinkornbaustahl"],
        ["4.2.1", "4.4.1"],
    ),
    _entry(
        "Faserverbund-Metall-Hybride",
        MATERIAL,
        ["Faserverbund", "CFK", "Hybridbauweise", "Leichtbau"],
        ["4.2.1", "4.4.1"],
    ),
    _entry(
        "Sekundäraluminium und Recyclingstahl",
        MATERIAL,
        ["Recycling", "Schrott", "Kreislaufwirtschaft"],
        ["4.3.3"],
    ),
)

PRODUCTS = (
    _entry(
        "Stahlbau",
        TECHNOLOGY,
        ["Stahlkonstruktionen", "Hallenbau", "Tragwerke"],
        ["5.1.1", "4.4.2"],
        "Zertifiziert nach DIN EN 1090, EXC 2",
    ),
    _entry("Treppen und Geländer", TECHNOLOGY, ["Treppenbau", "Geländer", "Balkone"], ["5.1.2"]),
    _entry("Tore, Zäune und Gitter", TECHNOLOGY, ["Tore", "Zaunanlagen", "Gitter"], ["5.1.2"]),
    _entry(
        "Metallfassaden, Fenster und Türen",
        TECHNOLOGY,
        ["Fassadenbau", "Metallfenster", "Brandschutztüren"],
        ["5.1.2", "4.2.2"],
    ),
    _entry(
        "Behälterbau",
        TECHNOLOGY,
        ["Behälter", "Tanks", "Druckbehälter"],
        ["4.4.2", "5.1.1"],
        "Herstellerqualifikation nach AD 2000 HP 0",
    ),
    _entry("Apparatebau", TECHNOLOGY, ["Apparate", "Druckgeräte", "Wärmetauscher"], ["4.4.2"]),
    _entry(
        "Vorrichtungsbau",
        TECHNOLOGY,
        ["Vorrichtungen", "Spannvorrichtungen", "Lehren"],
        ["4.3.5", "4.4.2"],
    ),
    _entry(
        "Werkzeugbau",
        TECHNOLOGY,
        ["Stanzwerkzeuge", "Umformwerkzeuge", "Formenbau"],
        ["4.4.2", "5.1.1"],
    ),
    _entry(
        "Sondermaschinen",
        TECHNOLOGY,
        ["Sondermaschinenbau", "Automatisierung", "Prüfstände"],
        ["4.3.5", "4.1.1"],
    ),
    _entry(
        "Fördertechnik",
        TECHNOLOGY,
        ["Förderanlagen", "Hebetechnik", "Materialfluss"],
        ["4.3.5"],
    ),
    _entry(
        "Schaltschrankbau",
        TECHNOLOGY,
        ["Schaltschränke", "Steuerungstechnik", "Elektrotechnik"],
        ["4.3.5", "5.1.4"],
    ),
    _entry(
        "Präzisionsdrehteile",
        TECHNOLOGY,
        ["Drehteile", "Präzisionsteile", "Serienteile"],
        ["5.1.1", "4.4.2"],
    ),
    _entry(
        "Schweißbaugruppen",
        TECHNOLOGY,
        ["Baugruppen", "Schweißkonstruktionen", "Lohnschweißen"],
        ["5.1.1"],
    ),
    _entry("Blechgehäuse", TECHNOLOGY, ["Gehäuse", "Blech", "Verkleidungen"], ["5.1.1"]),
    _entry(
        "Rohrleitungsbau",
        TECHNOLOGY,
        ["Rohrleitungen", "Anlagenbau", "Industrierohrleitungen"],
        ["5.1.1"],
    ),
    _entry(
        "Automatisierungslösungen",
        TECHNOLOGY,
        ["Robotik", "Automatisierung", "Handhabungstechnik"],
        ["4.3.5", "4.4.3"],
    ),
    _entry(
        "Verpackungsmaschinen",
        TECHNOLOGY,
        ["Verpackungstechnik", "Abfüllanlagen"],
        ["4.3.5", "5.1.4"],
    ),
    _entry(
        "Werkzeugmaschinen",
        TECHNOLOGY,
        ["Bearbeitungszentren", "Drehmaschinen", "Maschinenbau"],
        ["4.4.2", "4.3.5"],
    ),
    _entry(
        "Kunstschmiedearbeiten",
        TECHNOLOGY,
        ["Kunstschmiede", "Denkmalpflege", "Schmiedearbeiten"],
        ["5.1.2"],
    ),
    _entry("Schmiedeteile", TECHNOLOGY, ["Schmiedestücke", "Gesenkschmiedeteile"], ["5.1.1"]),
    _entry("Gussteile", TECHNOLOGY, ["Gussstücke", "Maschinenguss", "Kleinserien"], ["5.1.1"]),
    _entry("Stahlprofile", TECHNOLOGY, ["Kaltprofile", "Sonderprofile", "Profilstahl"], ["5.1.1"]),
    _entry("Drahterzeugnisse", TECHNOLOGY, ["Draht", "Drahtbiegeteile", "Federn"], ["5.1.1"]),
    _entry(
        "Leichtbaustrukturen",
        TECHNOLOGY,
        ["Leichtbau", "Strukturbauteile", "Gewichtsreduktion"],
        ["4.2.1", "4.4.1"],
    ),
)

MARKETS = (
    _entry(
        "Komponenten für den Fahrzeugbau",
        TECHNOLOGY,
        ["Automotive", "Fahrzeugteile", "Zulieferer"],
        ["5.1.1", "5.1.4"],
    ),
    _entry(
        "Komponenten für Schienenfahrzeuge",
        TECHNOLOGY,
        ["Schienenfahrzeugbau", "Bahntechnik", "Drehgestelle"],
        ["5.1.1", "5.1.4"],
    ),
    _entry(
        "Bauteile für die Luftfahrt",
        TECHNOLOGY,
        ["Luft- und Raumfahrt", "Triebwerksteile", "Luftfahrtzulieferer"],
        ["4.2.1", "5.1.4"],
        "Zertifiziert nach EN 9100",
    ),
    _entry(
        "Komponenten für Windenergieanlagen",
        TECHNOLOGY,
        ["Windenergie", "Windkraft", "erneuerbare Energien"],
        ["4.2.2", "5.1.4"],
    ),
    _entry(
        "Metallbau für die Bauwirtschaft",
        TECHNOLOGY,
        ["Bauwirtschaft", "Hochbau", "Gebäudehülle"],
        ["5.1.2", "5.1.4"],
    ),
    _entry(
        "Agrartechnik",
        TECHNOLOGY,
        ["Landtechnik", "Landmaschinen", "Landwirtschaft"],
        ["5.1.4"],
    ),
    _entry(
        "Edelstahlanlagen für die Lebensmitteltechnik",
        TECHNOLOGY,
        ["Lebensmittelindustrie", "Hygienic Design", "Edelstahl"],
        ["5.1.4"],
    ),
    _entry(
        "Präzisionsteile für die Medizintechnik",
        TECHNOLOGY,
        ["Medizintechnik", "Medizinprodukte", "Präzisionsteile"],
        ["5.1.4", "4.3.4"],
        "QM-System nach DIN EN ISO 13485",
    ),
    _entry(
        "Komponenten für Wasserstoff- und Energietechnik",
        TECHNOLOGY,
        ["Wasserstoff", "Elektrolyse", "Energietechnik"],
        ["4.2.2", "5.1.4"],
    ),
    _entry(
        "Anlagenbau für Chemie und Raffinerie",
        TECHNOLOGY,
        ["Chemieindustrie", "Raffinerie", "Prozessanlagen"],
        ["5.1.4"],
    ),
)

SERVICES = (
    _entry(
        "Lohnfertigung",
        SERVICE,
        ["Auftragsfertigung", "Kleinserien", "Einzelteile"],
        ["5.1.1"],
    ),
    _entry(
        "Reparatur", SERVICE, ["Reparaturschweißen", "Ersatzteile", "Schadensbehebung"], ["4.2.3"]
    ),
    _entry(
        "Wartung und Instandhaltung",
        SERVICE,
        ["Instandhaltung", "Wartung", "Störungsdienst"],
        ["4.2.3"],
    ),
    _entry(
        "Industriemontage",
        SERVICE,
        ["Montage", "Demontage", "Anlagenumzug"],
        ["4.2.3", "5.1.1"],
    ),
    _entry(
        "Retrofit von Maschinen",
        SERVICE,
        ["Retrofit", "Modernisierung", "Ersatzteilfertigung"],
        ["4.2.3", "4.3.3"],
    ),
    _entry(
        "Konstruktion (CAD)",
        SERVICE,
        ["CAD", "3D-Konstruktion", "Fertigungszeichnungen"],
        ["4.3.1"],
    ),
    _entry(
        "FEM-Berechnung und Simulation",
        SERVICE,
        ["FEM", "Simulation", "Festigkeitsberechnung"],
        ["4.3.1", "4.4.3"],
    ),
    _entry(
        "Ingenieurdienstleistung Tragwerksplanung",
        SERVICE,
        ["Statik", "Tragwerksplanung", "Stahlbauplanung"],
        ["4.3.1"],
    ),
    _entry(
        "Fertigungsplanung und CAM",
        SERVICE,
        ["CAM", "Fertigungsplanung", "digitaler Zwilling"],
        ["4.3.1", "4.4.3"],
    ),
    _entry(
        "Industrie-4.0-Beratung",
        SERVICE,
        ["Digitalisierung", "Vernetzung", "Maschinendaten"],
        ["4.4.3", "4.3.5"],
    ),
    _entry(
        "Schweißaufsicht und Schweißzertifizierung",
        SERVICE,
        ["Schweißaufsicht", "EN 1090", "Zertifizierung"],
        ["4.3.4"],
    ),
    _entry(
        "Prüflabor",
        SERVICE,
        ["Prüflabor", "Akkreditierung", "Prüfberichte"],
        ["4.3.4"],
        "Akkreditiert nach DIN EN ISO/IEC 17025",
    ),
    _entry(
        "Werkstoffprüfung",
        SERVICE,
        ["Zugversuch", "Härteprüfung", "Metallografie"],
        ["4.3.4", "4.4.1"],
    ),
    _entry(
        "Zerstörungsfreie Prüfung",
        SERVICE,
        ["Ultraschallprüfung", "Röntgenprüfung", "Magnetpulverprüfung"],
        ["4.3.4"],
        "Prüfpersonal nach DIN EN ISO 9712",
    ),
    _entry(
        "3D-Messtechnik",
        SERVICE,
        ["Koordinatenmesstechnik", "3D-Scan", "Erstmusterprüfung"],
        ["4.3.4", "4.3.1"],
    ),
    _entry(
        "Schadensanalyse",
        SERVICE,
        ["Schadensanalyse", "Bruchflächenanalyse", "Gutachten"],
        ["4.3.4", "4.2.3"],
    ),
    _entry(
        "Energieberatung für Produktionsbetriebe",
        SERVICE,
        ["Energieeffizienz", "Energiemanagement", "Dekarbonisierung"],
        ["4.3.2"],
    ),
    _entry(
        "Prototypenbau und Entwicklung",
        SERVICE,
        ["Prototypen", "Produktentwicklung", "Erprobung"],
        ["5.2.2", "4.1.1"],
    ),
    _entry(
        "Forschungskooperation und Technologietransfer",
        SERVICE,
        ["Forschungskooperation", "Technologietransfer", "Verbundprojekte"],
        ["5.2.1", "5.2.2"],
    ),
    _entry(
        "Metallrecycling",
        SERVICE,
        ["Recycling", "Schrottaufbereitung", "Sekundärrohstoffe"],
        ["4.3.3"],
    ),
    _entry(
        "Qualitätsmanagement nach ISO 9001",
        SERVICE,
        ["Qualitätsmanagement", "ISO 9001", "Zertifizierung"],
        ["4.3.4"],
    ),
    _entry(
        "Ausbildung in Metallberufen",
        SERVICE,
        ["Ausbildungsbetrieb", "duale Ausbildung", "Metallberufe"],
        ["6.3.2"],
    ),
    _entry(
        "Schweißkurse und Weiterbildung",
        SERVICE,
        ["Schweißkurse", "Weiterbildung", "Schweißerprüfung"],
        ["6.3.4"],
    ),
)

EQUIPMENT = (
    _entry(
        "5-Achs-Bearbeitungszentrum zur Mitnutzung",
        SHARED_EQUIPMENT,
        ["5-Achs-Fräsen", "Bearbeitungszentrum", "Maschinenkapazität"],
        ["5.1.1", "4.4.2"],
    ),
    _entry(
        "Faserlaser-Schneidanlage zur Mitnutzung",
        SHARED_EQUIPMENT,
        ["Laserschneiden", "Faserlaser", "Maschinenkapazität"],
        ["5.1.1"],
    ),
    _entry(
        "Koordinatenmessmaschine zur Mitnutzung",
        SHARED_EQUIPMENT,
        ["Messmaschine", "3D-Messtechnik", "Messraum"],
        ["4.3.4"],
    ),
    _entry(
        "Pulverbeschichtungsanlage zur Mitnutzung",
        SHARED_EQUIPMENT,
        ["Pulverbeschichtung", "Einbrennofen", "Beschichtungskapazität"],
        ["5.1.1"],
    ),
    _entry(
        "Metall-3D-Drucker zur Mitnutzung",
        SHARED_EQUIPMENT,
        ["Laserschmelzen", "3D-Druck", "Pulverbett"],
        ["4.4.2", "5.2.3"],
    ),
    _entry(
        "Zugprüfmaschine zur Mitnutzung",
        SHARED_EQUIPMENT,
        ["Zugversuch", "Werkstoffprüfung", "Prüfmaschine"],
        ["4.3.4"],
    ),
    _entry(
        "Schweißroboterzelle zur Mitnutzung",
        SHARED_EQUIPMENT,
        ["Schweißroboter", "Roboterzelle", "Automatisierung"],
        ["4.3.5", "5.2.3"],
    ),
    _entry(
        "Prüffeld für Großbauteile",
        SHARED_EQUIPMENT,
        ["Prüffeld", "Testfeld", "Bauteilprüfung"],
        ["5.2.3", "4.3.4"],
    ),
)

VOCABULARY: dict[str, VocabularyEntry] = {
    entry.text: entry
    for entry in (*PROCESSES, *MATERIALS, *PRODUCTS, *MARKETS, *SERVICES, *EQUIPMENT)
}

# Competences any business may add to its profile (a small chance per actor).
GENERAL_COMPETENCES = (
    "Ausbildung in Metallberufen",
    "Qualitätsmanagement nach ISO 9001",
    "Lohnfertigung",
    "Energieberatung für Produktionsbetriebe",
)


# --- Economic activities (WZ 2008) ----------------------------------------------------------

WZ_2008_DIVISIONS = {
    "24": "Metallerzeugung und -bearbeitung",
    "25": "Herstellung von Metallerzeugnissen",
    "27": "Herstellung von elektrischen Ausrüstungen",
    "28": "Maschinenbau",
    "29": "Herstellung von Kraftwagen und Kraftwagenteilen",
    "30": "Sonstiger Fahrzeugbau",
    "33": "Reparatur und Installation von Maschinen und Ausrüstungen",
    "71": ("Architektur- und Ingenieurbüros; technische, physikalische und chemische Untersuchung"),
    "72": "Forschung und Entwicklung",
}

# The WZ 2008 classes the trades below use (official titles).
WZ_2008_CLASSES = {
    "24.33": "Herstellung von Kaltprofilen",
    "24.34": "Herstellung von kaltgezogenem Draht",
    "24.51": "Eisengießereien",
    "24.53": "Leichtmetallgießereien",
    "25.11": "Herstellung von Metallkonstruktionen",
    "25.12": "Herstellung von Ausbauelementen aus Metall",
    "25.29": "Herstellung von Sammelbehältern, Tanks u. ä. Behältern aus Metall",
    "25.50": (
        "Herstellung von Schmiede-, Press-, Zieh- und Stanzteilen, gewalzten Ringen und "
        "pulvermetallurgischen Erzeugnissen"
    ),
    "25.61": "Oberflächenveredlung und Wärmebehandlung",
    "25.62": "Mechanik a. n. g.",
    "25.73": "Herstellung von Werkzeugen",
    "25.99": "Herstellung von sonstigen Metallwaren a. n. g.",
    "27.12": "Herstellung von Elektrizitätsverteilungs- und -schalteinrichtungen",
    "28.22": "Herstellung von Hebezeugen und Fördermitteln",
    "28.30": "Herstellung von land- und forstwirtschaftlichen Maschinen",
    "28.41": "Herstellung von Werkzeugmaschinen für die Metallbearbeitung",
    "28.93": (
        "Herstellung von Maschinen für die Nahrungs- und Genussmittelerzeugung und die "
        "Tabakverarbeitung"
    ),
    "28.99": "Herstellung von Maschinen für sonstige bestimmte Wirtschaftszweige a. n. g.",
    "29.32": "Herstellung von sonstigen Teilen und sonstigem Zubehör für Kraftwagen",
    "30.20": "Schienenfahrzeugbau",
    "33.11": "Reparatur von Metallerzeugnissen",
    "33.12": "Reparatur von Maschinen",
    "33.17": "Reparatur und Instandhaltung von sonstigen Fahrzeugen",
    "33.20": "Installation von Maschinen und Ausrüstungen a. n. g.",
    "71.12": "Ingenieurbüros",
    "71.20": "Technische, physikalische und chemische Untersuchung",
    "72.19": (
        "Sonstige Forschung und Entwicklung im Bereich Natur-, Ingenieur-, Agrarwissenschaften "
        "und Medizin"
    ),
}


# --- Trades ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trade:
    """A kind of business as it appears in demo names ("Demo-Metallbau 0042 GmbH").

    `weight` is the share per 1,000 demo actors; `codes` the WZ 2008 classes of the primary
    activity, `second_codes` those of an occasional second one; `core` are competences every
    such business has one or two of, `pool` the further ones that fit; `size_factor` > 1 makes
    larger firms more likely in this trade."""

    name: str
    kind: str
    division: str
    weight: int
    noun: str
    codes: tuple[str, ...]
    second_codes: tuple[str, ...]
    core: tuple[str, ...]
    pool: tuple[str, ...]
    size_factor: float = 1.0


def _trade(name, kind, division, weight, noun, codes, second_codes, core, pool, size_factor=1.0):
    return Trade(
        name,
        kind,
        division,
        weight,
        noun,
        tuple(codes),
        tuple(second_codes),
        tuple(core),
        tuple(pool),
        size_factor,
    )


WELDING = ("MAG-Schweißen", "WIG-Schweißen", "MIG-Schweißen")
MACHINING = ("CNC-Drehen", "CNC-Fräsen")

TRADES = (
    # --- craft businesses (about a third of all demo actors) -------------------------------
    _trade(
        "Schlosserei", CRAFT_BUSINESS, "25", 110, "Schlosserei",
        ["25.11", "25.12", "25.99"], ["33.11"],
        ["Treppen und Geländer", "Tore, Zäune und Gitter", "MAG-Schweißen"],
        ["WIG-Schweißen", "Baustahl", "Edelstahl", "Reparatur", "Kanten",
         "Metallbau für die Bauwirtschaft", "Pulverbeschichtung"],
        size_factor=0.7,
    ),
    _trade(
        "Metallbau", CRAFT_BUSINESS, "25", 80, "Metallbaubetrieb",
        ["25.11", "25.12"], ["33.11", "25.99"],
        ["Treppen und Geländer", "Metallfassaden, Fenster und Türen", "MAG-Schweißen"],
        ["WIG-Schweißen", "Baustahl", "Edelstahl", "Aluminium", "Tore, Zäune und Gitter",
         "Metallbau für die Bauwirtschaft", "Pulverbeschichtung", "Stahlbau"],
        size_factor=0.8,
    ),
    _trade(
        "Feinwerkmechanik", CRAFT_BUSINESS, "25", 45, "Feinwerkmechanikbetrieb",
        ["25.62"], ["33.12"],
        ["CNC-Drehen", "CNC-Fräsen"],
        ["Schleifen", "Präzisionsdrehteile", "Lohnfertigung", "Edelstahl", "Aluminium",
         "Vorrichtungsbau", "Präzisionsteile für die Medizintechnik", "3D-Messtechnik"],
        size_factor=0.8,
    ),
    _trade(
        "Dreherei", CRAFT_BUSINESS, "25", 20, "Dreherei",
        ["25.62"], ["33.12"],
        ["CNC-Drehen", "Präzisionsdrehteile"],
        ["CNC-Fräsen", "Lohnfertigung", "Baustahl", "Kupfer und Messing", "Reparatur"],
        size_factor=0.6,
    ),
    _trade(
        "Kunstschmiede", CRAFT_BUSINESS, "25", 15, "Kunstschmiede",
        ["25.99", "25.50"], ["33.11"],
        ["Kunstschmiedearbeiten", "Freiformschmieden"],
        ["Treppen und Geländer", "Tore, Zäune und Gitter", "Baustahl", "Reparatur",
         "Metallbau für die Bauwirtschaft"],
        size_factor=0.4,
    ),
    _trade(
        "Schweißtechnik", CRAFT_BUSINESS, "25", 20, "Schweißfachbetrieb",
        ["25.11"], ["33.11"],
        WELDING,
        ["Schweißbaugruppen", "Reparatur", "Schweißaufsicht und Schweißzertifizierung",
         "Schweißkurse und Weiterbildung", "Baustahl", "Edelstahl", "Aluminium"],
        size_factor=0.7,
    ),
    _trade(
        "Landtechnik-Service", CRAFT_BUSINESS, "33", 28, "Land- und Baumaschinenwerkstatt",
        ["33.12"], ["28.30"],
        ["Wartung und Instandhaltung", "Reparatur"],
        ["Agrartechnik", "MAG-Schweißen", "Retrofit von Maschinen", "Industriemontage"],
        size_factor=0.8,
    ),
    _trade(
        "Montageservice", CRAFT_BUSINESS, "33", 15, "Montagebetrieb",
        ["33.20"], ["33.11"],
        ["Industriemontage", "Montage"],
        ["Wartung und Instandhaltung", "MAG-Schweißen", "Rohrleitungsbau", "Reparatur"],
        size_factor=0.7,
    ),
    # --- companies, WZ 25 ------------------------------------------------------------------
    _trade(
        "Metallbau", COMPANY, "25", 30, "Metallbauunternehmen",
        ["25.11", "25.12"], ["25.99", "33.11"],
        ["Stahlbau", "Metallfassaden, Fenster und Türen", "MAG-Schweißen"],
        ["WIG-Schweißen", "Baustahl", "Edelstahl", "Aluminium", "Treppen und Geländer",
         "Metallbau für die Bauwirtschaft", "Pulverbeschichtung", "Laserschneiden", "Kanten"],
    ),
    _trade(
        "Stahlbau", COMPANY, "25", 30, "Stahlbauunternehmen",
        ["25.11"], ["33.20"],
        ["Stahlbau", "MAG-Schweißen"],
        ["Baustahl", "Hochfeste Stähle", "Feuerverzinken", "Pulverbeschichtung",
         "Plasmaschneiden", "Schweißbaugruppen", "Metallbau für die Bauwirtschaft",
         "Komponenten für Windenergieanlagen", "Industriemontage", "Roboterschweißen"],
        size_factor=1.3,
    ),
    _trade(
        "Präzisionsteile", COMPANY, "25", 30, "Hersteller von Präzisionsteilen",
        ["25.62"], ["25.99"],
        ["CNC-Drehen", "CNC-Fräsen", "Präzisionsdrehteile"],
        ["Schleifen", "Funkenerosion", "Edelstahl", "Aluminium", "Titan", "3D-Messtechnik",
         "Präzisionsteile für die Medizintechnik", "Bauteile für die Luftfahrt",
         "Komponenten für den Fahrzeugbau", "5-Achs-Bearbeitungszentrum zur Mitnutzung",
         "Lohnfertigung"],
    ),
    _trade(
        "Blechtechnik", COMPANY, "25", 25, "Blechbearbeitungsbetrieb",
        ["25.99", "25.50"], ["25.11"],
        ["Blechbearbeitung", "Laserschneiden", "Kanten"],
        ["Stanzen", "Blechgehäuse", "Edelstahl", "Aluminium", "Pulverbeschichtung",
         "Schweißbaugruppen", "Faserlaser-Schneidanlage zur Mitnutzung", "Lohnfertigung",
         "Wasserstrahlschneiden", "Roboterschweißen"],
    ),
    _trade(
        "Oberflächentechnik", COMPANY, "25", 18, "Betrieb für Oberflächentechnik",
        ["25.61"], ["25.99"],
        ["Pulverbeschichtung", "Oberflächentechnik", "Galvanische Beschichtung"],
        ["Feuerverzinken", "Aluminium", "Baustahl", "Pulverbeschichtungsanlage zur Mitnutzung",
         "Qualitätsmanagement nach ISO 9001", "Energieberatung für Produktionsbetriebe"],
    ),
    _trade(
        "Härtetechnik", COMPANY, "25", 6, "Härterei",
        ["25.61"], ["71.20"],
        ["Härten und Vergüten", "Induktionshärten"],
        ["Werkzeugstahl", "Werkstoffprüfung", "Lohnfertigung", "Komponenten für den Fahrzeugbau"],
    ),
    _trade(
        "Schmiedetechnik", COMPANY, "25", 8, "Schmiede",
        ["25.50"], ["25.61"],
        ["Gesenkschmieden", "Schmiedeteile"],
        ["Freiformschmieden", "Härten und Vergüten", "Baustahl", "Werkzeugstahl",
         "Komponenten für Schienenfahrzeuge", "Komponenten für den Fahrzeugbau", "CNC-Drehen"],
        size_factor=1.5,
    ),
    _trade(
        "Behälterbau", COMPANY, "25", 10, "Behälter- und Apparatebauer",
        ["25.29"], ["28.99"],
        ["Behälterbau", "Apparatebau", "WIG-Schweißen"],
        ["Edelstahl", "Rohrleitungsbau", "Zerstörungsfreie Prüfung", "Rohrbiegen",
         "Edelstahlanlagen für die Lebensmitteltechnik",
         "Komponenten für Wasserstoff- und Energietechnik",
         "Anlagenbau für Chemie und Raffinerie"],
        size_factor=1.2,
    ),
    _trade(
        "Werkzeugbau", COMPANY, "25", 13, "Werkzeug- und Formenbauer",
        ["25.73"], ["25.62"],
        ["Werkzeugbau", "Funkenerosion"],
        ["CNC-Fräsen", "Schleifen", "Werkzeugstahl", "Vorrichtungsbau", "Stanzen",
         "Konstruktion (CAD)", "Fertigungsplanung und CAM", "Tiefziehen"],
    ),
    # --- companies, WZ 28 ------------------------------------------------------------------
    _trade(
        "Maschinenbau", COMPANY, "28", 60, "Maschinenbauunternehmen",
        ["28.99", "28.41"], ["33.12", "33.20"],
        ["Montage", "Konstruktion (CAD)", "CNC-Fräsen"],
        ["CNC-Drehen", "Werkzeugmaschinen", "Schweißbaugruppen", "Baustahl",
         "Wartung und Instandhaltung", "Retrofit von Maschinen", "Automatisierungslösungen",
         "Ausbildung in Metallberufen", "Industrie-4.0-Beratung"],
        size_factor=1.6,
    ),
    _trade(
        "Sondermaschinenbau", COMPANY, "28", 45, "Sondermaschinenbauer",
        ["28.99"], ["33.20"],
        ["Sondermaschinen", "Automatisierungslösungen"],
        ["Konstruktion (CAD)", "Vorrichtungsbau", "Schaltschrankbau", "Montage",
         "Industriemontage", "Prototypenbau und Entwicklung", "Roboterschweißen",
         "Komponenten für den Fahrzeugbau", "Industrie-4.0-Beratung"],
        size_factor=1.3,
    ),
    _trade(
        "Anlagenbau", COMPANY, "28", 35, "Anlagenbauer",
        ["28.99", "28.93"], ["33.20", "25.29"],
        ["Rohrleitungsbau", "Industriemontage", "Apparatebau"],
        ["Edelstahl", "WIG-Schweißen", "Schaltschrankbau",
         "Anlagenbau für Chemie und Raffinerie",
         "Edelstahlanlagen für die Lebensmitteltechnik",
         "Komponenten für Wasserstoff- und Energietechnik", "Wartung und Instandhaltung"],
        size_factor=1.5,
    ),
    _trade(
        "Fördertechnik", COMPANY, "28", 20, "Hersteller von Fördertechnik",
        ["28.22"], ["33.12"],
        ["Fördertechnik", "Montage"],
        ["Stahlbau", "MAG-Schweißen", "Automatisierungslösungen", "Wartung und Instandhaltung",
         "Konstruktion (CAD)", "Schaltschrankbau"],
        size_factor=1.3,
    ),
    _trade(
        "Landmaschinenbau", COMPANY, "28", 15, "Hersteller von Landmaschinen",
        ["28.30"], ["33.12"],
        ["Agrartechnik", "MAG-Schweißen"],
        ["Laserschneiden", "Kanten", "Pulverbeschichtung", "Montage", "Baustahl",
         "Hochfeste Stähle", "Reparatur"],
        size_factor=1.4,
    ),
    _trade(
        "Verpackungstechnik", COMPANY, "28", 15, "Hersteller von Verpackungsmaschinen",
        ["28.93", "28.99"], ["33.20"],
        ["Verpackungsmaschinen", "Edelstahlanlagen für die Lebensmitteltechnik"],
        ["Edelstahl", "Automatisierungslösungen", "Schaltschrankbau", "Konstruktion (CAD)",
         "Montage", "Wartung und Instandhaltung"],
        size_factor=1.3,
    ),
    # --- companies, WZ 33 ------------------------------------------------------------------
    _trade(
        "Industrieservice", COMPANY, "33", 45, "Industriedienstleister",
        ["33.12", "33.20"], ["33.11"],
        ["Wartung und Instandhaltung", "Industriemontage"],
        ["Reparatur", "Retrofit von Maschinen", "MAG-Schweißen", "Rohrleitungsbau",
         "Schaltschrankbau", "Zerstörungsfreie Prüfung", "Schadensanalyse"],
        size_factor=1.2,
    ),
    _trade(
        "Instandhaltung", COMPANY, "33", 30, "Instandhaltungsbetrieb",
        ["33.12", "33.11"], ["33.20"],
        ["Wartung und Instandhaltung", "Reparatur"],
        ["Retrofit von Maschinen", "CNC-Drehen", "WIG-Schweißen", "Industrie-4.0-Beratung",
         "Montage"],
    ),
    _trade(
        "Industriemontage", COMPANY, "33", 20, "Montageunternehmen",
        ["33.20"], ["25.11"],
        ["Industriemontage", "Montage"],
        ["Stahlbau", "Rohrleitungsbau", "MAG-Schweißen", "Wartung und Instandhaltung",
         "Komponenten für Windenergieanlagen"],
    ),
    _trade(
        "Bahnservice", COMPANY, "33", 12, "Instandhalter für Schienenfahrzeuge",
        ["33.17"], ["30.20"],
        ["Komponenten für Schienenfahrzeuge", "Wartung und Instandhaltung"],
        ["Reparatur", "MAG-Schweißen", "Zerstörungsfreie Prüfung", "Pulverbeschichtung",
         "Retrofit von Maschinen"],
        size_factor=1.4,
    ),
    # --- companies, WZ 71 ------------------------------------------------------------------
    _trade(
        "Ingenieurbüro", COMPANY, "71", 60, "Ingenieurbüro",
        ["71.12"], ["72.19"],
        ["Konstruktion (CAD)", "FEM-Berechnung und Simulation"],
        ["Ingenieurdienstleistung Tragwerksplanung", "Fertigungsplanung und CAM",
         "Industrie-4.0-Beratung", "Energieberatung für Produktionsbetriebe",
         "Prototypenbau und Entwicklung", "Schweißaufsicht und Schweißzertifizierung",
         "Leichtbaustrukturen"],
        size_factor=0.8,
    ),
    _trade(
        "Prüftechnik", COMPANY, "71", 25, "Prüfdienstleister",
        ["71.20"], ["71.12"],
        ["Zerstörungsfreie Prüfung", "Prüflabor"],
        ["Werkstoffprüfung", "3D-Messtechnik", "Schadensanalyse",
         "Schweißaufsicht und Schweißzertifizierung", "Koordinatenmessmaschine zur Mitnutzung",
         "Prüffeld für Großbauteile"],
    ),
    _trade(
        "Werkstoffprüfung", COMPANY, "71", 15, "Werkstofflabor",
        ["71.20"], ["72.19"],
        ["Werkstoffprüfung", "Prüflabor"],
        ["Schadensanalyse", "Zugprüfmaschine zur Mitnutzung", "Zerstörungsfreie Prüfung",
         "Hochfeste Stähle", "Titan", "Forschungskooperation und Technologietransfer"],
    ),
    # --- companies, WZ 24 ------------------------------------------------------------------
    _trade(
        "Gießerei", COMPANY, "24", 22, "Gießerei",
        ["24.51", "24.53"], ["25.62"],
        ["Sandguss", "Gussteile"],
        ["Gusseisen", "Aluminium", "CNC-Fräsen", "Sekundäraluminium und Recyclingstahl",
         "Komponenten für Windenergieanlagen", "Komponenten für Schienenfahrzeuge",
         "Werkstoffprüfung", "Energieberatung für Produktionsbetriebe"],
        size_factor=1.8,
    ),
    _trade(
        "Leichtmetallguss", COMPANY, "24", 10, "Leichtmetallgießerei",
        ["24.53"], ["25.61"],
        ["Aluminium-Druckguss", "Aluminium"],
        ["Gussteile", "Sekundäraluminium und Recyclingstahl", "Komponenten für den Fahrzeugbau",
         "CNC-Fräsen", "Leichtbaustrukturen"],
        size_factor=1.8,
    ),
    _trade(
        "Drahtwerk", COMPANY, "24", 8, "Drahtwerk",
        ["24.34"], ["25.99"],
        ["Drahtziehen", "Drahterzeugnisse"],
        ["Baustahl", "Edelstahl", "Kupfer und Messing", "Komponenten für den Fahrzeugbau"],
        size_factor=1.6,
    ),
    _trade(
        "Profiltechnik", COMPANY, "24", 10, "Hersteller von Stahlprofilen",
        ["24.33"], ["25.11"],
        ["Kaltprofilieren", "Stahlprofile"],
        ["Baustahl", "Hochfeste Stähle", "Metallbau für die Bauwirtschaft",
         "Sekundäraluminium und Recyclingstahl", "Stanzen"],
        size_factor=1.8,
    ),
    # --- companies, WZ 72 ------------------------------------------------------------------
    _trade(
        "Technologieentwicklung", COMPANY, "72", 20, "Entwicklungsdienstleister",
        ["72.19"], ["71.12"],
        ["Prototypenbau und Entwicklung", "Forschungskooperation und Technologietransfer"],
        ["Additive Fertigung (3D-Metalldruck)", "Metall-3D-Drucker zur Mitnutzung",
         "FEM-Berechnung und Simulation", "Laserschweißen", "Industrie-4.0-Beratung",
         "Titan", "Werkstoffprüfung"],
        size_factor=0.9,
    ),
    _trade(
        "Leichtbauentwicklung", COMPANY, "72", 15, "Entwicklungsbüro für Leichtbau",
        ["72.19"], ["71.12"],
        ["Leichtbaustrukturen", "Faserverbund-Metall-Hybride"],
        ["Aluminium", "Titan", "FEM-Berechnung und Simulation",
         "Additive Fertigung (3D-Metalldruck)", "Bauteile für die Luftfahrt",
         "Prototypenbau und Entwicklung", "Forschungskooperation und Technologietransfer"],
        size_factor=0.9,
    ),
    # --- companies, WZ 27 / 29 / 30 ---------------------------------------------------------
    _trade(
        "Schaltanlagenbau", COMPANY, "27", 7, "Schaltanlagenbauer",
        ["27.12"], ["33.20"],
        ["Schaltschrankbau", "Blechgehäuse"],
        ["Automatisierungslösungen", "Industriemontage", "Kupfer und Messing",
         "Komponenten für Wasserstoff- und Energietechnik"],
    ),
    _trade(
        "Fahrzeugteile", COMPANY, "29", 4, "Automobilzulieferer",
        ["29.32"], ["25.50"],
        ["Komponenten für den Fahrzeugbau", "Stanzen"],
        ["Tiefziehen", "Roboterschweißen", "Hochfeste Stähle", "Aluminium",
         "Qualitätsmanagement nach ISO 9001", "Leichtbaustrukturen"],
        size_factor=2.0,
    ),
    _trade(
        "Bahntechnik", COMPANY, "30", 4, "Hersteller von Schienenfahrzeugkomponenten",
        ["30.20"], ["33.17"],
        ["Komponenten für Schienenfahrzeuge", "Schweißbaugruppen"],
        ["MAG-Schweißen", "Roboterschweißen", "Aluminium", "Zerstörungsfreie Prüfung",
         "Montage"],
        size_factor=2.0,
    ),
)  # fmt: skip


# --- Sizes and legal forms ------------------------------------------------------------------

# Share per size class (per 1,000), by kind; all demo actors together come to about
# 60 % 1–9, 30 % 10–49, 8 % 50–249 and 2 % 250+ employees.
MICRO, SMALL, MEDIUM, LARGE = SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE

SIZE_WEIGHTS = {
    COMPANY: {MICRO: 525, SMALL: 335, MEDIUM: 110, LARGE: 30},
    CRAFT_BUSINESS: {MICRO: 750, SMALL: 230, MEDIUM: 20, LARGE: 0},
}

# Employees per size class: (lowest, highest, mode) of a triangular distribution.
EMPLOYEE_RANGES = {
    MICRO: (1, 9, 2),
    SMALL: (10, 49, 12),
    MEDIUM: (50, 249, 55),
    LARGE: (250, 1200, 250),
}

LEGAL_FORMS = {
    COMPANY: {
        MICRO: {
            "GmbH": 55,
            "UG (haftungsbeschränkt)": 15,
            "e. K.": 12,
            "GmbH & Co. KG": 10,
            "KG": 8,
        },
        SMALL: {"GmbH": 65, "GmbH & Co. KG": 20, "KG": 5, "OHG": 4, "e. K.": 6},
        MEDIUM: {"GmbH": 60, "GmbH & Co. KG": 30, "AG": 5, "KG": 5},
        LARGE: {"GmbH": 50, "GmbH & Co. KG": 30, "AG": 20},
    },
    CRAFT_BUSINESS: {
        MICRO: {"e. K.": 45, "GmbH": 25, "GbR": 15, "UG (haftungsbeschränkt)": 10, "OHG": 5},
        SMALL: {"GmbH": 55, "e. K.": 25, "GmbH & Co. KG": 10, "OHG": 10},
        MEDIUM: {"GmbH": 70, "GmbH & Co. KG": 30},
        LARGE: {"GmbH": 70, "GmbH & Co. KG": 30},
    },
}


# --- Places (facts) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Town:
    """A municipality (official name) with one of its postal codes and approximate centre."""

    name: str
    postal_code: str
    latitude: float
    longitude: float
    weight: int = 1


# Keyed by the district's 5-digit AGS. Names are the official municipality names, so that they
# match the municipalities of the growth cores (RWK). Several entries of one city are parts of
# it with their own postal code. Weights (synthetic) make bigger and industrial towns likelier.
TOWNS: dict[str, tuple[Town, ...]] = {
    "12051": (  # Brandenburg an der Havel
        Town("Brandenburg an der Havel", "14770", 52.4180, 12.5500, 3),
        Town("Brandenburg an der Havel", "14772", 52.4300, 12.5800, 2),
        Town("Brandenburg an der Havel", "14774", 52.3750, 12.4200, 2),
        Town("Brandenburg an der Havel", "14776", 52.4000, 12.5450, 2),
    ),
    "12052": (  # Cottbus
        Town("Cottbus", "03044", 51.7800, 14.3500, 2),
        Town("Cottbus", "03046", 51.7570, 14.3300, 2),
        Town("Cottbus", "03048", 51.7400, 14.3400, 2),
        Town("Cottbus", "03055", 51.7500, 14.3800, 1),
    ),
    "12053": (  # Frankfurt (Oder)
        Town("Frankfurt (Oder)", "15230", 52.3470, 14.5500, 2),
        Town("Frankfurt (Oder)", "15232", 52.3300, 14.5300, 2),
        Town("Frankfurt (Oder)", "15234", 52.3700, 14.5200, 2),
        Town("Frankfurt (Oder)", "15236", 52.3050, 14.5000, 1),
    ),
    "12054": (  # Potsdam
        Town("Potsdam", "14467", 52.3990, 13.0600, 1),
        Town("Potsdam", "14469", 52.4150, 13.0300, 2),
        Town("Potsdam", "14478", 52.3700, 13.0900, 2),
        Town("Potsdam", "14480", 52.3650, 13.1200, 2),
        Town("Potsdam", "14482", 52.3900, 13.1100, 2),
    ),
    "12060": (  # Barnim
        Town("Eberswalde", "16225", 52.8330, 13.8200, 3),
        Town("Eberswalde", "16227", 52.8350, 13.7500, 3),
        Town("Bernau bei Berlin", "16321", 52.6790, 13.5870, 3),
        Town("Panketal", "16341", 52.6580, 13.5300, 1),
        Town("Wandlitz", "16348", 52.7420, 13.4570, 1),
        Town("Werneuchen", "16356", 52.6330, 13.7350, 1),
    ),
    "12061": (  # Dahme-Spreewald
        Town("Königs Wusterhausen", "15711", 52.3010, 13.6310, 3),
        Town("Wildau", "15745", 52.3190, 13.6330, 3),
        Town("Schönefeld", "12529", 52.3890, 13.5050, 2),
        Town("Lübben (Spreewald)", "15907", 51.9400, 13.8950, 1),
        Town("Luckau", "15926", 51.8530, 13.7070, 1),
        Town("Mittenwalde", "15749", 52.2630, 13.5330, 1),
    ),
    "12062": (  # Elbe-Elster
        Town("Finsterwalde", "03238", 51.6340, 13.7070, 3),
        Town("Massen-Niederlausitz", "03238", 51.6400, 13.7600, 2),
        Town("Herzberg (Elster)", "04916", 51.6870, 13.2340, 1),
        Town("Bad Liebenwerda", "04924", 51.5170, 13.3980, 1),
        Town("Elsterwerda", "04910", 51.4600, 13.5200, 1),
        Town("Doberlug-Kirchhain", "03253", 51.6260, 13.5630, 1),
    ),
    "12063": (  # Havelland
        Town("Falkensee", "14612", 52.5600, 13.0930, 2),
        Town("Rathenow", "14712", 52.6050, 12.3370, 3),
        Town("Nauen", "14641", 52.6050, 12.8770, 2),
        Town("Premnitz", "14727", 52.5300, 12.3300, 2),
        Town("Wustermark", "14641", 52.5500, 12.9500, 2),
        Town("Brieselang", "14656", 52.5830, 12.9900, 1),
    ),
    "12064": (  # Märkisch-Oderland
        Town("Strausberg", "15344", 52.5790, 13.8830, 3),
        Town("Neuenhagen bei Berlin", "15366", 52.5300, 13.6900, 2),
        Town("Rüdersdorf bei Berlin", "15562", 52.4750, 13.7800, 2),
        Town("Seelow", "15306", 52.5330, 14.3800, 1),
        Town("Bad Freienwalde (Oder)", "16259", 52.7870, 14.0320, 1),
        Town("Müncheberg", "15374", 52.5060, 14.1400, 1),
    ),
    "12065": (  # Oberhavel
        Town("Oranienburg", "16515", 52.7550, 13.2370, 3),
        Town("Hennigsdorf", "16761", 52.6370, 13.2040, 3),
        Town("Velten", "16727", 52.6920, 13.1750, 2),
        Town("Hohen Neuendorf", "16540", 52.6700, 13.2870, 1),
        Town("Zehdenick", "16792", 52.9800, 13.3330, 1),
        Town("Gransee", "16775", 53.0070, 13.1580, 1),
    ),
    "12066": (  # Oberspreewald-Lausitz
        Town("Senftenberg", "01968", 51.5250, 14.0000, 2),
        Town("Lauchhammer", "01979", 51.4970, 13.7670, 3),
        Town("Schwarzheide", "01987", 51.4770, 13.8660, 2),
        Town("Großräschen", "01983", 51.5870, 14.0100, 1),
        Town("Lübbenau/Spreewald", "03222", 51.8670, 13.9670, 1),
        Town("Calau", "03205", 51.7450, 13.9460, 1),
    ),
    "12067": (  # Oder-Spree
        Town("Fürstenwalde/Spree", "15517", 52.3610, 14.0600, 3),
        Town("Eisenhüttenstadt", "15890", 52.1450, 14.6370, 3),
        Town("Beeskow", "15848", 52.1720, 14.2470, 1),
        Town("Erkner", "15537", 52.4220, 13.7540, 2),
        Town("Storkow (Mark)", "15859", 52.2570, 13.9330, 1),
        Town("Schöneiche bei Berlin", "15566", 52.4730, 13.6900, 1),
    ),
    "12068": (  # Ostprignitz-Ruppin
        Town("Neuruppin", "16816", 52.9250, 12.8060, 3),
        Town("Wittstock/Dosse", "16909", 53.1620, 12.4850, 2),
        Town("Kyritz", "16866", 52.9420, 12.3960, 1),
        Town("Rheinsberg", "16831", 53.0990, 12.8970, 1),
        Town("Fehrbellin", "16833", 52.8130, 12.7640, 1),
    ),
    "12069": (  # Potsdam-Mittelmark
        Town("Werder (Havel)", "14542", 52.3780, 12.9340, 2),
        Town("Teltow", "14513", 52.4020, 13.2700, 3),
        Town("Stahnsdorf", "14532", 52.3830, 13.2170, 2),
        Town("Beelitz", "14547", 52.2380, 12.9670, 1),
        Town("Michendorf", "14552", 52.3130, 13.0270, 1),
        Town("Bad Belzig", "14806", 52.1420, 12.5950, 1),
    ),
    "12070": (  # Prignitz
        Town("Wittenberge", "19322", 53.0000, 11.7510, 2),
        Town("Perleberg", "19348", 53.0760, 11.8610, 2),
        Town("Pritzwalk", "16928", 53.1490, 12.1760, 2),
        Town("Karstädt", "19357", 53.1620, 11.7400, 1),
        Town("Meyenburg", "16945", 53.3160, 12.2400, 1),
    ),
    "12071": (  # Spree-Neiße
        Town("Spremberg", "03130", 51.5700, 14.3740, 3),
        Town("Guben", "03172", 51.9510, 14.7170, 2),
        Town("Forst (Lausitz)", "03149", 51.7360, 14.6380, 2),
        Town("Peitz", "03185", 51.8580, 14.4120, 1),
        Town("Drebkau", "03116", 51.6500, 14.2200, 1),
        Town("Welzow", "03119", 51.5830, 14.1700, 1),
    ),
    "12072": (  # Teltow-Fläming
        Town("Ludwigsfelde", "14974", 52.3000, 13.2670, 3),
        Town("Luckenwalde", "14943", 52.0900, 13.1680, 3),
        Town("Zossen", "15806", 52.2160, 13.4490, 1),
        Town("Jüterbog", "14913", 51.9930, 13.0730, 1),
        Town("Blankenfelde-Mahlow", "15831", 52.3500, 13.4000, 2),
        Town("Trebbin", "14959", 52.2200, 13.2200, 1),
    ),
    "12073": (  # Uckermark
        Town("Schwedt/Oder", "16303", 53.0600, 14.2830, 3),
        Town("Prenzlau", "17291", 53.3170, 13.8630, 3),
        Town("Angermünde", "16278", 53.0150, 13.9940, 1),
        Town("Templin", "17268", 53.1170, 13.5000, 1),
        Town("Gartz (Oder)", "16307", 53.2080, 14.3900, 1),
    ),
}

# Synthetic share of demo actors per district (per 1,000): the three districts the masterplan
# names as having the most metal companies lead; every district has some.
DISTRICT_WEIGHTS = {
    "12069": 122,  # Potsdam-Mittelmark
    "12067": 108,  # Oder-Spree
    "12072": 98,  # Teltow-Fläming
    "12061": 75,  # Dahme-Spreewald
    "12065": 75,  # Oberhavel
    "12063": 65,  # Havelland
    "12064": 65,  # Märkisch-Oderland
    "12060": 56,  # Barnim
    "12062": 47,  # Elbe-Elster
    "12066": 47,  # Oberspreewald-Lausitz
    "12071": 42,  # Spree-Neiße
    "12073": 37,  # Uckermark
    "12068": 37,  # Ostprignitz-Ruppin
    "12070": 28,  # Prignitz
    "12051": 28,  # Brandenburg an der Havel
    "12052": 28,  # Cottbus
    "12054": 23,  # Potsdam
    "12053": 19,  # Frankfurt (Oder)
}

STREETS = (
    "Industriestraße",
    "Gewerbering",
    "Am Gewerbepark",
    "Handwerkerstraße",
    "Werkstraße",
    "Hauptstraße",
    "Bahnhofstraße",
    "Gewerbestraße",
    "Am Hafen",
    "Zum Technologiepark",
    "Schmiedestraße",
    "Rudolf-Diesel-Straße",
    "Otto-Lilienthal-Straße",
    "Siemensstraße",
    "Am Walzwerk",
    "Gießereistraße",
)


# --- Fake contact persons -------------------------------------------------------------------

CONTACT_FIRST_NAMES = (
    "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannes", "Ida", "Jonas",
    "Katrin", "Lukas", "Marie", "Nils", "Olga", "Paul", "Rieke", "Stefan", "Tanja", "Uwe",
)  # fmt: skip
# Last names that read as placeholders, so nobody mistakes a demo contact for a real person.
CONTACT_LAST_NAMES = (
    "Mustermann", "Musterfrau", "Beispiel", "Platzhalter", "Probe", "Testperson", "Demo",
    "Fiktiv", "Erfunden", "Ausgedacht",
)  # fmt: skip
CONTACT_FUNCTIONS = {
    COMPANY: (
        "Geschäftsführung",
        "Technische Leitung",
        "Vertrieb",
        "Einkauf",
        "Qualitätsmanagement",
        "Ausbildungsleitung",
    ),
    CRAFT_BUSINESS: ("Inhaber/in", "Meister/in", "Büroleitung", "Ausbildung"),
}
