"""Schemas of the participation API: `<Thing>In` for request bodies, `<Thing>Out` for responses.

Field names are English, descriptions German (they appear at /api/docs). Output schemas read
plain dicts that `api.py` prepares. Values are checked by `clusterwerk.participation.services`
(ranges, lengths, the element being under discussion), whose German messages reach the client
as 422; the schemas only fix the shape and the types.

Hidden contributions keep their place but lose their text: `body`/`body_html` (comments) and
the texts of a proposal are null, `hidden_reason` says why. `body_html` is the server-rendered
safe Markdown subset (`core.markdown`): whatever the author typed, it contains no tag
or attribute of their own.
"""

import uuid
from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

ElementKindIn = Literal["action_field", "key_point", "topic_area"]


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


# --- consultations -------------------------------------------------------------------------


class PhaseOut(Schema):
    id: int = Field(description="Kennung der Phase.")
    kind: str = Field(description="information, participation, evaluation oder result.")
    label: str = Field(description="Name der Phase.")
    starts_at: datetime = Field(description="Beginn.")
    ends_at: datetime = Field(description="Ende.")
    state: str = Field(description="past, current oder future.")
    allowed_actions: list[str] = Field(
        description="Was die Phase erlaubt: comment, rate, propose, support."
    )


class ConsultationOut(Schema):
    slug: str = Field(description="Kürzel der Beteiligung (in Adressen).")
    title: str = Field(description="Titel.")
    description: str = Field(description="Beschreibung.")
    audience: str = Field(description="Wer sich beteiligen darf: members, invited, registered.")
    cluster: str = Field(description="Kürzel des Clusters.")
    edition: str = Field(description="Ausgabe des Masterplans, um die es geht.")
    whole_plan: bool = Field(description="Ganzer Masterplan oder nur ausgewählte Elemente.")
    current_phase: PhaseOut | None = Field(description="Die laufende Phase (null: keine).")
    url: str = Field(description="Adresse der Seite.")


class ConsultationDetailOut(ConsultationOut):
    phases: list[PhaseOut] = Field(description="Alle Phasen in zeitlicher Folge.")
    closed_reasons: dict[str, str] = Field(
        description="Was Sie jetzt nicht dürfen, je Aktion (comment, rate, propose, support) mit "
        "deutscher Begründung; fehlt eine Aktion, ist sie Ihnen jetzt möglich."
    )


# --- comments ------------------------------------------------------------------------------


class CommentOut(Schema):
    id: int = Field(description="Kennung des Kommentars.")
    element_kind: str = Field(description="Art des Elements.")
    element_lineage: uuid.UUID = Field(description="Kennung des Elements (über Ausgaben gleich).")
    parent_id: int | None = Field(description="Antwort auf diesen Kommentar.")
    proposal_id: int | None = Field(
        description="Kommentar zu diesem Vorschlag (null: zum Element selbst). Ein Kommentar "
        "zu einem Vorschlag trägt das Element des Vorschlags."
    )
    author_name: str | None = Field(description="Anzeigename (null bei gelöschten Beiträgen).")
    author_badges: list[str] = Field(
        description="Funktionen der Autorin/des Autors in Gremien des Clusters, wie sie sie "
        "zeigen möchte (z. B. „Mitglied des Strategischen Beirats“); leer, wenn ausgeblendet."
    )
    body: str | None = Field(description="Text (Markdown); null, wenn ausgeblendet/gelöscht.")
    body_html: str | None = Field(
        description="Text als sicheres HTML (kein HTML der Autorin/des Autors wird übernommen)."
    )
    created_at: datetime = Field(description="Geschrieben am.")
    edited_at: datetime | None = Field(description="Zuletzt bearbeitet am.")
    is_deleted: bool = Field(description="Von der Autorin/dem Autor gelöscht.")
    is_hidden: bool = Field(description="Von der Moderation ausgeblendet.")
    hidden_reason: str | None = Field(description="Öffentlicher Grund der Ausblendung.")


class CommentIn(StrictIn):
    element_kind: ElementKindIn = Field(description="Art des Elements.")
    lineage: uuid.UUID = Field(description="Kennung des Elements.")
    body: str = Field(description="Der Kommentar (einfaches Markdown).")
    parent: int | None = Field(None, ge=1, description="Antwort auf diesen Kommentar.")


class ProposalCommentIn(StrictIn):
    body: str = Field(description="Der Kommentar zum Vorschlag (einfaches Markdown).")
    parent: int | None = Field(
        None, ge=1, description="Antwort auf diesen Kommentar (zum selben Vorschlag)."
    )


