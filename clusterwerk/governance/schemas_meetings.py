"""Schemas of the meetings' API (api_meetings.py)."""

import datetime

from ninja import Field, Schema
from pydantic import ConfigDict


class GovernanceLinkOut(Schema):
    kind: str = Field(description="topic, project, proposal, foresight_item oder event.")
    label: str
    url: str


class GovernanceMeetingOut(Schema):
    id: int
    body: str = Field(description="Kürzel des Gremiums.")
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    online_url: str
    status: str = Field(description="preparation, invited, held oder cancelled.")
    status_label: str
    invitations_sent_at: datetime.datetime | None
    version: int
    url: str
    ics_url: str


class GovernanceAgendaItemOut(Schema):
    id: int
    order: int = Field(description="Nummer des Tagesordnungspunkts (TOP).")
    title: str
    description: str
    presenter: str
    links: list[GovernanceLinkOut]


class GovernanceDecisionOut(Schema):
    id: int
    meeting: int
    body: str
    date: datetime.date = Field(description="Tag der Sitzung.")
    kind: str = Field(description="decision oder recommendation.")
    kind_label: str
    text: str
    mode: str = Field(description="vote oder consensus.")
    votes_yes: int | None
    votes_no: int | None
    votes_abstain: int | None
    is_published: bool
    published_at: datetime.datetime | None
    agenda_item: int | None = Field(description="Nummer des TOP, falls zugeordnet.")
    resulting_proposal: int | None = Field(description="Vorschlag, der daraus entstand.")
    links: list[GovernanceLinkOut]
    url: str


class GovernanceActionItemOut(Schema):
    id: int
    meeting: int
    body: str
    title: str
    description: str
    owner_name: str
    is_mine: bool
    due_on: datetime.date
    status: str = Field(description="open, in_progress, done oder dropped.")
    status_label: str
    overdue: bool
    done_at: datetime.datetime | None
    version: int


class GovernanceAttendanceCountsOut(Schema):
    invited: int
    accepted: int
    declined: int
    open: int
    present: int


class GovernanceMeetingDetailOut(GovernanceMeetingOut):
    minutes: str
    agenda: list[GovernanceAgendaItemOut]
    decisions: list[GovernanceDecisionOut]
    action_items: list[GovernanceActionItemOut]
    attendance: GovernanceAttendanceCountsOut
    my_response: str | None = Field(description="accepted, declined, open; null: kein Mitglied.")


class GovernanceResponseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    response: str = Field(description="accepted (Zusage) oder declined (Absage).")


class GovernanceResponseOut(Schema):
    meeting: int
    response: str
    response_label: str


class GovernanceActionItemPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    status: str = Field(description="open, in_progress, done oder dropped.")
    version: int = Field(description="Bearbeitungsstand, wie zuletzt gelesen.")


class GovernanceActionItemConflictOut(Schema):
    detail: str
    version: int
    current: dict
