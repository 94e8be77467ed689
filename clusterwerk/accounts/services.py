"""Writes about accounts, and the personal-data export ("Meine Daten")."""

import base64
import datetime
import decimal
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.duration import duration_iso_string
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clusterwerk.accounts.models import RoleAssignment, User
from clusterwerk.accounts.permissions import forget_cached_permissions
from clusterwerk.accounts.queries import (
    models_referencing_users,
    other_active_superuser_exists,
    rows_referencing,
)
from clusterwerk.core import versions
from clusterwerk.core.versions import changes

EXPORT_FORMAT = "clusterwerk-meine-daten/1"
SYSTEM_EMAIL = "system@clusterwerk.invalid"

# Never part of an export, on the user or on any related row.
SECRET_FIELD_NAMES = frozenset({"password"})

# Apps that keep a person's data beside the foreign key to the user (the name and address typed
# into an event registration) register a function here in `AppConfig.ready`; `delete_account`
# runs each in its transaction before the user row goes, so that nothing of the person stays.
_ACCOUNT_ERASERS: list[Callable[[User], None]] = []


def register_account_eraser(eraser: Callable[[User], None]) -> None:
    if eraser not in _ACCOUNT_ERASERS:
        _ACCOUNT_ERASERS.append(eraser)


# --- The system user ------------------------------------------------------------------------


def system_user() -> User:
    """The account that commands and background jobs write as ("System" in every history).

    Services have no anonymous write path: a write without a person passes this user, so that
    the history says the system did it. It holds every right (`accounts.permissions`) and
    cannot log in (no usable password)."""
    user = User.objects.filter(email=SYSTEM_EMAIL).first()
    if user is None:
        with transaction.atomic():
            user, created = User.objects.get_or_create(
                email=SYSTEM_EMAIL,
                defaults={"display_name": "System", "is_system": True, "is_active": True},
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
    return user


# --- Demo logins ----------------------------------------------------------------------------


@transaction.atomic
def ensure_demo_login(
    *,
    user: User,
    email: str,
    first_name: str,
    last_name: str,
    role: str | None,
    cluster,
    password: str,
) -> User:
    """A demo login with `password` and `role` in `cluster` (no role: a newcomer), created by
    the system (`user`); an existing account keeps its password. Idempotent."""
    if not user.is_system:
        raise PermissionDenied(_("Demo-Anmeldungen legt nur das System an."))
    login, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        login.set_password(password)
        login.save(update_fields=["password"])
    if role is None:
        return login
    _assignment, assigned = RoleAssignment.objects.get_or_create(
        user=login, cluster=cluster, role=role
    )
    if assigned:
        forget_cached_permissions(login)
    return login


# --- Export ---------------------------------------------------------------------------------


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything the platform stores about `user`, as JSON-safe values.

    `user` holds the user's own fields (never the password hash) plus group and permission
    names; `related` holds every row of every model that points at the user through a
    ForeignKey, OneToOneField or ManyToManyField, grouped by `app_label.model_name`.
    """
    related: dict[str, list[dict[str, Any]]] = {}
    for model, field_names in models_referencing_users().items():
        rows = [serialize_row(row) for row in rows_referencing(user, model, field_names)]
        if rows:
            related[model._meta.label_lower] = rows
    own_fields = serialize_row(user)
    own_fields["groups"] = sorted(user.groups.values_list("name", flat=True))
    own_fields["user_permissions"] = sorted(
        f"{app_label}.{codename}"
        for app_label, codename in user.user_permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "user": own_fields,
        "related": related,
    }


def serialize_row(instance: models.Model) -> dict[str, Any]:
    """The concrete fields of one row (foreign keys as their primary key values)."""
    return {
        field.name: to_json_value(field.value_from_object(instance))
        for field in instance._meta.concrete_fields
        if field.name not in SECRET_FIELD_NAMES
    }


def to_json_value(value: Any) -> Any:
    """Turn a model field value into something `json.dumps` writes without help."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(key): to_json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json_value(item) for item in value]
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, decimal.Decimal | uuid.UUID | Promise):
        return str(value)
    return str(value)


# --- Profile and deletion -------------------------------------------------------------------


@changes(*versions.AREAS, shared=True)
@transaction.atomic
def update_profile(*, user: User, display_name: str, first_name: str, last_name: str) -> User:
    user.display_name = display_name.strip()
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.full_clean()
    user.save(update_fields=["display_name", "first_name", "last_name"])
    return user


@changes(*versions.AREAS, shared=True)
@transaction.atomic
def delete_account(*, user: User, password: str) -> None:
    """Delete the account and everything that cascades from it (roles, e-mail addresses).

    Rows that point at the user with SET_NULL (e.g. masterplan revisions) stay and lose the
    name. Raises `ValidationError` on a wrong password, for the last active superuser, and
    when another model protects the user from deletion.
    """
    if not user.check_password(password):
        raise ValidationError(
            {
                "password": ValidationError(
                    _("Das Passwort ist nicht korrekt."), code="wrong_password"
                )
            }
        )
    if user.is_superuser:
        # Lock the active superusers: two of them deleting themselves at the same moment
        # must not leave the platform without one.
        list(
            User.objects.select_for_update()
            .filter(is_superuser=True, is_active=True)
            .values_list("pk", flat=True)
        )
        if not other_active_superuser_exists(user):
            raise ValidationError(
                _(
                    "Sie sind die letzte aktive Person mit vollen Administrationsrechten. "
                    "Bitte übertragen Sie diese Rechte zuerst an eine andere Person; "
                    "danach können Sie Ihr Konto löschen."
                ),
                code="last_superuser",
            )
    for eraser in _ACCOUNT_ERASERS:
        eraser(user)
    try:
        user.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ValidationError(
            _(
                "Ihr Konto ist mit Einträgen verknüpft, die nicht gelöscht werden dürfen. "
                "Bitte wenden Sie sich an das Clustermanagement."
            ),
            code="protected",
        ) from error
