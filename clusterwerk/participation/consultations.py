"""Running a consultation: create and change it with its phases and scope, close the current
phase, follow it, and the participant profile. Keyword-only, in a transaction,
permission-checked; German errors keyed by field.

Phases come as a list of dicts `{"kind", "starts_at", "ends_at", "allows_comment"?, …}`; an
`allows_*` left out takes the default of the phase kind (`models.DEFAULT_ALLOWED`). Phases
follow each other in time without overlap, each ending after it starts.
"""

import datetime
import itertools

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clusterwerk.actors.models import District
from clusterwerk.masterplan.queries import find_by_lineage
from clusterwerk.participation.models import (
    DEFAULT_ALLOWED,
    ELEMENT_KINDS,
    Action,
    AffiliationType,
    Audience,
    Consultation,
    ConsultationScope,
    DigestFrequency,
    Follow,
    ParticipantProfile,
    Phase,
    PhaseKind,
)
from clusterwerk.participation.permissions import can_manage_consultations

# Slugs that would collide with the fixed addresses below /beteiligung/.
RESERVED_SLUGS = frozenset({"neu", "profil", "benachrichtigungen", "interviews", "workshops"})
PHASE_ORDER = [kind.value for kind in PhaseKind]


def _ensure_manager(user, cluster) -> None:
    if not can_manage_consultations(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement leitet Beteiligungen."))


def _slug(value, title: str, errors: dict, *, instance: Consultation | None = None) -> str:
    slug = slugify((value or "").strip() or title)[:100].strip("-")
    if not slug:
        errors["slug"] = [_("Bitte ein Kürzel aus Buchstaben, Ziffern und Bindestrichen wählen.")]
    elif slug in RESERVED_SLUGS:
        errors["slug"] = [_("Dieses Kürzel ist für andere Seiten reserviert.")]
    else:
        taken = Consultation.objects.filter(slug=slug)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            errors["slug"] = [_("Dieses Kürzel ist schon vergeben.")]
    return slug


def _clean_phases(phases, errors: dict) -> list[dict]:
    cleaned = []
    if not phases:
        errors["phases"] = [_("Bitte mindestens eine Phase angeben.")]
        return cleaned
    messages = []
    for index, phase in enumerate(phases, start=1):
        kind = phase.get("kind")
        starts_at, ends_at = phase.get("starts_at"), phase.get("ends_at")
        if kind not in PHASE_ORDER:
            messages.append(_("Phase %(n)d: unbekannte Art.") % {"n": index})
            continue
        if not isinstance(starts_at, datetime.datetime) or not isinstance(
            ends_at, datetime.datetime
        ):
            messages.append(_("Phase %(n)d: Beginn und Ende angeben.") % {"n": index})
            continue
        if ends_at <= starts_at:
            messages.append(_("Phase %(n)d: Das Ende muss nach dem Beginn liegen.") % {"n": index})
            continue
        allowed = DEFAULT_ALLOWED[PhaseKind(kind)]
        cleaned.append(
            {
                "kind": kind,
                "starts_at": starts_at,
                "ends_at": ends_at,
                **{
                    f"allows_{action}": bool(phase.get(f"allows_{action}", action in allowed))
                    for action in Action.values
                },
            }
        )
    for before, after in itertools.pairwise(cleaned):
        if PHASE_ORDER.index(after["kind"]) <= PHASE_ORDER.index(before["kind"]):
            messages.append(
                _(
                    "Die Phasen folgen in der Reihenfolge Information, Beteiligung, "
                    "Auswertung, Ergebnis aufeinander."
                )
            )
            break
        if after["starts_at"] < before["ends_at"]:
            messages.append(_("Die Phasen dürfen sich nicht überschneiden."))
            break
    if messages:
        errors["phases"] = messages
    return cleaned


def _clean_scope(edition, whole_plan: bool, scope, errors: dict) -> list[tuple[str, str]]:
    """(kind, lineage) of the chosen elements; accepts elements or (kind, lineage) pairs."""
    if whole_plan:
        return []
    chosen = []
    for item in scope or []:
        if isinstance(item, tuple | list):
            kind, lineage = item
        else:
            kind, lineage = item.kind, item.lineage
        if kind not in ELEMENT_KINDS or find_by_lineage(edition, kind, str(lineage)) is None:
            errors["scope"] = [_("Ein gewähltes Element gibt es in dieser Ausgabe nicht.")]
            return []
        if (kind, str(lineage)) not in chosen:
            chosen.append((kind, str(lineage)))
    if not chosen:
        errors["scope"] = [
            _("Bitte Handlungsfelder, Eckpunkte oder Themenbereiche wählen oder den ganzen Plan.")
        ]
    return chosen


def _clean(
    *,
    cluster,
    edition,
    title,
    slug,
    description,
    audience,
    whole_plan,
    scope,
    phases,
    instance=None,
):
    errors: dict[str, list[str]] = {}
    if edition.cluster_id != cluster.pk:
        errors["edition"] = [_("Die Ausgabe gehört zu einem anderen Cluster.")]
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Dieses Feld ist erforderlich.")]
    elif len(title) > 200:
        errors["title"] = [_("Höchstens 200 Zeichen.")]
    slug = _slug(slug, title, errors, instance=instance)
    if audience not in Audience.values:
        errors["audience"] = [_("Bitte eine gültige Auswahl treffen.")]
    chosen = _clean_scope(edition, whole_plan, scope, errors)
    cleaned_phases = _clean_phases(phases, errors)
    if errors:
        raise ValidationError(errors)
    return (
        {
            "title": title,
            "slug": slug,
            "description": (description or "").strip(),
            "audience": audience,
            "whole_plan": bool(whole_plan),
        },
        chosen,
        cleaned_phases,
    )


def _save_children(consultation, chosen, phases) -> None:
    consultation.scope.all().delete()
    ConsultationScope.objects.bulk_create(
        ConsultationScope(consultation=consultation, element_kind=kind, lineage=lineage)
        for kind, lineage in chosen
    )
    consultation.phases.all().delete()
    for phase in phases:
        Phase.objects.create(consultation=consultation, **phase)


@transaction.atomic
def create_consultation(
    *,
    user,
    cluster,
    edition,
    title: str,
    slug: str = "",
    description: str = "",
    audience: str = Audience.REGISTERED,
    whole_plan: bool = True,
    scope=None,
    phases: list[dict],
) -> Consultation:
    _ensure_manager(user, cluster)
    values, chosen, cleaned_phases = _clean(
        cluster=cluster,
        edition=edition,
        title=title,
        slug=slug,
        description=description,
        audience=audience,
        whole_plan=whole_plan,
        scope=scope,
        phases=phases,
    )
    consultation = Consultation.objects.create(
        cluster=cluster, edition=edition, created_by=user, **values
    )
    _save_children(consultation, chosen, cleaned_phases)
    return consultation


@transaction.atomic
def update_consultation(
    *,
    user,
    consultation: Consultation,
    title: str,
    slug: str = "",
    description: str = "",
    audience: str = Audience.REGISTERED,
    whole_plan: bool = True,
    scope=None,
    phases: list[dict],
) -> Consultation:
    """Change title, description, audience, scope and phases (the edition stays)."""
    _ensure_manager(user, consultation.cluster)
    values, chosen, cleaned_phases = _clean(
        cluster=consultation.cluster,
        edition=consultation.edition,
        title=title,
        slug=slug or consultation.slug,
        description=description,
        audience=audience,
        whole_plan=whole_plan,
        scope=scope,
        phases=phases,
        instance=consultation,
    )
    for name, value in values.items():
        setattr(consultation, name, value)
    consultation.save()
    _save_children(consultation, chosen, cleaned_phases)
    return consultation


@transaction.atomic
def close_current_phase(*, user, consultation: Consultation, now=None) -> Phase | None:
    """End the current phase now and start the next one now; returns the phase that runs
    afterwards (None after the last)."""
    _ensure_manager(user, consultation.cluster)
    now = now or timezone.now()
    phases = list(consultation.phases.select_for_update().order_by("starts_at"))
    current = next((phase for phase in phases if phase.is_current(now)), None)
    if current is None:
        raise ValidationError(_("Zurzeit läuft keine Phase, die beendet werden könnte."))
    following = [phase for phase in phases if phase.starts_at >= current.ends_at]
    current.ends_at = now
    if current.ends_at <= current.starts_at:
        current.starts_at = now - datetime.timedelta(seconds=1)
    current.save(update_fields=["starts_at", "ends_at"])
    if not following:
        return None
    upcoming = following[0]
    upcoming.starts_at = now
    if upcoming.ends_at <= now:
        upcoming.ends_at = now + datetime.timedelta(days=1)
    upcoming.save(update_fields=["starts_at", "ends_at"])
    return upcoming


# --- Following -------------------------------------------------------------------------------


@transaction.atomic
def follow(*, user, consultation: Consultation) -> Follow:
    if not user.is_authenticated:
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    follow_row, _created = Follow.objects.get_or_create(consultation=consultation, user=user)
    return follow_row


@transaction.atomic
def unfollow(*, user, consultation: Consultation) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    Follow.objects.filter(consultation=consultation, user=user).delete()


# --- Participant profile ---------------------------------------------------------------------


@transaction.atomic
def save_participant_profile(
    *,
    user,
    display_name: str,
    affiliation_type: str = "",
    district: str = "",
    digest: str = DigestFrequency.WEEKLY,
) -> ParticipantProfile:
    """Create or change the profile; `district` is the Kreisschlüssel (AGS) or empty."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    errors: dict[str, list[str]] = {}
    display_name = (display_name or "").strip()
    if not display_name:
        errors["display_name"] = [_("Dieses Feld ist erforderlich.")]
    elif len(display_name) > 60:
        errors["display_name"] = [_("Höchstens 60 Zeichen.")]
    if affiliation_type and affiliation_type not in AffiliationType.values:
        errors["affiliation_type"] = [_("Bitte eine gültige Auswahl treffen.")]
    if digest not in DigestFrequency.values:
        errors["digest"] = [_("Bitte eine gültige Auswahl treffen.")]
    district_row = None
    if district:
        district_row = District.objects.filter(ags=district).first()
        if district_row is None:
            errors["district"] = [_("Diesen Landkreis gibt es nicht.")]
    if errors:
        raise ValidationError(errors)
    profile, _created = ParticipantProfile.objects.update_or_create(
        user=user,
        defaults={
            "display_name": display_name,
            "affiliation_type": affiliation_type or "",
            "district": district_row,
            "digest": digest,
        },
    )
    return profile


# --- In-app notifications --------------------------------------------------------------------


@transaction.atomic
def mark_notifications_read(*, user, notification_id: int | None = None) -> int:
    """Mark the user's unread notifications (or just one of them) as read."""
    from clusterwerk.participation.models import Notification

    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
