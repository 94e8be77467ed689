# ruff: noqa: E501 -- the demo texts are kept one per line, as data
"""A demo consultation on the published masterplan (development and demonstrations).

`generate_demo_consultation(cluster=…)` creates "Fortschreibung Masterplan Metall – Beteiligung
(Demo)" on the cluster's published edition, in the manner of the 2020 plan (stakeholder
interviews, an online forum, workshops): four phases around today with the participation phase
running now, twelve demo participants with pseudonyms, affiliation types and districts, forty
comments (a few of them replies), sixty ratings, six proposals (five amendments, one new topic
area) with supports, three interviews with demo actors and one workshop. Every text was written
for this purpose; nothing of it is real. The consultation has `is_demo=True`; the participants'
accounts (demo-beteiligung-NN@example.org) have no usable password.

Deterministic: texts, authors, values and dates (for a given day) are fixed. Idempotent: when
the demo consultation exists and its participation phase is running, nothing happens;
otherwise it is deleted (with its interviews and workshops) and made anew, with fresh dates.

Everything is written through the services, as the cluster management given (`manager`) or
the system user. The slug is `DEMO_SLUG` unless another cluster's demo has it already.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from clusterwerk.accounts.services import system_user
from clusterwerk.actors.models import District
from clusterwerk.actors.queries import demo_actors
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.participation import services
from clusterwerk.participation.models import (
    AffiliationType,
    Audience,
    Consultation,
    PhaseKind,
    ProposalKind,
    Support,
)
from clusterwerk.participation.services import (
    DemoPerson,
    RecordedComment,
    RecordedProposal,
    RecordedRating,
)

DEMO_SLUG = "demo-fortschreibung-masterplan-metall"
DEMO_TITLE = "Fortschreibung Masterplan Metall – Beteiligung (Demo)"
DEMO_EMAIL = "demo-beteiligung-{:02d}@example.org"

# Pseudonym, affiliation type, index of the district (in AGS order; None: no district given).
PARTICIPANTS = [
    ("Blechwerkerin", AffiliationType.COMPANY, 0),
    ("Drehteil_Kai", AffiliationType.COMPANY, 3),
    ("Meisterin Havel", AffiliationType.CRAFT, 5),
    ("Schweißfuchs", AffiliationType.CRAFT, None),
    ("Prof. Umform", AffiliationType.SCIENCE, 8),
    ("Labor Cottbus", AffiliationType.SCIENCE, 1),
    ("Netzwerk Nord", AffiliationType.NETWORK_CHAMBER, 10),
    ("Kammerfrau", AffiliationType.NETWORK_CHAMBER, 2),
    ("Wirtschaftsförderung Süd", AffiliationType.ADMINISTRATION, 12),
    ("Azubi-Coach", AffiliationType.COMPANY, 6),
    ("Anlagenbauer", AffiliationType.COMPANY, 4),
    ("Gast", "", None),
]

# (topic area number, participant, text, reply to the comment at this index or None)
COMMENTS = [
    ("4.1.1", 0, "Innovationskultur entsteht im Betrieb, nicht im Förderantrag. Kleine Formate wie eine offene Werkstatt am Freitag helfen uns mehr als große Programme.", None),
    ("4.1.1", 4, "Aus Sicht der Hochschule: Abschlussarbeiten in Betrieben sind oft der erste Schritt zu einem gemeinsamen Projekt. Das sollte im Plan ausdrücklich stehen.", 0),
    ("4.2.1", 1, "Leichtbau ist bei unseren Kunden aus dem Fahrzeugbau weiterhin das wichtigste Thema, aber die Prüfkosten für neue Werkstoffe schrecken kleine Betriebe ab.", None),
    ("4.2.1", 5, "Wir können Werkstoffprüfungen anbieten; ein gemeinsamer Prüfpool des Clusters würde die Kosten für einzelne Betriebe deutlich senken.", 2),
    ("4.2.2", 10, "Nachhaltige Produkte verkaufen sich nur, wenn der Kunde den Mehrwert sieht. Ein einfacher CO2-Nachweis je Bauteil wäre hilfreich.", None),
    ("4.2.3", 10, "Service und Wartung werden für uns wichtiger als der Verkauf neuer Anlagen. Das Thema sollte mehr Gewicht bekommen.", None),
    ("4.2.4", 6, "Eine jährliche Technologievorausschau im Cluster, kurz und verständlich, würden viele Mitglieder lesen.", None),
    ("4.3.1", 0, "Digitale Fertigungsplanung scheitert bei uns nicht an der Software, sondern an der Zeit, sie einzuführen.", None),
    ("4.3.1", 8, "Die Digitalisierungsprämie des Landes wird kaum genutzt, weil viele Betriebe sie nicht kennen. Hier kann das Cluster informieren.", 7),
    ("4.3.2", 1, "Die Energiepreise sind das beherrschende Thema. Dekarbonisierung muss für kleine Betriebe bezahlbar bleiben.", None),
    ("4.3.2", 4, "Abwärmenutzung in Härtereien und Gießereien ist ein unterschätztes Feld; dazu gibt es in Brandenburg gute Beispiele.", None),
    ("4.3.2", 10, "Wir würden gern Lastspitzen mit anderen Betrieben im Gewerbegebiet abstimmen. Wer macht mit?", 9),
    ("4.3.3", 3, "Metallschrott ist ein Wertstoff. Sortenreine Trennung lohnt sich schon für kleine Werkstätten, wenn die Abholung organisiert ist.", None),
    ("4.3.4", 5, "Zerstörungsfreie Prüfverfahren werden günstiger; ein Demonstrationstag im Cluster wäre sinnvoll.", None),
    ("4.3.5", 11, "Lieferketten sind in den letzten Jahren instabil geworden. Regionale Zweitlieferanten sollten ein eigenes Ziel sein.", None),
    ("4.3.6", 1, "Ein Online-Shop für Lohnfertigung ist für uns zu aufwendig; eine gemeinsame Plattform der Region wäre interessanter.", None),
    ("4.3.7", 8, "Informationssicherheit betrifft auch Handwerksbetriebe. Ein Notfallplan für Angriffe auf die IT fehlt in vielen Betrieben.", None),
    ("4.3.7", 2, "Wir hatten im letzten Jahr einen Vorfall mit Schadsoftware. Einfache Checklisten hätten geholfen.", 16),
    ("4.4.1", 4, "Neue Werkstoffe brauchen Anwender. Wir suchen Betriebe, die Prototypen aus hochfesten Stählen testen möchten.", None),
    ("4.4.2", 3, "Beim Schweißen fehlen vor allem Fachkräfte, nicht Technik. Das gehört zusammen betrachtet.", None),
    ("4.4.2", 5, "Additive Fertigung ist inzwischen für Ersatzteile wirtschaftlich. Ein Anwenderkreis im Cluster könnte Erfahrungen teilen.", None),
    ("4.4.3", 6, "Künstliche Intelligenz in der Qualitätsprüfung sollte als Beispiel im Plan genannt werden.", None),
    ("5.1.1", 10, "Produktionskooperationen funktionieren, wenn man sich kennt. Regelmäßige Betriebsbesuche im Cluster sind dafür das beste Mittel.", None),
    ("5.1.1", 0, "Dem stimme ich zu. Die Besuche sollten auch in den Landkreisen abseits von Berlin stattfinden.", 22),
    ("5.1.2", 2, "Handwerk und Industrie arbeiten zu selten zusammen. Gemeinsame Aufträge im Stahlbau wären ein guter Anfang.", None),
    ("5.1.3", 6, "Die Zusammenarbeit mit Westpolen sollte ausgebaut werden; die Grenzregion bietet viele Chancen.", None),
    ("5.1.4", 8, "Cross-Cluster-Projekte mit Energietechnik liegen nahe, gerade beim Thema Wasserstoff.", None),
    ("5.2.1", 4, "Transfer gelingt über Köpfe: gemeinsame Stellen von Hochschule und Betrieb sollten gefördert werden.", None),
    ("5.2.2", 5, "Für Entwicklungskooperationen fehlt kleinen Betrieben oft die Eigenbeteiligung. Der Plan sollte Wege dafür aufzeigen.", None),
    ("5.2.3", 6, "Ein Reallabor für vernetzte Fertigung in der Lausitz würde viele Betriebe anziehen.", None),
    ("5.3.1", 7, "Die Metallbranche ist in der Öffentlichkeit kaum sichtbar. Geschichten aus den Betrieben wirken besser als Zahlen.", None),
    ("5.3.2", 8, "Gründungen in der Metallverarbeitung sind selten; Nachfolge ist das größere Thema.", None),
    ("6.1.1", 9, "Fachkräftegewinnung beginnt in der Schule. Betriebspraktika müssen einfacher zu organisieren sein.", None),
    ("6.1.1", 7, "Auch Zugewanderte sind eine Chance; Sprachkurse mit Fachbezug fehlen.", 32),
    ("6.2.1", 1, "Flexible Arbeitszeiten sind in der Fertigung schwierig, aber nicht unmöglich. Beispiele aus dem Cluster wären hilfreich.", None),
    ("6.3.1", 9, "Berufsorientierung sollte Eltern einbeziehen. Viele wissen nicht, was ein moderner Metallberuf bietet.", None),
    ("6.3.2", 2, "Verbundausbildung entlastet kleine Betriebe. Die Koordination sollte dauerhaft finanziert sein.", None),
    ("6.3.2", 9, "Unsere Auszubildenden schätzen überbetriebliche Lehrgänge sehr. Die Fahrtwege sind aber oft zu lang.", 36),
    ("6.3.4", 7, "Weiterbildung in Teilzeit und online würde mehr Beschäftigte erreichen.", None),
    ("6.3.8", 3, "Viele Inhaber gehen in den nächsten Jahren in Rente. Eine Nachfolgebörse des Clusters wäre ein konkreter Beitrag.", None),
]  # fmt: skip

# Ratings: topic area numbers rated by participants, (relevance, priority) from these patterns.
RATED_TOPICS = ["4.1.1", "4.2.1", "4.3.2", "4.3.7", "4.4.2", "5.1.1", "6.1.1", "6.3.2", "6.3.8"]
RATING_PATTERNS = [(5, 3), (4, 3), (4, 2), (3, 2), (5, 2), (2, 1), (4, 3), (3, 1)]
RATING_COUNT = 60

# (kind, element number, field, participant, proposed text, rationale, supporters)
PROPOSALS = [
    (ProposalKind.AMENDMENT, "4.3.2", "goal", 1, "Die Betriebe des Clusters senken ihren Energiebedarf und ihre Emissionen mit bezahlbaren Maßnahmen; das Cluster bündelt Beratung, Beispiele und gemeinsame Beschaffung von Energie.", "Kleine Betriebe brauchen erreichbare Schritte.", (0, 3, 4, 6, 10)),
    (ProposalKind.AMENDMENT, "6.3.2", "goal", 2, "Betriebe bilden gemeinsam aus: Verbundausbildung und überbetriebliche Lehrgänge werden dauerhaft koordiniert und sind auch für Kleinstbetriebe erreichbar.", "Die Koordination darf nicht an Projektlaufzeiten hängen.", (3, 7, 9)),
    (ProposalKind.AMENDMENT, "4.3.7", "goal", 8, "Jeder Mitgliedsbetrieb kennt seine wichtigsten IT-Risiken und hat einen einfachen Notfallplan; das Cluster vermittelt Checklisten und Übungen.", "", (2, 0)),
    (ProposalKind.AMENDMENT, "5.1.3", "goal", 6, "Die Zusammenarbeit mit Partnern in Polen und weiteren Nachbarregionen wird systematisch ausgebaut, mit gemeinsamen Messeauftritten und Kooperationsbörsen.", "Die Grenzregion ist ein Standortvorteil.", (8,)),
    (ProposalKind.AMENDMENT, "6.3.8", "goal", 3, "Das Cluster unterstützt die Unternehmensnachfolge mit einer Nachfolgebörse, Beratung und dem Austausch zwischen Übergebenden und Übernehmenden.", "", (1, 2, 10, 11)),
    (ProposalKind.NEW_TOPIC_AREA, "4.3", "", 4, "Betriebe der Metallverarbeitung nutzen Wasserstoff dort, wo er Prozesswärme oder Schutzgase wirtschaftlich ersetzt; das Cluster verbindet Anwender, Forschung und Energieversorger.", "Wasserstoff wird in der Lausitz und im Norden des Landes wichtig.", (5, 6, 8)),
]  # fmt: skip
NEW_TOPIC_TITLE = "Wasserstoff in der Metallverarbeitung"

# (participant-actor index, function, topic numbers, situation, needs, suggestions, consent)
INTERVIEWS = [
    (0, "Geschäftsführer", ("4.3.2", "4.3.3"), "Betrieb mit rund vierzig Beschäftigten, Blechbearbeitung und Baugruppen für den Anlagenbau.", "Planbare Energiekosten, Unterstützung bei Förderanträgen.", "Gemeinsame Energieberatung im Cluster anbieten.", True),
    (1, "Ausbildungsleiterin", ("6.3.1", "6.3.2"), "Ausbildungsbetrieb mit acht Auszubildenden in zwei Berufen.", "Mehr Bewerbungen, kürzere Wege zu überbetrieblichen Lehrgängen.", "Verbundausbildung dauerhaft koordinieren.", False),
    (2, "Inhaber", ("6.3.8", "5.1.2"), "Handwerksbetrieb im Stahlbau, Inhaber sucht in den nächsten Jahren eine Nachfolge.", "Kontakt zu möglichen Nachfolgern, Beratung zur Übergabe.", "Eine Nachfolgebörse in das Cluster aufnehmen.", True),
]  # fmt: skip

WORKSHOP_TITLE = "Werkstattgespräch Energie und Fachkräfte (Demo)"
WORKSHOP_MINUTES = (
    "Ablauf: Begrüßung, drei Impulse aus Betrieben, Arbeit in zwei Gruppen.\n\n"
    "Gruppe Energie: bezahlbare Schritte für kleine Betriebe, gemeinsame Beschaffung.\n\n"
    "Gruppe Fachkräfte: Verbundausbildung, Berufsorientierung mit Eltern.\n\n"
    "Verabredet: Die Vorschläge zu Energie und Ausbildung werden in der Beteiligung "
    "eingebracht und unterstützt."
)


@dataclass
class DemoConsultationReport:
    consultation: Consultation
    skipped: bool = False
    participants: int = 0
    comments: int = 0
    ratings: int = 0
    proposals: int = 0
    supports: int = 0
    interviews: int = 0
    workshops: int = 0


def demo_consultation(cluster):
    return (
        Consultation.objects.filter(cluster=cluster, is_demo=True, slug__startswith=DEMO_SLUG)
        .order_by("pk")
        .first()
    )


def demo_slug(cluster) -> str:
    """`DEMO_SLUG`, or with the cluster's slug when another cluster's demo has it."""
    if Consultation.objects.filter(slug=DEMO_SLUG).exclude(cluster=cluster).exists():
        return f"{DEMO_SLUG}-{cluster.slug}"
    return DEMO_SLUG


def _report(consultation, skipped: bool) -> DemoConsultationReport:
    return DemoConsultationReport(
        consultation=consultation,
        skipped=skipped,
        participants=len(PARTICIPANTS),
        comments=consultation.comments.count(),
        ratings=consultation.ratings.count(),
        proposals=consultation.proposals.count(),
        supports=Support.objects.filter(proposal__consultation=consultation).count(),
        interviews=consultation.interviews.count(),
        workshops=consultation.workshops.count(),
    )


def generate_demo_consultation(*, cluster, manager=None) -> DemoConsultationReport:
    """Create (or keep) the demo consultation; ValueError without a published edition."""
    edition = get_published_edition(cluster)
    if edition is None:
        raise ValueError("Es gibt keine veröffentlichte Ausgabe des Masterplans.")
    existing = demo_consultation(cluster)
    now = timezone.now()
    if existing is not None and existing.edition_id == edition.pk:
        running = existing.phases.filter(
            kind=PhaseKind.PARTICIPATION, starts_at__lte=now, ends_at__gt=now
        ).exists()
        if running:
            return _report(existing, skipped=True)
    user = manager or system_user()
    with transaction.atomic():
        if existing is not None:
            services.delete_demo_consultations(user=user, cluster=cluster)
        consultation = _create(cluster, edition, user, now)
    return _report(consultation, skipped=False)


def delete_demo_consultation(cluster) -> int:
    """Delete the cluster's demo consultation with everything in it, as the system user."""
    return services.delete_demo_consultations(user=system_user(), cluster=cluster)


