"""Decisions on proposals and the way into the next edition of the masterplan.

- `decide_proposal` accepts or rejects a proposal (cluster management only) and notifies its
  author. Decisions are possible once the consultation no longer collects contributions: every
  information and participation phase has ended (so in the evaluation and result phases, and
  after the last phase). A decision can be changed until the proposal has been applied; a
  hidden proposal cannot be accepted.
- `apply_proposal` writes an accepted proposal into a draft edition of the same cluster through
  the masterplan's services, so the change is conflict-checked and recorded as a revision whose
  message names its provenance ("aus Vorschlag #123, <title of the consultation>"); the edition
  diff shows that message. The element is found in the draft by its lineage, so it may have
  been renumbered or moved since. An amendment is refused when the draft's text is no longer
  the text the proposal started from, unless `force=True`. Each proposal is applied once.
- `submit_sourced_proposal` lets the management bring in a proposal from elsewhere (a foresight
  gap signal, say) with its `origin` ("aus Foresight-Zyklus 2021, Item W-07"), in any phase;
  it is decided and applied like any other, and its origin becomes the revision's message.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.core import validation, versions
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.masterplan import services as masterplan_services
from clusterwerk.masterplan.models import EditionStatus, ElementKind, Revision
from clusterwerk.masterplan.queries import find_by_lineage
from clusterwerk.participation.models import (
    AMENDABLE_FIELDS,
    Proposal,
    ProposalKind,
    ProposalStatus,
)
from clusterwerk.participation.permissions import can_manage_consultations
from clusterwerk.participation.queries import decisions_open
from clusterwerk.participation.services.contributions import (
    MAX_PROPOSAL,
    MAX_RATIONALE,
    element_in_scope,
)
from clusterwerk.participation.services.notifications import notify_decision

PROVENANCE = gettext_lazy("aus Vorschlag #%(id)d, %(consultation)s")
MAX_NOTE = 3000
MAX_ORIGIN = 300


def ensure_manager(user, consultation) -> None:
    if not can_manage_consultations(user, consultation.cluster):
        raise PermissionDenied(_("Über Vorschläge entscheidet das Clustermanagement."))


def provenance_message(proposal: Proposal) -> str:
    """The revision message of an applied proposal: its origin when it has one, else
    "aus Vorschlag #12, <consultation>"."""
    if proposal.origin:
        return proposal.origin
    return masterplan_services.in_plan_language(
        PROVENANCE, {"id": proposal.pk, "consultation": proposal.consultation.title}
    )


@changes(versions.PARTICIPATION)
@transaction.atomic
def submit_sourced_proposal(
    *,
    user,
    consultation,
    kind: str,
    element_lineage,
    title: str = "",
    proposed_text: str,
    field: str = "",
    rationale: str = "",
    origin: str,
    element_kind: str | None = None,
) -> Proposal:
    """A proposal the cluster management brings in from elsewhere, with its `origin` (the
    provenance text in the plan's language). Validated like a participant's amendment or new
    topic area, but in any phase. `kind` AMENDMENT: `element_lineage` is the element (a topic
    area unless `element_kind` says otherwise) and `field` its text; NEW_TOPIC_AREA:
    `element_lineage` is the key point and `title` the new topic area's title."""
    if not can_manage_consultations(user, consultation.cluster):
        raise PermissionDenied(
            _("Vorschläge mit Herkunftsangabe bringt das Clustermanagement ein.")
        )
    errors = PayloadErrors()
    origin = validation.text(origin, "origin", errors, max_length=MAX_ORIGIN, required=True)
    rationale = validation.text(rationale, "rationale", errors, max_length=MAX_RATIONALE)
    text = validation.text(proposed_text, "text", errors, max_length=MAX_PROPOSAL, required=True)
    if kind == ProposalKind.NEW_TOPIC_AREA:
        title = validation.text(title, "title", errors, max_length=300, required=True)
        errors.raise_if_any()
        key_point = element_in_scope(consultation, ElementKind.KEY_POINT, element_lineage)
        return Proposal.objects.create(
            consultation=consultation,
            kind=ProposalKind.NEW_TOPIC_AREA,
            element_kind=ElementKind.KEY_POINT,
            element_lineage=key_point.lineage,
            title=title,
            proposed_text=text,
            rationale=rationale,
            origin=origin,
            author=user,
        )
    if kind != ProposalKind.AMENDMENT:
        errors.add("kind", _("Bitte wählen Sie die Art des Vorschlags."))
    errors.raise_if_any()
    element = element_in_scope(
        consultation, element_kind or ElementKind.TOPIC_AREA, element_lineage
    )
    if field not in AMENDABLE_FIELDS[element.kind]:
        raise ValidationError({"field": [_("Dieses Textfeld kann nicht geändert werden.")]})
    original = getattr(element, field) or ""
    if text == original.strip():
        raise ValidationError({"text": [_("Der Vorschlag gleicht dem bisherigen Text.")]})
    return Proposal.objects.create(
        consultation=consultation,
        kind=ProposalKind.AMENDMENT,
        element_kind=element.kind,
        element_lineage=element.lineage,
        field=field,
        original_text=original,
        proposed_text=text,
        title=element.title[:300],
        rationale=rationale,
        origin=origin,
        author=user,
    )


def _locked(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("consultation__cluster")
        .get(pk=proposal.pk)
    )


@changes(versions.PARTICIPATION, versions.MASTERPLAN)
@transaction.atomic
def decide_proposal(*, user, proposal: Proposal, accept: bool, note: str = "") -> Proposal:
    ensure_manager(user, proposal.consultation)
    proposal = _locked(proposal)
    consultation = proposal.consultation
    if not decisions_open(consultation):
        raise ValidationError(
            _(
                "Über Vorschläge wird entschieden, wenn die Beteiligungsphase beendet ist "
                "(in der Auswertung oder danach)."
            )
        )
    if proposal.applied_revision_id is not None:
        raise ValidationError(
            _("Der Vorschlag ist bereits in einen Entwurf übernommen; die Entscheidung steht.")
        )
    if accept and proposal.is_hidden:
        raise ValidationError(_("Ein ausgeblendeter Vorschlag kann nicht angenommen werden."))
    errors = PayloadErrors()
    note = validation.text(note, "note", errors, max_length=MAX_NOTE)
    errors.raise_if_any()
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
    proposal.decided_at = timezone.now()
    proposal.decided_by = user
    proposal.decision_note = note
    proposal.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    notify_decision(proposal)
    return proposal


def _same_text(field: str, first: str, second: str) -> bool:
    normalise = masterplan_services.normalise_value
    return normalise(field, first or "") == normalise(field, second or "")


@changes(versions.PARTICIPATION, versions.MASTERPLAN)
@transaction.atomic
def apply_proposal(*, user, proposal: Proposal, edition, force: bool = False) -> Revision:
    """Write an accepted proposal into the draft `edition`; returns the recorded revision."""
    ensure_manager(user, proposal.consultation)
    proposal = _locked(proposal)
    consultation = proposal.consultation
    if proposal.status != ProposalStatus.ACCEPTED:
        raise ValidationError(_("Nur angenommene Vorschläge können übernommen werden."))
    if proposal.applied_revision_id is not None:
        raise ValidationError(_("Dieser Vorschlag ist bereits übernommen worden."))
    if edition.cluster_id != consultation.cluster_id:
        raise ValidationError(_("Die Ausgabe gehört zu einem anderen Cluster."))
    if edition.status != EditionStatus.DRAFT:
        raise ValidationError(
            _("Vorschläge werden nur in einen Entwurf übernommen; „%(label)s“ ist keiner.")
            % {"label": edition.label}
        )
    message = provenance_message(proposal)
    if proposal.kind == ProposalKind.NEW_TOPIC_AREA:
        lineage = _apply_topic_area(user, proposal, edition, message)
    else:
        lineage = _apply_amendment(user, proposal, edition, message, force=force)
    revision = Revision.objects.filter(edition=edition, element_lineage=lineage).order_by("-id")[0]
    proposal.applied_revision = revision
    proposal.save(update_fields=["applied_revision"])
    return revision


def _apply_amendment(user, proposal: Proposal, edition, message: str, *, force: bool):
    element = find_by_lineage(edition, proposal.element_kind, str(proposal.element_lineage))
    if element is None:
        raise ValidationError(
            _("Das Element des Vorschlags gibt es im Entwurf „%(label)s“ nicht mehr.")
            % {"label": edition.label}
        )
    current = getattr(element, proposal.field, "") or ""
    if _same_text(proposal.field, current, proposal.proposed_text):
        raise ValidationError(_("Der Entwurf enthält den vorgeschlagenen Text bereits."))
    if not force and not _same_text(proposal.field, current, proposal.original_text):
        raise ValidationError(
            _(
                "Der Text im Entwurf hat sich geändert, seit der Vorschlag gemacht wurde. Bitte "
                "vergleichen Sie beide Fassungen und übernehmen Sie den Vorschlag ausdrücklich "
                "trotzdem oder von Hand."
            )
        )
    masterplan_services.update_element(
        element=element,
        user=user,
        expected_version=element.version,
        values={proposal.field: proposal.proposed_text},
        message=message,
    )
    return element.lineage


def _apply_topic_area(user, proposal: Proposal, edition, message: str):
    key_point = find_by_lineage(edition, ElementKind.KEY_POINT, str(proposal.element_lineage))
    if key_point is None:
        raise ValidationError(
            _("Den Eckpunkt des Vorschlags gibt es im Entwurf „%(label)s“ nicht mehr.")
            % {"label": edition.label}
        )
    topic_area = masterplan_services.add_topic_area(
        key_point=key_point,
        user=user,
        title=proposal.title,
        goal=proposal.proposed_text,
        message=message,
    )
    return topic_area.lineage
