from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from clusterwerk.accounts.services import system_user
from clusterwerk.masterplan.diff import compare_editions
from clusterwerk.masterplan.models import (
    Edition,
    EditionStatus,
    Revision,
    TopicArea,
    TopicAreaReference,
)
from clusterwerk.masterplan.parsing import MasterplanImportError
from clusterwerk.masterplan.reference import load_all_reference_data
from clusterwerk.masterplan.services import import_masterplan_text
from clusterwerk.masterplan.tests.samples import SMALL_MASTERPLAN, replace_section, seed_text_path

pytestmark = pytest.mark.django_db


def database_state():
    return (
        Edition.objects.count(),
        TopicArea.objects.count(),
        TopicAreaReference.objects.count(),
        Revision.objects.count(),
    )


def test_import_creates_a_draft_with_the_tree(cluster):
    outcome = import_masterplan_text(
        cluster=cluster, user=system_user(), text=SMALL_MASTERPLAN, label="Test"
    )
    edition = outcome.edition
    assert edition.status == EditionStatus.DRAFT
    assert edition.source == "import"
    assert [ta.number for ta in edition.topic_areas.order_by("number")] == [
        "4.1.1",
        "4.1.2",
        "4.2.1",
    ]
    leichtbau = edition.topic_areas.get(number="4.1.1")
    assert leichtbau.goal.startswith("Entwicklung leichter Bauteile")
    assert list(leichtbau.related.values_list("number", flat=True)) == ["4.2.1"]
    assert "leichtbau" in leichtbau.search_document
    assert edition.revisions.filter(action="imported").count() == 1


def test_importing_the_same_text_twice_changes_nothing(cluster):
    import_masterplan_text(cluster=cluster, user=system_user(), text=SMALL_MASTERPLAN, label="Test")
    before = database_state()
    outcome = import_masterplan_text(
        cluster=cluster, user=system_user(), text=SMALL_MASTERPLAN, label="Test"
    )
    assert not outcome.report.changed
    assert database_state() == before


def test_reimport_of_a_changed_text_updates_and_records_it(cluster):
    import_masterplan_text(cluster=cluster, user=system_user(), text=SMALL_MASTERPLAN, label="Test")
    changed = replace_section(
        SMALL_MASTERPLAN, "Märkte ändern sich schnell.", "Märkte wandeln sich."
    )
    outcome = import_masterplan_text(
        cluster=cluster, user=system_user(), text=changed, label="Test"
    )
    assert outcome.report.updated == ["4.1.2"]
    revision = Revision.objects.filter(element_number="4.1.2", action="updated").get()
    assert revision.changes["relevance"] == {
        "old": "Märkte ändern sich schnell.",
        "new": "Märkte wandeln sich.",
    }


def test_dry_run_writes_nothing(cluster):
    before = database_state()
    outcome = import_masterplan_text(
        cluster=cluster, user=system_user(), text=SMALL_MASTERPLAN, label="Test", dry_run=True
    )
    assert outcome.parse.tree.counts() == (1, 2, 3)
    assert database_state() == before


@pytest.mark.parametrize(
    "broken",
    [
        "Einkaufsliste\n\nMilch und Brot.\n",
        replace_section(SMALL_MASTERPLAN, " ■ Ziel\nQualität sichern\ufffd\n", ""),
        replace_section(SMALL_MASTERPLAN, "4.1.2 Markt und", "4.1.1 Markt und"),
    ],
    ids=["unrelated", "without-goal", "duplicated-number"],
)
def test_malformed_text_writes_nothing(cluster, broken):
    import_masterplan_text(cluster=cluster, user=system_user(), text=SMALL_MASTERPLAN, label="Test")
    before = database_state()
    with pytest.raises(MasterplanImportError):
        import_masterplan_text(cluster=cluster, user=system_user(), text=broken, label="Test")
    with pytest.raises(MasterplanImportError):
        import_masterplan_text(
            cluster=cluster, user=system_user(), text=broken, label="Neu", publish=True
        )
    assert database_state() == before


def test_publish_archives_the_previous_edition(cluster):
    first = import_masterplan_text(
        cluster=cluster, user=system_user(), text=SMALL_MASTERPLAN, label="2014", publish=True
    ).edition
    second = import_masterplan_text(
        cluster=cluster, user=system_user(), text=SMALL_MASTERPLAN, label="2020", publish=True
    ).edition
    first.refresh_from_db()
    assert first.status == EditionStatus.ARCHIVED
    assert second.status == EditionStatus.PUBLISHED
    assert second.predecessor == first
    assert Edition.objects.filter(cluster=cluster, status="published").count() == 1


