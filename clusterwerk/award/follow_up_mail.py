"""The e-mail of a follow-up question (German; from the task queue after the transaction
commits, `clusterwerk.core.mail`): to the application's creator and the applicant's
representatives in the directory, one mail each (the addresses stay private), with the link
to the answer page. Inactive accounts get none."""

from django.template.loader import render_to_string
from django.urls import reverse

from clusterwerk.actors.models import ActorRepresentative
from clusterwerk.award.models import FollowUp
from clusterwerk.core.mail import send_email_later
from clusterwerk.core.tenancy import cluster_url


def follow_up_address(follow_up: FollowUp) -> str:
    return cluster_url(
        follow_up.application.edition.cluster, reverse("award:follow-up", args=[follow_up.pk])
    )


def recipients(follow_up: FollowUp) -> list[str]:
    """The creator of the application and the applicant's representatives, each once."""
    application = follow_up.application
    addresses = set(
        ActorRepresentative.objects.filter(
            actor_id=application.applicant_id, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    creator = application.created_by
    if creator is not None and creator.is_active:
        addresses.add(creator.email)
    return sorted(address for address in addresses if address)


def follow_up_due(follow_up: FollowUp) -> int:
    """Send the question; returns the number of mails."""
    application = follow_up.application
    text = render_to_string(
        f"award/email/follow_up_{follow_up.years_after}.txt",
        {
            "follow_up": follow_up,
            "application": application,
            "edition": application.edition,
            "url": follow_up_address(follow_up),
        },
    )
    subject, _blank, body = text.partition("\n\n")
    addresses = recipients(follow_up)
    for address in addresses:
        send_email_later(subject=subject.strip(), body=body.strip() + "\n", to=[address])
    return len(addresses)
