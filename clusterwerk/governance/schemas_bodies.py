"""Schemas of the bodies' API (`api_bodies.py`)."""

import datetime

from ninja import Field, Schema


class GovernanceMemberOut(Schema):
    name: str
    function: str = Field(description="chair, deputy_chair, spokesperson, member oder guest.")
    function_label: str
    organisation: str | None = Field(description="Name der Organisation im Akteursverzeichnis.")
    actor_id: int | None
    sector: str = Field(
        description="business, association, network, social_partner, research, administration "
        "oder leer."
    )
    sector_label: str
    term_start: datetime.date
    term_end: datetime.date | None


class GovernanceBodyOut(Schema):
    slug: str
    kind: str = Field(
        description="spokespersons, advisory_board, steering_group oder expert_circle."
    )
    kind_label: str
    name: str
    name_en: str = Field(description="Leer: nur auf Deutsch.")
    description: str
    description_en: str
    is_public: bool
    is_demo: bool
    chairs: list[str] = Field(description="Namen des Vorsitzes (aktuelle Amtszeit).")
    member_count: int = Field(description="Mitglieder mit laufender Amtszeit.")
    url: str


class GovernanceDecisionSummaryOut(Schema):
    """A published decision on the public body page (the full one: `schemas_meetings`)."""

    id: int
    kind: str = Field(description="decision oder recommendation.")
    text: str
    mode: str = Field(description="vote oder consensus.")
    mode_label: str
    date: datetime.date = Field(description="Tag der Sitzung.")
    published_at: datetime.datetime | None


class GovernanceBodyDetailOut(GovernanceBodyOut):
    members: list[GovernanceMemberOut] = Field(description="Aktuelle Mitglieder, Vorsitz zuerst.")
    decisions: list[GovernanceDecisionSummaryOut] = Field(description="Veröffentlichte Beschlüsse.")


class GovernanceDocumentOut(Schema):
    id: int
    title: str
    filename: str
    size: int = Field(description="Größe in Byte.")
    meeting_id: int | None = Field(description="Sitzung; leer: Dokument des internen Bereichs.")
    uploaded_at: datetime.datetime
    url: str = Field(description="Download (nur für Mitglieder und Clustermanagement).")


class GovernancePostOut(Schema):
    id: int
    author: str | None
    text: str
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    reply_to: int | None = Field(description="Beitrag, auf den dieser antwortet.")


class GovernancePostIn(Schema):
    text: str = Field(description="Der Beitrag (höchstens 5000 Zeichen).")
    reply_to: int | None = Field(default=None, description="Antwort auf diesen Beitrag.")


class GovernanceBadgeIn(Schema):
    show: bool = Field(description="Funktion bei Beiträgen in Beteiligungen zeigen.")


class GovernanceBadgeOut(Schema):
    show: bool
    badge: str = Field(description="So erscheint die Funktion, z. B. „Mitglied des …“.")
