"""Validating the JSON-safe payloads that forms, the API and imports hand to the services.

The one way every service checks its input: read each value with a typed cleaner below, which
records a German message under the value's key ("title", "competences.2.text") in a
`PayloadErrors` instead of raising, so that a person sees every problem at once; at the end
`raise_if_any()` raises one `ValidationError` keyed by field. Forms map the keys back onto
their inputs, the API answers 422 with them. A cleaner returns a usable value (or None/"")
even after an error, so that later checks can go on.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


class PayloadErrors:
    """Collects German messages by key ("name", "competences.2.text", …)."""

    def __init__(self):
        self.messages: dict[str, list[str]] = {}

    def add(self, key: str, message: str) -> None:
        self.messages.setdefault(key, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.messages)

    def __contains__(self, key: str) -> bool:
        return key in self.messages

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(self.messages)


def text(
    value,
    key: str,
    errors: PayloadErrors,
    *,
    max_length: int,
    required: bool = False,
    min_length: int = 0,
    min_length_message: str | None = None,
) -> str:
    """A stripped text; "" for None."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.add(key, _("Bitte einen Text angeben."))
        return ""
    value = value.strip()
    if required and not value:
        errors.add(key, _("Dieses Feld ist erforderlich."))
    elif value and len(value) < min_length:
        errors.add(
            key,
            min_length_message
            or _("Bitte mindestens %(min)d Zeichen angeben.") % {"min": min_length},
        )
    if len(value) > max_length:
        errors.add(
            key,
            _("Höchstens %(max)d Zeichen (jetzt %(n)d).") % {"max": max_length, "n": len(value)},
        )
    return value


def integer(
    value, key: str, errors: PayloadErrors, *, minimum: int = 0, maximum: int = 10_000_000
) -> int | None:
    """A whole number in [minimum, maximum]; None for an empty value."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        errors.add(key, _("Bitte eine ganze Zahl angeben."))
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors.add(key, _("Bitte eine ganze Zahl angeben."))
        return None
    if not minimum <= number <= maximum:
        errors.add(
            key, _("Bitte eine Zahl von %(min)d bis %(max)d.") % {"min": minimum, "max": maximum}
        )
        return None
    return number


def number(
    value, key: str, errors: PayloadErrors, *, minimum: float, maximum: float
) -> float | None:
    """A number (a German decimal comma is accepted) in [minimum, maximum]."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        errors.add(key, _("Bitte eine Zahl angeben."))
        return None
    try:
        parsed = float(str(value).strip().replace(",", "."))
    except (TypeError, ValueError):
        errors.add(key, _("Bitte eine Zahl angeben."))
        return None
    if not minimum <= parsed <= maximum:
        errors.add(
            key, _("Bitte eine Zahl von %(min)s bis %(max)s.") % {"min": minimum, "max": maximum}
        )
        return None
    return parsed


def date(
    value, key: str, errors: PayloadErrors, *, required: bool = False, required_message=None
) -> datetime.date | None:
    """A date (a `date` or ISO text "2026-03-02"); None for an empty value."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(key, required_message or _("Dieses Feld ist erforderlich."))
        return None
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.add(key, _("Bitte ein Datum im Format JJJJ-MM-TT angeben."))
        return None


def choice(
    value,
    key: str,
    errors: PayloadErrors,
    choices: type[models.Choices] | Iterable[str],
    *,
    required: bool = False,
    default: str = "",
    required_message: str | None = None,
    name_allowed: bool = False,
) -> str:
    """One of `choices` (a Choices class or the allowed values); `default` when empty.
    `name_allowed` lists the allowed values in the message (for files, where no select
    shows them)."""
    allowed = list(choices.values) if hasattr(choices, "values") else list(choices)
    value = value.strip() if isinstance(value, str) else value
    if value in (None, ""):
        if required:
            errors.add(key, required_message or _("Bitte wählen Sie aus."))
        return default
    if value not in allowed:
        if name_allowed:
            message = _("Unbekannter Wert „%(value)s“ (erlaubt: %(allowed)s).") % {
                "value": value,
                "allowed": ", ".join(allowed),
            }
        else:
            message = _("„%(value)s“ ist keine gültige Auswahl.") % {"value": value}
        errors.add(key, message)
        return default
    return value


def string_list(
    value, key: str, errors: PayloadErrors, *, max_items: int | None = None, max_length=None
) -> list[str]:
    """A list of texts (also "a, b; c"), stripped, without empty items and repeats."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        errors.add(key, _("Bitte eine Liste von Texten angeben."))
        return []
    items = list(dict.fromkeys(item.strip() for item in value if item.strip()))
    if max_items is not None and len(items) > max_items:
        errors.add(key, _("Höchstens %(max)d Einträge.") % {"max": max_items})
        items = items[:max_items]
    if max_length is not None:
        for item in items:
            if len(item) > max_length:
                errors.add(
                    key,
                    _("„%(item)s…“ ist zu lang (höchstens %(max)d Zeichen).")
                    % {"item": item[:20], "max": max_length},
                )
    return items


def boolean(value, key: str, errors: PayloadErrors, *, default: bool = False) -> bool:
    """true/false, also "ja"/"nein", "1"/"0" and "on" from forms."""
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    text_value = str(value).strip().lower()
    if text_value in {"1", "true", "ja", "on", "yes", "x"}:
        return True
    if text_value in {"0", "false", "nein", "off", "no"}:
        return False
    errors.add(key, _("Bitte ja oder nein angeben."))
    return default
