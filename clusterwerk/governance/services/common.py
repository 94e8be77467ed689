"""What the services of all parts share: the management check for one cluster, the object's
cluster check, the check for unknown keys, the meeting a decision or action item is written
to, date-time input, the links to other parts (topic area, project, proposal, foresight item,
event – all of the same cluster), and the optimistic lock."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from clusterwerk.core import validation
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.events.models import Event
from clusterwerk.foresight.models import Item as ForesightItem
from clusterwerk.governance.models import Meeting, MeetingStatus
from clusterwerk.governance.permissions import manages_bodies
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.participation.models import Proposal
from clusterwerk.projects.models import Project

LINK_FIELDS = ("topic", "project", "proposal", "foresight_item", "event")


def require_management(user, cluster, message: str | None = None) -> None:
    if not manages_bodies(user, cluster):
        raise PermissionDenied(message or _("Gremien verwaltet das Clustermanagement."))


def require_same_cluster(obj_cluster_id: int, cluster) -> None:
    """A write on an object of another cluster than the one acted for: refused (the funnels
    answer 404 before; this is the services' own guard)."""
    if obj_cluster_id != cluster.pk:
        raise PermissionDenied(_("Dieses Gremium gehört zu einem anderen Cluster."))


def reject_unknown(data, allowed) -> None:
    """Input must be a dict of the `allowed` keys only."""
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben als Objekt senden."))
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(_("Unbekannte Angaben: %(keys)s.") % {"keys": ", ".join(unknown)})


def meeting_for_write(user, cluster, meeting: Meeting) -> Meeting:
    """The meeting a decision or action item is recorded for: the management of its cluster,
    not cancelled."""
    require_management(user, cluster)
    meeting = Meeting.objects.select_related("body__cluster").get(pk=meeting.pk)
    require_same_cluster(meeting.body.cluster_id, cluster)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Die Sitzung ist abgesagt."))
    return meeting


def check_version(obj, version, message: str, current=None) -> None:
    if version is None:
        return
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise ValidationError({"version": [_("Bitte den Bearbeitungsstand angeben.")]}) from None
    if obj.version != version:
        raise EditConflict(message, obj=obj, version=obj.version, current=current)


def moment(value, key: str, errors: PayloadErrors, *, required: bool = True):
    """An aware date-time from a `datetime` or ISO text ("2026-03-02T10:00", local time)."""
    if isinstance(value, str):
        value = value.strip()
        parsed = parse_datetime(value) if value else None
        if value and parsed is None:
            errors.add(key, _("Bitte Datum und Uhrzeit im Format JJJJ-MM-TTTHH:MM angeben."))
            return None
        value = parsed
    if value in (None, ""):
        if required:
            errors.add(key, _("Bitte Datum und Uhrzeit angeben."))
        return None
    if not isinstance(value, datetime.datetime):
        errors.add(key, _("Bitte Datum und Uhrzeit angeben."))
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _object_id(value, key: str, errors: PayloadErrors):
    if hasattr(value, "pk"):
        return value.pk
    return validation.integer(value, key, errors, minimum=1, maximum=2**31 - 1)


def clean_links(data: dict, cluster, errors: PayloadErrors) -> dict:
    """The model values of the links in `data` (keys of LINK_FIELDS present only): `topic` is
    a topic area's number of the cluster's published plan (or its lineage), the others ids
    (or objects) of the same cluster. Empty values unlink."""
    values = {}
    if "topic" in data:
        topic = data["topic"]
        topic = str(topic).strip() if topic not in (None, "") else ""
        if not topic:
            values["topic_lineage"] = None
        else:
            catalogue = topic_catalogue(cluster)
            lineage = catalogue.lineage_by_number.get(topic)
            if lineage is None and topic in catalogue.number_by_lineage:
                lineage = topic
            if lineage is None:
                errors.add(
                    "topic",
                    _("Den Themenbereich „%(number)s“ gibt es im Masterplan dieses Clusters nicht.")
                    % {"number": topic[:40]},
                )
            values["topic_lineage"] = uuid.UUID(lineage) if lineage else None
    checks = (
        (
            "project",
            Project,
            {"cluster": cluster},
            _("Dieses Projekt gibt es in diesem Cluster nicht."),
        ),
        (
            "proposal",
            Proposal,
            {"consultation__cluster": cluster},
            _("Diesen Vorschlag gibt es in diesem Cluster nicht."),
        ),
        (
            "foresight_item",
            ForesightItem,
            {"cycle__cluster": cluster},
            _("Dieses Foresight-Item gibt es in diesem Cluster nicht."),
        ),
        (
            "event",
            Event,
            {"cluster": cluster},
            _("Diese Veranstaltung gibt es in diesem Cluster nicht."),
        ),
    )
    for key, model, scope, message in checks:
        if key not in data:
            continue
        if data[key] in (None, ""):
            values[key] = None
            continue
        pk = _object_id(data[key], key, errors)
        if pk is None:
            continue
        found = model.objects.filter(pk=pk, **scope).first()
        if found is None:
            errors.add(key, message)
        values[key] = found
    return values


def link_data(obj) -> dict:
    """The links of an agenda item or decision in the services' input format."""
    catalogue = topic_catalogue(obj_cluster(obj))
    return {
        "topic": catalogue.number_by_lineage.get(str(obj.topic_lineage), str(obj.topic_lineage))
        if obj.topic_lineage
        else "",
        "project": obj.project_id,
        "proposal": obj.proposal_id,
        "foresight_item": obj.foresight_item_id,
        "event": obj.event_id,
    }


def obj_cluster(obj):
    return obj.meeting.body.cluster
