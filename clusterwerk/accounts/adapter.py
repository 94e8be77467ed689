"""django-allauth adapter: the platform's German wording for allauth's messages.

allauth's own German catalogue addresses people informally ("du"); the platform speaks to
companies, chambers and universities formally ("Sie"). The messages people meet most often
(failed login, throttling, e-mail management) are replaced here.

allauth's e-mails (address verification, password reset, …) are rendered as allauth renders
them and then go through the task queue like every other e-mail (`clusterwerk.core.mail`): a
slow or broken mail server never slows down or breaks a sign-up or a password reset.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from clusterwerk.core.mail import send_email_later


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

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render as allauth does (`render_mail`), then hand the message to the task queue."""
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, full_context)
        html_body = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", []) or []
                if mimetype == "text/html"
            ),
            None,
        )
        body = message.body
        if message.content_subtype == "html":  # allauth found only an HTML template
            html_body, body = message.body, strip_tags(message.body)
        send_email_later(
            subject=message.subject,
            body=body,
            to=list(message.to),
            html_body=html_body,
            reply_to=list(message.reply_to) or None,
            headers=dict(message.extra_headers) or None,
            from_email=message.from_email,
            # allauth sends outside of any transaction of ours (no ATOMIC_REQUESTS): enqueue
            # now, as allauth would have sent now.
            after_commit=False,
        )
