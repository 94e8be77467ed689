"""The companies' front door: a person asks to represent an organisation of a cluster.

- `submit_claim`: for an organisation of the cluster's directory, with a message;
- `register_organisation`: a new organisation as a draft, with a claim for it (the directory's
  duplicate check warns first, until the person confirms it is really new);
- `approve_claim` / `reject_claim`: the cluster's management decides (the claim's cluster only);
  approval makes the person a representative and a member, and publishes a registered draft;
- `withdraw_claim`: the person takes the claim back;
- `invite` / `accept_invitation`: the management invites by e-mail (a one-time link, 14 days).

Every function checks the permission for the cluster it is given and runs in a transaction;
bad input raises a ValidationError with a German message and writes nothing. The person hears
the outcome by e-mail (from the task queue after the commit, `clusterwerk.core.mail`).
"""

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.models import Role, RoleAssignment
from clusterwerk.accounts.permissions import (
    forget_cached_permissions,
    is_authenticated,
    manages_cluster,
    represented_actor_ids,
)
from clusterwerk.actors.models import (
    INVITATION_DAYS,
    Actor,
    ActorRepresentative,
    ActorStatus,
    Claim,
    ClaimKind,
    ClaimStatus,
    ClusterMembership,
    CompetenceKind,
    HistoryAction,
    Invitation,
)
from clusterwerk.actors.permissions import directory_condition
from clusterwerk.actors.profile_data import clean_profile
from clusterwerk.actors.queries import find_possible_duplicates
from clusterwerk.actors.services import (
    PossibleDuplicate,
    _apply_sections,
    _assign_values,
    _record,
    unique_actor_slug,
)
from clusterwerk.core import versions
from clusterwerk.core.mail import send_email_later
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.queries import topic_catalogue

MAX_MESSAGE_LENGTH = 2000
MAX_COMPETENCES = 10


def _require_user(user) -> None:
    if not is_authenticated(user):
        raise PermissionDenied(_("Bitte melden Sie sich an."))


def _require_manager(user, cluster: Cluster) -> None:
    if not manages_cluster(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement entscheidet über Zuordnungen."))


def _clean_message(message: str) -> str:
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {
                "message": _("Die Nachricht ist zu lang (höchstens %(max)d Zeichen).")
                % {"max": MAX_MESSAGE_LENGTH}
            }
        )
    return message


# --- The domain hint --------------------------------------------------------------------------


