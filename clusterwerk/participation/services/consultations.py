"""Running a consultation: create and change it with its phases and scope, close the current
phase, follow it. Keyword-only, in a transaction, permission-checked for the consultation's
cluster; German errors keyed by field.

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

from clusterwerk.accounts.permissions import is_authenticated
from clusterwerk.core import validation, versions
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.queries import find_by_lineage
from clusterwerk.participation.models import (
    DEFAULT_ALLOWED,
    ELEMENT_KINDS,
    Action,
    Audience,
    Consultation,
    ConsultationScope,
    Follow,
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


def _slug(value, title: str, errors: PayloadErrors, *, instance=None) -> str:
    """Slugs are unique across clusters (addresses without the cluster prefix stay
    unambiguous)."""
    slug = slugify(validation.text(value, "slug", errors, max_length=100) or title)
    slug = slug[:100].strip("-")
    if not slug:
        errors.add("slug", _("Bitte ein Kürzel aus Buchstaben, Ziffern und Bindestrichen wählen."))
    elif slug in RESERVED_SLUGS:
        errors.add("slug", _("Dieses Kürzel ist für andere Seiten reserviert."))
    else:
        taken = Consultation.objects.filter(slug=slug)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            errors.add("slug", _("Dieses Kürzel ist schon vergeben."))
    return slug


def _clean_phases(phases, errors: PayloadErrors) -> list[dict]:
    cleaned = []
    if not phases:
        errors.add("phases", _("Bitte mindestens eine Phase angeben."))
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
    for message in messages:
        errors.add("phases", message)
    return cleaned


def _clean_scope(edition, whole_plan: bool, scope, errors: PayloadErrors) -> list[tuple[str, str]]:
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
            errors.add("scope", _("Ein gewähltes Element gibt es in dieser Ausgabe nicht."))
            return []
        if (kind, str(lineage)) not in chosen:
            chosen.append((kind, str(lineage)))
    if not chosen:
        errors.add(
            "scope",
            _("Bitte Handlungsfelder, Eckpunkte oder Themenbereiche wählen oder den ganzen Plan."),
        )
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
    errors = PayloadErrors()
    if edition is None or edition.cluster_id != cluster.pk:
        errors.add("edition", _("Die Ausgabe gehört zu einem anderen Cluster."))
        errors.raise_if_any()
    title = validation.text(title, "title", errors, max_length=200, required=True)
    slug = _slug(slug, title, errors, instance=instance)
    values = {
        "title": title,
        "slug": slug,
        "description": validation.text(description, "description", errors, max_length=20000),
        "audience": validation.choice(audience, "audience", errors, Audience, required=True),
        "whole_plan": validation.boolean(whole_plan, "whole_plan", errors),
    }
    chosen = _clean_scope(edition, values["whole_plan"], scope, errors)
    cleaned_phases = _clean_phases(phases, errors)
    errors.raise_if_any()
    return (
        values,
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


@changes(versions.PARTICIPATION)
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
    is_demo: bool = False,
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
        cluster=cluster, edition=edition, created_by=user, is_demo=is_demo, **values
    )
    _save_children(consultation, chosen, cleaned_phases)
    return consultation


@changes(versions.PARTICIPATION)
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


@changes(versions.PARTICIPATION)
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
    if not is_authenticated(user):
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    follow_row, _created = Follow.objects.get_or_create(consultation=consultation, user=user)
    return follow_row


@transaction.atomic
def unfollow(*, user, consultation: Consultation) -> None:
    if not is_authenticated(user):
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    Follow.objects.filter(consultation=consultation, user=user).delete()
