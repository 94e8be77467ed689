"""Every write to actors: create, edit (directly or through review), merge, archive, contacts.

All functions take keyword arguments, check the permission first and run in a transaction.
They work for one cluster, the request's: `cluster` decides who manages (its management) and
which actors may be touched (its directory, `permissions.directory_condition`), and its
masterplan gives the topic areas. A missing user is refused, never treated as the system.
Profile data comes in the canonical format of `clusterwerk.actors.profile_data`.
"""

import unicodedata
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import (
    forget_cached_permissions,
    is_authenticated,
    manages_cluster,
)
from clusterwerk.actors.indexing import index_actor
from clusterwerk.actors.models import (
    Actor,
    ActorActivity,
    ActorHistory,
    ActorRepresentative,
    ActorStatus,
    ChangeRequest,
    ChangeRequestStatus,
    ClusterMembership,
    Competence,
    CompetenceTopicArea,
    ContactPerson,
    District,
    EconomicActivity,
    GrowthCore,
    GrowthCoreMunicipality,
    HistoryAction,
    size_class_for,
)
from clusterwerk.actors.permissions import can_manage_actor, represents
from clusterwerk.actors.profile_data import (
    catalogue_and_snapshot,
    changed_sections,
    clean_profile,
    profile_snapshot,
)
from clusterwerk.actors.queries import find_possible_duplicates, visible_contacts
from clusterwerk.core import versions
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.models import Cluster
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue

ERASED_NAME = "(anonymisiert)"


def _require_user(user) -> None:
    """Every write names a logged-in person (or the system user); None is refused."""
    if not is_authenticated(user):
        raise PermissionDenied(_("Bitte melden Sie sich an."))


def actor_edit_conflict(actor: Actor, cluster: Cluster) -> EditConflict:
    """Somebody saved the actor since the form was loaded: the stored profile, with the contact
    persons the person asking may see."""

    def stored_profile(viewer) -> dict:
        _catalogue, current = catalogue_and_snapshot(actor, cluster)
        visible = set(visible_contacts(viewer, cluster, [actor.pk]).values_list("pk", flat=True))
        current["contacts"] = [item for item in current["contacts"] if item["id"] in visible]
        return current

    return EditConflict(
        _(
            "„%(actor)s“ wurde inzwischen geändert. Ihre Änderungen wurden nicht gespeichert; "
            "bitte prüfen Sie den aktuellen Stand und übernehmen Sie sie erneut."
        )
        % {"actor": actor.name},
        obj=actor,
        version=actor.version,
        current=stored_profile,
    )


class PossibleDuplicate(ValidationError):
    """A new actor looks like one that exists (similar name, same postal code)."""

    def __init__(self, candidates: list[Actor]):
        self.candidates = candidates
        names = ", ".join(f"„{actor.name}“ ({actor.postal_code or '–'})" for actor in candidates)
        super().__init__(
            _(
                "Möglicherweise gibt es diesen Akteur schon: %(names)s. Prüfen Sie die Treffer "
                "oder bestätigen Sie, dass es ein anderer Akteur ist."
            )
            % {"names": names},
            code="duplicate",
        )


# --- Create and edit ------------------------------------------------------------------------