class CommentPatchIn(StrictIn):
    body: str = Field(description="Der neue Text (nur in den ersten 15 Minuten).")


# --- ratings -------------------------------------------------------------------------------


class RatingIn(StrictIn):
    element_kind: ElementKindIn = Field(description="Art des Elements.")
    lineage: uuid.UUID = Field(description="Kennung des Elements.")
    relevance: int = Field(description="Relevanz von 1 (gering) bis 5 (sehr hoch).")
    priority: int = Field(description="Priorität: 1 niedrig, 2 mittel, 3 hoch.")


class RatingOut(Schema):
    element_kind: str = Field(description="Art des Elements.")
    element_lineage: uuid.UUID = Field(description="Kennung des Elements.")
    relevance: int = Field(description="Relevanz 1–5.")
    priority: int = Field(description="Priorität 1–3.")
    updated_at: datetime = Field(description="Zuletzt geändert.")


# --- proposals -----------------------------------------------------------------------------


class ProposalIn(StrictIn):
    kind: Literal["amendment", "new_topic_area"] = Field(
        description="amendment: Änderung eines Textes; new_topic_area: neuer Themenbereich "
        "unter einem Eckpunkt."
    )
    element_kind: ElementKindIn = Field(
        "key_point", description="Art des Elements (bei einem neuen Themenbereich: key_point)."
    )
    lineage: uuid.UUID = Field(
        description="Kennung des Elements (bei einem neuen Themenbereich: des Eckpunkts)."
    )
    field: str = Field("", description="Bei einer Änderung: das Textfeld (title, goal, …).")
    text: str = Field(description="Vorgeschlagener Text bzw. Ziel des neuen Themenbereichs.")
    title: str = Field("", description="Bei einem neuen Themenbereich: sein Titel.")
    rationale: str = Field("", description="Begründung (freiwillig).")


class ProposalOut(Schema):
    id: int = Field(description="Kennung des Vorschlags.")
    kind: str = Field(description="amendment oder new_topic_area.")
    element_kind: str = Field(description="Art des Elements.")
    element_lineage: uuid.UUID = Field(description="Kennung des Elements.")
    field: str = Field(description="Geändertes Textfeld (bei Änderungen).")
    title: str | None = Field(
        description="Titel (bei einer Änderung: der des Elements); null, wenn ausgeblendet."
    )
    headline: str | None = Field(
        description="Was der Vorschlag vorschlägt, z. B. „Änderung von „Ziel“ in 4.4.2 …“ "
        "oder „Neuer Themenbereich „…“ unter 4.4“; null, wenn ausgeblendet."
    )
    original_text: str | None = Field(description="Bisheriger Text; null, wenn ausgeblendet.")
    proposed_text: str | None = Field(description="Vorgeschlagener Text; null, wenn ausgeblendet.")
    rationale: str | None = Field(description="Begründung; null, wenn ausgeblendet.")
    author_name: str | None = Field(description="Anzeigename; null, wenn ausgeblendet.")
    author_badges: list[str] = Field(
        description="Funktionen der Autorin/des Autors in Gremien des Clusters; leer, wenn "
        "ausgeblendet."
    )
    status: str = Field(description="submitted, accepted oder rejected.")
    status_label: str = Field(description="Status, lesbar.")
    decision_note: str = Field(description="Begründung der Entscheidung.")
    support_count: int = Field(description="Zahl der Unterstützungen.")
    comment_count: int = Field(
        description="Zahl der Kommentare zum Vorschlag (ohne ausgeblendete und gelöschte)."
    )
    supported_by_me: bool = Field(description="Sie unterstützen den Vorschlag.")
    created_at: datetime = Field(description="Eingereicht am.")
    is_hidden: bool = Field(description="Von der Moderation ausgeblendet.")
    hidden_reason: str | None = Field(description="Öffentlicher Grund der Ausblendung.")
    url: str = Field(description="Adresse der Seite.")


class SupportOut(Schema):
    proposal_id: int = Field(description="Kennung des Vorschlags.")
    supported: bool = Field(description="Sie unterstützen den Vorschlag jetzt.")
    support_count: int = Field(description="Zahl der Unterstützungen.")


# --- reports -------------------------------------------------------------------------------


class ReportIn(StrictIn):
    reason: str = Field(description="Warum der Beitrag gegen die Regeln verstößt.")


class ReportOut(Schema):
    id: int = Field(description="Kennung der Meldung.")
    target: str = Field(description="comment oder proposal.")
    target_id: int = Field(description="Kennung des gemeldeten Beitrags.")
    status: str = Field(description="open: die Moderation prüft.")
    created_at: datetime = Field(description="Gemeldet am.")
