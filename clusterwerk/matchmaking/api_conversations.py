"""The conversation of an accepted interest in the REST API (under /api/v1/matchmaking):
read the thread with the other side's named contacts, write a message, record the outcome.

The same funnel and services as the pages: `queries.get_conversation_for_user` (404 for
everybody but the participants and the cluster management, and in another cluster),
`services.conversations` (403 for anybody who may not write, German 422 by field). Writes
need the session and its CSRF token (`core.api.session_auth`)."""

import datetime

from ninja import Path, Router, Schema, Status
from pydantic import ConfigDict, Field

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.matchmaking import queries
from clusterwerk.matchmaking.conversation_pages import conversation_page
from clusterwerk.matchmaking.models import ContactOutcome, Interest, Message
from clusterwerk.matchmaking.services import conversations as services
from clusterwerk.matchmaking.services.conversations import MAX_BODY

router = Router(tags=["Kooperationsbörse"])

ConversationId = Path(
    ..., ge=1, le=2**63 - 1, description="Kennung der (angenommenen) Interessensbekundung."
)
READ_ERRORS = error_responses(401, 404, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 422)


class ConversationPersonOut(Schema):
    name: str = Field(description="Name der Ansprechperson.")
    function: str = Field(description="Funktion.")
    phone: str = Field(description="Telefon.")
    email: str = Field(description="E-Mail.")


class ConversationContactOut(Schema):
    organisation: str = Field(description="Organisation.")
    organisation_url: str = Field(description="Adresse des Akteursprofils.")
    persons: list[ConversationPersonOut] = Field(
        description="Ansprechpersonen, die der Weitergabe zugestimmt haben."
    )
    general_email: str = Field(
        description="Allgemeine E-Mail der Organisation, nur wenn keine Person genannt werden darf."
    )
    general_phone: str = Field(description="Allgemeines Telefon, ebenso.")


class ConversationMessageOut(Schema):
    id: int
    organisation: str = Field(description="Für welche Organisation geschrieben.")
    author: str | None = Field(description="Wer geschrieben hat; null bei gelöschtem Konto.")
    body: str | None = Field(description="Text; null, wenn die Moderation ihn ausgeblendet hat.")
    hidden: bool = Field(description="Von der Moderation ausgeblendet.")
    created_at: datetime.datetime


class ConversationOut(Schema):
    id: int = Field(description="Kennung der Interessensbekundung.")
    listing: int = Field(description="Kennung des Inserats.")
    listing_title: str
    can_write: bool = Field(description="Ob Sie hier schreiben dürfen.")
    contacts: list[ConversationContactOut]
    messages: list[ConversationMessageOut]
    unread: int = Field(description="Ihre ungelesenen Nachrichten vor diesem Abruf.")
    outcome: str = Field(description="Zuletzt erfasstes Ergebnis (leer: noch keins).")


class ConversationMessageIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=MAX_BODY, description="Nur Text.")


class ConversationOutcomeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    outcome: ContactOutcome = Field(description="cooperation, project_idea oder no_need.")


def _message(message: Message) -> dict:
    author = message.author
    return {
        "id": message.pk,
        "organisation": message.author_actor.name,
        "author": author.public_name if author else None,
        "body": None if message.is_hidden else message.body,
        "hidden": message.is_hidden,
        "created_at": message.created_at,
    }


def _conversation(user, interest: Interest, unread: int) -> dict:
    page = conversation_page(user, interest)
    return {
        "id": interest.pk,
        "listing": interest.listing_id,
        "listing_title": interest.listing.title,
        "can_write": page.can_write,
        "contacts": [
            {
                "organisation": contact.organisation,
                "organisation_url": contact.organisation_url,
                "persons": [vars(person) for person in contact.persons],
                "general_email": contact.general_email,
                "general_phone": contact.general_phone,
            }
            for contact in page.contacts
        ],
        "messages": [_message(message) for message in page.messages],
        "unread": unread,
        "outcome": interest.outcome,
    }


@router.get(
    "/conversations/{int:interest_id}",
    auth=session_auth,
    response={200: ConversationOut, **READ_ERRORS},
    summary="Gespräch zu einer angenommenen Interessensbekundung",
    description="Nachrichten und die Ansprechpersonen der anderen Seite (nur mit Einwilligung); "
    "für die Beteiligten beider Organisationen und das Clustermanagement. Der Abruf markiert "
    "die Nachrichten als gelesen.",
)
def conversation(request, interest_id: int = ConversationId):
    cluster = request_cluster(request)
    interest = queries.get_conversation_for_user(request.user, cluster, interest_id)
    unread = queries.unread_counts(request.user, [interest.pk]).get(interest.pk, 0)
    body = _conversation(request.user, interest, unread)
    services.mark_read(user=request.user, cluster=cluster, interest=interest)
    return body


@router.post(
    "/conversations/{int:interest_id}/messages",
    auth=session_auth,
    response={201: ConversationMessageOut, **WRITE_ERRORS},
    summary="Nachricht schreiben",
    description="Nur die Beteiligten, solange die Interessensbekundung angenommen ist; die "
    "andere Seite bekommt höchstens alle 15 Minuten eine E-Mail.",
)
def send_message(request, payload: ConversationMessageIn, interest_id: int = ConversationId):
    cluster = request_cluster(request)
    interest = queries.get_conversation_for_user(request.user, cluster, interest_id)
    message = services.send_message(
        user=request.user, cluster=cluster, interest=interest, body=payload.body
    )
    return Status(201, _message(message))


@router.post(
    "/conversations/{int:interest_id}/outcome",
    auth=session_auth,
    response={200: ConversationOut, **WRITE_ERRORS},
    summary="Ergebnis des Kontakts erfassen",
    description="Jede Seite kann es erfassen und ändern; es zählt das zuletzt erfasste.",
)
def record_outcome(request, payload: ConversationOutcomeIn, interest_id: int = ConversationId):
    cluster = request_cluster(request)
    interest = queries.get_conversation_for_user(request.user, cluster, interest_id)
    interest = services.record_outcome(
        user=request.user, cluster=cluster, interest=interest, outcome=payload.outcome.value
    )
    return _conversation(request.user, interest, 0)
