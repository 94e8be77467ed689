"""Decisions and recommendations of a meeting: recorded by the cluster management (text;
by vote with yes/no/abstain numbers, or by consensus without numbers; optionally on one agenda
item of the meeting and linked like agenda items), published one by one, and – for a
recommendation for the Fortschreibung – turned into a proposal for the next masterplan edition
with the provenance "Empfehlung des Strategischen Beirats vom 12.03.2020" (masterplan chapter 1;
`participation.services.submit_sourced_proposal`, as the foresight does with its gaps)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.core import validation, versions
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.governance.models import (
    AgendaItem,
    Decision,
    DecisionKind,
    DecisionMode,
    Meeting,
)
from clusterwerk.governance.services.common import (
    LINK_FIELDS,
    clean_links,
    link_data,
    meeting_for_write,
    reject_unknown,
    require_management,
    require_same_cluster,
)
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.services import in_plan_language
from clusterwerk.participation.services import submit_sourced_proposal

DECISION_FIELDS = (
    "text",
    "kind",
    "mode",
    "votes_yes",
    "votes_no",
    "votes_abstain",
    "agenda_item",
    *LINK_FIELDS,
)
VOTES = ("votes_yes", "votes_no", "votes_abstain")
MAX_TEXT = 10_000


def _clean(data: dict, meeting: Meeting, cluster) -> dict:
    errors = PayloadErrors()
    values = {
        "text": validation.text(data.get("text"), "text", errors, max_length=MAX_TEXT),
        "kind": validation.choice(
            data.get("kind"), "kind", errors, DecisionKind, default=DecisionKind.DECISION
        ),
        "mode": validation.choice(
            data.get("mode"),
            "mode",
            errors,
            DecisionMode,
            required=True,
            required_message=_("Bitte wählen Sie: Abstimmung oder Konsens."),
        ),
    }
    if not values["text"] and "text" not in errors:
        errors.add("text", _("Bitte geben Sie den Wortlaut des Beschlusses an."))
    for key in VOTES:
        raw = data.get(key)
        if values["mode"] == DecisionMode.VOTE:
            if raw in (None, ""):
                errors.add(key, _("Bitte geben Sie bei einer Abstimmung die Zahl an (auch 0)."))
                values[key] = None
            else:
                values[key] = validation.integer(raw, key, errors, minimum=0, maximum=1000)
        else:
            values[key] = None
    agenda = data.get("agenda_item")
    if agenda in (None, ""):
        values["agenda_item"] = None
    else:
        pk = (
            agenda.pk
            if hasattr(agenda, "pk")
            else validation.integer(agenda, "agenda_item", errors, minimum=1, maximum=2**31 - 1)
        )
        found = AgendaItem.objects.filter(pk=pk, meeting=meeting).first() if pk else None
        if pk and found is None:
            errors.add(
                "agenda_item", _("Dieser Tagesordnungspunkt gehört nicht zu dieser Sitzung.")
            )
        values["agenda_item"] = found
    values.update(clean_links(data, cluster, errors))
    errors.raise_if_any()
    return values


@transaction.atomic
def record_decision(*, user, cluster, meeting: Meeting, data: dict) -> Decision:
    meeting = meeting_for_write(user, cluster, meeting)
    reject_unknown(data, DECISION_FIELDS)
    values = _clean(data, meeting, cluster)
    return Decision.objects.create(meeting=meeting, created_by=user, **values)


def _locked(decision: Decision, cluster) -> Decision:
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("meeting__body__cluster")
        .get(pk=decision.pk)
    )
    require_same_cluster(decision.meeting.body.cluster_id, cluster)
    return decision


def decision_data(decision: Decision) -> dict:
    return {
        "text": decision.text,
        "kind": decision.kind,
        "mode": decision.mode,
        "votes_yes": decision.votes_yes,
        "votes_no": decision.votes_no,
        "votes_abstain": decision.votes_abstain,
        "agenda_item": decision.agenda_item_id,
        **link_data(decision),
    }


@transaction.atomic
def update_decision(*, user, cluster, decision: Decision, data: dict) -> Decision:
    """Change the given fields that differ; the rest stays."""
    require_management(user, cluster)
    reject_unknown(data, DECISION_FIELDS)
    decision = _locked(decision, cluster)
    if decision.resulting_proposal_id and "kind" in data and data["kind"] != decision.kind:
        raise ValidationError(
            {"kind": [_("Aus dieser Empfehlung ist schon ein Vorschlag entstanden.")]}
        )
    values = _clean({**decision_data(decision), **data}, decision.meeting, cluster)
    changed = [name for name, value in values.items() if getattr(decision, name) != value]
    for name in changed:
        setattr(decision, name, values[name])
    if changed:
        decision.save(update_fields=changed)
    return decision


@transaction.atomic
def publish_decision(*, user, cluster, decision: Decision) -> Decision:
    require_management(user, cluster)
    decision = _locked(decision, cluster)
    if not decision.is_published:
        decision.is_published = True
        decision.published_at = timezone.now()
        decision.save(update_fields=["is_published", "published_at"])
    return decision


@transaction.atomic
def unpublish_decision(*, user, cluster, decision: Decision) -> Decision:
    require_management(user, cluster)
    decision = _locked(decision, cluster)
    if decision.is_published:
        decision.is_published = False
        decision.published_at = None
        decision.save(update_fields=["is_published", "published_at"])
    return decision


ORIGIN = gettext_lazy("Empfehlung %(body)s vom %(date)s")


def decision_origin(decision: Decision) -> str:
    """ "Empfehlung des Strategischen Beirats vom 12.03.2020", in the plan's language (German,
    whatever language the manager's interface uses)."""
    body = decision.meeting.body
    name = body.name_genitive or f"– {body.name}"
    day = timezone.localtime(decision.meeting.starts_at)
    return in_plan_language(ORIGIN, {"body": name, "date": f"{day:%d.%m.%Y}"})


@changes(versions.PARTICIPATION)
@transaction.atomic
def propose_from_decision(
    *,
    user,
    cluster,
    decision: Decision,
    consultation,
    kind: str,
    element_lineage,
    field: str = "",
    title: str = "",
    proposed_text: str,
    rationale: str = "",
):
    """A recommendation becomes a proposal in one of the cluster's consultations (a new topic
    area under a key point, or a new text for a field of a topic area); once per decision."""
    require_management(user, cluster)
    decision = _locked(decision, cluster)
    if decision.kind != DecisionKind.RECOMMENDATION:
        raise ValidationError(
            _("Nur Empfehlungen zur Fortschreibung werden zu Vorschlägen für den Masterplan.")
        )
    if decision.resulting_proposal_id:
        raise ValidationError(_("Aus dieser Empfehlung ist schon ein Vorschlag entstanden."))
    if consultation is None or consultation.cluster_id != cluster.pk:
        raise ValidationError(
            {"consultation": [_("Bitte wählen Sie eine Beteiligung dieses Clusters.")]}
        )
    if consultation.edition.status == EditionStatus.ARCHIVED:
        raise ValidationError(
            {"consultation": [_("Diese Beteiligung gehört zu einer archivierten Ausgabe.")]}
        )
    proposal = submit_sourced_proposal(
        user=user,
        consultation=consultation,
        kind=kind,
        element_lineage=element_lineage,
        title=title,
        proposed_text=proposed_text,
        field=field,
        rationale=rationale,
        origin=decision_origin(decision),
    )
    decision.resulting_proposal = proposal
    decision.save(update_fields=["resulting_proposal"])
    return proposal
