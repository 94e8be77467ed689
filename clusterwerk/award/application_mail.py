"""The e-mails about an application (German; sent from the task queue after the transaction
commits, `clusterwerk.core.mail`): the confirmation of a submission and of a withdrawal, to
the person who did it. Each names the title, the edition, the deadline and the address of the
application's page (`core.tenancy.cluster_url`). The texts are templates
(`award/email/application_*.txt`)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.award.models import Application
from clusterwerk.core.mail import send_email_later
from clusterwerk.core.tenancy import cluster_url


def application_address(application: Application) -> str:
    return cluster_url(
        application.edition.cluster,
        reverse("award:application-detail", args=[application.uid]),
    )


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y, %H:%M Uhr")


def _send(application: Application, user, subject: str, template: str) -> None:
    if not getattr(user, "email", ""):
        return
    edition = application.edition
    name = " ".join(part for part in (user.first_name, user.last_name) if part)
    context = {
        "name": name,
        "application": application,
        "applicant": application.applicant.name,
        "title": application.title,
        "edition": edition.title,
        "deadline": _when(edition.deadline),
        "submitted_at": _when(application.submitted_at) if application.submitted_at else "",
        "url": application_address(application),
    }
    body = render_to_string(template, context)
    send_email_later(subject=f"{subject}: {application.title}", body=body, to=[user.email])


def submitted(application: Application, user) -> None:
    _send(
        application,
        user,
        _("Bewerbung eingereicht"),
        "award/email/application_submitted.txt",
    )


def withdrawn(application: Application, user) -> None:
    _send(
        application,
        user,
        _("Bewerbung zurückgezogen"),
        "award/email/application_withdrawn.txt",
    )