def _day(now, days: float, hour: int = 10) -> datetime.datetime:
    moment = timezone.localtime(now) + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


PHASE_DAYS = [
    (PhaseKind.INFORMATION, -30, -14),
    (PhaseKind.PARTICIPATION, -14, 21),
    (PhaseKind.EVALUATION, 21, 42),
    (PhaseKind.RESULT, 42, 400),
]


def _create(cluster, edition, user, now) -> Consultation:
    consultation = services.create_consultation(
        user=user,
        cluster=cluster,
        edition=edition,
        title=DEMO_TITLE,
        slug=demo_slug(cluster),
        description=(
            "Wie soll der Masterplan Metall weiterentwickelt werden? Kommentieren und bewerten "
            "Sie die Themenbereiche, schlagen Sie Änderungen vor und unterstützen Sie die "
            "Vorschläge anderer. (Demo: alle Beiträge sind erfunden.)"
        ),
        audience=Audience.REGISTERED,
        whole_plan=True,
        phases=[
            {"kind": kind, "starts_at": _day(now, start, 0), "ends_at": _day(now, end, 0)}
            for kind, start, end in PHASE_DAYS
        ],
        is_demo=True,
    )
    people = services.ensure_demo_participants(user=user, cluster=cluster, people=_people())
    topics = {ta.number: ta for ta in edition.topic_areas.all()}
    key_points = {kp.number: kp for kp in edition.key_points.all()}
    ordered = [topics[number] for number in sorted(topics, key=_number_key)]
    if not ordered:
        return consultation

    def topic_for(number: str, index: int):
        return topics.get(number) or ordered[index % len(ordered)]

    comments = [
        RecordedComment(
            element=topic_for(number, index),
            author=people[who],
            body=text,
            created_at=_day(now, -13 + index * 0.3, 8 + index % 10),
            reply_to=reply_to,
        )
        for index, (number, who, text, reply_to) in enumerate(COMMENTS)
    ]
    # every (person, topic) pair once, picked with a stride coprime to their number
    pairs = [(who, number) for number in RATED_TOPICS for who in range(len(people))]
    ratings = []
    for index in range(min(RATING_COUNT, len(pairs))):
        who, number = pairs[(index * 7) % len(pairs)]
        relevance, priority = RATING_PATTERNS[(index + who) % len(RATING_PATTERNS)]
        ratings.append(
            RecordedRating(
                element=topic_for(number, index),
                user=people[who],
                relevance=relevance,
                priority=priority,
            )
        )
    proposals = []
    for index, (kind, number, field, who, text, rationale, supporters) in enumerate(PROPOSALS):
        new_topic = kind == ProposalKind.NEW_TOPIC_AREA
        proposals.append(
            RecordedProposal(
                kind=kind,
                element=(key_points.get(number) or next(iter(key_points.values())))
                if new_topic
                else topic_for(number, index),
                author=people[who],
                text=text,
                created_at=_day(now, -12 + index * 1.5, 14),
                field=field,
                title=NEW_TOPIC_TITLE if new_topic else "",
                rationale=rationale,
                supporters=[people[supporter] for supporter in supporters],
            )
        )
    _comments, created_proposals = services.record_contributions(
        user=user,
        consultation=consultation,
        comments=comments,
        ratings=ratings,
        proposals=proposals,
    )
    _records(cluster, consultation, user, now, topics, created_proposals)
    return consultation


