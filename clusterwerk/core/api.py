"""Shared plumbing of the REST API (django-ninja), used by `config/api.py` and every app's `api.py`.

- The error bodies: `ErrorOut` (`{"detail": …}`) and `ValidationErrorOut` (`detail` and
  `errors`, a list of `{loc, msg, type}`), defined once for the whole OpenAPI document.
- `error_responses(…)`: the error answers an operation documents, merged into its `response=`,
  e.g. `response={200: ActorDetailOut, **error_responses(401, 403, 404, 422)}`. What each status
  means is in `ERROR_STATUSES`.
- `session_auth`: the Django session as authentication for the operations that need a login. An
  anonymous request gets 401 before any CSRF check; a logged-in one without the CSRF token 403.
- `refuse_null_characters`: no text with a NUL character (`\\x00`) reaches the database
  (PostgreSQL cannot store it); the API answers 422 with the place of every such value.

Nothing here knows a domain app; the exception handlers live in `config/api.py`.
"""

import functools
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth
from pydantic import BaseModel

# --- error bodies ----------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="Grund des Fehlers (deutsch).")


class ErrorItemOut(Schema):
    loc: list[str | int] = Field(description='Ort des Fehlers, z. B. ["body", "version"].')
    msg: str = Field(description="Fehlermeldung zu diesem Ort.")
    type: str = Field(description="Art des Fehlers (maschinenlesbar).")


class ValidationErrorOut(Schema):
    detail: str = Field(description="Zusammenfassung (deutsch), z. B. „Ungültige Eingabe – …“.")
    errors: list[ErrorItemOut] = Field(description="Die einzelnen Fehler je Feld.")


# What the error statuses mean in this API (the handlers are in `config/api.py`).
ERROR_STATUSES = {
    400: "the request body is not readable JSON",
    401: "the operation needs a login and the request has none",
    403: "the user may not do this, or the CSRF token is missing (unsafe methods)",
    404: "the object does not exist or the user may not see it",
    409: "somebody saved in between (edit conflict), a possible duplicate, or a database "
    "constraint caught a race",
    422: "invalid input: parameters, body, or what the services refuse; with `errors`",
    429: "too many requests (throttled operations, posting too fast)",
}


def error_responses(*statuses: int, conflict: type[Schema] | None = None) -> dict[int, Any]:
    """The documented error answers for `response={…}`: 422 with `ValidationErrorOut`, 409 with
    `conflict | ErrorOut` when the operation has its own conflict body (a race caught by a
    database constraint answers the plain `ErrorOut`), everything else with `ErrorOut`."""
    unknown = set(statuses) - set(ERROR_STATUSES)
    if unknown:
        raise ValueError(f"Undocumented error statuses: {sorted(unknown)}")
    if conflict is not None and 409 not in statuses:
        raise ValueError("A conflict body needs 409 among the statuses.")
    responses: dict[int, Any] = {}
    for status in sorted(statuses):
        if status == 422:
            responses[status] = ValidationErrorOut
        elif status == 409 and conflict is not None:
            responses[status] = conflict | ErrorOut
        else:
            responses[status] = ErrorOut
    return responses


# --- authentication --------------------------------------------------------------------------


class SessionLogin(SessionAuth):
    """The Django session, for operations that need a login.

    ninja's `SessionAuth` checks the CSRF token first, so an anonymous write would answer 403
    (CSRF) where 401 (no login) is the truth. Here an anonymous request fails authentication
    (401) without a CSRF check; a logged-in user's unsafe request still needs the token (403)."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


session_auth = SessionLogin()


# --- NUL characters --------------------------------------------------------------------------

NULL_CHARACTER = "\x00"


def _nul_locations(value: Any, loc: tuple) -> Iterator[tuple]:
    if isinstance(value, str):
        if NULL_CHARACTER in value:
            yield loc
    elif isinstance(value, BaseModel):
        yield from _nul_locations(value.model_dump(), loc)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and NULL_CHARACTER in key:
                yield loc
            else:
                yield from _nul_locations(item, (*loc, key))
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from _nul_locations(item, (*loc, index))


def null_character_errors(request, values: dict[str, Any]) -> list[dict]:
    """Errors (ninja's format) for every text with a NUL character among an operation's
    validated arguments: request bodies are `body`, path parameters `path`, the rest `query`."""
    match = getattr(request, "resolver_match", None)
    path_names = set(match.kwargs) if match else set()
    errors = []
    for name, value in values.items():
        if isinstance(value, BaseModel):
            source = ("body", name)
        elif name in path_names:
            source = ("path", name)
        else:
            source = ("query", name)
        for loc in _nul_locations(value, source):
            errors.append(
                {
                    "loc": list(loc),
                    "msg": _("darf kein Nullzeichen (\\x00) enthalten"),
                    "type": "null_character",
                }
            )
    return errors


def refuse_null_characters(view_func):
    """For `api.add_decorator(…)` (mode "operation"): runs after authentication and validation,
    before the operation; a NUL character anywhere in the arguments is a 422."""

    @functools.wraps(view_func)
    def checked(request, *args, **kwargs):
        errors = null_character_errors(request, kwargs)
        if errors:
            raise NinjaValidationError(errors)
        return view_func(request, *args, **kwargs)

    return checked