def website_domain(website: str) -> str:
    """`https://www.example.de/kontakt` → `example.de` ("" without a website)."""
    if not website:
        return ""
    host = urlsplit(website if "//" in website else f"//{website}").hostname or ""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def verified_email_domains(user) -> set[str]:
    """The domains of the user's e-mail addresses that allauth has verified."""
    return {
        address.rsplit("@", 1)[-1].lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def domain_matches(user, actor: Actor) -> bool:
    """A hint, never a grant: a verified address of the person is at the organisation's
    website domain (or a subdomain of it)."""
    site = website_domain(actor.website)
    if not site:
        return False
    return any(
        domain == site or domain.endswith(f".{site}") for domain in verified_email_domains(user)
    )


# --- Claims -----------------------------------------------------------------------------------


def _directory_actor(cluster: Cluster, actor_pk: int, *, lock: bool = False) -> Actor:
    actors = Actor.objects.filter(directory_condition(cluster))
    if lock:
        actors = actors.select_for_update()
    actor = actors.filter(pk=actor_pk).first()
    if actor is None or actor.status == ActorStatus.DRAFT:
        raise ValidationError(_("Diese Organisation gibt es im Verzeichnis dieses Clusters nicht."))
    if actor.status == ActorStatus.ARCHIVED:
        raise ValidationError(
            _(
                "„%(actor)s“ ist archiviert und kann nicht beansprucht werden. Bitte wenden Sie "
                "sich an das Clustermanagement."
            )
            % {"actor": actor.name}
        )
    return actor


@transaction.atomic
def submit_claim(*, user, cluster: Cluster, actor: Actor, message: str = "") -> Claim:
    """The person asks to represent `actor`, an organisation of `cluster`'s directory."""
    _require_user(user)
    actor = _directory_actor(cluster, actor.pk, lock=True)
    if actor.pk in represented_actor_ids(user):
        raise ValidationError(
            _("Sie vertreten „%(actor)s“ bereits.") % {"actor": actor.name}, code="represents"
        )
    if Claim.objects.filter(user=user, actor=actor, status=ClaimStatus.PENDING).exists():
        raise ValidationError(
            _(
                "Sie haben für „%(actor)s“ bereits einen Antrag gestellt; er wartet auf die "
                "Prüfung durch das Clustermanagement."
            )
            % {"actor": actor.name},
            code="pending",
        )
    return Claim.objects.create(
        user=user,
        actor=actor,
        cluster=cluster,
        kind=ClaimKind.EXISTING,
        message=_clean_message(message),
        domain_matches=domain_matches(user, actor),
    )


def registration_profile(
    *,
    name: str,
    kind: str,
    street: str = "",
    postal_code: str = "",
    municipality: str = "",
    website: str = "",
    activity_code: str = "",
    size_class: str = "",
    competences: list[str] | None = None,
    competence_kind: str = CompetenceKind.PROCESS,
) -> dict:
    """What the registration form asks, in the profile format of `profile_data`."""
    texts = [text.strip() for text in competences or [] if text and text.strip()]
    if len(texts) > MAX_COMPETENCES:
        raise ValidationError(
            {
                "competences": _("Höchstens %(max)d Kompetenzen bei der Anmeldung.")
                % {"max": MAX_COMPETENCES}
            }
        )
    profile = {
        "values": {
            "name": (name or "").strip(),
            "kind": kind,
            "street": (street or "").strip(),
            "postal_code": (postal_code or "").strip(),
            "municipality": (municipality or "").strip(),
            "website": (website or "").strip(),
            "size_class": size_class or "",
        },
        "competences": [{"kind": competence_kind, "text": text} for text in texts],
        "activities": [],
    }
    if activity_code and activity_code.strip():
        profile["activities"] = [{"code": activity_code.strip(), "is_primary": True}]
    return profile


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def register_organisation(
    *,
    user,
    cluster: Cluster,
    profile: dict,
    message: str = "",
    confirm_new: bool = False,
) -> Claim:
    """A new organisation (a draft in `cluster`'s directory) and the person's claim for it.
    Raises PossibleDuplicate with the look-alikes until `confirm_new`."""
    _require_user(user)
    message = _clean_message(message)
    cleaned = clean_profile(profile, catalogue=topic_catalogue(cluster))
    values = cleaned["values"]
    missing = {
        field: _("Dieses Feld ist erforderlich.")
        for field in ("name", "kind", "postal_code")
        if not values.get(field)
    }
    if missing:
        raise ValidationError(missing)
    if not confirm_new:
        candidates = find_possible_duplicates(
            values["name"], values.get("postal_code", ""), cluster=cluster
        )
        if candidates:
            raise PossibleDuplicate(candidates)
    actor = Actor(status=ActorStatus.DRAFT, slug=unique_actor_slug(values["name"]))
    _assign_values(actor, values)
    actor.full_clean(exclude=["slug"])
    actor.save()
    ClusterMembership.objects.create(actor=actor, cluster=cluster)
    _apply_sections(actor, cleaned, topic_catalogue(cluster))
    _record(actor, user, HistoryAction.CREATED, {"fields": sorted(values), "registered": True})
    return Claim.objects.create(
        user=user,
        actor=actor,
        cluster=cluster,
        kind=ClaimKind.NEW,
        message=message,
        domain_matches=domain_matches(user, actor),
    )


def _locked_claim(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().select_related("actor", "user").get(pk=claim.pk)


def _require_pending(claim: Claim) -> None:
    if not claim.is_pending:
        raise ValidationError(
            _("Über diesen Antrag wurde bereits entschieden (%(status)s).")
            % {"status": claim.get_status_display()}
        )


def _grant(*, person, actor: Actor, cluster: Cluster) -> None:
    """`person` represents `actor`, which belongs to `cluster`, where `person` is a member."""
    ActorRepresentative.objects.get_or_create(actor=actor, user=person)
    ClusterMembership.objects.get_or_create(actor=actor, cluster=cluster)
    RoleAssignment.objects.get_or_create(user=person, cluster=cluster, role=Role.MEMBER)
    forget_cached_permissions(person)


def _decide(claim: Claim, user, status: str, reason: str = "") -> None:
    claim.status = status
    claim.decided_by = user if status != ClaimStatus.WITHDRAWN else None
    claim.decided_at = timezone.now()
    claim.reason = reason
    claim.save(update_fields=["status", "decided_by", "decided_at", "reason"])


def _retire_draft(claim: Claim, user, reason: str = "") -> None:
    """A registered organisation nobody will represent leaves the directory."""
    actor = claim.actor
    if claim.kind == ClaimKind.NEW and actor.status == ActorStatus.DRAFT:
        Actor.objects.filter(pk=actor.pk).update(
            status=ActorStatus.ARCHIVED, version=F("version") + 1
        )
        _record(actor, user, HistoryAction.ARCHIVED, message=reason)


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def approve_claim(*, claim: Claim, user, cluster: Cluster, reason: str = "") -> Claim:
    _require_user(user)
    _require_manager(user, cluster)
    claim = _locked_claim(claim)
    if claim.cluster_id != cluster.pk:
        raise PermissionDenied(_("Dieser Antrag gehört zu einem anderen Cluster."))
    _require_pending(claim)
    actor = Actor.objects.select_for_update().get(pk=claim.actor_id)
    if actor.status == ActorStatus.ARCHIVED:
        raise ValidationError(
            _("„%(actor)s“ ist archiviert; der Antrag kann nicht angenommen werden.")
            % {"actor": actor.name}
        )
    _grant(person=claim.user, actor=actor, cluster=cluster)
    if claim.kind == ClaimKind.NEW and actor.status == ActorStatus.DRAFT:
        actor.status = ActorStatus.PUBLISHED
        actor.version = F("version") + 1
        actor.save(update_fields=["status", "version", "updated_at"])
        actor.refresh_from_db()
        _record(actor, user, HistoryAction.PUBLISHED, message=_("Neue Organisation angenommen"))
    _decide(claim, user, ClaimStatus.APPROVED, (reason or "").strip())
    _notify(claim, "actors/email/claim_approved.txt")
    return claim


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def reject_claim(*, claim: Claim, user, cluster: Cluster, reason: str) -> Claim:
    _require_user(user)
    _require_manager(user, cluster)
    claim = _locked_claim(claim)
    if claim.cluster_id != cluster.pk:
        raise PermissionDenied(_("Dieser Antrag gehört zu einem anderen Cluster."))
    _require_pending(claim)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte begründen Sie die Ablehnung.")})
    _decide(claim, user, ClaimStatus.REJECTED, reason)
    _retire_draft(claim, user, reason)
    _notify(claim, "actors/email/claim_rejected.txt")
    return claim


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def withdraw_claim(*, claim: Claim, user) -> Claim:
    _require_user(user)
    claim = _locked_claim(claim)
    if claim.user_id != user.pk:
        raise PermissionDenied(_("Nur wer den Antrag gestellt hat, kann ihn zurückziehen."))
    _require_pending(claim)
    _decide(claim, user, ClaimStatus.WITHDRAWN)
    _retire_draft(claim, user)
    return claim


def _notify(claim: Claim, template: str) -> None:
    email = claim.user.email
    if not email:
        return
    context = {
        "claim": claim,
        "actor": claim.actor,
        "cluster": claim.cluster,
        "welcome_url": cluster_url(claim.cluster, reverse("actors:welcome")),
        "profile_url": cluster_url(claim.cluster, claim.actor.get_absolute_url()),
    }
    _send(template, context, email)


def _send(template: str, context: dict, email: str) -> None:
    body = render_to_string(template, context)
    subject, _blank, text = body.partition("\n\n")
    send_email_later(subject=subject.strip(), body=text.strip() + "\n", to=[email])


# --- Invitations ------------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite(*, user, cluster: Cluster, actor: Actor, email: str) -> tuple[Invitation, str]:
    """The management invites `email` to represent `actor`; returns the invitation and the
    token of its link (stored only as a hash, so this is the one chance to send it)."""
    _require_user(user)
    if not manages_cluster(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement lädt Personen ein."))
    actor = _directory_actor(cluster, actor.pk)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")}
        ) from None
    if ActorRepresentative.objects.filter(actor=actor, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("Diese Person vertritt „%(actor)s“ bereits.") % {"actor": actor.name}}
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        cluster=cluster,
        actor=actor,
        email=email,
        token_hash=hash_token(token),
        invited_by=user,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    link = cluster_url(cluster, reverse("actors:invitation-accept", args=[token]))
    _send(
        "actors/email/invitation.txt",
        {"invitation": invitation, "actor": actor, "cluster": cluster, "link": link},
        email,
    )
    return invitation, token


def find_invitation(token: str) -> Invitation:
    """The invitation of a link, or a ValidationError saying why the link does not work."""
    invitation = (
        Invitation.objects.select_related("actor", "cluster")
        .filter(token_hash=hash_token(token or ""))
        .first()
    )
    if invitation is None:
        raise ValidationError(_("Dieser Einladungslink ist ungültig."), code="invalid")
    if invitation.is_used:
        raise ValidationError(
            _(
                "Dieser Einladungslink wurde bereits verwendet. Bitten Sie das Clustermanagement "
                "um eine neue Einladung."
            ),
            code="used",
        )
    if invitation.is_expired:
        raise ValidationError(
            _(
                "Dieser Einladungslink ist abgelaufen (gültig bis %(date)s). Bitten Sie das "
                "Clustermanagement um eine neue Einladung."
            )
            % {"date": timezone.localtime(invitation.expires_at).strftime("%d.%m.%Y")},
            code="expired",
        )
    return invitation


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def accept_invitation(*, user, token: str) -> Invitation:
    """The logged-in person follows the link: they represent the organisation, in the cluster
    of the invitation. A used, expired or unknown link writes nothing."""
    _require_user(user)
    invitation = find_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_used:
        raise ValidationError(_("Dieser Einladungslink wurde bereits verwendet."), code="used")
    actor = invitation.actor
    if actor.status == ActorStatus.ARCHIVED:
        raise ValidationError(
            _("„%(actor)s“ ist archiviert; die Einladung gilt nicht mehr.") % {"actor": actor.name}
        )
    _grant(person=user, actor=actor, cluster=invitation.cluster)
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    Claim.objects.filter(user=user, actor=actor, status=ClaimStatus.PENDING).update(
        status=ClaimStatus.APPROVED,
        decided_by=invitation.invited_by,
        decided_at=invitation.used_at,
        reason=_("Über eine Einladung zugeordnet."),
    )
    return invitation
