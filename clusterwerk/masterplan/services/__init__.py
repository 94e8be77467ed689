"""Every write to the masterplan: import, Fortschreibung (drafts, edits, moves), publishing,
the reference data.

Services take keyword arguments, run in a transaction, check the acting user's permission
for the cluster of what they write (commands and the reference data act as
`accounts.services.system_user()`), and record each change in the edition's history
(`Revision`). The modules, by what they do:

- `editions` – start a Fortschreibung, publish, delete a draft;
- `elements` – edit a draft's elements, add, move and delete topic areas;
- `sync` – bring an edition in line with a `PlanTree`;
- `importing` – the import of the published text;
- `reference` – the reference data the project ships (clusters, figures, reference edition);
- `common` – the guards, the history, the language of stored texts.
"""

from clusterwerk.core.exceptions import EditConflict
from clusterwerk.masterplan.services.common import (
    ensure_can_manage,
    ensure_draft,
    in_plan_language,
    record_revision,
)
from clusterwerk.masterplan.services.editions import (
    RESERVED_EDITION_SLUGS,
    delete_draft,
    publish_edition,
    revise_edition,
    unique_edition_slug,
)
from clusterwerk.masterplan.services.elements import (
    EDITABLE_FIELDS,
    add_topic_area,
    delete_topic_area,
    element_edit_conflict,
    move_topic_area,
    normalise_value,
    update_element,
)
from clusterwerk.masterplan.services.importing import ImportOutcome, import_masterplan_text
from clusterwerk.masterplan.services.reference import ReferenceReport, load_reference
from clusterwerk.masterplan.services.sync import SyncReport, sync_edition_tree

__all__ = [
    "EDITABLE_FIELDS",
    "RESERVED_EDITION_SLUGS",
    "EditConflict",
    "ImportOutcome",
    "ReferenceReport",
    "SyncReport",
    "add_topic_area",
    "delete_draft",
    "delete_topic_area",
    "element_edit_conflict",
    "ensure_can_manage",
    "ensure_draft",
    "import_masterplan_text",
    "in_plan_language",
    "load_reference",
    "move_topic_area",
    "normalise_value",
    "publish_edition",
    "record_revision",
    "revise_edition",
    "sync_edition_tree",
    "unique_edition_slug",
    "update_element",
]
