"""django-allauth adapter: the platform's German wording for allauth's messages.

allauth's own German catalogue addresses people informally ("du"); the platform speaks to
companies, chambers and universities formally ("Sie"). The messages people meet most often
(failed login, throttling, e-mail management) are replaced here.

After login, a person with neither a role nor an organisation goes to "Willkommen"
(`actors:welcome`, the front door) instead of the usual start page.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("Dieses Konto ist derzeit gesperrt."),
        "cannot_remove_primary_email": _("Ihre Haupt-E-Mail-Adresse können Sie nicht entfernen."),
        "duplicate_email": _("Diese E-Mail-Adresse gehört bereits zu Ihrem Konto."),
        "email_password_mismatch": _(
            "Die E-Mail-Adresse oder das Passwort ist nicht korrekt. "
            "Bitte prüfen Sie Ihre Eingaben."
        ),
        "email_taken": _("Unter dieser E-Mail-Adresse ist bereits ein Konto registriert."),
        "enter_current_password": _("Bitte geben Sie Ihr aktuelles Passwort ein."),
        "incorrect_password": _("Das Passwort ist nicht korrekt."),
        "invalid_or_expired_key": _("Der Link ist ungültig oder abgelaufen."),
        "invalid_login": _("Die Anmeldung ist fehlgeschlagen."),
        "invalid_password_reset": _("Der Link zum Zurücksetzen des Passworts ist ungültig."),
        "max_email_addresses": _("Sie können höchstens %d E-Mail-Adressen hinterlegen."),
        "too_many_login_attempts": _(
            "Zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung ist zum Schutz vor "
            "Angriffen vorübergehend gesperrt. Bitte warten Sie einige Minuten und "
            "versuchen Sie es dann erneut."
        ),
        "unknown_email": _("Zu dieser E-Mail-Adresse gibt es kein Konto."),
        "unverified_primary_email": _("Ihre Haupt-E-Mail-Adresse muss bestätigt sein."),
        "same_as_current": _("Der neue Wert muss sich vom bisherigen unterscheiden."),
        "rate_limited": _(
            "Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einen Moment und "
            "versuchen Sie es dann erneut."
        ),
    }

    def get_login_redirect_url(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_superuser
            and not user.role_assignments.exists()
            and not user.represented_actors.exists()
        ):
            return reverse("actors:welcome")
        return super().get_login_redirect_url(request)
