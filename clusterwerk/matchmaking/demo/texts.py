"""The demo listings as written: forty listings of every kind in the words of small metal
firms and craft businesses (`LISTINGS`), with their status, dates relative to today and the
expressions of interest they get, and the messages of those interests. Nothing of it is real.
"""

from collections import Counter
from dataclasses import dataclass

from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.queries import FIRST_DEMO_COMPANY_ID
from clusterwerk.matchmaking.models import (
    InterestStatus,
    ListingKind,
    ListingStatus,
    Maturity,
    RegionScope,
)

PUBLISHED = ListingStatus.PUBLISHED
MAX_VALIDITY_DAYS = 365
MIN_REMAINING_DAYS = 14  # a published demo listing runs at least this long from today


@dataclass(frozen=True)
class InterestSpec:
    status: str
    after_days: int  # sent this many days after the listing was published (capped at today)
    decided_after: int = 4  # decided (or withdrawn) this many days after it was sent


@dataclass(frozen=True)
class ListingSpec:
    kind: str
    title: str
    description: str
    keywords: tuple[str, ...]
    topics: tuple[str, ...]
    trade: str = ""  # preferred owner: a demo actor "Demo-<trade> …"
    owner: str = ""  # or exactly this demo actor (external id)
    partner_kinds: tuple[str, ...] = ()
    region: str = RegionScope.BERLIN_BRANDENBURG
    radius_km: int | None = None
    districts: tuple[str, ...] = ()
    maturity: str = ""
    anonymous: bool = False
    cross_cluster: bool = False
    status: str = PUBLISHED
    days_ago: int = 0  # published (or, for drafts and listings in review, written) days ago
    runs_days: int = 60  # published: expires this many days from today; expired/closed: ago
    interests: tuple[InterestSpec, ...] = ()


COMPANY, CRAFT = ActorKind.COMPANY, ActorKind.CRAFT_BUSINESS
INSTITUTE, UNIVERSITY = ActorKind.RESEARCH_INSTITUTE, ActorKind.UNIVERSITY
TRANSFER = ActorKind.TRANSFER_OFFICE
ACCEPTED, DECLINED = InterestStatus.ACCEPTED, InterestStatus.DECLINED
PENDING, WITHDRAWN = InterestStatus.PENDING, InterestStatus.WITHDRAWN
K = ListingKind

