from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterwerk.core.models import Cluster


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("The e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account; logs in with the e-mail address."""

    username = None
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    display_name = models.CharField(_("Anzeigename"), max_length=150, blank=True)
    is_system = models.BooleanField(
        _("Systemkonto"),
        default=False,
        editable=False,
        help_text=_("Schreibt für Befehle und Hintergrundaufgaben; kann sich nicht anmelden."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("Benutzer/in")
        verbose_name_plural = _("Benutzer/innen")
        ordering = ["email"]

    def __str__(self):
        return self.display_name or self.email

    @property
    def public_name(self):
        full_name = self.get_full_name()
        return self.display_name or full_name or self.email.split("@", 1)[0]


class Role(models.TextChoices):
    CLUSTER_MANAGER = "cluster_manager", _("Clustermanagement")
    ADVISORY_BOARD = "advisory_board", _("Strategischer Beirat")
    MEMBER = "member", _("Mitglied")
    JURY = "jury", _("Jury")


class RoleAssignment(models.Model):
    """A user's role in one cluster."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("Rolle"), max_length=30, choices=Role.choices)
    assigned_at = models.DateTimeField(_("vergeben am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Rollenzuweisung")
        verbose_name_plural = _("Rollenzuweisungen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cluster", "role"], name="unique_role_assignment"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.cluster})"
