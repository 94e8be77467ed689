"""What the management makes of a gap signal (see gaps.py): a proposal for the next masterplan
edition, a Werkstattgespräch, a project idea – or it dismisses the gap with a reason. Each
records a `GapDecision` (one per item and action) that links to what was created.

Every function: the cluster management only, in the phases that allow `DECIDE_GAPS`
(evaluation and published); the item's row is locked while deciding. What is created goes
through the owning app's services, with their checks:

- `propose_from_gap`: `participation.services.submit_sourced_proposal` with the origin
  "aus Foresight-Zyklus <year>, Item <key>" in the plan's language; decided and applied like
  every proposal, the edition diff then names that origin.
- `workshop_from_gap`: a draft event in the Werkstattgespräch format (`events` services),
  tagged with the item's topic areas.
- `project_idea_from_gap`: `projects.services.propose_idea` with the item's topic areas.
- `dismiss_gap`: a reason is required.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.core import validation, versions
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.events.models import EventFormat
from clusterwerk.events.services.events import create_event
from clusterwerk.foresight import phases
from clusterwerk.foresight.models import GapAction, GapDecision, Item
from clusterwerk.foresight.permissions import manages_foresight
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.masterplan.services import in_plan_language
from clusterwerk.participation.services import submit_sourced_proposal
from clusterwerk.projects.services.projects import propose_idea

ORIGIN = gettext_lazy("aus Foresight-Zyklus %(year)s, Item %(key)s")
MAX_NOTE = 3000
WORKSHOP_LENGTH = datetime.timedelta(hours=3)
# The events app's format for a Werkstattgespräch, else its workshop format.
WORKSHOP_FORMAT = getattr(EventFormat, "WORKSHOP_TALK", None) or EventFormat.WORKSHOP


def gap_origin(item: Item) -> str:
    """ "aus Foresight-Zyklus 2021, Item W-07", in the plan's language."""
    return in_plan_language(ORIGIN, {"year": item.cycle.year, "key": item.key})


def _prepared(user, item: Item, action: str) -> Item:
    """Permission, phase, lock, and one decision per action."""
    if not manages_foresight(user, item.cycle.cluster):
        raise PermissionDenied(_("Über Lücken entscheidet das Clustermanagement."))
    phases.require(item.cycle, phases.DECIDE_GAPS)
    item = (
        Item.objects.select_for_update(of=("self",))
        .select_related("cycle__cluster")
        .get(pk=item.pk)
    )
    if GapDecision.objects.filter(item=item, action=action).exists():
        raise ValidationError(
            _("Zu „%(key)s“ ist „%(action)s“ bereits entschieden.")
            % {"key": item.key, "action": GapAction(action).label}
        )
    return item


def _topic_numbers(item: Item) -> list[str]:
    catalogue = topic_catalogue(item.cycle.cluster_id)
    return catalogue.numbers_of(item.topic_areas.values_list("topic_lineage", flat=True))


def _record(item: Item, user, action: str, **values) -> GapDecision:
    return GapDecision.objects.create(item=item, action=action, decided_by=user, **values)


@changes(versions.FORESIGHT)
@transaction.atomic
def propose_from_gap(
    *,
    user,
    item: Item,
    consultation,
    kind: str,
    element_lineage,
    title: str = "",
    text: str,
    rationale: str = "",
    field: str = "",
):
    """A proposal in one of the cluster's consultations: a new topic area under the key point
    `element_lineage`, or (kind amendment) a new text for `field` of the topic area
    `element_lineage`."""
    item = _prepared(user, item, GapAction.PROPOSAL)
    if consultation is None or consultation.cluster_id != item.cycle.cluster_id:
        raise ValidationError(
            {"consultation": [_("Bitte wählen Sie eine Beteiligung dieses Clusters.")]}
        )
    proposal = submit_sourced_proposal(
        user=user,
        consultation=consultation,
        kind=kind,
        element_lineage=element_lineage,
        title=title,
        proposed_text=text,
        field=field,
        rationale=rationale,
        origin=gap_origin(item),
    )
    _record(item, user, GapAction.PROPOSAL, proposal_id=proposal.pk)
    return proposal


@changes(versions.FORESIGHT)
@transaction.atomic
def workshop_from_gap(
    *,
    user,
    item: Item,
    starts_at,
    ends_at=None,
    title: str = "",
    description: str = "",
    venue_name: str = "",
    municipality: str = "",
    online_url: str = "",
):
    """A draft Werkstattgespräch on the item, with its topic areas; the management completes
    and publishes it in the events app."""
    item = _prepared(user, item, GapAction.WORKSHOP)
    if isinstance(starts_at, datetime.datetime) and ends_at in (None, ""):
        ends_at = starts_at + WORKSHOP_LENGTH
    data = {
        "format": WORKSHOP_FORMAT,
        "title": title or _("Werkstattgespräch: %(title)s") % {"title": item.title},
        "description": description or item.description,
        "topics": _topic_numbers(item),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "venue_name": venue_name,
        "municipality": municipality,
        "online_url": online_url,
    }
    data["title"] = data["title"][:200]
    event = create_event(cluster=item.cycle.cluster, by=user, data=data)
    _record(item, user, GapAction.WORKSHOP, event_id=event.pk)
    return event


@changes(versions.FORESIGHT)
@transaction.atomic
def project_idea_from_gap(*, user, item: Item, title: str = "", description: str = ""):
    """A project idea (seen by the management and the proposer) with the item's topic areas,
    the first as the primary one."""
    item = _prepared(user, item, GapAction.PROJECT_IDEA)
    numbers = _topic_numbers(item)
    data = {
        "title": title or item.title,
        "description": description or item.description,
        "topics": {"primary": numbers[0], "secondary": numbers[1:]} if numbers else {},
    }
    project = propose_idea(user=user, cluster=item.cycle.cluster, data=data)
    _record(item, user, GapAction.PROJECT_IDEA, project_id=project.pk)
    return project


@changes(versions.FORESIGHT)
@transaction.atomic
def dismiss_gap(*, user, item: Item, note: str) -> GapDecision:
    item = _prepared(user, item, GapAction.DISMISSED)
    errors = PayloadErrors()
    note = validation.text(note, "note", errors, max_length=MAX_NOTE)
    if not note and "note" not in errors:
        errors.add("note", _("Bitte begründen Sie, warum die Lücke verworfen wird."))
    errors.raise_if_any()
    return _record(item, user, GapAction.DISMISSED, note=note)
