"""Writes of the public cluster profile: the profile's texts in German and English, contact and
publication (optimistic locking with `version`), and the cluster management team (add, change,
delete, move up/down). The cluster's management only; every write for one cluster.

Data format (forms and the API hand in the same JSON-safe dicts):

    profile: {"tagline", "tagline_en", "about", "about_en", "focus", "focus_en",
              "management_organisation", "street", "postal_code", "municipality", "email",
              "phone", "website", "founded_year", "is_published"}
    team member: {"name", "role", "role_en", "email", "phone"}

An update takes only the keys it is given; the rest stays as stored.
"""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.clusterprofile.models import ClusterProfile, TeamMember
from clusterwerk.clusterprofile.queries import require_manager
from clusterwerk.core import validation
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.validation import PayloadErrors

TEXT_LIMITS = {
    "tagline": 300,
    "tagline_en": 300,
    "about": 5000,
    "about_en": 5000,
    "focus": 2000,
    "focus_en": 2000,
    "management_organisation": 300,
    "street": 200,
    "municipality": 120,
}
PROFILE_FIELDS = (
    *TEXT_LIMITS,
    "postal_code",
    "email",
    "phone",
    "website",
    "founded_year",
    "is_published",
)
TEAM_FIELDS = ("name", "role", "role_en", "email", "phone")
MAX_TEAM = 30


def _email(value, key: str, errors: PayloadErrors) -> str:
    value = validation.text(value, key, errors, max_length=254)
    if value:
        try:
            EmailValidator()(value)
        except ValidationError:
            errors.add(key, _("Bitte eine gültige E-Mail-Adresse angeben, z. B. name@example.de."))
    return value


def _phone(value, key: str, errors: PayloadErrors) -> str:
    value = validation.text(value, key, errors, max_length=50)
    if value and not all(c.isdigit() or c in " +-/()" for c in value):
        errors.add(key, _("Eine Telefonnummer besteht aus Ziffern, Leerzeichen und + - / ( )."))
    return value


def clean_profile(data: dict) -> dict:
    errors = PayloadErrors()
    values = {
        name: validation.text(data.get(name), name, errors, max_length=limit)
        for name, limit in TEXT_LIMITS.items()
    }
    postal_code = validation.text(data.get("postal_code"), "postal_code", errors, max_length=10)
    if postal_code and not (postal_code.isdigit() and len(postal_code) == 5):
        errors.add("postal_code", _("Die Postleitzahl hat fünf Ziffern."))
    values["postal_code"] = postal_code
    values["email"] = _email(data.get("email"), "email", errors)
    values["phone"] = _phone(data.get("phone"), "phone", errors)
    website = validation.text(data.get("website"), "website", errors, max_length=300)
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            errors.add("website", _("Bitte eine vollständige Adresse mit https:// angeben."))
    values["website"] = website
    year = validation.integer(
        data.get("founded_year"), "founded_year", errors, minimum=1900, maximum=2100
    )
    if year and year > timezone.localdate().year:
        errors.add("founded_year", _("Das Gründungsjahr liegt in der Zukunft."))
    values["founded_year"] = year
    values["is_published"] = validation.boolean(data.get("is_published"), "is_published", errors)
    if values["is_published"] and not (values["tagline"] or values["about"]):
        errors.add(
            "is_published",
            _("Vor dem Veröffentlichen bitte eine Kurzbeschreibung oder „Wer wir sind“ angeben."),
        )
    errors.raise_if_any()
    return values


def profile_data(profile: ClusterProfile) -> dict:
    return {name: getattr(profile, name) for name in PROFILE_FIELDS}


def _conflict(profile: ClusterProfile | None) -> EditConflict:
    return EditConflict(
        _(
            "Das Profil wurde inzwischen von jemand anderem geändert. Bitte übernehmen Sie "
            "Ihre Änderungen in den aktuellen Stand."
        ),
        obj=profile,
        version=profile.version if profile else 0,
        current=profile_data(profile) if profile else {},
    )


