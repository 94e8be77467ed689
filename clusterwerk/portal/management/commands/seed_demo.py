from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError

from clusterwerk.accounts.models import Role, User
from clusterwerk.actors.demo import (
    DemoReport,
    demo_actors,
    division_title,
    ensure_demo_claim,
    generate_demo_actors,
    link_demo_member,
    link_demo_representative,
)
from clusterwerk.actors.models import District
from clusterwerk.actors.search.index import SEARCH_INDEX_TABLES
from clusterwerk.actors.services import add_representative
from clusterwerk.award.demo import DemoAwardReport, delete_demo_award, seed_demo_award
from clusterwerk.clusterprofile.demo import seed_profile
from clusterwerk.core import versions
from clusterwerk.core.db import analyze, app_models
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import default_cluster
from clusterwerk.crosscluster.demo import seed_crosscluster
from clusterwerk.events.demo import DemoEventsReport, organiser_chamber, seed_demo_events
from clusterwerk.foresight.demo import seed_foresight_demo
from clusterwerk.governance.demo.bodies import CHAIR_EMAIL, MEMBER_EMAILS, seed_bodies
from clusterwerk.governance.demo.meetings import seed_meetings
from clusterwerk.masterplan.demo import create_demo_draft
from clusterwerk.matchmaking.demo import (
    DemoListingsReport,
    delete_demo_listings,
    generate_demo_listings,
)
from clusterwerk.matchmaking.demo.conversation import (
    conversation_interest,
    generate_demo_conversation,
)
from clusterwerk.participation.demo import (
    DemoConsultationReport,
    delete_demo_consultation,
    generate_demo_consultation,
)
from clusterwerk.portal.cluster_demo import (
    DEMO_PASSWORD,
    ClusterDemoReport,
    clusters_with_demo_data,
    demo_user,
    seed_cluster_demo,
)
from clusterwerk.projects.demo import (
    DemoProjectsReport,
    delete_demo_projects,
    generate_demo_projects,
)
from clusterwerk.skills.demo import seed_skills_demo

DEMO_USERS = [
    ("clustermanagement@example.org", "Carla", "Clustermanagerin", Role.CLUSTER_MANAGER),
    ("beirat@example.org", "Bernd", "Beirat", Role.ADVISORY_BOARD),
    ("betrieb@example.org", "Mia", "Metallbau", Role.MEMBER),
]
DEMO_MEMBER_EMAIL = "betrieb@example.org"
# Speaks for the organisation whose interest the demo member accepted (the demo conversation).
DEMO_PARTNER = ("partner@example.org", "Paul", "Partner")
# Signed up, no role and no organisation yet: waits at the front door with a claim.
DEMO_NEWCOMER = ("neu@example.org", "Nora", "Neumann")
# Organises Werkstattgespräche for the Handwerkskammer Potsdam (a representative of the chamber
# of the reference data): manages the demo events the chamber co-organises, and only those.
DEMO_ORGANISER = ("kammer@example.org", "Katrin", "Kammer")


