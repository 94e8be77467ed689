"""E-mails the services send about listings and interests (from the task queue, after the
transaction commits: `clusterwerk.core.mail`).

The owner's own people hear about their listing (naming the owner gives nothing away); the
sender of an interest hears the decision, and learns the owner's contact only on acceptance.
"""

from django.template.loader import render_to_string
from django.urls import reverse

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
        "conversation_url": conversation_address(interest) if interest.is_accepted else "",
    }
    _send(template, context, [sender.email])


# --- Conversations ---------------------------------------------------------------------------


def conversation_address(interest: Interest) -> str:
    """The thread's address in the listing's cluster (for e-mails sent from anywhere)."""
    return cluster_url(
        interest.listing.cluster, reverse("matchmaking:conversation", args=[interest.pk])
    )


def notify_messages(interest: Interest, due: list[tuple]) -> None:
    """One notice per (user, number of unread messages); never names the author's text."""
    address = conversation_address(interest)
    for user, count in due:
        body = render_to_string(
            "matchmaking/email/conversation_messages.txt",
            {
                "interest": interest,
                "listing": interest.listing,
                "count": count,
                "conversation_url": address,
            },
        )
        subject, _blank, text = body.partition("\n\n")
        send_email_later(subject=subject.strip(), body=text.strip() + "\n", to=[user.email])


def notify_meeting(meeting, template: str, *, to_side: int | None) -> None:
    """Tell one side (or both: `to_side=None`) about a meeting proposal; a confirmed meeting
    carries its iCalendar invitation."""
    from clusterwerk.matchmaking.ical import meeting_ics
    from clusterwerk.matchmaking.queries import participant_users

    interest = meeting.interest
    sides = [interest.listing.owner_actor_id, interest.actor_id] if to_side is None else [to_side]
    recipients = sorted(
        {user.email for side in sides for user in participant_users(side) if user.email}
    )
    if not recipients:
        return
    address = conversation_address(interest)
    body = render_to_string(
        template,
        {
            "meeting": meeting,
            "interest": interest,
            "listing": interest.listing,
            "conversation_url": address,
        },
    )
    subject, _blank, text = body.partition("\n\n")
    attachments = None
    if meeting.chosen_id:
        attachments = [("termin.ics", meeting_ics(meeting, thread_url=address), "text/calendar")]
    for recipient in recipients:  # one mail each: the participants' addresses stay private
        send_email_later(
            subject=subject.strip(),
            body=text.strip() + "\n",
            to=[recipient],
            attachments=attachments,
        )
