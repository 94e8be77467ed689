"""What the management makes of a gap of the matrix (see matrix.matrix_gaps): a project
idea, a Werkstattgespräch draft, or it dismisses the gap with a reason. Each records a
`MatrixGapDecision` (one per cell and action) that links to what was created.

Every function: the cluster management of `cluster` only; the cell must be a gap of the
year's matrix. What is created goes through the owning app's services with their checks:
`projects.services.propose_idea` (topic area 6.3.2 Duale Ausbildung when the plan has it) and
`events.services.events.create_event` (a draft in the Werkstattgespräch format).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from clusterwerk.core import validation, versions
from clusterwerk.core.models import Cluster
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.events.models import EventFormat
from clusterwerk.events.services.events import create_event
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.projects.services.projects import propose_idea
from clusterwerk.skills.matrix import matrix_gaps
from clusterwerk.skills.models import GapAction, MatrixGapDecision
from clusterwerk.skills.permissions import manages_skills

MAX_NOTE = 3000
WORKSHOP_LENGTH = datetime.timedelta(hours=3)
WORKSHOP_FORMAT = getattr(EventFormat, "WORKSHOP_TALK", None) or EventFormat.WORKSHOP
TRAINING_TOPIC = "6.3.2"  # Duale Ausbildung (Handlungsfeld 3)


def gap_title(occupation, district, year) -> str:
    return _("Fachkräftelücke %(occupation)s in %(district)s (%(year)s)") % {
        "occupation": occupation.label,
        "district": district.name,
        "year": year,
    }


def _prepared(user, cluster: Cluster, year: int, occupation, district, action: str):
    """Permission, the gap itself, the lock, and one decision per action."""
    if not manages_skills(user, cluster):
        raise PermissionDenied(
            _("Über Lücken der Fachkräftematrix entscheidet das Clustermanagement.")
        )
    Cluster.objects.select_for_update().get(pk=cluster.pk)
    gap = next(
        (
            g
            for g in matrix_gaps(cluster, year)
            if g.cell.occupation.pk == occupation.pk and g.cell.district.pk == district.pk
        ),
        None,
    )
    if gap is None:
        raise ValidationError(_("Diese Zelle ist im Jahr %(year)s keine Lücke.") % {"year": year})
    if action in gap.actions:
        raise ValidationError(
            _("Zu dieser Lücke ist „%(action)s“ bereits entschieden.")
            % {"action": GapAction(action).label}
        )
    return gap


def _record(cluster, year, occupation, district, user, action, **values) -> MatrixGapDecision:
    try:
        with transaction.atomic():
            return MatrixGapDecision.objects.create(
                cluster=cluster,
                year=year,
                occupation=occupation,
                district=district,
                action=action,
                decided_by=user,
                **values,
            )
    except IntegrityError as error:
        raise ValidationError(_("Zu dieser Lücke ist das bereits entschieden.")) from error


def _topics(cluster) -> list[str]:
    return [TRAINING_TOPIC] if TRAINING_TOPIC in topic_catalogue(cluster).lineage_by_number else []


def _description(gap) -> str:
    return " ".join(gap.reasons)


@changes(versions.SKILLS)
@transaction.atomic
def gap_to_project_idea(
    *, user, cluster, year, occupation, district, title: str = "", description: str = ""
) -> MatrixGapDecision:
    gap = _prepared(user, cluster, year, occupation, district, GapAction.PROJECT_IDEA)
    topics = _topics(cluster)
    data = {
        "title": (title or gap_title(occupation, district, year))[:300],
        "description": description or _description(gap),
        "topics": {"primary": topics[0], "secondary": []} if topics else {},
    }
    project = propose_idea(user=user, cluster=cluster, data=data)
    return _record(
        cluster, year, occupation, district, user, GapAction.PROJECT_IDEA, project_id=project.pk
    )


@changes(versions.SKILLS)
@transaction.atomic
def gap_to_workshop(
    *,
    user,
    cluster,
    year,
    occupation,
    district,
    starts_at,
    ends_at=None,
    title: str = "",
    description: str = "",
    venue_name: str = "",
    municipality: str = "",
    online_url: str = "",
) -> MatrixGapDecision:
    gap = _prepared(user, cluster, year, occupation, district, GapAction.WORKSHOP)
    if isinstance(starts_at, datetime.datetime) and ends_at in (None, ""):
        ends_at = starts_at + WORKSHOP_LENGTH
    data = {
        "format": WORKSHOP_FORMAT,
        "title": (
            title
            or _("Werkstattgespräch: %(title)s") % {"title": gap_title(occupation, district, year)}
        )[:200],
        "description": description or _description(gap),
        "topics": _topics(cluster),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "venue_name": venue_name,
        "municipality": municipality or district.name,
        "online_url": online_url,
    }
    event = create_event(cluster=cluster, by=user, data=data)
    return _record(cluster, year, occupation, district, user, GapAction.WORKSHOP, event_id=event.pk)


@changes(versions.SKILLS)
@transaction.atomic
def dismiss_gap(*, user, cluster, year, occupation, district, note: str) -> MatrixGapDecision:
    _prepared(user, cluster, year, occupation, district, GapAction.DISMISSED)
    errors = PayloadErrors()
    note = validation.text(note, "note", errors, max_length=MAX_NOTE)
    if not note and "note" not in errors:
        errors.add("note", _("Bitte begründen Sie, warum die Lücke verworfen wird."))
    errors.raise_if_any()
    return _record(cluster, year, occupation, district, user, GapAction.DISMISSED, note=note)
