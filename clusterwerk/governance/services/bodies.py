"""Writes of the bodies and their members.

- Bodies: `create_body`, `update_body` – the cluster management. The slug is unique per
  cluster; names and tasks in German, optionally in English (for the public profile).
- Members: `add_member`, `update_member`, `end_member_term` – the cluster management. A member
  is a person (`name`) in a `function`, from a `sector`, for a term of office; optionally with
  the account that opens the members-only space (`email`: an existing account) and the
  organisation of the cluster's directory (`actor`).
- `take_over_seats`: members from the directory's board seats (`actors.BodySeat`) of the
  body's kind that have no member yet.
- `set_badge_choice`: whether the member's function shows with their contributions in
  consultations – only the member decides.

Body and member data are one JSON-safe format that forms and the API hand in:

    {"kind": "advisory_board", "slug": "beirat", "name": "…", "name_en": "…",
     "name_genitive": "des Strategischen Beirats", "description": "…", "description_en": "…",
     "is_public": true, "order": 1}
    {"name": "Dr. Erika Beispiel", "function": "chair", "sector": "research",
     "term_start": "2023-01-01", "term_end": null, "email": "…", "actor": 42}
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.models import User
from clusterwerk.actors.models import Actor, ActorKind, BodySeat
from clusterwerk.core import validation
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.governance.models import Body, BodyKind, BodyMember, MemberFunction, Sector
from clusterwerk.governance.permissions import forget_membership_cache
from clusterwerk.governance.services.common import require_management, require_same_cluster

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
# Addresses below /gremien/ that a body's slug must not take.
RESERVED_SLUGS = {"neu", "aufgaben"}
BODY_FIELDS = (
    "kind",
    "slug",
    "name",
    "name_en",
    "name_genitive",
    "description",
    "description_en",
    "is_public",
    "order",
)
MEMBER_FIELDS = ("name", "function", "sector", "term_start", "term_end", "user", "actor")

# Where an organisation of the directory comes from, for members taken over from seats.
SECTOR_OF_KIND = {
    ActorKind.COMPANY: Sector.BUSINESS,
    ActorKind.CRAFT_BUSINESS: Sector.BUSINESS,
    ActorKind.UNIVERSITY: Sector.RESEARCH,
    ActorKind.RESEARCH_INSTITUTE: Sector.RESEARCH,
    ActorKind.NETWORK: Sector.NETWORK,
    ActorKind.COMPETENCE_CENTRE: Sector.NETWORK,
    ActorKind.TRANSFER_OFFICE: Sector.NETWORK,
    ActorKind.CLUSTER_ORGANISATION: Sector.NETWORK,
    ActorKind.ASSOCIATION: Sector.ASSOCIATION,
    ActorKind.CHAMBER: Sector.ASSOCIATION,
    ActorKind.SOCIAL_PARTNER: Sector.SOCIAL_PARTNER,
    ActorKind.ECONOMIC_DEVELOPMENT: Sector.ADMINISTRATION,
}


# --- bodies ------------------------------------------------------------------------------------


def body_data(body: Body) -> dict:
    return {field: getattr(body, field) for field in BODY_FIELDS}


def clean_body(data: dict, *, cluster, own_pk=None) -> dict:
    """Validate complete body data: the model values, or a ValidationError by field."""
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zum Gremium als Objekt senden."))
    errors = PayloadErrors()
    slug = validation.text(data.get("slug"), "slug", errors, max_length=80, required=True)
    if slug and (not SLUG_PATTERN.match(slug) or slug in RESERVED_SLUGS):
        errors.add(
            "slug",
            _("Das Kürzel besteht aus Kleinbuchstaben, Ziffern und Bindestrichen, z. B. beirat."),
        )
    elif slug and Body.objects.filter(cluster=cluster, slug=slug).exclude(pk=own_pk).exists():
        errors.add(
            "slug", _("Das Kürzel „%(slug)s“ hat schon ein anderes Gremium.") % {"slug": slug}
        )
    values = {
        "kind": validation.choice(
            data.get("kind"),
            "kind",
            errors,
            BodyKind,
            required=True,
            required_message=_("Bitte wählen Sie die Art des Gremiums."),
        ),
        "slug": slug,
        "name": validation.text(data.get("name"), "name", errors, max_length=200, required=True),
        "name_en": validation.text(data.get("name_en"), "name_en", errors, max_length=200),
        "name_genitive": validation.text(
            data.get("name_genitive"), "name_genitive", errors, max_length=200
        ),
        "description": validation.text(
            data.get("description"), "description", errors, max_length=10_000
        ),
        "description_en": validation.text(
            data.get("description_en"), "description_en", errors, max_length=10_000
        ),
        "is_public": bool(data.get("is_public", True)),
        "order": validation.integer(data.get("order"), "order", errors, maximum=999) or 0,
    }
    errors.raise_if_any()
    return values


@transaction.atomic
def create_body(*, user, cluster, data: dict) -> Body:
    require_management(user, cluster)
    values = clean_body(data, cluster=cluster)
    return Body.objects.create(cluster=cluster, **values)


@transaction.atomic
def update_body(*, user, cluster, body: Body, data: dict) -> Body:
    """Change the body's fields; fields missing from `data` keep their values."""
    require_management(user, cluster)
    require_same_cluster(body.cluster_id, cluster)
    body = Body.objects.select_for_update().get(pk=body.pk)
    values = clean_body({**body_data(body), **data}, cluster=cluster, own_pk=body.pk)
    changed = [field for field in BODY_FIELDS if getattr(body, field) != values[field]]
    if changed:
        for field in changed:
            setattr(body, field, values[field])
        body.save(update_fields=[*changed, "updated_at"])
    return body


