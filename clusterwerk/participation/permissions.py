"""Who may do what in consultations, per cluster (the consultation's cluster).

- Cluster managers of the consultation's cluster create and run consultations, moderate
  (hide, block), record interviews and workshops, and decide on proposals. A manager of
  another cluster has no right here.
- Who contributes depends on the consultation's audience: members of the cluster (a role or
  an organisation they represent, in *that* cluster), invited people, or anyone with an
  account. A blocked person contributes nothing; what a phase allows is asked separately.

`person_refusal` and `phase_refusal` give the German reason why not (or "") and are asked by
the services before every contribution and by the pages to decide which forms they show.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.accounts.permissions import has_all_rights, is_authenticated, is_cluster_member
from clusterwerk.accounts.permissions import manages_cluster as can_manage_consultations
from clusterwerk.participation.models import Action, Audience, ParticipationBlock

# An author edits a comment in the first minutes only.
EDIT_WINDOW = datetime.timedelta(minutes=15)

PHASE_REASONS = {
    Action.COMMENT: gettext_lazy("In der aktuellen Phase sind keine Kommentare möglich."),
    Action.RATE: gettext_lazy("In der aktuellen Phase sind keine Bewertungen möglich."),
    Action.PROPOSE: gettext_lazy("In der aktuellen Phase sind keine Vorschläge möglich."),
    Action.SUPPORT: gettext_lazy(
        "In der aktuellen Phase können Vorschläge nicht unterstützt werden."
    ),
}

__all__ = [
    "EDIT_WINDOW",
    "PHASE_REASONS",
    "belongs_to_audience",
    "can_manage_consultations",
    "can_moderate",
    "is_blocked",
    "person_refusal",
    "phase_refusal",
]


def can_moderate(user, consultation) -> bool:
    return can_manage_consultations(user, consultation.cluster)


def is_blocked(user, cluster) -> bool:
    if not is_authenticated(user):
        return False
    return ParticipationBlock.objects.filter(cluster=cluster, user=user).exists()


def belongs_to_audience(user, consultation) -> bool:
    if not is_authenticated(user):
        return False
    if has_all_rights(user) or can_manage_consultations(user, consultation.cluster):
        return True
    if consultation.audience == Audience.REGISTERED:
        return True
    if consultation.audience == Audience.MEMBERS:
        return is_cluster_member(user, consultation.cluster)
    return consultation.invitations.filter(user=user).exists()


def person_refusal(user, consultation) -> str:
    """Why this person may not contribute to the consultation at all ("" when they may)."""
    if not is_authenticated(user):
        return _("Bitte melden Sie sich an, um sich zu beteiligen.")
    if not belongs_to_audience(user, consultation):
        return _("An dieser Beteiligung können Sie nicht teilnehmen.")
    if is_blocked(user, consultation.cluster):
        return _("Ihr Konto ist für Beiträge zu den Beteiligungen dieses Clusters gesperrt.")
    return ""


def phase_refusal(phase, action: str) -> str:
    """Why the phase (None: no phase runs) does not allow `action` ("" when it does)."""
    if phase is not None and phase.allows(action):
        return ""
    reason = str(PHASE_REASONS[action])
    if phase is not None:
        reason += " " + _("Aktuelle Phase: %(phase)s.") % {"phase": phase.get_kind_display()}
    return reason
