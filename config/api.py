"""The REST API (django-ninja); OpenAPI docs at /api/docs.

Every error leaves the API as JSON `{"detail": "<German reason>"}` with a fitting status, and
every operation documents the statuses it can answer (`clusterwerk.core.api.error_responses`):

- Django `ValidationError` (raised by services)  → 422, with `errors` per field
- ninja's request validation (schemas, params)   → 422, with `errors` and "Ungültige Eingabe …"
- a NUL character in any text (`refuse_null_characters`) → 422, with `errors`
- `PermissionDenied`                             → 403
- `PostingTooFast` (participation: too many posts in a short time) → 429
- `Http404`                                      → 404
- `EditConflict` (somebody saved in between: a plan element, an actor, a project, a listing)
                                                  → 409, with the stored state (and version)
- `PossibleDuplicate` (a new actor looks known)   → 409, with the candidates and a hint
- `IntegrityError` (a race the services did not see coming) → 409
- `DataError` (a value the database cannot store)  → 422, with `errors`
- a body that is not JSON (also form data, or too large) → 400
- ninja's `HttpError` (missing login 401, CSRF 403, unreadable body 400, throttled 429)
  → its status

Authentication: the Django session (`clusterwerk.core.api.session_auth`), declared by every
operation that needs a login. Without a login the answer is 401; a logged-in write without the
CSRF token is 403 (the API's views are csrf-exempt towards Django's middleware; the session
authenticator runs the check itself). `GET /api/csrf` hands out a token for API clients; the
Swagger UI at /api/docs sends it.
"""

import json
import logging

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, RawPostDataException
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger, render_template

from clusterwerk.actors.api import duplicate_body as actor_duplicate_body
from clusterwerk.actors.api import router as actors_router
from clusterwerk.actors.services import PossibleDuplicate
from clusterwerk.award.api import router as award_router
from clusterwerk.clusterprofile.api import router as clusterprofile_router
from clusterwerk.core.api import refuse_null_characters
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.crosscluster.api import router as crosscluster_router
from clusterwerk.events.api import router as events_router
from clusterwerk.foresight.api import router as foresight_router
from clusterwerk.governance.api import router as governance_router
from clusterwerk.masterplan.api import router as masterplan_router
from clusterwerk.matchmaking.api import router as matchmaking_router
from clusterwerk.participation.api import router as participation_router
from clusterwerk.participation.services import PostingTooFast
from clusterwerk.portal.api import router as portal_router
from clusterwerk.portal.dashboard_api import router as dashboard_router
from clusterwerk.portal.search_api import router as search_router
from clusterwerk.projects.api import router as projects_router
from clusterwerk.skills.api import router as skills_router

logger = logging.getLogger(__name__)