# --- members -----------------------------------------------------------------------------------


def member_data(member: BodyMember) -> dict:
    return {
        "name": member.name,
        "function": member.function,
        "sector": member.sector,
        "term_start": member.term_start,
        "term_end": member.term_end,
        "email": member.user.email if member.user_id else "",
        "actor": member.actor_id,
    }


def directory_actors(cluster):
    """The organisations a member may come from: the actors of the cluster's directory."""
    return Actor.objects.filter(memberships__cluster=cluster, merged_into__isnull=True).distinct()


def _actor(value, cluster, errors: PayloadErrors) -> Actor | None:
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, Actor) else value
    if isinstance(pk, bool):
        pk = None
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = None
    found = directory_actors(cluster).filter(pk=pk).first() if pk else None
    if found is None:
        errors.add(
            "actor", _("Diese Organisation gibt es im Akteursverzeichnis des Clusters nicht.")
        )
    return found


def _account(value, errors: PayloadErrors) -> User | None:
    email = validation.text(value, "email", errors, max_length=254)
    if not email:
        return None
    found = User.objects.filter(email__iexact=email, is_active=True).first()
    if found is None:
        errors.add(
            "email",
            _(
                "Unter dieser Adresse gibt es kein Benutzerkonto. Das Mitglied kann ohne Konto "
                "eingetragen werden; den internen Bereich öffnet erst ein Konto."
            ),
        )
    return found


def clean_member(data: dict, *, body: Body, own_pk=None) -> dict:
    """Validate complete member data: the model values (`user`, `actor` as objects), or a
    ValidationError by field."""
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zum Mitglied als Objekt senden."))
    errors = PayloadErrors()
    values = {
        "name": validation.text(data.get("name"), "name", errors, max_length=200, required=True),
        "function": validation.choice(
            data.get("function"),
            "function",
            errors,
            MemberFunction,
            required=True,
            required_message=_("Bitte wählen Sie die Funktion im Gremium."),
        ),
        "sector": validation.choice(data.get("sector"), "sector", errors, Sector),
        "term_start": validation.date(
            data.get("term_start"),
            "term_start",
            errors,
            required=True,
            required_message=_("Bitte geben Sie den Beginn der Amtszeit an."),
        ),
        "term_end": validation.date(data.get("term_end"), "term_end", errors),
        "user": _account(data.get("email"), errors),
        "actor": _actor(data.get("actor"), body.cluster, errors),
    }
    start, end = values["term_start"], values["term_end"]
    if start and end and end < start:
        errors.add("term_end", _("Die Amtszeit kann nicht vor ihrem Beginn enden."))
    account = values["user"]
    if account is not None and start and "term_end" not in errors:
        overlapping = (
            BodyMember.objects.filter(body=body, user=account)
            .exclude(pk=own_pk)
            .filter(Q(term_end__isnull=True) | Q(term_end__gte=start))
        )
        if end is not None:
            overlapping = overlapping.filter(term_start__lte=end)
        if overlapping.exists():
            errors.add(
                "email",
                _("Dieses Konto gehört in dieser Zeit schon zu einem Mitglied des Gremiums."),
            )
    errors.raise_if_any()
    return values