def unique_actor_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(unicodedata.normalize("NFKC", name).replace("ß", "ss"))[:100] or "akteur"
    slug, counter = base, 2
    existing = Actor.objects.exclude(pk=exclude_pk) if exclude_pk else Actor.objects.all()
    while existing.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def create_actor(
    *,
    user,
    cluster: Cluster,
    profile: dict,
    clusters: list[Cluster] | None = None,
    status: str = ActorStatus.PUBLISHED,
    confirm_not_duplicate: bool = False,
) -> Actor:
    """A manager of `cluster` adds an actor to it (and to further `clusters` they manage).
    Warns (PossibleDuplicate) about look-alikes in the cluster's directory first."""
    _require_user(user)
    if not manages_cluster(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement legt Akteure an."))
    clusters = [cluster, *(other for other in clusters or [] if other.pk != cluster.pk)]
    foreign = [other.name for other in clusters if not manages_cluster(user, other)]
    if foreign:
        raise PermissionDenied(
            _("Sie können keine Akteure für Cluster anlegen, die Sie nicht betreuen: %(names)s.")
            % {"names": ", ".join(foreign)}
        )
    catalogue = topic_catalogue(cluster)
    cleaned = clean_profile(profile, catalogue=catalogue)
    values = cleaned["values"]
    if not confirm_not_duplicate:
        candidates = find_possible_duplicates(
            values["name"], values.get("postal_code", ""), cluster=cluster
        )
        if candidates:
            raise PossibleDuplicate(candidates)
    actor = Actor(status=status, slug=unique_actor_slug(values["name"]))
    _assign_values(actor, values)
    actor.full_clean(exclude=["slug"])
    actor.save()
    for cluster in clusters:
        ClusterMembership.objects.get_or_create(actor=actor, cluster=cluster)
    _apply_sections(actor, cleaned, catalogue)
    _record(actor, user, HistoryAction.CREATED, {"fields": sorted(values)})
    return actor


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def update_actor(*, actor: Actor, user, cluster: Cluster, expected_version: int, profile: dict):
    """Managers of `cluster` change the profile directly (returns None); representatives
    propose the change for review (returns the ChangeRequest). Topic areas are numbers of the
    cluster's plan. Raises EditConflict when the actor changed since `expected_version`,
    ValidationError for bad input, PermissionDenied otherwise."""
    _require_user(user)
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    manager = can_manage_actor(user, actor, cluster)
    if not manager and not represents(user, actor):
        raise PermissionDenied(_("Sie dürfen dieses Profil nicht bearbeiten."))
    if actor.version != expected_version:
        raise actor_edit_conflict(actor, cluster)
    catalogue = topic_catalogue(cluster)
    cleaned = clean_profile(profile, catalogue=catalogue, partial=True)
    if not manager:
        return submit_change_request(
            actor=actor, user=user, cluster=cluster, cleaned=cleaned, catalogue=catalogue
        )
    changes = changed_sections(profile_snapshot(actor, catalogue), cleaned)
    if changes:
        _apply_changes(actor, changes, catalogue)
        _record(actor, user, HistoryAction.UPDATED, _history_summary(changes))
    return None


def _assign_values(actor: Actor, values: dict) -> None:
    for name, value in values.items():
        if name == "district":
            actor.district = District.objects.get(ags=value) if value else None
        elif name == "growth_core":
            actor.growth_core = GrowthCore.objects.get(number=value) if value else None
        else:
            setattr(actor, name, value)
    # Derived values fill gaps only: a size class nobody chose, the growth core of a newly
    # entered municipality. An edit of one field never overwrites another.
    if "employees" in values and values["employees"] is not None and not actor.size_class:
        actor.size_class = size_class_for(values["employees"])
    if (
        "municipality" in values
        and "growth_core" not in values
        and actor.growth_core_id is None
        and actor.municipality
    ):
        actor.growth_core = growth_core_of_municipality(actor.municipality)


def growth_core_of_municipality(municipality: str) -> GrowthCore | None:
    membership = (
        GrowthCoreMunicipality.objects.select_related("growth_core")
        .filter(name__iexact=municipality.strip())
        .first()
    )
    return membership.growth_core if membership else None


def _apply_changes(actor: Actor, changes: dict, catalogue: TopicCatalogue) -> None:
    if "values" in changes:
        _assign_values(actor, changes["values"])
        actor.full_clean(exclude=["slug"])
    actor.version = F("version") + 1
    actor.save()
    actor.refresh_from_db()
    _apply_sections(actor, changes, catalogue)


def _apply_sections(actor: Actor, sections: dict, catalogue: TopicCatalogue) -> None:
    if "competences" in sections:
        replace_competences(actor, sections["competences"], catalogue)
    if "contacts" in sections:
        replace_contacts(actor, sections["contacts"])
    if "activities" in sections:
        replace_activities(actor, sections["activities"])
    index_actor(actor)
    actor.save(update_fields=["search_name", "search_competences", "search_document"])


def replace_competences(actor: Actor, competences: list[dict], catalogue: TopicCatalogue):
    actor.competences.all().delete()
    for order, item in enumerate(competences):
        competence = Competence.objects.create(
            actor=actor,
            kind=item["kind"],
            text=item["text"],
            description=item.get("description", ""),
            keywords=item.get("keywords", []),
            evidence=item.get("evidence", ""),
            order=order,
        )
        CompetenceTopicArea.objects.bulk_create(
            CompetenceTopicArea(
                competence=competence, lineage=uuid.UUID(catalogue.lineage_by_number[number])
            )
            for number in item.get("topic_areas", [])
            if number in catalogue.lineage_by_number
        )


def replace_contacts(actor: Actor, contacts: list[dict]) -> None:
    """Keep contacts by id (so a linked account stays linked), add new ones, drop the rest."""
    existing = {contact.pk: contact for contact in actor.contacts.all()}
    kept = set()
    for order, item in enumerate(contacts):
        contact = existing.get(item.get("id")) or ContactPerson(actor=actor)
        was_consenting = contact.consent
        for name in ("name", "function", "email", "phone", "consent", "visibility"):
            setattr(contact, name, item[name])
        contact.order = order
        if contact.consent and not was_consenting:
            contact.consent_given_at = timezone.now()
        if not contact.consent:
            contact.consent_given_at = None
        contact.save()
        kept.add(contact.pk)
    actor.contacts.exclude(pk__in=kept).delete()


def replace_activities(actor: Actor, activities: list[dict]) -> None:
    actor.activity_links.all().delete()
    by_key = {
        (activity.scheme, activity.code): activity
        for activity in EconomicActivity.objects.filter(
            code__in=[item["code"] for item in activities]
        )
    }
    ActorActivity.objects.bulk_create(
        ActorActivity(
            actor=actor,
            activity=by_key[(item["scheme"], item["code"])],
            is_primary=item["is_primary"],
        )
        for item in activities
    )


def _history_summary(changes: dict) -> dict:
    """What changed, without personal data (contact details never go into the history)."""
    summary = {}
    if "values" in changes:
        summary["fields"] = sorted(changes["values"])
    for section in ("competences", "contacts", "activities"):
        if section in changes:
            summary[section] = len(changes[section])
    return summary


def _record(actor, user, action, changes=None, message="") -> ActorHistory:
    return ActorHistory.objects.create(
        actor=actor,
        user=user if user and user.is_authenticated else None,
        action=action,
        changes=changes or {},
        message=message[:500],
    )


# --- Review ---------------------------------------------------------------------------------


def submit_change_request(
    *, actor, user, cluster: Cluster, cleaned: dict, catalogue: TopicCatalogue
):
    """A representative's proposal, made in `cluster` (whose plan `catalogue` is); a second
    one of the same person adds to the pending one."""
    changes = changed_sections(profile_snapshot(actor, catalogue), cleaned)
    if not changes:
        return None
    pending = ChangeRequest.objects.filter(
        actor=actor, submitted_by=user, status=ChangeRequestStatus.PENDING
    ).first()
    if pending:
        # A second submission adds to the first one (the form shows the published profile,
        # not the pending proposal): what it does not touch stays proposed.
        earlier = pending.proposed
        combined = {**earlier, **changes}
        combined["values"] = {**earlier.get("values", {}), **changes.get("values", {})}
        changes = changed_sections(profile_snapshot(actor, catalogue), combined)
        pending.proposed = changes
        pending.base_version = actor.version
        pending.submitted_at = timezone.now()
        pending.cluster = cluster
        pending.save(update_fields=["proposed", "base_version", "submitted_at", "cluster"])
        change_request = pending
    else:
        change_request = ChangeRequest.objects.create(
            actor=actor,
            cluster=cluster,
            submitted_by=user,
            base_version=actor.version,
            proposed=changes,
        )
    _record(actor, user, HistoryAction.CHANGE_REQUESTED, _history_summary(changes))
    return change_request


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def approve_change_request(
    *, change_request: ChangeRequest, user, cluster: Cluster, reason: str = ""
) -> None:
    _require_user(user)
    change_request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    actor = Actor.objects.select_for_update().get(pk=change_request.actor_id)
    if not can_manage_actor(user, actor, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement prüft Änderungen."))
    _require_pending(change_request)
    catalogue = topic_catalogue(cluster)
    # Re-validate: districts, codes or topic areas may have changed since the submission.
    cleaned = clean_profile(change_request.proposed, catalogue=catalogue, partial=True)
    changes = changed_sections(profile_snapshot(actor, catalogue), cleaned)
    if changes:
        _apply_changes(actor, changes, catalogue)
    _decide(change_request, user, ChangeRequestStatus.APPROVED, reason)
    _record(actor, user, HistoryAction.CHANGE_APPROVED, _history_summary(changes), reason)


@transaction.atomic
def reject_change_request(
    *, change_request: ChangeRequest, user, cluster: Cluster, reason: str
) -> None:
    _require_user(user)
    change_request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if not can_manage_actor(user, change_request.actor, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement prüft Änderungen."))
    _require_pending(change_request)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Bitte begründen Sie die Ablehnung.")})
    _decide(change_request, user, ChangeRequestStatus.REJECTED, reason.strip())
    _record(change_request.actor, user, HistoryAction.CHANGE_REJECTED, message=reason.strip())


@transaction.atomic
def withdraw_change_request(*, change_request: ChangeRequest, user) -> None:
    _require_user(user)
    if change_request.submitted_by_id != user.pk:
        raise PermissionDenied(_("Nur wer die Änderung eingereicht hat, kann sie zurückziehen."))
    _require_pending(change_request)
    change_request.status = ChangeRequestStatus.WITHDRAWN
    change_request.decided_at = timezone.now()
    change_request.save(update_fields=["status", "decided_at"])


def _require_pending(change_request: ChangeRequest) -> None:
    if not change_request.is_pending:
        raise ValidationError(
            _("Über diese Änderung wurde bereits entschieden (%(status)s).")
            % {"status": change_request.get_status_display()}
        )


def _decide(change_request, user, status, reason) -> None:
    change_request.status = status
    change_request.decided_by = user
    change_request.decided_at = timezone.now()
    change_request.reason = reason
    change_request.save(update_fields=["status", "decided_by", "decided_at", "reason"])


# --- Merge, archive, representatives --------------------------------------------------------


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def merge_actors(*, keep: Actor, duplicate: Actor, user, cluster: Cluster) -> Actor:
    """Move everything of `duplicate` to `keep`, archive the duplicate and point it to `keep`.
    Both must be in `cluster`'s directory, which the user manages."""
    _require_user(user)
    if keep.pk == duplicate.pk:
        raise ValidationError(_("Ein Akteur kann nicht mit sich selbst zusammengeführt werden."))
    if not (can_manage_actor(user, keep, cluster) and can_manage_actor(user, duplicate, cluster)):
        raise PermissionDenied(_("Nur das Clustermanagement führt Akteure zusammen."))
    if duplicate.status == ActorStatus.ARCHIVED and duplicate.merged_into_id:
        raise ValidationError(_("Dieser Akteur wurde bereits zusammengeführt."))
    offset = keep.competences.count()
    for competence in duplicate.competences.all():
        competence.actor = keep
        competence.order += offset
        competence.save(update_fields=["actor", "order"])
    duplicate.contacts.update(actor=keep)
    _move_unique(ActorRepresentative, duplicate, keep, "user_id")
    _move_unique(ClusterMembership, duplicate, keep, "cluster_id")
    _move_unique(ActorActivity, duplicate, keep, "activity_id")
    for name in ("description", "website", "email", "phone", "street", "postal_code"):
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
    keep.version = F("version") + 1
    keep.save()
    keep.refresh_from_db()
    index_actor(keep)
    keep.save(update_fields=["search_name", "search_competences", "search_document"])
    duplicate.status = ActorStatus.ARCHIVED
    duplicate.merged_into = keep
    duplicate.external_id = None
    duplicate.version = F("version") + 1
    duplicate.save()
    _record(keep, user, HistoryAction.MERGED, {"merged": duplicate.pk}, duplicate.name)
    _record(duplicate, user, HistoryAction.MERGED, {"into": keep.pk}, keep.name)
    return keep


def _move_unique(model, source: Actor, target: Actor, key: str) -> None:
    taken = set(model.objects.filter(actor=target).values_list(key, flat=True))
    model.objects.filter(actor=source).exclude(**{f"{key}__in": taken}).update(actor=target)
    model.objects.filter(actor=source).delete()


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def archive_actor(*, actor: Actor, user, cluster: Cluster, reason: str = "") -> None:
    _require_user(user)
    if not can_manage_actor(user, actor, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement archiviert Akteure."))
    actor.status = ActorStatus.ARCHIVED
    actor.version = F("version") + 1
    actor.save(update_fields=["status", "version", "updated_at"])
    _record(actor, user, HistoryAction.ARCHIVED, message=reason)


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def restore_actor(*, actor: Actor, user, cluster: Cluster) -> None:
    _require_user(user)
    if not can_manage_actor(user, actor, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement stellt Akteure wieder her."))
    actor.status = ActorStatus.PUBLISHED
    actor.merged_into = None
    actor.version = F("version") + 1
    actor.save(update_fields=["status", "merged_into", "version", "updated_at"])
    _record(actor, user, HistoryAction.RESTORED)


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def add_representative(*, actor: Actor, person, user, cluster: Cluster) -> ActorRepresentative:
    _require_user(user)
    if not can_manage_actor(user, actor, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement verknüpft Konten mit Akteuren."))
    link, _created = ActorRepresentative.objects.get_or_create(actor=actor, user=person)
    forget_cached_permissions(person)
    return link


# --- Personal data of contact persons -------------------------------------------------------


def can_handle_contact_data(user, cluster: Cluster, contact: ContactPerson) -> bool:
    """The person themself, the actor's representatives and the managers of `cluster` (when the
    actor is in its directory)."""
    if not is_authenticated(user):
        return False
    return (
        contact.user_id == user.pk
        or can_manage_actor(user, contact.actor, cluster)
        or represents(user, contact.actor)
    )


def contact_personal_data(*, contact: ContactPerson, user, cluster: Cluster) -> dict:
    """Everything stored about one contact person (for the person's data request)."""
    _require_user(user)
    if not can_handle_contact_data(user, cluster, contact):
        raise PermissionDenied(_("Sie dürfen diese Daten nicht abrufen."))
    return {
        "format": "clusterwerk-ansprechperson/1",
        "actor": {"id": contact.actor_id, "name": contact.actor.name},
        "name": contact.name,
        "function": contact.function,
        "email": contact.email,
        "phone": contact.phone,
        "consent": contact.consent,
        "consent_given_at": contact.consent_given_at.isoformat()
        if contact.consent_given_at
        else None,
        "visibility": contact.visibility,
        "created_at": contact.created_at.isoformat(),
        "updated_at": contact.updated_at.isoformat(),
    }


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def erase_contact(*, contact: ContactPerson, user, cluster: Cluster) -> None:
    """Anonymise a contact person: the entry stays (the actor keeps a slot) without any data,
    and pending change requests that still carry the person's data are cleaned."""
    _require_user(user)
    if not can_handle_contact_data(user, cluster, contact):
        raise PermissionDenied(_("Sie dürfen diese Daten nicht löschen."))
    contact.name = ERASED_NAME
    contact.function = ""
    contact.email = ""
    contact.phone = ""
    contact.consent = False
    contact.consent_given_at = None
    contact.user = None
    contact.save()
    for change_request in ChangeRequest.objects.filter(actor=contact.actor_id):
        contacts = change_request.proposed.get("contacts")
        if contacts:
            change_request.proposed["contacts"] = [
                item for item in contacts if item.get("id") != contact.pk
            ]
            change_request.save(update_fields=["proposed"])
    _record(contact.actor, user, HistoryAction.CONTACT_ERASED, {"contact": contact.pk})