class SessionSwagger(Swagger):
    """Swagger UI that sends the CSRF token with its requests.

    ninja adds the token only when the API-wide `auth` needs CSRF; here only the write
    operations use the session, so "Try it out" would fail without this."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": True,
        }
        return render_template(request, self.template, self.template_cdn, context)


api = NinjaAPI(
    title="Clusterwerk API",
    version="1",
    description="Lesender und schreibender Zugriff auf den Masterplan und seine Ausgaben "
    "sowie auf das Akteursverzeichnis, die Projekte und die Kooperationsbörse "
    "(`/api/v1/matchmaking`: Partnersuche, Inserate, Interessensbekundungen, gespeicherte "
    "Suchen), die Beteiligung (`/api/v1/participation`: Kommentare, Bewertungen, "
    "Vorschläge, Meldungen) und die Veranstaltungen (`/api/v1/events`: Kalender, Anmeldung "
    "mit Warteliste, meine Anmeldungen, Einlass und B2B-Tage) und der Innovationspreis "
    "(`/api/v1/award`: Jahrgänge, meine Bewerbungen, Zuweisungen und Bewertungen der Jury "
    "nach den Regeln der Phase, Rangfolge für das Clustermanagement) und die Markt- und "
    "Technologievorausschau (`/api/v1/foresight`: Zyklen, Items, meine Bewertungen im Panel, "
    "Ergebnisse nach der Veröffentlichung oder für das Clustermanagement) und die "
    "Fachkräftematrix (`/api/v1/skills`: Berufe, Engpassanalyse, Betriebsbefragung, Matrix "
    "nur über mindestens fünf Betriebe je Zelle, Bildungsangebote, Nachfolgebörse) und die "
    "Gremien (`/api/v1/governance`: Gremien und Mitglieder; Sitzungen, Dokumente, "
    "Beschlüsse und Aufgaben nur für Mitglieder und das Clustermanagement, veröffentlichte "
    "Beschlüsse für alle) und Cross Cluster (`/api/v1/cross-cluster`: Themen, Partnersuche "
    "über Cluster hinweg) und das Clusterprofil mit offenen Daten (`/api/v1/profile`). "
    "Lesen ist für veröffentlichte und archivierte Ausgaben, veröffentlichte Akteure, "
    "veröffentlichte Inserate und öffentliche Veranstaltungen ohne Anmeldung möglich; "
    "anonyme Inserate nennen den Anbieter "
    "erst nach einer angenommenen Interessensbekundung; "
    "Schreiben erfordert die Anmeldung (Sitzungs-Cookie) und das CSRF-Token im Header "
    "`X-CSRFToken` (siehe `GET /api/csrf`): ohne Anmeldung antwortet die API mit 401, ohne "
    "CSRF-Token oder ohne Berechtigung mit 403. Fehler kommen als JSON "
    '`{"detail": "…"}` mit deutscher Begründung, Eingabefehler (422) zusätzlich mit `errors`, '
    "einer Liste von `{loc, msg, type}` je Feld.",
    urls_namespace="api",
    docs=SessionSwagger(),
)
api.add_decorator(refuse_null_characters)
api.add_router("/masterplan", masterplan_router)
api.add_router("/actors", actors_router)
api.add_router("/projects", projects_router)
api.add_router("/projects", portal_router)  # the monitoring report with the Kooperationsbörse
api.add_router("/v1/matchmaking", matchmaking_router)
api.add_router("/v1/participation", participation_router)
api.add_router("/v1/events", events_router)
api.add_router("/v1/award", award_router)
api.add_router("/v1/foresight", foresight_router)
api.add_router("/v1/skills", skills_router)
api.add_router("/v1/governance", governance_router)
api.add_router("/v1/cross-cluster", crosscluster_router)
api.add_router("/v1/profile", clusterprofile_router)
api.add_router("/v1", dashboard_router)  # /v1/me/dashboard, /v1/tasks
api.add_router("", search_router)  # GET /api/search, the one search


class CsrfOut(Schema):
    csrf_token: str


@api.get(
    "/csrf",
    response=CsrfOut,
    tags=["Anmeldung"],
    summary="CSRF-Token",
    description="Setzt das CSRF-Cookie und gibt das Token zurück; schreibende Anfragen senden "
    "es im Header `X-CSRFToken`.",
)
def csrf_token(request):
    return {"csrf_token": get_token(request)}


# --- error handlers ------------------------------------------------------------------------


def error(request, status: int, detail: str, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(DjangoValidationError)
def invalid_data(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": [] if field == NON_FIELD_ERRORS else [field], "msg": message, "type": "invalid"}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"loc": [], "msg": message, "type": "invalid"} for message in exc.messages]
    detail = " ".join(item["msg"] for item in errors) or _("Ungültige Eingabe.")
    return error(request, 422, detail, errors=errors)


# German wording for the pydantic error types a client is likely to meet.
PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("Angabe fehlt"),
    "extra_forbidden": gettext_lazy("ist kein zulässiges Feld"),
    "list_type": gettext_lazy("muss eine Liste sein"),
    "string_type": gettext_lazy("muss ein Text sein"),
    "int_type": gettext_lazy("muss eine ganze Zahl sein"),
    "int_parsing": gettext_lazy("muss eine ganze Zahl sein"),
    "int_from_float": gettext_lazy("muss eine ganze Zahl sein"),
    "bool_type": gettext_lazy("muss true oder false sein"),
    "bool_parsing": gettext_lazy("muss true oder false sein"),
    "model_attributes_type": gettext_lazy("muss ein Objekt sein"),
    "dict_type": gettext_lazy("muss ein Objekt sein"),
    "string_too_short": gettext_lazy("darf nicht leer sein"),
    "string_too_long": gettext_lazy("ist zu lang (höchstens %(max_length)s Zeichen)"),
    "greater_than_equal": gettext_lazy("muss mindestens %(ge)s sein"),
    "less_than_equal": gettext_lazy("darf höchstens %(le)s sein"),
    "too_long": gettext_lazy("hat zu viele Einträge"),
    "enum": gettext_lazy("ist kein zulässiger Wert"),
    "literal_error": gettext_lazy("ist kein zulässiger Wert"),
    "null_character": gettext_lazy("darf kein Nullzeichen (\\x00) enthalten"),
}


def german_message(item: dict) -> str:
    template = PYDANTIC_MESSAGES.get(item.get("type", ""))
    if template is None:
        return _("ist ungültig")
    try:
        return str(template) % item.get("ctx", {})
    except (KeyError, TypeError, ValueError):
        return _("ist ungültig")


def error_location(loc) -> str:
    # ("body", "payload", "version") → "version"; ("query", "q") → "q"
    parts = [str(part) for part in loc[1:] if part != "payload"]
    return ".".join(parts) or (str(loc[0]) if loc else "")


@api.exception_handler(NinjaValidationError)
def invalid_request(request, exc: NinjaValidationError):
    reasons = "; ".join(
        f"{error_location(item.get('loc', ()))}: {german_message(item)}" for item in exc.errors
    )
    detail = _("Ungültige Eingabe")
    if reasons:
        detail = f"{detail} – {reasons}."
    errors = [
        {"loc": list(item.get("loc", ())), "msg": item.get("msg", ""), "type": item.get("type")}
        for item in exc.errors
    ]
    return error(request, 422, detail, errors=errors)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc: PermissionDenied):
    return error(request, 403, str(exc) or _("Dafür fehlt Ihnen die Berechtigung."))


@api.exception_handler(PostingTooFast)
def posting_too_fast(request, exc: PostingTooFast):
    # PostingTooFast is a PermissionDenied; this handler comes first by the exception's MRO.
    return error(request, 429, str(exc))


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    message = str(exc)
    # get_object_or_404's own message is English ("No Cluster matches the given query.").
    if not message or message.endswith("matches the given query."):
        message = _("Nicht gefunden.")
    return error(request, 404, message)


@api.exception_handler(EditConflict)
def edit_conflict(request, exc: EditConflict):
    return api.create_response(request, exc.body(request.user), status=409)


@api.exception_handler(PossibleDuplicate)
def possible_duplicate(request, exc: PossibleDuplicate):
    # PossibleDuplicate is a ValidationError; this handler comes first by the exception's MRO.
    return api.create_response(request, actor_duplicate_body(exc), status=409)


@api.exception_handler(IntegrityError)
def integrity_conflict(request, exc: IntegrityError):
    logger.warning("API write hit a database constraint: %s", exc)
    return error(
        request,
        409,
        _(
            "Die Änderung passt nicht mehr zum gespeicherten Stand, vermutlich wegen einer "
            "gleichzeitigen Änderung. Bitte laden Sie die Daten neu und versuchen Sie es erneut."
        ),
    )


@api.exception_handler(DataError)
def unstorable_value(request, exc: DataError):
    logger.warning("API request hit a database data error: %s", exc)
    detail = _("Ein Wert ist zu lang oder hat ein ungültiges Format.")
    return error(request, 422, detail, errors=[{"loc": [], "msg": detail, "type": "data_error"}])


@api.exception_handler(MultiPartParserError)
@api.exception_handler(RawPostDataException)
@api.exception_handler(RequestDataTooBig)
def unreadable_body(request, exc: Exception):
    # Form data (read by the CSRF check) or a body too large to read: the API takes only JSON.
    if isinstance(exc, RequestDataTooBig):
        return error(request, 400, _("Der Inhalt der Anfrage ist zu groß."))
    return error(
        request,
        400,
        _("Der Inhalt der Anfrage muss JSON sein (Content-Type: application/json)."),
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    message = exc.message
    if isinstance(exc, AuthenticationError):
        message = _("Bitte melden Sie sich an; diese Aktion erfordert eine Anmeldung.")
    elif isinstance(exc, Throttled):
        message = _("Zu viele Anfragen. Bitte versuchen Sie es später erneut.")
    elif message == "CSRF check Failed":
        message = _(
            "CSRF-Prüfung fehlgeschlagen: Bitte senden Sie das CSRF-Token im Header "
            "X-CSRFToken mit (siehe GET /api/csrf)."
        )
    elif message.startswith("Cannot parse request body"):
        message = _("Der Inhalt der Anfrage ist kein gültiges JSON.")
    elif exc.status_code == 403 and message == "Forbidden":
        message = _("Dafür fehlt Ihnen die Berechtigung.")
    return error(request, exc.status_code, message)