@transaction.atomic
def add_member(*, user, cluster, body: Body, data: dict) -> BodyMember:
    require_management(user, cluster)
    require_same_cluster(body.cluster_id, cluster)
    values = clean_member(data, body=body)
    member = BodyMember.objects.create(body=body, **values)
    if member.user_id:
        forget_membership_cache(member.user)
    return member


@transaction.atomic
def update_member(*, user, cluster, member: BodyMember, data: dict) -> BodyMember:
    """Change the member's fields that `data` changes (missing fields keep their values);
    only those are written."""
    require_management(user, cluster)
    require_same_cluster(member.body.cluster_id, cluster)
    member = (
        BodyMember.objects.select_for_update(of=("self",))
        .select_related("body__cluster", "user")
        .get(pk=member.pk)
    )
    values = clean_member({**member_data(member), **data}, body=member.body, own_pk=member.pk)
    changed = [
        field
        for field in MEMBER_FIELDS
        if getattr(member, f"{field}_id" if field in ("user", "actor") else field)
        != (getattr(values[field], "pk", None) if field in ("user", "actor") else values[field])
    ]
    if changed:
        for field in changed:
            setattr(member, field, values[field])
        member.save(update_fields=changed)
    return member


@transaction.atomic
def end_member_term(*, user, cluster, member: BodyMember, on=None) -> BodyMember:
    """End the member's term on `on` (today)."""
    require_management(user, cluster)
    require_same_cluster(member.body.cluster_id, cluster)
    member = BodyMember.objects.select_for_update(of=("self",)).get(pk=member.pk)
    errors = PayloadErrors()
    day = validation.date(on, "term_end", errors) or timezone.localdate()
    errors.raise_if_any()
    if day < member.term_start:
        raise ValidationError({"term_end": [_("Die Amtszeit kann nicht vor ihrem Beginn enden.")]})
    if member.term_end is not None and member.term_end <= day:
        raise ValidationError({"term_end": [_("Die Amtszeit ist an diesem Tag schon beendet.")]})
    member.term_end = day
    member.save(update_fields=["term_end"])
    return member


def _person_name(actor: Actor) -> str:
    """The name of the organisation's primary contact person if the person agreed to be
    published (the body's members are public), else the organisation's name."""
    contact = actor.contacts.order_by("order", "id").first()
    if contact is not None and contact.consent and contact.name.strip():
        return contact.name.strip()
    return actor.name


@transaction.atomic
def take_over_seats(*, user, cluster, body: Body) -> int:
    """Members from the directory's seats of the body's kind in `cluster` that have no member
    yet (organisation, term; the primary contact's name where published). How many."""
    require_management(user, cluster)
    require_same_cluster(body.cluster_id, cluster)
    if not body.seat_body:
        raise ValidationError(
            _("Für einen Technologie-Expertenkreis führt das Akteursverzeichnis keine Sitze.")
        )
    body = Body.objects.select_for_update().get(pk=body.pk)
    seats = (
        BodySeat.objects.filter(cluster=cluster, body=body.seat_body)
        .exclude(members__body=body)
        .select_related("actor")
        .order_by("actor__name", "pk")
    )
    function = MemberFunction.MEMBER
    if body.kind == BodyKind.SPOKESPERSONS:
        function = MemberFunction.SPOKESPERSON
    today = timezone.localdate()
    created = 0
    for seat in seats:
        start = seat.since or today
        end = seat.until if seat.until is None or seat.until >= start else start
        BodyMember.objects.create(
            body=body,
            name=_person_name(seat.actor)[:200],
            actor=seat.actor,
            seat=seat,
            function=function,
            sector=SECTOR_OF_KIND.get(seat.actor.kind, ""),
            term_start=start,
            term_end=end,
        )
        created += 1
    return created


@transaction.atomic
def set_badge_choice(*, user, cluster, member: BodyMember, show: bool) -> BodyMember:
    """The member's own choice whether their function shows with their contributions."""
    if (
        not user.is_authenticated
        or member.user_id != user.pk
        or member.body.cluster_id != cluster.pk
    ):
        raise PermissionDenied(
            _("Ob die Funktion bei Beiträgen erscheint, entscheidet das Mitglied selbst.")
        )
    member = BodyMember.objects.select_for_update().get(pk=member.pk)
    if member.show_badge != bool(show):
        member.show_badge = bool(show)
        member.save(update_fields=["show_badge"])
    return member
