"""What one user sees on the conversation page of an accepted interest: both organisations,
the other side's named contacts, the messages (hidden ones replaced for participants), the
meeting proposals with what the user may do with each, the outcome and its history."""

from dataclasses import dataclass, field

from clusterwerk.matchmaking import queries
from clusterwerk.matchmaking.models import Interest, MeetingProposal, MeetingStatus, Message
from clusterwerk.matchmaking.permissions import can_moderate_messages, conversation_side


@dataclass
class MeetingCard:
    meeting: MeetingProposal
    options: list
    can_answer: bool  # the other side, while proposed


@dataclass
class ConversationPage:
    interest: Interest
    side_id: int | None  # the organisation the user speaks for; None for the management
    own_side: object
    other_side: object
    contacts: list[queries.SideContact]
    messages: list[Message]
    meetings: list[MeetingCard] = field(default_factory=list)
    outcomes: list = field(default_factory=list)
    can_write: bool = False
    can_moderate: bool = False
    reported_ids: set = field(default_factory=set)

    @property
    def listing(self):
        return self.interest.listing

    @property
    def is_participant(self) -> bool:
        return self.side_id is not None


def conversation_page(user, interest: Interest) -> ConversationPage:
    side = conversation_side(user, interest)
    other = queries.other_side(interest, side)
    own = interest.listing.owner_actor if other.pk == interest.actor_id else interest.actor
    if side is None:  # the cluster management sees both sides' contacts
        contacts = [
            queries.side_contact(interest.listing.owner_actor),
            queries.side_contact(interest.actor),
        ]
    else:
        contacts = [queries.side_contact(other)]
    messages = list(queries.thread_messages(interest))
    meetings = [
        MeetingCard(
            meeting,
            list(meeting.options.all()),
            side is not None
            and interest.is_accepted
            and meeting.status == MeetingStatus.PROPOSED
            and meeting.proposer_actor_id != side,
        )
        for meeting in queries.meetings_of(interest)
    ]
    reported = set()
    if side is not None:
        reported = set(
            Message.objects.filter(
                interest=interest, reports__reporter=user, reports__status="open"
            ).values_list("pk", flat=True)
        )
    return ConversationPage(
        interest=interest,
        side_id=side,
        own_side=own if side is not None else None,
        other_side=other,
        contacts=contacts,
        messages=messages,
        meetings=meetings,
        outcomes=list(
            interest.outcomes.select_related("recorded_by", "recorded_for").order_by(
                "-created_at", "-pk"
            )
        ),
        can_write=side is not None and interest.is_accepted,
        can_moderate=can_moderate_messages(user, interest.listing.cluster_id),
        reported_ids=reported,
    )