def german_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def german_decimal(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


class Command(BaseCommand):
    help = (
        "Legt Demo-Konten, einen Demo-Entwurf und synthetische Demo-Unternehmen an "
        "(idempotent; nur für die Entwicklung)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cluster",
            default=None,
            help="Kürzel des Clusters für die Metall-Demo (Standard: das Standard-Cluster)",
        )
        parser.add_argument("--force", action="store_true", help="auch mit DEBUG=False ausführen")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Anzahl der Demo-Unternehmen als Vielfaches von 2.506 (0 = keine; 10 = Benchmark)",
        )
        parser.add_argument(
            "--seed", type=int, default=2020, help="Startwert des Zufallsgenerators"
        )

    def handle(self, *args, cluster, force, scale, seed, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo-Daten nur in der Entwicklung (DEBUG=True) oder mit --force.")
        if scale < 0:
            raise CommandError("--scale darf nicht negativ sein.")
        cluster_obj = Cluster.objects.filter(slug=cluster).first() if cluster else default_cluster()
        if cluster_obj is None:
            raise CommandError("Zuerst: python manage.py load_reference_data")
        users = {
            role: demo_user(email, first, last, role, cluster_obj)
            for email, first, last, role in DEMO_USERS
        }
        draft = create_demo_draft(cluster=cluster_obj, manager=users[Role.CLUSTER_MANAGER])
        if draft is not None:
            self.stdout.write(f"Demo-Entwurf „{draft.label}“ angelegt.")
        self.stdout.write(
            self.style.SUCCESS(f"Demo-Anmeldung (Passwort für alle: {DEMO_PASSWORD}):")
        )
        for email, _first, _last, role in DEMO_USERS:
            self.stdout.write(f"  {Role(role).label:<22} {email}")
        self.demo_actors(cluster_obj, scale=scale, seed=seed, verbosity=options["verbosity"])
        self.demo_projects(cluster_obj, seed=seed)
        self.demo_listings(cluster_obj, seed=seed)
        self.demo_consultation(cluster_obj, manager=users[Role.CLUSTER_MANAGER])
        self.demo_events(cluster_obj, seed=seed, manager=users[Role.CLUSTER_MANAGER])
        self.demo_award(cluster_obj, seed=seed)
        self.demo_foresight(cluster_obj, manager=users[Role.CLUSTER_MANAGER])
        self.demo_skills(cluster_obj)
        self.demo_bodies(cluster_obj)
        self.other_clusters(cluster_obj, scale=scale)
        # Fresh planner statistics for everything the demo wrote (see `core.db.analyze`).
        analyze(
            *app_models(
                "accounts", "actors", "projects", "matchmaking", "participation", "events", "award"
            ),
            *SEARCH_INDEX_TABLES,
        )
        # Bulk writes past the services: every cached page of every cluster is out of date.
        versions.bump(*versions.AREAS)

    def other_clusters(self, main_cluster, *, scale):
        """The small hand-written demos of further clusters (`portal/demo_data/`), so that
        several tenants are visible; none with --scale 0 (no demo companies at all)."""
        for slug in clusters_with_demo_data():
            if slug == main_cluster.slug:
                continue
            cluster = Cluster.objects.filter(slug=slug).first()
            if cluster is None or scale == 0:
                continue
            try:
                report = seed_cluster_demo(cluster)
            except ValueError as error:
                self.stdout.write(self.style.WARNING(f"Demo „{slug}“ übersprungen: {error}"))
                continue
            self.write_cluster_summary(report)

    def write_cluster_summary(self, report: ClusterDemoReport):
        state = "vorhanden (unverändert)" if report.skipped else "angelegt"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo-Cluster „{report.cluster.short_name or report.cluster.name}“: {state}."
            )
        )
        self.stdout.write(
            f"  {report.companies} Demo-Unternehmen, {report.listings} Inserate, "
            f"{report.projects} Projekt(e); Anmeldung (Passwort: {DEMO_PASSWORD}):"
        )
        for email, role in report.logins:
            self.stdout.write(f"  {Role(role).label:<22} {email}")

    def demo_actors(self, cluster, *, scale, seed, verbosity):
        if scale == 0:
            self.stdout.write("Demo-Unternehmen: keine angelegt (--scale 0).")
            return
        if not District.objects.exists():
            self.stdout.write(
                self.style.WARNING(
                    "Demo-Unternehmen übersprungen: Es gibt noch keine Landkreise. "
                    "Zuerst: python manage.py load_reference_data"
                )
            )
            return

        def progress(done, total):
            self.stdout.write(f"  … {german_number(done)} von {german_number(total)}")

        arguments = {
            "cluster": cluster,
            "scale": scale,
            "seed": seed,
            "progress": progress if verbosity > 1 else None,
        }
        try:
            report = generate_demo_actors(**arguments)
        except ProtectedError:
            # Demo projects, demo listings, the demo consultation's interviews and the demo
            # prize's applications point at the demo companies that are about to be replaced.
            delete_demo_award()
            deleted = delete_demo_projects()
            listings = delete_demo_listings()
            delete_demo_consultation(cluster)
            self.stdout.write(
                f"{german_number(deleted)} Demo-Projekte und {german_number(listings)} "
                "Demo-Inserate entfernt: Die Demo-Unternehmen werden neu angelegt."
            )
            report = generate_demo_actors(**arguments)
        self.write_summary(report)
        member = User.objects.filter(email=DEMO_MEMBER_EMAIL).first()
        actor = link_demo_member(member, cluster) if member is not None else None
        if actor is not None:
            self.stdout.write(f"Demo-Mitglied {DEMO_MEMBER_EMAIL} vertritt „{actor.name}“.")
        email, first_name, last_name = DEMO_NEWCOMER
        newcomer = demo_user(email, first_name, last_name, None, cluster)
        claim = ensure_demo_claim(newcomer, cluster)
        if claim is not None:
            self.stdout.write(
                f"Neu angemeldet: {email} (ohne Rolle) beantragt, „{claim.actor.name}“ zu "
                f"vertreten – der Antrag {claim.get_status_display()}."
            )

    def write_summary(self, report: DemoReport):
        if report.skipped:
            headline = f"Demo-Unternehmen: {german_number(report.total)} vorhanden (unverändert)."
        else:
            headline = (
                f"Demo-Unternehmen: {german_number(report.created)} angelegt in "
                f"{german_decimal(report.seconds)} s"
                + (f" ({german_number(report.deleted)} alte entfernt)." if report.deleted else ".")
            )
        self.stdout.write(self.style.SUCCESS(headline))
        if not report.total:
            return
        self.stdout.write(
            f"  {german_number(report.companies)} Unternehmen, "
            f"{german_number(report.craft_businesses)} Handwerksbetriebe; "
            f"{german_number(report.competences)} Kompetenzen, "
            f"{german_number(report.contacts)} Ansprechpersonen"
        )
        self.stdout.write(
            f"  unter 50 Beschäftigten: {german_decimal(100 * report.under_50_share)} %"
        )
        districts = ", ".join(
            f"{name} ({german_number(count)})" for name, count in report.top_districts
        )
        self.stdout.write(f"  meiste Unternehmen: {districts}")
        if report.top_division is not None:
            division, count = report.top_division
            self.stdout.write(
                f"  größter Wirtschaftszweig: WZ {division} {division_title(division)} "
                f"({german_number(count)}, {german_decimal(100 * count / report.total)} %)"
            )
        if report.missing_activity_codes:
            self.stdout.write(
                self.style.WARNING(
                    "  Wirtschaftszweige fehlen in den Referenzdaten: "
                    + ", ".join(report.missing_activity_codes)
                )
            )

    def demo_projects(self, cluster, *, seed):
        if not demo_actors(cluster).exists():
            self.stdout.write("Demo-Projekte: übersprungen (keine Demo-Unternehmen).")
            return
        try:
            report = generate_demo_projects(cluster=cluster, seed=seed)
        except ValueError as error:
            self.stdout.write(self.style.WARNING(f"Demo-Projekte übersprungen: {error}"))
            return
        self.write_projects_summary(report)

    def write_projects_summary(self, report: DemoProjectsReport):
        if report.skipped:
            headline = f"Demo-Projekte: {german_number(report.total)} vorhanden (unverändert)."
        else:
            headline = (
                f"Demo-Projekte: {german_number(report.created)} angelegt in "
                f"{german_decimal(report.seconds)} s"
                + (f" ({german_number(report.deleted)} alte entfernt)." if report.deleted else ".")
            )
        self.stdout.write(self.style.SUCCESS(headline))
        for year, figures in sorted(report.figures.items()):
            self.stdout.write(
                f"  {year}: {german_number(figures.carried_out)} durchgeführt, "
                f"{german_number(figures.newly_initiated)} neu initiiert, "
                f"{german_decimal(100 * figures.science_share)} % Verbundprojekte mit "
                "Wissenschaft"
            )
        self.stdout.write(
            f"  {german_number(report.partners)} Partnerrollen, "
            f"{german_number(report.support_activities)} Unterstützungsleistungen, "
            f"{german_number(report.success_stories)} Erfolgsgeschichten"
        )

    def demo_listings(self, cluster, *, seed):
        if not demo_actors(cluster).exists():
            self.stdout.write("Demo-Inserate: übersprungen (keine Demo-Unternehmen).")
            return
        member = User.objects.filter(email=DEMO_MEMBER_EMAIL).first()
        try:
            report = generate_demo_listings(cluster=cluster, seed=seed, member=member)
        except ValueError as error:
            self.stdout.write(self.style.WARNING(f"Demo-Inserate übersprungen: {error}"))
            return
        self.write_listings_summary(report)
        self.demo_conversation(cluster, member)

    def demo_conversation(self, cluster, member):
        """The conversation of the demo member's accepted contact, with the demo partner login
        speaking for the interested organisation."""
        interest = conversation_interest(cluster)
        if interest is None or member is None:
            return
        email, first_name, last_name = DEMO_PARTNER
        partner = demo_user(email, first_name, last_name, Role.MEMBER, cluster)
        link_demo_representative(partner, interest.actor, function="Vertrieb")
        report = generate_demo_conversation(cluster=cluster, member=member, partner=partner)
        state = "vorhanden (unverändert)" if report.skipped else "angelegt"
        self.stdout.write(
            f"Demo-Gespräch zu „{interest.listing.title}“ {state}: "
            f"{german_number(report.messages)} Nachrichten, ein bestätigter Termin, ein "
            f"Ergebnis; die andere Seite: {email} für „{interest.actor.name}“."
        )

    def write_listings_summary(self, report: DemoListingsReport):
        if report.skipped:
            headline = f"Demo-Inserate: {german_number(report.total)} vorhanden (unverändert)."
        else:
            headline = f"Demo-Inserate: {german_number(report.created)} angelegt" + (
                f" ({german_number(report.deleted)} alte entfernt)." if report.deleted else "."
            )
        self.stdout.write(self.style.SUCCESS(headline))
        published = report.by_status.get("published", 0)
        accepted = report.interests.get("accepted", 0)
        self.stdout.write(
            f"  {german_number(published)} veröffentlicht, "
            f"{german_number(sum(report.interests.values()))} Interessensbekundungen, "
            f"davon {german_number(accepted)} angenommen"
        )

    def demo_consultation(self, cluster, *, manager):
        try:
            report = generate_demo_consultation(cluster=cluster, manager=manager)
        except ValueError as error:
            self.stdout.write(self.style.WARNING(f"Demo-Beteiligung übersprungen: {error}"))
            return
        self.write_consultation_summary(report)

    def write_consultation_summary(self, report: DemoConsultationReport):
        state = "vorhanden (unverändert)" if report.skipped else "angelegt"
        self.stdout.write(
            self.style.SUCCESS(f"Demo-Beteiligung „{report.consultation.title}“: {state}.")
        )
        self.stdout.write(
            f"  {report.participants} Teilnehmende, {report.comments} Kommentare, "
            f"{report.ratings} Bewertungen, {report.proposals} Vorschläge "
            f"({report.supports} Unterstützungen), {report.interviews} Interviews, "
            f"{report.workshops} Workshop"
        )

    def demo_events(self, cluster, *, seed, manager):
        """The demo events (`events.demo`) and the login of the Handwerkskammer's organiser."""
        if not demo_actors(cluster).exists():
            self.stdout.write("Demo-Veranstaltungen: übersprungen (keine Demo-Unternehmen).")
            return
        member = User.objects.filter(email=DEMO_MEMBER_EMAIL).first()
        try:
            report = seed_demo_events(cluster=cluster, seed=seed, member=member)
        except ValueError as error:
            self.stdout.write(self.style.WARNING(f"Demo-Veranstaltungen übersprungen: {error}"))
            return
        self.write_events_summary(report)
        chamber = organiser_chamber(cluster)
        if chamber is None:
            return
        email, first_name, last_name = DEMO_ORGANISER
        organiser = demo_user(email, first_name, last_name, Role.MEMBER, cluster)
        add_representative(actor=chamber, person=organiser, user=manager, cluster=cluster)
        self.stdout.write(
            f"Demo-Veranstalterin {email} vertritt „{chamber.name}“ und verwaltet deren "
            "Werkstattgespräche."
        )

    def demo_award(self, cluster, *, seed):
        """The demo innovation prize (`award.demo`): the editions 2019 and 2020 with their
        applications, jury, conflicts, reviews and winners."""
        if not demo_actors(cluster).exists():
            self.stdout.write("Demo-Innovationspreis: übersprungen (keine Demo-Unternehmen).")
            return
        try:
            report = seed_demo_award(cluster=cluster, seed=seed)
        except ValueError as error:
            self.stdout.write(self.style.WARNING(f"Demo-Innovationspreis übersprungen: {error}"))
            return
        self.write_award_summary(report)

    def write_award_summary(self, report: DemoAwardReport):
        state = "vorhanden (unverändert)" if report.skipped else "angelegt"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo-Innovationspreis: {german_number(report.editions)} Jahrgänge {state}."
            )
        )
        self.stdout.write(
            f"  {german_number(report.applications)} Bewerbungen, "
            f"{german_number(report.reviews)} Bewertungen, {german_number(report.conflicts)} "
            f"Befangenheiten, {german_number(report.winners)} Preisträger; Jury (Passwort: "
            f"{DEMO_PASSWORD}): {', '.join(report.logins)}"
        )

    def demo_foresight(self, cluster, *, manager):
        """The demo Markt- und Technologievorausschau (`foresight.demo`): the cycles 2019 and
        2021 with panel, both rounds and one gap signal turned into a proposal."""
        try:
            report = seed_foresight_demo(cluster, manager=manager)
        except ValueError as error:
            self.stdout.write(self.style.WARNING(f"Demo-Vorausschau übersprungen: {error}"))
            return
        state = "vorhanden (unverändert)" if report.skipped else "angelegt"
        self.stdout.write(
            self.style.SUCCESS(f"Demo-Vorausschau: {german_number(report.cycles)} Zyklen {state}.")
        )
        self.stdout.write(
            f"  {german_number(report.items)} Items, {german_number(report.panellists)} "
            f"Panelplätze, {german_number(report.ratings)} Bewertungen "
            f"({german_number(report.reasons)} mit Begründung)"
        )
        if report.proposal is None:
            self.stdout.write(f"  Kein Vorschlag aus einer Lücke: {report.proposal_note}")

    def demo_skills(self, cluster):
        """The demo Fachkräftematrix (`skills.demo`): surveys 2022–2024, demo indicators,
        supply, training offers and the Nachfolgebörse."""
        try:
            report = seed_skills_demo(cluster)
        except ValueError as error:
            self.stdout.write(self.style.WARNING(f"Demo-Fachkräftematrix übersprungen: {error}"))
            return
        state = "vorhanden (unverändert)" if report.skipped else "angelegt"
        self.stdout.write(self.style.SUCCESS(f"Demo-Fachkräftematrix: {state}."))
        self.stdout.write(
            f"  {german_number(report.surveys)} Befragungen, "
            f"{german_number(report.responses)} Antworten von "
            f"{german_number(report.companies)} Betrieben, {german_number(report.offers)} "
            f"Bildungsangebote, {german_number(sum(report.cases.values()))} Nachfolgefälle"
        )

    def demo_bodies(self, cluster):
        """The cluster's demo bodies (`governance.demo`) – the Clustersprecher, the Beirat with
        14 members and its meetings 2019–2020, the Steuerungsrunde, the Expertenkreis
        Leichtbau –, the cross-cluster demo (`crosscluster.demo`) and the public profile in
        German and English (`clusterprofile.demo`)."""
        bodies = seed_bodies(cluster)
        beirat = bodies.get("beirat")
        if beirat is not None:
            seed_meetings(cluster, beirat)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo-Gremien: {german_number(len(bodies))} Gremien, Beirat mit Sitzungen "
                "2019–2020."
            )
        )
        self.stdout.write(
            f"  Anmeldung Beirat (Passwort {DEMO_PASSWORD}): "
            f"{', '.join([CHAIR_EMAIL, *MEMBER_EMAILS])}"
        )
        self.stdout.write(self.style.SUCCESS(str(seed_crosscluster(cluster))))
        profile = seed_profile(cluster)
        if profile is not None:
            self.stdout.write(self.style.SUCCESS("Demo-Clusterprofil (Deutsch und Englisch)."))

    def write_events_summary(self, report: DemoEventsReport):
        if report.skipped:
            headline = (
                f"Demo-Veranstaltungen: {german_number(report.events)} vorhanden (unverändert)."
            )
        else:
            headline = f"Demo-Veranstaltungen: {german_number(report.events)} angelegt" + (
                f" ({german_number(report.deleted)} alte entfernt)." if report.deleted else "."
            )
        self.stdout.write(self.style.SUCCESS(headline))
        self.stdout.write(
            f"  {german_number(report.held)} durchgeführt, {german_number(report.upcoming)} "
            f"geplant; {german_number(report.registrations)} Anmeldungen "
            f"({german_number(report.waitlisted)} auf der Warteliste), "
            f"{german_number(report.check_ins)} Einlässe, {german_number(report.follow_ups)} "
            "Ergebnisse"
        )
        if report.solver:
            self.stdout.write(
                f"  B2B-Tag: {german_number(report.b2b_participants)} Teilnehmende, "
                f"{german_number(report.b2b_wishes)} Gesprächswünsche, "
                f"{german_number(report.b2b_meetings)} Gespräche geführt "
                f"({german_decimal(100 * report.solver.get('share_met', 0))} % der "
                "angenommenen Wünsche eingeplant)"
            )