def _records(cluster, consultation, user, now, topics, proposals) -> None:
    actors = list(demo_actors(cluster).order_by("external_id")[: len(INTERVIEWS)])
    for index, (actor_index, function, numbers, situation, needs, ideas, consent) in enumerate(
        INTERVIEWS
    ):
        if actor_index >= len(actors):
            break
        services.record_interview(
            user=user,
            cluster=cluster,
            consultation=consultation,
            held_on=timezone.localdate(now) - datetime.timedelta(days=25 - index * 4),
            actor=actors[actor_index],
            interviewee_function=function,
            topics=[number for number in numbers if number in topics],
            situation=situation,
            needs=needs,
            suggestions=ideas,
            consent_to_quote=consent,
        )
    services.record_workshop(
        user=user,
        cluster=cluster,
        consultation=consultation,
        title=WORKSHOP_TITLE,
        held_on=timezone.localdate(now) - datetime.timedelta(days=6),
        participant_count=17,
        participants=actors,
        minutes=WORKSHOP_MINUTES,
        proposals=proposals[:2],
    )


def _number_key(number: str) -> list[int]:
    return [int(part) for part in number.split(".")]


def _people() -> list[DemoPerson]:
    districts = list(District.objects.order_by("ags"))
    people = []
    for index, (pseudonym, affiliation, district_index) in enumerate(PARTICIPANTS, start=1):
        district = None
        if district_index is not None and districts:
            district = districts[district_index % len(districts)]
        people.append(
            DemoPerson(
                email=DEMO_EMAIL.format(index),
                display_name=pseudonym,
                affiliation_type=affiliation,
                district=district,
            )
        )
    return people