LISTINGS: tuple[ListingSpec, ...] = (
    # --- Technologie-Angebote ------------------------------------------------------------------
    ListingSpec(
        K.TECHNOLOGY_OFFER,
        "Laserschneiden bis 20 mm Baustahl – freie Schichten",
        "Unsere 6-kW-Faserlaseranlage hat wieder freie Kapazität. Wir schneiden Baustahl bis "
        "20 mm, Edelstahl bis 12 mm und Aluminium bis 10 mm, auf Wunsch entgratet und gekantet. "
        "Schon ab einem Stück; im Umkreis liefern wir mit eigenem Fahrzeug.",
        ("Laserschneiden", "Blechbearbeitung", "Lohnfertigung", "Edelstahl"),
        ("4.4.2", "5.1.1"),
        trade="Blechtechnik",
        partner_kinds=(COMPANY, CRAFT),
        region=RegionScope.RADIUS,
        radius_km=100,
        maturity=Maturity.MARKET_READY,
        days_ago=340,
        runs_days=20,
        interests=(InterestSpec(ACCEPTED, 12), InterestSpec(DECLINED, 35, 6)),
    ),
    ListingSpec(
        K.TECHNOLOGY_OFFER,
        "Roboterschweißzelle für Kleinserien",
        "MAG-Schweißen von Baugruppen bis zwei Tonnen in einer Roboterzelle mit Dreh-Kipp-"
        "Tisch. Die Programme erstellen wir offline aus Ihren 3D-Daten – so rechnet sich die "
        "Zelle schon ab etwa zwanzig Stück.",
        ("Schweißen", "Roboter", "Kleinserie", "Baugruppen"),
        ("4.4.2", "4.3.5"),
        trade="Stahlbau",
        maturity=Maturity.MARKET_READY,
        days_ago=300,
        runs_days=50,
    ),
    ListingSpec(
        K.TECHNOLOGY_OFFER,
        "Pulverbeschichtung im Lohnauftrag, auch Einzelteile",
        "Pulverbeschichtung von Teilen bis 6 m Länge in allen RAL-Farben, mit Vorbehandlung "
        "und Strahlen. Für Handwerksbetriebe nehmen wir auch einzelne Geländer oder Tore an.",
        ("Pulverbeschichtung", "Korrosionsschutz", "Oberfläche"),
        ("4.2.2",),
        trade="Oberflächentechnik",
        partner_kinds=(CRAFT, COMPANY),
        maturity=Maturity.MARKET_READY,
        days_ago=262,
        runs_days=90,
    ),
    ListingSpec(
        K.TECHNOLOGY_OFFER,
        "3D-Vermessung von Bauteilen mit Streifenlichtscanner",
        "Wir vermessen Guss-, Schmiede- und Blechteile berührungslos und liefern einen "
        "Soll-Ist-Vergleich mit Ihren CAD-Daten, auch für die Erstmusterprüfung.",
        ("Messtechnik", "Qualitätssicherung", "Erstmusterprüfung", "3D-Scan"),
        ("4.3.4",),
        trade="Prüftechnik",
        maturity=Maturity.MARKET_READY,
        anonymous=True,
        days_ago=214,
        runs_days=120,
    ),
    ListingSpec(
        K.TECHNOLOGY_OFFER,
        "Digitaler Zwilling für Abkantpressen – Pilotbetriebe gesucht",
        "Unser Prototyp bildet Biegefolgen und Rückfederung einer Abkantpresse am Rechner ab "
        "und spart Probebiegungen. Wir suchen zwei Betriebe, die ihn an ihrer Maschine testen.",
        ("Digitaler Zwilling", "Biegen", "Simulation", "Digitalisierung"),
        ("4.3.1", "4.4.3"),
        trade="Technologieentwicklung",
        partner_kinds=(COMPANY, CRAFT),
        maturity=Maturity.PROTOTYPE,
        days_ago=96,
        runs_days=200,
    ),
    ListingSpec(
        K.TECHNOLOGY_OFFER,
        "Vakuumhärten auch für kleine Mengen",
        "Vakuumhärten, Anlassen und Einsatzhärten von Werkzeug- und Vergütungsstählen. Kleine "
        "Chargen fahren wir gesammelt einmal pro Woche, mit Härteprüfprotokoll.",
        ("Wärmebehandlung", "Härten", "Werkzeugstahl"),
        ("4.4.1",),
        trade="Härtetechnik",
        region=RegionScope.GERMANY,
        maturity=Maturity.MARKET_READY,
        days_ago=33,
        runs_days=240,
    ),
    # --- Technologie-Gesuche -------------------------------------------------------------------
    ListingSpec(
        K.TECHNOLOGY_REQUEST,
        "Wirtschaftliches Entgraten von Laserteilen gesucht",
        "Wir entgraten bisher von Hand und suchen ein Verfahren oder eine Maschine für "
        "Blechteile von 1 bis 15 mm, das sich bei unseren Stückzahlen lohnt. Erfahrungen "
        "anderer Betriebe sind genauso willkommen wie ein Angebot.",
        ("Entgraten", "Laserteile", "Automatisierung"),
        ("4.4.2",),
        trade="Metallbau",
        partner_kinds=(COMPANY, INSTITUTE),
        days_ago=150,
        runs_days=100,
        interests=(InterestSpec(PENDING, 120),),
    ),
    ListingSpec(
        K.TECHNOLOGY_REQUEST,
        "Sensoren zur Zustandsüberwachung unserer Pressen",
        "Wir möchten Verschleiß an drei Exzenterpressen früher erkennen. Gesucht ist ein "
        "Partner, der Sensorik nachrüstet und die Daten verständlich aufbereitet.",
        ("Zustandsüberwachung", "Sensorik", "Instandhaltung", "Predictive Maintenance"),
        ("4.2.3", "4.4.3"),
        trade="Präzisionsteile",
        partner_kinds=(COMPANY, TRANSFER),
        anonymous=True,
        days_ago=75,
        runs_days=150,
    ),
    ListingSpec(
        K.TECHNOLOGY_REQUEST,
        "Chargenrückverfolgung ohne großes ERP",
        "Für Kunden aus der Bahntechnik müssen wir Material und Schweißer je Bauteil nachweisen. "
        "Wer kennt eine schlanke Lösung für einen Betrieb mit 30 Beschäftigten?",
        ("Rückverfolgbarkeit", "Software", "Qualitätsmanagement"),
        ("4.3.4", "4.3.5"),
        trade="Bahnservice",
        days_ago=44,
        runs_days=130,
    ),
    ListingSpec(
        K.TECHNOLOGY_REQUEST,
        "Aluminiumspäne sortenrein sammeln und verwerten",
        "Bei uns fallen jährlich rund 40 t Aluminiumspäne an, vermischt mit Kühlschmierstoff. "
        "Wir suchen Technik zum Brikettieren oder einen Abnehmer, der sortenrein verwertet.",
        ("Recycling", "Aluminium", "Späne", "Materialeffizienz"),
        ("4.3.3",),
        trade="Leichtmetallguss",
        days_ago=12,
        runs_days=180,
    ),
    ListingSpec(
        K.TECHNOLOGY_REQUEST,
        "Druckluft sparen – wer hat es schon gemacht?",
        "Unsere Kompressoren laufen auch am Wochenende. Wir suchen einen Betrieb oder Berater, "
        "der Leckagen gefunden und den Verbrauch messbar gesenkt hat.",
        ("Energieeffizienz", "Druckluft", "Dekarbonisierung"),
        ("4.3.2",),
        trade="Werkzeugbau",
        status=ListingStatus.IN_REVIEW,
        days_ago=2,
        runs_days=120,
    ),
    ListingSpec(
        K.TECHNOLOGY_REQUEST,
        "Fertigungsnetz gegen Angriffe absichern",
        "Unsere CNC-Maschinen hängen am Büronetz. Wir suchen Hilfe, das Netz zu trennen und "
        "Fernwartung sicher zu machen.",
        ("Informationssicherheit", "Netzwerk", "Fernwartung"),
        ("4.3.7",),
        trade="Sondermaschinenbau",
        status=ListingStatus.DRAFT,
        days_ago=6,
        runs_days=90,
    ),
    # --- Geschäfts-Angebote --------------------------------------------------------------------
    ListingSpec(
        K.BUSINESS_OFFER,
        "Montagekolonne für Stahlbau in Südbrandenburg frei",
        "Zwei erfahrene Monteure mit Hubsteiger und Schweißgerät sind ab nächstem Monat frei "
        "für Hallen-, Bühnen- und Treppenmontagen zwischen Cottbus und Finsterwalde.",
        ("Montage", "Stahlbau", "Baustelle"),
        ("5.1.1",),
        trade="Montageservice",
        region=RegionScope.DISTRICTS,
        districts=("12052", "12071", "12066", "12062"),
        days_ago=230,
        runs_days=40,
    ),
    ListingSpec(
        K.BUSINESS_OFFER,
        "Gemeinsamer Messestand – zwei Plätze frei",
        "Für eine Zuliefermesse haben wir einen Gemeinschaftsstand gebucht. Zwei Betriebe "
        "können sich Fläche, Standbau und Kosten mit uns teilen.",
        ("Messe", "Marketing", "Gemeinschaftsstand"),
        ("5.3.1", "5.1.3"),
        trade="Fördertechnik",
        cross_cluster=True,
        region=RegionScope.GERMANY,
        days_ago=190,
        runs_days=25,
    ),
    ListingSpec(
        K.BUSINESS_OFFER,
        "Lohndrehen bis Ø 300 mm, Serie und Einzelteil",
        "CNC-Drehen und Fräsen von Wellen, Flanschen und Buchsen bis 300 mm Durchmesser, "
        "Losgröße 1 bis 5.000. Kurze Wege und Lieferung innerhalb einer Woche.",
        ("Drehen", "Zerspanung", "Lohnfertigung", "CNC"),
        ("5.1.1", "4.4.2"),
        trade="Dreherei",
        region=RegionScope.RADIUS,
        radius_km=80,
        maturity=Maturity.MARKET_READY,
        days_ago=175,
        runs_days=100,
        interests=(InterestSpec(DECLINED, 20, 10),),
    ),
    ListingSpec(
        K.BUSINESS_OFFER,
        "Schlosserei mit festem Kundenstamm sucht Nachfolge",
        "Der Inhaber geht in drei Jahren in den Ruhestand. Werkstatt, Maschinen und ein "
        "eingespieltes Team von sechs Leuten sollen weitergeführt werden.",
        ("Unternehmensnachfolge", "Übernahme", "Handwerk"),
        ("6.3.8",),
        trade="Schlosserei",
        anonymous=True,
        days_ago=128,
        runs_days=200,
    ),
    ListingSpec(
        K.BUSINESS_OFFER,
        "Reparatur von Landmaschinenteilen – auch in der Ernte",
        "Wir schweißen, richten und ersetzen Verschleißteile an Landmaschinen, in der "
        "Erntezeit auch am Wochenende. Partnerbetriebe für Ersatzteile sind willkommen.",
        ("Reparatur", "Landtechnik", "Instandsetzung", "Verschleißteile"),
        ("4.2.3",),
        trade="Landtechnik-Service",
        days_ago=58,
        runs_days=160,
    ),
    ListingSpec(
        K.BUSINESS_OFFER,
        "Markteinstieg in Polen gemeinsam angehen",
        "Wir haben einen Vertriebspartner in Gorzów und suchen zwei Betriebe mit passendem "
        "Programm, um Reisen, Übersetzungen und Messen zu teilen.",
        ("Export", "Polen", "Vertrieb", "Internationalisierung"),
        ("5.1.3",),
        trade="Behälterbau",
        region=RegionScope.EU,
        cross_cluster=True,
        status=ListingStatus.EXPIRED,
        days_ago=330,
        runs_days=25,
    ),
    # --- Geschäfts-Gesuche ---------------------------------------------------------------------
    ListingSpec(
        K.BUSINESS_REQUEST,
        "Zulieferer für Edelstahl-Geländerteile gesucht",
        "Für Balkon- und Treppengeländer brauchen wir regelmäßig gekantete und geschliffene "
        "Edelstahlteile (1.4301, 2–4 mm), etwa 200 Stück im Monat. Gesucht ist ein fester "
        "Partner in der Nähe, gern ein Handwerksbetrieb.",
        ("Edelstahl", "Geländer", "Zulieferung", "Kanten"),
        ("5.1.1", "5.1.2"),
        owner=FIRST_DEMO_COMPANY_ID,
        partner_kinds=(CRAFT, COMPANY),
        region=RegionScope.RADIUS,
        radius_km=60,
        days_ago=40,
        runs_days=140,
        interests=(InterestSpec(ACCEPTED, 9, 3), InterestSpec(PENDING, 35)),
    ),
    ListingSpec(
        K.BUSINESS_REQUEST,
        "Feuerverzinkerei in der Lausitz gesucht",
        "Wir verzinken bisher in Sachsen und verlieren dabei jede Woche einen Tag. Gesucht ist "
        "eine Verzinkerei in der Lausitz für Teile bis 7 m.",
        ("Feuerverzinken", "Korrosionsschutz", "Lohnauftrag"),
        ("5.1.1",),
        trade="Stahlbau",
        region=RegionScope.DISTRICTS,
        districts=("12071", "12066", "12052", "12061"),
        days_ago=270,
        runs_days=60,
        interests=(InterestSpec(ACCEPTED, 30, 7),),
    ),
    ListingSpec(
        K.BUSINESS_REQUEST,
        "Partner für Schaltschrankbau gesucht",
        "Für Sondermaschinen suchen wir einen Partner, der Schaltschränke nach unseren Plänen "
        "baut und verdrahtet – gern aus dem Cluster Energietechnik.",
        ("Schaltschrank", "Elektrotechnik", "Sondermaschinen"),
        ("5.1.4",),
        trade="Sondermaschinenbau",
        cross_cluster=True,
        days_ago=110,
        runs_days=110,
    ),
    ListingSpec(
        K.BUSINESS_REQUEST,
        "Abnehmer für Restbleche und Verschnitt",
        "Wir haben laufend Restbleche aus Baustahl und Edelstahl (ab 0,5 m²), die für andere "
        "Betriebe noch nützlich sind. Abgabe günstig, Abholung ab Werk.",
        ("Restbleche", "Verschnitt", "Materialeffizienz", "Kreislaufwirtschaft"),
        ("4.3.3",),
        trade="Blechtechnik",
        anonymous=True,
        days_ago=21,
        runs_days=200,
    ),
    ListingSpec(
        K.BUSINESS_REQUEST,
        "Bietergemeinschaft für eine Hallen-Ausschreibung",
        "Für eine öffentliche Ausschreibung (Stahlhalle mit Kran) suchen wir einen Partner "
        "für Dach und Wand. Wir bringen Statik, Stahlbau und Montage ein.",
        ("Ausschreibung", "Bietergemeinschaft", "Hallenbau"),
        ("5.1.2",),
        trade="Metallbau",
        status=ListingStatus.CLOSED,
        days_ago=280,
        runs_days=200,
        interests=(InterestSpec(ACCEPTED, 14, 5), InterestSpec(DECLINED, 20, 8)),
    ),
    ListingSpec(
        K.BUSINESS_REQUEST,
        "Schweißfachbetrieb nach EN 1090 EXC2 gesucht",
        "Für Aufträge über unsere Zertifizierung hinaus suchen wir einen Betrieb mit "
        "EN 1090 EXC2, der Tragwerksteile nach unseren Zeichnungen schweißt.",
        ("EN 1090", "Schweißfachbetrieb", "Stahlbau"),
        ("5.1.2",),
        trade="Schlosserei",
        status=ListingStatus.IN_REVIEW,
        days_ago=3,
        runs_days=150,
    ),
    # --- F&E-Kooperationsgesuche ---------------------------------------------------------------
    ListingSpec(
        K.RDI_REQUEST,
        "Leichte Rahmen aus hochfesten Stählen – Forschungspartner gesucht",
        "Wir bauen Rahmen für Anhänger und wollen mit hochfesten Stählen ein Viertel Gewicht "
        "sparen. Gesucht ist ein Institut für Auslegung, Schweißversuche und Prüfung, "
        "möglichst mit einem ZIM-Antrag.",
        ("Leichtbau", "hochfeste Stähle", "Schweißen", "Fahrzeugbau"),
        ("4.4.1", "4.2.1"),
        trade="Fahrzeugteile",
        partner_kinds=(INSTITUTE, UNIVERSITY),
        region=RegionScope.RADIUS,
        radius_km=150,
        maturity=Maturity.IDEA,
        days_ago=245,
        runs_days=100,
        interests=(InterestSpec(ACCEPTED, 25, 12),),
    ),
    ListingSpec(
        K.RDI_REQUEST,
        "Dichtflächen für Wasserstoff-Armaturen",
        "Wir fertigen Armaturengehäuse und wollen sie für Wasserstoff qualifizieren. Für "
        "Oberflächen- und Dichtheitsprüfungen suchen wir Partner aus der Forschung.",
        ("Wasserstoff", "Dichtheit", "Oberfläche", "Armaturen"),
        ("4.2.2", "5.2.2"),
        trade="Präzisionsteile",
        partner_kinds=(INSTITUTE, UNIVERSITY),
        maturity=Maturity.PROTOTYPE,
        anonymous=True,
        days_ago=160,
        runs_days=150,
    ),
    ListingSpec(
        K.RDI_REQUEST,
        "KI-gestützte Prüfung von Schweißnähten",
        "Wir möchten Schweißnähte mit Kamera und Bildauswertung direkt nach dem Schweißen "
        "prüfen. Gesucht: eine Hochschule, die mit uns Daten sammelt und ein Modell trainiert.",
        ("Schweißnahtprüfung", "Bildverarbeitung", "Künstliche Intelligenz"),
        ("4.3.4", "4.4.3"),
        trade="Schweißtechnik",
        partner_kinds=(UNIVERSITY, INSTITUTE),
        maturity=Maturity.IDEA,
        days_ago=88,
        runs_days=200,
        interests=(InterestSpec(ACCEPTED, 18, 9),),
    ),
    ListingSpec(
        K.RDI_REQUEST,
        "Ersatzteile aus dem Metall-3D-Drucker",
        "Viele Ersatzteile unserer Kunden sind nicht mehr lieferbar. Wir wollen prüfen, "
        "welche sich additiv fertigen lassen, und suchen Partner mit Anlagen und Erfahrung.",
        ("Additive Fertigung", "3D-Druck", "Ersatzteile"),
        ("4.4.2", "4.2.3"),
        trade="Instandhaltung",
        partner_kinds=(INSTITUTE, COMPANY),
        maturity=Maturity.IDEA,
        days_ago=52,
        runs_days=220,
    ),
    ListingSpec(
        K.RDI_REQUEST,
        "Reallabor: fahrerlose Transportsysteme in der Halle",
        "Wir stellen eine Halle als Testfeld für fahrerlose Transportsysteme zur Verfügung "
        "und suchen Forschung und Anbieter, die dort mit echten Abläufen erproben.",
        ("Reallabor", "Intralogistik", "Testfeld", "Automatisierung"),
        ("5.2.3", "4.3.5"),
        trade="Anlagenbau",
        partner_kinds=(INSTITUTE, UNIVERSITY, COMPANY),
        cross_cluster=True,
        maturity=Maturity.PROTOTYPE,
        days_ago=16,
        runs_days=300,
    ),
    ListingSpec(
        K.RDI_REQUEST,
        "Verschleißschutzschicht für Schneidwerkzeuge",
        "Unsere Stanzwerkzeuge verschleißen an Edelstahl schnell. Wir suchen ein Institut für "
        "Versuche mit neuen Beschichtungen.",
        ("Beschichtung", "Verschleiß", "Werkzeug"),
        ("4.4.1",),
        trade="Werkzeugbau",
        partner_kinds=(INSTITUTE,),
        status=ListingStatus.EXPIRED,
        days_ago=300,
        runs_days=10,
        interests=(InterestSpec(WITHDRAWN, 40, 6),),
    ),
    # --- Maschinen- und Laborteilung -----------------------------------------------------------
    ListingSpec(
        K.EQUIPMENT_SHARING,
        "Abkantpresse 4 m / 250 t stundenweise nutzen",
        "Unsere Abkantpresse steht an zwei Tagen pro Woche still. Betriebe aus der Umgebung "
        "können sie mit oder ohne unseren Bediener stundenweise nutzen.",
        ("Abkantpresse", "Kanten", "Maschinenteilung"),
        ("5.1.1",),
        trade="Metallbau",
        partner_kinds=(CRAFT, COMPANY),
        region=RegionScope.RADIUS,
        radius_km=50,
        days_ago=205,
        runs_days=150,
        interests=(InterestSpec(ACCEPTED, 16, 2), InterestSpec(PENDING, 180)),
    ),
    ListingSpec(
        K.EQUIPMENT_SHARING,
        "Zugprüfmaschine gemeinsam nutzen",
        "Wir haben eine 100-kN-Zugprüfmaschine, die wir nur selten brauchen. Andere Betriebe "
        "können dort Proben prüfen lassen oder selbst prüfen.",
        ("Zugversuch", "Werkstoffprüfung", "Labor"),
        ("4.3.4",),
        trade="Werkstoffprüfung",
        days_ago=140,
        runs_days=180,
    ),
    ListingSpec(
        K.EQUIPMENT_SHARING,
        "Koordinatenmessgerät – freie Messzeiten",
        "Auf unserem klimatisierten Koordinatenmessgerät sind freie Zeiten zu vergeben, "
        "mit Messprogramm und Protokoll.",
        ("Koordinatenmesstechnik", "Messen", "Qualitätssicherung"),
        ("4.3.4",),
        trade="Präzisionsteile",
        days_ago=66,
        runs_days=120,
    ),
    ListingSpec(
        K.EQUIPMENT_SHARING,
        "Mitnutzung einer Sandstrahlkabine gesucht",
        "Wir strahlen nur wenige Teile im Monat und suchen einen Betrieb in der Nähe, dessen "
        "Kabine wir gegen Bezahlung mitnutzen können.",
        ("Strahlen", "Oberfläche", "Maschinenteilung"),
        ("4.2.2",),
        owner=FIRST_DEMO_COMPANY_ID,
        status=ListingStatus.DRAFT,
        days_ago=1,
        runs_days=90,
    ),
    ListingSpec(
        K.EQUIPMENT_SHARING,
        "Mobile Schweißrauch-Absaugung zu verleihen",
        "Für Montagen in geschlossenen Hallen verleihen wir zwei mobile Absauggeräte "
        "wochenweise – gut für die Gesundheit der Monteure.",
        ("Arbeitsschutz", "Schweißrauch", "Absaugung"),
        ("6.2.1",),
        trade="Industriemontage",
        status=ListingStatus.CLOSED,
        days_ago=220,
        runs_days=120,
    ),
    # --- Ausbildungskooperationen --------------------------------------------------------------
    ListingSpec(
        K.TRAINING_COOPERATION,
        "Verbundausbildung Metallbauer/in: Partner für die CNC-Ausbildung",
        "Unsere Auszubildenden lernen bei uns Schweißen und Montage, aber nicht CNC-Fräsen. "
        "Wir suchen einen Betrieb, der sie dafür jeweils einige Wochen aufnimmt – im "
        "Gegenzug bilden wir seine Leute im Schweißen aus.",
        ("Verbundausbildung", "Ausbildung", "CNC", "Metallbauer"),
        ("6.3.2",),
        trade="Metallbau",
        partner_kinds=(COMPANY, CRAFT),
        region=RegionScope.RADIUS,
        radius_km=60,
        days_ago=120,
        runs_days=200,
        interests=(InterestSpec(ACCEPTED, 10, 6),),
    ),
    ListingSpec(
        K.TRAINING_COOPERATION,
        "Tausch von Ausbildungsabschnitten: Zerspanung gegen Schweißtechnik",
        "Zwei Betriebe, ein Tausch: Wir bilden in der Zerspanung aus und suchen einen Partner, "
        "der Schweißtechnik vermittelt. Abschnitte von vier bis acht Wochen.",
        ("Ausbildung", "Zerspanung", "Schweißtechnik", "Verbundausbildung"),
        ("6.3.2", "6.3.7"),
        trade="Feinwerkmechanik",
        partner_kinds=(CRAFT, COMPANY),
        days_ago=82,
        runs_days=180,
    ),
    ListingSpec(
        K.TRAINING_COOPERATION,
        "Schülerpraktika gemeinsam anbieten",
        "Drei Betriebe aus einem Gewerbegebiet wollen Schülerinnen und Schülern gemeinsam eine "
        "Praktikumswoche mit wechselnden Stationen anbieten. Wer macht mit?",
        ("Berufsorientierung", "Praktikum", "Fachkräftegewinnung"),
        ("6.3.1", "6.1.1"),
        trade="Kunstschmiede",
        days_ago=27,
        runs_days=150,
    ),
    ListingSpec(
        K.TRAINING_COOPERATION,
        "Weiterbildung zur Schweißaufsicht gemeinsam organisieren",
        "Für die Weiterbildung zur Schweißaufsicht fehlen uns allein Teilnehmende. Gemeinsam "
        "mit anderen Betrieben könnte ein Kurs in der Region zustande kommen.",
        ("Weiterbildung", "Schweißaufsicht", "Qualifizierung"),
        ("6.3.4",),
        trade="Schweißtechnik",
        status=ListingStatus.IN_REVIEW,
        days_ago=4,
        runs_days=120,
    ),
    ListingSpec(
        K.TRAINING_COOPERATION,
        "Praxispartner für duales Studium Maschinenbau",
        "Wir möchten erstmals dual Studierende aufnehmen und suchen eine Hochschule sowie "
        "einen erfahrenen Betrieb, der uns den Einstieg zeigt.",
        ("Duales Studium", "Maschinenbau", "Hochschule"),
        ("6.3.3",),
        trade="Maschinenbau",
        partner_kinds=(UNIVERSITY, COMPANY),
        days_ago=9,
        runs_days=250,
    ),
)

MESSAGES = (
    "Guten Tag, das passt gut zu unserem Angebot. Wir würden uns gern kurz austauschen.",
    "Wir haben genau dafür freie Kapazität und Erfahrung. Dürfen wir Sie anrufen?",
    "Das Thema beschäftigt uns auch – vielleicht können wir es gemeinsam angehen.",
    "Wir liegen ganz in der Nähe und könnten kurzfristig starten.",
    "Interessant! Bitte schicken Sie uns Einzelheiten, dann machen wir ein Angebot.",
)
DECISION_NOTES = {
    ACCEPTED: "Gern – wir melden uns in den nächsten Tagen.",
    DECLINED: "Vielen Dank, wir haben inzwischen einen Partner gefunden.",
    WITHDRAWN: "",
    PENDING: "",
}


def expected_counts() -> Counter:
    return Counter(spec.status for spec in LISTINGS)
