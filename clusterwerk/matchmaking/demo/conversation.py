"""The demo conversation: the accepted interest on demo company 0001's published request
(the demo member's, `betrieb@example.org`) gets a short exchange of messages, a meeting the
interested side confirmed, and the outcome "Kooperation vereinbart" – so the conversation
page, the unread badge and the outcomes in the brokerage pipeline have something to show.

The words are in `data/messages.json` ("conversation"); the moments count from the
acceptance (capped at now, in order). The owner side writes as the demo member, the
interested side as the demo partner login (`partner`, whom `seed_demo` makes a representative
of the interested organisation). The demo member has not read the last message yet.

Idempotent: a conversation that is already there is left alone; when the demo listings are
made anew (their interests with them), it is written anew.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from clusterwerk.accounts.services import system_user
from clusterwerk.actors.queries import FIRST_DEMO_COMPANY_ID
from clusterwerk.core.models import Cluster
from clusterwerk.matchmaking.demo.texts import load_demo_data
from clusterwerk.matchmaking.models import Interest, InterestStatus, ListingStatus
from clusterwerk.matchmaking.services.demo import (
    DemoMeeting,
    DemoMessage,
    DemoOutcome,
    replace_demo_conversation,
)


@dataclass
class DemoConversationReport:
    interest: Interest | None = None
    messages: int = 0
    skipped: bool = False


def conversation_interest(cluster: Cluster) -> Interest | None:
    """The accepted interest on demo company 0001's published demo request, if there is one."""
    return (
        Interest.objects.filter(
            listing__cluster=cluster,
            listing__is_demo=True,
            listing__status=ListingStatus.PUBLISHED,
            listing__owner_actor__external_id=FIRST_DEMO_COMPANY_ID,
            status=InterestStatus.ACCEPTED,
        )
        .select_related("listing", "listing__cluster", "actor")
        .order_by("pk")
        .first()
    )


def generate_demo_conversation(*, cluster: Cluster, member, partner) -> DemoConversationReport:
    interest = conversation_interest(cluster)
    report = DemoConversationReport(interest=interest)
    if interest is None or member is None or partner is None:
        report.skipped = True
        return report
    if interest.messages.exists():
        report.skipped = True
        report.messages = interest.messages.count()
        return report
    data = load_demo_data("messages")["conversation"]
    start = interest.decided_at or interest.created_at
    now = timezone.now()
    sides = {
        "owner": (member, interest.listing.owner_actor_id),
        "interested": (partner, interest.actor_id),
    }
    last = [start]

    def moment(hours: float) -> datetime.datetime:
        """`hours` after the acceptance, never in the future, never before the previous one."""
        at = min(start + datetime.timedelta(hours=hours), now)
        at = max(at, last[0])
        last[0] = at
        return at

    spec = data["meeting"]
    events = sorted(
        [(entry["after_hours"], "message", entry) for entry in data["messages"]]
        + [
            (spec["after_hours"], "proposed", spec),
            (spec["answered_after_hours"], "answered", spec),
        ],
        key=lambda event: event[0],
    )
    messages, moments = [], {}
    for hours, kind, entry in events:
        at = moment(hours)
        if kind == "message":
            author, actor_id = sides[entry["side"]]
            messages.append(DemoMessage(author, actor_id, entry["text"], at))
        else:
            moments[kind] = at
    proposer, proposer_actor = sides[spec["proposed_by"]]
    answerer = partner if proposer is member else member
    first_day = timezone.localtime(start).date()
    options = tuple(
        timezone.make_aware(
            datetime.datetime.combine(
                first_day + datetime.timedelta(days=option["after_days"]),
                datetime.time(option["hour"], 0),
            )
        )
        for option in spec["options"]
    )
    meeting = DemoMeeting(
        proposed_by=proposer,
        proposer_actor_id=proposer_actor,
        at=moments["proposed"],
        options=options,
        duration_minutes=spec["duration_minutes"],
        place=spec["place"],
        note=spec["note"],
        chosen=spec["chosen"],
        decided_by=answerer,
        decided_at=moments["answered"],
    )
    result = data["outcome"]
    recorder, recorder_actor = sides[result["side"]]
    outcome = DemoOutcome(
        result["value"], recorder, recorder_actor, moment(24 * result["after_days"])
    )
    replace_demo_conversation(
        user=system_user(),
        interest=interest,
        messages=messages,
        meeting=meeting,
        outcome=outcome,
        read_up_to={member: messages[-2].at, partner: messages[-1].at},
    )
    report.messages = len(messages)
    return report
