"""The import of the published text (as extracted from the PDF) into an edition: all or
nothing, and importing the same text twice changes nothing."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clusterwerk.core import versions
from clusterwerk.core.models import Cluster
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.models import Edition, EditionSource, EditionStatus, RevisionAction
from clusterwerk.masterplan.parsing import ParseResult, check_text_size, parse_masterplan
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.masterplan.services.common import (
    ensure_can_manage,
    in_plan_language,
    record_revision,
)
from clusterwerk.masterplan.services.editions import (
    copy_success_factors,
    default_edition_title,
    publish_edition,
    unique_edition_slug,
)
from clusterwerk.masterplan.services.sync import LineageSource, SyncReport, TreeSync


@dataclass
class ImportOutcome:
    edition: Edition | None
    parse: ParseResult
    report: SyncReport
    created_edition: bool = False
    published: bool = False
    dry_run: bool = False


# --- permission and state guards ---------------------------------------------------------


@changes(versions.MASTERPLAN)
def import_masterplan_text(
    *,
    cluster: Cluster,
    text: str,
    label: str,
    user,
    publish: bool = False,
    dry_run: bool = False,
    source_name: str = "",
) -> ImportOutcome:
    """Parse the published text and write it into the edition `label` (all or nothing).

    Without `publish` the text goes into a draft edition (created when missing). With
    `publish` it goes into the edition that is then the cluster's published one; the
    previously published edition is archived.
    """
    ensure_can_manage(user, cluster)
    check_text_size(text)  # raises MasterplanImportError before the parse
    parsed = parse_masterplan(text)  # raises MasterplanImportError, nothing written yet
    edition = Edition.objects.filter(cluster=cluster, label=label).first()
    check_import_target(edition, label, publish)
    if dry_run:
        return ImportOutcome(edition=edition, parse=parsed, report=SyncReport(), dry_run=True)
    with transaction.atomic():
        return write_import(cluster, edition, parsed, text, label, publish, user, source_name)


def check_import_target(edition: Edition | None, label: str, publish: bool) -> None:
    if edition is None:
        return
    if edition.status == EditionStatus.ARCHIVED:
        raise ValidationError(
            _("Die Ausgabe „%s“ ist archiviert und kann nicht überschrieben werden.") % label
        )
    if edition.status == EditionStatus.PUBLISHED and not publish:
        raise ValidationError(
            _(
                "Die Ausgabe „%s“ ist veröffentlicht. Um sie zu aktualisieren, importieren Sie "
                "mit --publish; für einen Entwurf wählen Sie bitte eine andere Bezeichnung."
            )
            % label
        )


def write_import(cluster, edition, parsed, text, label, publish, user, source_name):
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    current = get_published_edition(cluster)
    created = edition is None
    message = in_plan_language(
        _lazy("Import aus %s"), source_name or in_plan_language(_lazy("dem veröffentlichten Text"))
    )
    if created:
        edition = Edition.objects.create(
            cluster=cluster,
            label=label,
            slug=unique_edition_slug(cluster, label),
            title=default_edition_title(cluster, label),
            status=EditionStatus.DRAFT,
            source=EditionSource.IMPORT,
            predecessor=current,
            created_by=user,
        )
        record_revision(edition=edition, action=RevisionAction.IMPORTED, user=user, message=message)
    lineage_source = current if current is not None and current != edition else None
    if created and current is not None:
        copy_success_factors(current, edition)
    report = TreeSync(edition, user, message, LineageSource(lineage_source)).run(parsed.tree)
    if edition.source_checksum != checksum:
        edition.source_checksum = checksum
        edition.save(update_fields=["source_checksum", "updated_at"])
    published = False
    if publish and edition.status != EditionStatus.PUBLISHED:
        publish_edition(edition=edition, user=user)
        published = True
    return ImportOutcome(
        edition=edition,
        parse=parsed,
        report=report,
        created_edition=created,
        published=published,
    )