def _unknown(data, allowed) -> None:
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben als Objekt senden."))
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(
            {key: [_("Diese Angabe gibt es nicht oder sie ist nicht änderbar.")] for key in unknown}
        )


@transaction.atomic
def update_profile(*, user, cluster, data: dict, expected_version: int | None) -> ClusterProfile:
    """Change the given keys of the cluster's profile (created on the first save; its version
    before is 0). A stale `expected_version` raises `EditConflict`, nothing is written."""
    require_manager(user, cluster)
    _unknown(data, PROFILE_FIELDS)
    profile = ClusterProfile.objects.select_for_update().filter(cluster=cluster).first()
    stored_version = profile.version if profile else 0
    if expected_version is not None and expected_version != stored_version:
        raise _conflict(profile)
    if profile is None:
        profile = ClusterProfile(cluster=cluster, version=0)
    values = clean_profile({**profile_data(profile), **data})
    changed = [name for name in data if getattr(profile, name) != values[name]]
    if not changed and profile.pk:
        return profile
    for name in changed:
        setattr(profile, name, values[name])
    profile.version += 1
    profile.full_clean()
    profile.save()
    return profile


def clean_team_member(data: dict) -> dict:
    errors = PayloadErrors()
    values = {
        "name": validation.text(data.get("name"), "name", errors, max_length=200, required=True),
        "role": validation.text(data.get("role"), "role", errors, max_length=200, required=True),
        "role_en": validation.text(data.get("role_en"), "role_en", errors, max_length=200),
        "email": _email(data.get("email"), "email", errors),
        "phone": _phone(data.get("phone"), "phone", errors),
    }
    if not values["email"] and not values["phone"] and "email" not in errors:
        errors.add("email", _("Bitte eine E-Mail-Adresse oder Telefonnummer angeben."))
    errors.raise_if_any()
    return values


@transaction.atomic
def add_team_member(*, user, cluster, data: dict) -> TeamMember:
    require_manager(user, cluster)
    _unknown(data, TEAM_FIELDS)
    values = clean_team_member(data)
    team = TeamMember.objects.select_for_update().filter(cluster=cluster)
    if team.count() >= MAX_TEAM:
        raise ValidationError(_("Höchstens %(max)d Personen im Team.") % {"max": MAX_TEAM})
    last = team.aggregate(last=Max("order"))["last"]
    member = TeamMember(cluster=cluster, order=0 if last is None else last + 1, **values)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def update_team_member(*, user, cluster, member: TeamMember, data: dict) -> TeamMember:
    require_manager(user, cluster)
    if member.cluster_id != cluster.pk:
        raise ValidationError(_("Diese Person gehört nicht zum Team dieses Clusters."))
    _unknown(data, TEAM_FIELDS)
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    values = clean_team_member({**{name: getattr(member, name) for name in TEAM_FIELDS}, **data})
    for name in data:
        setattr(member, name, values[name])
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def delete_team_member(*, user, cluster, member: TeamMember) -> None:
    require_manager(user, cluster)
    if member.cluster_id != cluster.pk:
        raise ValidationError(_("Diese Person gehört nicht zum Team dieses Clusters."))
    TeamMember.objects.filter(cluster=cluster, pk=member.pk).delete()


@transaction.atomic
def move_team_member(*, user, cluster, member: TeamMember, direction: str) -> None:
    """Swap the person with the neighbour above ("up") or below ("down"); the team is
    renumbered 0…n-1 first, so equal orders never block a move."""
    require_manager(user, cluster)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": [_("Bitte „up“ oder „down“ angeben.")]})
    team = list(
        TeamMember.objects.select_for_update().filter(cluster=cluster).order_by("order", "name")
    )
    ids = [person.pk for person in team]
    if member.pk not in ids:
        raise ValidationError(_("Diese Person gehört nicht zum Team dieses Clusters."))
    index = ids.index(member.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    for position, pk in enumerate(ids):
        TeamMember.objects.filter(pk=pk).exclude(order=position).update(order=position)
