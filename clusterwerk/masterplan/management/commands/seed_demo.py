from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clusterwerk.accounts.models import Role, RoleAssignment, User
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.demo import create_demo_draft

DEMO_PASSWORD = "clusterwerk-demo"
DEMO_USERS = [
    ("clustermanagement@example.org", "Carla", "Clustermanagerin", Role.CLUSTER_MANAGER),
    ("beirat@example.org", "Bernd", "Beirat", Role.ADVISORY_BOARD),
    ("betrieb@example.org", "Mia", "Metallbau", Role.MEMBER),
]


class Command(BaseCommand):
    help = "Legt Demo-Konten und einen Demo-Entwurf an (idempotent; nur für die Entwicklung)."

    def add_arguments(self, parser):
        parser.add_argument("--cluster", default=settings.DEFAULT_CLUSTER_SLUG)
        parser.add_argument("--force", action="store_true", help="auch mit DEBUG=False ausführen")

    def handle(self, *args, cluster, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo-Daten nur in der Entwicklung (DEBUG=True) oder mit --force.")
        try:
            cluster_obj = Cluster.objects.get(slug=cluster)
        except Cluster.DoesNotExist:
            raise CommandError("Zuerst: python manage.py load_reference_data") from None
        users = {
            role: self.demo_user(email, first, last, role, cluster_obj)
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

    def demo_user(self, email, first_name, last_name, role, cluster):
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        RoleAssignment.objects.get_or_create(user=user, cluster=cluster, role=role)
        return user
