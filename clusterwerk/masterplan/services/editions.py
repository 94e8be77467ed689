"""Editions as a whole: start a Fortschreibung (a draft copied from an edition), publish a
draft (archiving the previous one), delete a draft."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clusterwerk.core import validation, versions
from clusterwerk.core.models import Cluster
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.models import (
    ActionField,
    Edition,
    EditionSource,
    EditionStatus,
    KeyPoint,
    RevisionAction,
    SuccessFactor,
    TopicArea,
    TopicAreaReference,
)
from clusterwerk.masterplan.services.common import (
    ensure_can_manage,
    ensure_draft,
    in_plan_language,
    record_revision,
)

# The words of the masterplan's URLs (`masterplan/urls.py`): no edition takes one as its slug,
# nor a cluster's slug (the old URLs `/masterplan/<cluster>/…` still redirect).
RESERVED_EDITION_SLUGS = {
    "ausgaben",
    "vergleich",
    "suche",
    "wechseln",
    "verlauf",
    "fortschreiben",
    "veroeffentlichen",
}


LABEL_MAX_LENGTH = Edition._meta.get_field("label").max_length
TITLE_MAX_LENGTH = Edition._meta.get_field("title").max_length


def default_edition_title(cluster: Cluster, label: str) -> str:
    return in_plan_language(
        _lazy("Masterplan %(cluster)s %(label)s"),
        {"cluster": cluster.short_name or cluster.name, "label": label},
    )


def unique_edition_slug(cluster: Cluster, label: str) -> str:
    base = (slugify(label) or "ausgabe")[:80].strip("-")
    if base in RESERVED_EDITION_SLUGS or Cluster.objects.filter(slug=base).exists():
        base = f"{base}-ausgabe"
    slug = base
    counter = 2
    while Edition.objects.filter(cluster=cluster, slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def copy_success_factors(source: Edition, target: Edition) -> None:
    for factor in source.success_factors.all():
        SuccessFactor.objects.create(
            edition=target,
            lineage=factor.lineage,
            number=factor.number,
            title=factor.title,
            description=factor.description,
            order=factor.order,
            search_document=factor.search_document,
        )


# --- publishing ------------------------------------------------------------------------------


@changes(versions.MASTERPLAN)
@transaction.atomic
def publish_edition(*, edition: Edition, user) -> Edition:
    """Publish the edition; the cluster's previously published edition is archived."""
    ensure_can_manage(user, edition.cluster)
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.status == EditionStatus.PUBLISHED:
        raise ValidationError(_("Die Ausgabe „%s“ ist bereits veröffentlicht.") % locked.label)
    if locked.status == EditionStatus.ARCHIVED:
        raise ValidationError(
            _("Die archivierte Ausgabe „%s“ kann nicht erneut veröffentlicht werden.")
            % locked.label
        )
    if not locked.topic_areas.exists():
        raise ValidationError(
            _("Eine Ausgabe ohne Themenbereiche kann nicht veröffentlicht werden.")
        )
    previous = (
        Edition.objects.select_for_update()
        .filter(cluster=locked.cluster_id, status=EditionStatus.PUBLISHED)
        .first()
    )
    if previous is not None:
        previous.status = EditionStatus.ARCHIVED
        previous.save(update_fields=["status", "updated_at"])
        record_revision(edition=previous, action=RevisionAction.ARCHIVED, user=user)
    locked.status = EditionStatus.PUBLISHED
    locked.published_on = timezone.localdate()
    if locked.predecessor_id is None and previous is not None:
        locked.predecessor = previous
    locked.save(update_fields=["status", "published_on", "predecessor", "updated_at"])
    record_revision(edition=locked, action=RevisionAction.PUBLISHED, user=user)
    edition.status = locked.status
    edition.published_on = locked.published_on
    edition.predecessor_id = locked.predecessor_id
    return locked


# --- Fortschreibung: drafts and their edits ------------------------------------------------


@changes(versions.MASTERPLAN)
@transaction.atomic
def revise_edition(*, source: Edition, label: str, user, title: str = "") -> Edition:
    """Start a Fortschreibung: copy an edition, with the same lineages, into a new draft."""
    ensure_can_manage(user, source.cluster)
    errors = validation.PayloadErrors()
    label = validation.text(label, "label", errors, max_length=LABEL_MAX_LENGTH)
    title = validation.text(title, "title", errors, max_length=TITLE_MAX_LENGTH)
    if not label and "label" not in errors:
        errors.add("label", _("Bitte geben Sie eine Bezeichnung für die Ausgabe an."))
    elif Edition.objects.filter(cluster=source.cluster, label=label).exists():
        errors.add("label", _("Eine Ausgabe „%s“ gibt es bereits.") % label)
    errors.raise_if_any()
    draft = Edition(
        cluster=source.cluster,
        label=label,
        slug=unique_edition_slug(source.cluster, label),
        title=title or default_edition_title(source.cluster, label),
        status=EditionStatus.DRAFT,
        source=EditionSource.REVISION,
        predecessor=source,
        description=in_plan_language(_lazy("Fortschreibung von „%s“"), source.label),
        created_by=user,
    )
    draft.full_clean()
    draft.save()
    copy_tree(source, draft)
    record_revision(
        edition=draft,
        action=RevisionAction.CREATED,
        user=user,
        message=in_plan_language(_lazy("Entwurf aus „%s“ erstellt"), source.label),
    )
    return draft


def copy_tree(source: Edition, target: Edition) -> None:
    action_fields = {}
    for af in source.action_fields.all():
        action_fields[af.pk] = ActionField.objects.create(
            edition=target, **copied_fields(af, ("intro",))
        )
    key_points = {}
    for kp in source.key_points.all():
        key_points[kp.pk] = KeyPoint.objects.create(
            edition=target,
            action_field=action_fields[kp.action_field_id],
            **copied_fields(kp, ("intro",)),
        )
    topic_areas = {}
    for ta in source.topic_areas.all():
        topic_areas[ta.pk] = TopicArea.objects.create(
            edition=target,
            key_point=key_points[ta.key_point_id],
            **copied_fields(ta, ("goal", "description", "relevance", "potential", "keywords")),
        )
    TopicAreaReference.objects.bulk_create(
        TopicAreaReference(source=topic_areas[ref.source_id], target=topic_areas[ref.target_id])
        for ref in TopicAreaReference.objects.filter(source__edition=source)
    )
    copy_success_factors(source, target)


def copied_fields(element, extra: tuple[str, ...]) -> dict:
    names = ("lineage", "number", "title", "order", "search_document", *extra)
    return {name: getattr(element, name) for name in names}


@changes(versions.MASTERPLAN)
@transaction.atomic
def delete_draft(*, edition: Edition, user) -> None:
    ensure_can_manage(user, edition.cluster)
    ensure_draft(edition)
    edition.delete()