def test_new_edition_continues_the_lineages_of_the_published_one(cluster):
    first = import_masterplan_text(
        cluster=cluster, user=system_user(), text=SMALL_MASTERPLAN, label="2014", publish=True
    ).edition
    renamed = replace_section(
        SMALL_MASTERPLAN,
        "4\ufffd2\ufffd1 Qualitätssicherung",
        "4\ufffd2\ufffd1 Qualität und Prüfung",
    )
    second = import_masterplan_text(
        cluster=cluster, user=system_user(), text=renamed, label="2020"
    ).edition
    old = first.topic_areas.get(number="4.2.1")
    new = second.topic_areas.get(number="4.2.1")
    assert old.lineage == new.lineage
    diff = compare_editions(first, second)
    assert [(e.number, sorted(e.change_types), e.paired_by) for e in diff.entries] == [
        ("4.2.1", ["renamed"], "lineage")
    ]


def test_updating_a_published_edition_needs_publish(cluster):
    import_masterplan_text(
        cluster=cluster, user=system_user(), text=SMALL_MASTERPLAN, label="2020", publish=True
    )
    with pytest.raises(ValidationError, match="veröffentlicht"):
        import_masterplan_text(
            cluster=cluster, user=system_user(), text=SMALL_MASTERPLAN, label="2020"
        )


def test_only_cluster_managers_import(cluster, member, cluster_manager):
    with pytest.raises(PermissionDenied):
        import_masterplan_text(cluster=cluster, text=SMALL_MASTERPLAN, label="X", user=member)
    outcome = import_masterplan_text(
        cluster=cluster, text=SMALL_MASTERPLAN, label="X", user=cluster_manager
    )
    assert outcome.edition.created_by == cluster_manager


# --- the management command ----------------------------------------------------------------


def run_import(*args):
    out = StringIO()
    call_command("import_masterplan", *args, stdout=out)
    return out.getvalue()


def test_command_reports_german_errors_and_writes_nothing(cluster, tmp_path):
    empty = tmp_path / "leer.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "plan.pdf"
    binary.write_bytes(b"%PDF\x00\x01\x02" * 100)
    before = database_state()
    with pytest.raises(CommandError, match="Die Datei ist leer"):
        run_import(str(empty), "--edition", "2020")
    with pytest.raises(CommandError, match="Binärdaten"):
        run_import(str(binary), "--edition", "2020")
    with pytest.raises(CommandError, match="Datei nicht gefunden"):
        run_import(str(tmp_path / "fehlt.txt"), "--edition", "2020")
    assert database_state() == before


def test_command_imports_and_reports(cluster, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(SMALL_MASTERPLAN, encoding="utf-8")
    output = run_import(str(path), "--edition", "2020", "--publish")
    assert "1 Handlungsfelder, 2 Eckpunkte, 3 Themenbereiche" in output
    assert "veröffentlicht" in output
    assert "unverändert" in run_import(str(path), "--edition", "2020", "--publish")


# --- the published 2020 text against the reference data ------------------------------------


@pytest.mark.skipif(seed_text_path() is None, reason="MASTERPLAN_TEXT is missing")
def test_seed_import_after_reference_data(cluster):
    (report,) = load_all_reference_data()
    reference = report.edition
    text = seed_text_path().read_text(encoding="utf-8")
    outcome = import_masterplan_text(
        cluster=report.cluster, user=system_user(), text=text, label="2020", publish=True
    )
    imported = outcome.edition
    reference.refresh_from_db()
    assert reference.status == EditionStatus.ARCHIVED
    assert imported.status == EditionStatus.PUBLISHED
    assert imported.action_fields.count() == 3
    assert imported.key_points.count() == 10
    assert imported.topic_areas.count() == 37
    # the curated keywords of the reference data live on in the imported edition
    assert "Leichtbau" in imported.topic_areas.get(number="4.2.1").keywords

    diff = compare_editions(reference, imported)
    assert all(entry.paired_by == "lineage" for entry in diff.entries)
    assert not diff.counts.totals.added and not diff.counts.totals.removed
    assert not diff.counts.totals.renamed  # same published titles
    changed_topic_areas = [e for e in diff.entries if e.kind == "topic_area"]
    assert len(changed_topic_areas) == 37  # own-words goals versus the published texts
    goal_change = next(
        change for change in changed_topic_areas[0].field_changes if change.field == "goal"
    )
    inserted = " ".join(s.text for s in goal_change.segments if s.op == "insert")
    assert "Verstetigung" in inserted

    before = database_state()
    again = import_masterplan_text(
        cluster=report.cluster, user=system_user(), text=text, label="2020", publish=True
    )
    assert not again.report.changed and not again.published
    assert database_state() == before
