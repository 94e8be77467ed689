"""E-mails the services send about listings and interests (from the task queue, after the
transaction commits: `clusterwerk.core.mail`).

The owner's own people hear about their listing (naming the owner gives nothing away); the
sender of an interest hears the decision, and learns the owner's contact only on acceptance.
"""

from django.template.loader import render_to_string

from clusterwerk.core.mail import send_email_later
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.matchmaking.models import Interest, Listing


def _owner_recipients(listing: Listing) -> list[str]:
    emails = {
        representative.user.email
        for representative in listing.owner_actor.representatives.select_related("user")
        if representative.user.email and representative.user.is_active
    }
    if listing.created_by and listing.created_by.email:
        emails.add(listing.created_by.email)
    return sorted(emails)


def _send(template: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    listing = context["listing"]
    # Sent from a request of any cluster or from a command: the address names its cluster.
    address = cluster_url(listing.cluster, listing.get_absolute_url())
    body = render_to_string(template, {"listing_url": address, **context})
    subject, _blank, text = body.partition("\n\n")
    send_email_later(subject=subject.strip(), body=text.strip() + "\n", to=recipients)


def notify_owner(listing: Listing, template: str, context: dict) -> None:
    # The owner's own people: naming the owner here gives nothing away.
    _send(template, {"listing": listing, **context}, _owner_recipients(listing))


def notify_sender(interest: Interest, template: str) -> None:
    """Tell the sender of the decision; the owner is named only on acceptance."""
    from clusterwerk.matchmaking.queries import contact_of_owner

    sender = interest.sender
    if not sender or not sender.email:
        return
    listing = interest.listing
    context = {
        "listing": listing,
        "interest": interest,
        "owner": contact_of_owner(listing) if interest.is_accepted else None,
    }
    _send(template, context, [sender.email])
