"""What every write to the masterplan shares: the permission and state guards, the history
(`Revision`) and the language of texts stored in the plan."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import can_manage_masterplan
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import (
    Edition,
    EditionStatus,
    ElementKind,
    PlanElement,
    Revision,
)

# --- permission and state guards ---------------------------------------------------------


def ensure_can_manage(user, cluster: Cluster) -> None:
    """Only the management of the cluster the write goes to (or the system user) may write."""
    if not can_manage_masterplan(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement darf den Masterplan bearbeiten."))


def ensure_draft(edition: Edition) -> None:
    if edition.status != EditionStatus.DRAFT:
        raise ValidationError(
            _("Die Ausgabe „%s“ ist kein Entwurf; nur Entwürfe können bearbeitet werden.")
            % edition.label
        )


# --- history -------------------------------------------------------------------------------


def record_revision(
    *,
    edition: Edition,
    action: str,
    user,
    element=None,
    kind: str = ElementKind.EDITION,
    changes: dict | None = None,
    message: str = "",
) -> Revision:
    return Revision.objects.create(
        edition=edition,
        element_kind=element.kind if element is not None else kind,
        element_lineage=element.lineage if element is not None else None,
        element_number=element.number if element is not None else "",
        element_title=(element.title if element is not None else edition.label)[:300],
        action=action,
        changes=changes or {},
        message=message[:300],
        user=user,
    )


def field_changes(element, values: dict) -> dict:
    return {
        name: {"old": getattr(element, name), "new": value}
        for name, value in values.items()
        if getattr(element, name) != value
    }


# --- numbers and changes -------------------------------------------------------------------


def last_number(number: str) -> int:
    return int(number.rsplit(".", 1)[-1])


def serialisable(changes: dict) -> dict:
    """Revision.changes is JSON: foreign keys are stored by their number."""
    result = {}
    for name, change in changes.items():
        result[name] = {
            key: (value.number if isinstance(value, PlanElement) else value)
            for key, value in change.items()
        }
    return result


def in_plan_language(message, params=None) -> str:
    """Texts stored in the plan are German, whatever language the editor's interface uses."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
    return text if params is None else text % params


def last_revision_of(element) -> Revision | None:
    return (
        Revision.objects.filter(edition=element.edition, element_lineage=element.lineage)
        .select_related("user")
        .first()
    )
