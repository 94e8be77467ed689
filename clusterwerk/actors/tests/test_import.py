"""Importing actors from CSV and XLSX files (clusterwerk.actors.importing, import_actors)."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from clusterwerk.accounts.models import Role
from clusterwerk.accounts.services import system_user
from clusterwerk.actors import importing
from clusterwerk.actors.importing import ActorImportError, import_actors, parse_competence
from clusterwerk.actors.models import (
    Actor,
    ActorHistory,
    ActorKind,
    ActorStatus,
    ClusterMembership,
    Competence,
    CompetenceKind,
    CompetenceTopicArea,
    ContactPerson,
    HistoryAction,
    SizeClass,
)
from clusterwerk.actors.tests.transfer_support import (
    HEADER,
    csv_bytes,
    load_transfer_reference,
    make_actor,
    sample_rows,
    xlsx_bytes,
)
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.queries import topic_catalogue
from conftest import make_user


@pytest.fixture
def reference(cluster):
    load_transfer_reference(cluster)
    return cluster


def run(data: bytes, user=None, **kwargs):
    """Import into the cluster "metall" (or `cluster=`), as `user` or else the system user."""
    kwargs.setdefault("cluster", Cluster.objects.get(slug="metall"))
    return import_actors(
        source=data,
        filename=kwargs.pop("filename", "akteure.csv"),
        user=user or system_user(),
        **kwargs,
    )


def problems_of(data: bytes, user=None, **kwargs) -> list[str]:
    with pytest.raises(ActorImportError) as caught:
        run(data, user, **kwargs)
    return caught.value.messages


# --- Happy paths ----------------------------------------------------------------------------


def test_csv_creates_actors_with_everything(reference, cluster_manager):
    result = run(csv_bytes(sample_rows()), cluster_manager)

    assert (result.created, result.updated, result.rows) == (3, 0, 3)
    assert result.summary() == "3 Zeilen importiert: 3 Akteure angelegt, 0 aktualisiert."
    laser = Actor.objects.get(external_id="HR-1")
    assert laser.kind == ActorKind.COMPANY
    assert laser.status == ActorStatus.PUBLISHED
    assert laser.slug == "laserteile-ludwigsfelde-gmbh"
    assert laser.district.ags == "12072"
    assert laser.growth_core.number == 6  # derived from the municipality Ludwigsfelde
    # 25.62 counts to division 25 (only divisions are in the table); the first is primary
    assert list(
        laser.activity_links.order_by("-is_primary").values_list("activity__code", "is_primary")
    ) == [("25", True), ("28", False)]
    competences = list(laser.competences.order_by("order"))
    assert [(c.text, c.kind, c.keywords) for c in competences] == [
        ("Laserschneiden", CompetenceKind.PROCESS, ["Faserlaser", "Blech"]),
        ("Edelstahl", CompetenceKind.MATERIAL, []),
    ]
    catalogue = topic_catalogue(reference)
    assert [str(tag.lineage) for tag in competences[0].topics.all()] == [
        catalogue.lineage_by_number["4.4.2"]
    ]
    assert list(laser.memberships.values_list("cluster__slug", flat=True)) == ["metall"]
    assert " laserschneid " in laser.search_competences
    assert " flaming " in laser.search_document or "teltow" in laser.search_document
    assert laser.search_name.strip()

    welding = Actor.objects.get(external_id="HR-2")
    assert welding.kind == ActorKind.CRAFT_BUSINESS
    assert welding.district.name == "Oder-Spree"  # given by name
    assert welding.growth_core.number == 4
    assert welding.competences.get().text == "Schweißen (WIG, MIG)"  # parentheses of the text
    institute = Actor.objects.get(external_id="HS-3")
    assert institute.kind == ActorKind.RESEARCH_INSTITUTE
    assert institute.competences.count() == 0


def test_history_entry_per_actor_without_personal_data(reference, cluster_manager):
    run(csv_bytes(sample_rows()), cluster_manager, filename="crm.csv")

    entries = ActorHistory.objects.filter(action=HistoryAction.IMPORTED)
    assert entries.count() == 3
    entry = entries.get(actor__external_id="HR-1")
    assert entry.user == cluster_manager
    assert entry.message == "Import aus „crm.csv“"
    assert entry.changes["created"] is True
    assert entry.changes["competences"] == 2
    assert "name" in entry.changes["fields"]
    assert "Laserteile" not in str(entry.changes)


def test_xlsx_with_numbers_in_cells(reference, cluster_manager):
    rows = [
        [*HEADER, "beschaeftigte", "lat", "lon"],
        [
            "X-1",
            "Gießerei Cottbus",
            "Unternehmen",
            3046,
            "Cottbus",
            12054,
            25,
            "",
            120,
            51.75,
            14.3,
        ],
        [
            "X-2",
            "Werkzeugbau Teltow",
            "Unternehmen",
            14513,
            "Teltow",
            "12069",
            "28",
            "",
            "8",
            "",
            "",
        ],
    ]
    result = run(xlsx_bytes(rows), cluster_manager, filename="akteure.xlsx")

    assert (result.created, result.file_format) == (2, "xlsx")
    foundry = Actor.objects.get(external_id="X-1")
    assert foundry.postal_code == "03046"  # the leading zero a spreadsheet dropped
    assert foundry.employees == 120
    assert foundry.size_class == SizeClass.MEDIUM  # derived from the employees
    assert (foundry.latitude, foundry.longitude) == (51.75, 14.3)
    assert Actor.objects.get(external_id="X-2").size_class == SizeClass.MICRO


def test_reimport_updates_by_external_id(reference, cluster_manager):
    run(csv_bytes(sample_rows()), cluster_manager)
    laser = Actor.objects.get(external_id="HR-1")
    laser.competences.filter(text="Edelstahl").update(
        description="Bleche bis 20 mm", evidence="Referenz"
    )
    contact = ContactPerson.objects.create(actor=laser, name="Paula Public", consent=True)
    rows = sample_rows()
    rows[1][1] = "Laserteile Ludwigsfelde GmbH & Co. KG"
    rows[1][7] = "Edelstahl [Werkstoff]; Abkanten [Verfahren]"

    result = run(csv_bytes(rows), cluster_manager)

    assert (result.created, result.updated) == (0, 3)
    assert Actor.objects.count() == 3
    laser.refresh_from_db()
    assert laser.name == "Laserteile Ludwigsfelde GmbH & Co. KG"
    assert laser.slug == "laserteile-ludwigsfelde-gmbh"  # addresses stay
    assert laser.version == 2
    competences = list(laser.competences.order_by("order"))
    assert [c.text for c in competences] == ["Edelstahl", "Abkanten"]
    assert (competences[0].description, competences[0].evidence) == ("Bleche bis 20 mm", "Referenz")
    assert " abkant " in laser.search_competences or "abkant" in laser.search_competences
    assert "laserschneid" not in laser.search_competences
    assert CompetenceTopicArea.objects.filter(competence__actor=laser).count() == 0
    assert laser.contacts.get() == contact  # contacts are not touched by the import
    assert ActorHistory.objects.filter(actor=laser, action=HistoryAction.IMPORTED).count() == 2


def test_missing_columns_keep_values_and_empty_cells_clear_them(reference, cluster_manager):
    run(csv_bytes(sample_rows()), cluster_manager)
    rows = [["externe_id", "name", "ort"], ["HR-1", "Laserteile Ludwigsfelde GmbH", ""]]

    run(csv_bytes(rows), cluster_manager)

    laser = Actor.objects.get(external_id="HR-1")
    assert laser.municipality == ""  # an empty cell clears
    assert laser.postal_code == "14974"  # a missing column keeps
    assert laser.competences.count() == 2
    assert laser.activity_links.count() == 2


def test_cluster_column_replaces_memberships(reference, cluster_manager, other_cluster):
    run(csv_bytes(sample_rows()), None)
    rows = [["externe_id", "name", "cluster"], ["HR-1", "Laserteile", "metall; kunststoffe"]]

    run(csv_bytes(rows), None)

    assert set(
        Actor.objects.get(external_id="HR-1").memberships.values_list("cluster__slug", flat=True)
    ) == {"metall", "kunststoffe"}
    run(csv_bytes([["externe_id", "name", "cluster"], ["HR-1", "Laserteile", "kunststoffe"]]))
    assert list(
        ClusterMembership.objects.filter(actor__external_id="HR-1").values_list(
            "cluster__slug", flat=True
        )
    ) == ["kunststoffe"]


def test_platform_ids_update_actors_without_external_id(reference):
    actor = make_actor("Alte Schmiede", cluster=reference)
    rows = [["externe_id", "name"], [f"clusterwerk:{actor.pk}", "Alte Schmiede Brandenburg"]]

    result = run(csv_bytes(rows))

    assert (result.created, result.updated) == (0, 1)
    actor.refresh_from_db()
    assert actor.name == "Alte Schmiede Brandenburg"
    assert actor.external_id is None
    unknown = [["externe_id", "name"], ["clusterwerk:999999", "Neu"]]
    assert problems_of(csv_bytes(unknown))[0].startswith(
        "Zeile 2, Spalte „externe_id“: Einen Akteur „clusterwerk:999999“ gibt es nicht."
    )


# --- Errors ---------------------------------------------------------------------------------


def test_three_bad_rows_give_three_line_numbered_errors_and_write_nothing(
    reference, cluster_manager
):
    rows = sample_rows()
    rows.append(["HR-4", "Vierte GmbH", "Unternehmen", "14467", "Potsdam", "12054", "", ""])
    rows[1][3] = "14A74"  # line 2
    rows[3][5] = "Atlantis"  # line 4
    rows[4][6] = "99"  # line 5

    messages = problems_of(csv_bytes(rows), cluster_manager)

    assert messages == [
        "Zeile 2, Spalte „plz“: Die Postleitzahl hat fünf Ziffern.",
        "Zeile 4, Spalte „kreis“: Unbekannter Landkreis „Atlantis“ (Kreisschlüssel mit fünf "
        "Ziffern wie 12069 oder Name wie „Potsdam-Mittelmark“).",
        "Zeile 5, Spalte „wz“: Unbekannter Wirtschaftszweig „99“ (WZ2008).",
    ]
    assert Actor.objects.count() == 0
    assert ActorHistory.objects.count() == 0


def test_bad_rows_do_not_touch_stored_actors(reference, cluster_manager):
    run(csv_bytes(sample_rows()), cluster_manager)
    rows = sample_rows()
    rows[1][1] = "Neuer Name"
    rows[2][3] = "1"

    problems_of(csv_bytes(rows), cluster_manager)

    assert Actor.objects.get(external_id="HR-1").name == "Laserteile Ludwigsfelde GmbH"


def test_a_row_with_several_problems_reports_each(reference):
    rows = [
        ["externe_id", "name", "art", "email", "gruendungsjahr", "kompetenzen"],
        ["A-1", "", "Raumschiff", "kein-at", "1200", "Fräsen [Zauberei] (9.9.9)"],
    ]

    messages = problems_of(csv_bytes(rows))

    assert messages == [
        "Zeile 2, Spalte „name“: Dieses Feld ist erforderlich.",
        "Zeile 2, Spalte „art“: Unbekannter Wert „Raumschiff“ (erlaubt: Unternehmen, "
        "Handwerksbetrieb, Hochschule, Forschungseinrichtung, Netzwerk, Verband, Kammer, "
        "Sozialpartner, Kompetenzzentrum, Transferstelle, Clusterorganisation, "
        "Kommune / Wirtschaftsförderung).",
        "Zeile 2, Spalte „email“: Bitte eine gültige E-Mail-Adresse angeben.",
        "Zeile 2, Spalte „gruendungsjahr“: Bitte eine Zahl von 1500 bis 2100.",
        "Zeile 2, Spalte „kompetenzen“: Kompetenz 1: Unbekannte Art „Zauberei“ (erlaubt: "
        "Technologie, Verfahren, Werkstoff, Dienstleistung, Ausstattung zur Mitnutzung).",
        "Zeile 2, Spalte „kompetenzen“: Kompetenz 1: Unbekannte Themenbereiche: 9.9.9 "
        "(Nummern des veröffentlichten Masterplans, z. B. 4.4.1).",
    ]


def test_duplicate_external_id_in_the_file(reference):
    rows = sample_rows()
    rows[3][0] = "HR-1"

    assert problems_of(csv_bytes(rows)) == [
        "Zeile 4, Spalte „externe_id“: Die externe Kennung „HR-1“ steht schon in Zeile 2."
    ]
    assert Actor.objects.count() == 0


def test_missing_external_id_and_lonely_coordinates(reference):
    rows = [
        ["externe_id", "name", "lat", "lon"],
        ["", "Ohne Kennung", "", ""],
        ["B", "B", "52,4", ""],
    ]

    assert problems_of(csv_bytes(rows)) == [
        "Zeile 2, Spalte „externe_id“: Dieses Feld ist erforderlich.",
        "Zeile 3, Spalte „lon“: Bitte Breitengrad (lat) und Längengrad (lon) zusammen angeben.",
    ]


def test_unknown_columns_list_the_known_ones(reference):
    rows = [["externe_id", "name", "Umsatz", "farbe"], ["A", "A", "1", "rot"]]

    (message,) = problems_of(csv_bytes(rows))

    assert message.startswith("Zeile 1: Unbekannte Spalten: „Umsatz“, „farbe“. Bekannte Spalten:")
    assert "externe_id, name, art, kurzname" in message
    assert "kompetenzen" in message and "ansprechpersonen" in message


def test_headers_are_forgiving_but_required_columns_are_required(reference):
    rows = [["Externe ID", "Name", "Größenklasse", "PLZ"], ["A", "A", "10–49", "14467"]]
    run(csv_bytes(rows))
    assert Actor.objects.get(external_id="A").size_class == SizeClass.SMALL

    assert problems_of(csv_bytes([["name", "plz", "plz"], ["A", "1", "2"]])) == [
        "Zeile 1: Die Spalte „plz“ kommt mehrfach vor.",
        "Zeile 1: Es fehlt die Pflichtspalte „externe_id“.",
    ]


def test_wz_class_is_an_error_where_classes_are_listed(reference):
    from clusterwerk.actors.models import ActivityScheme, EconomicActivity

    EconomicActivity.objects.create(
        scheme=ActivityScheme.WZ_2008, code="25.61", title="Beschichten"
    )
    rows = [["externe_id", "name", "wz"], ["A", "A", "25.61; 28.41"], ["B", "B", "25.99"]]

    assert problems_of(csv_bytes(rows)) == [
        "Zeile 3, Spalte „wz“: Unbekannter Wirtschaftszweig „25.99“ (WZ2008)."
    ]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ";"),
        ("utf-8-sig", ";"),
        ("utf-8", ","),
        ("cp1252", ";"),
        ("cp1252", ","),
        ("utf-8-sig", "\t"),
        ("utf-16", ";"),
    ],
)
def test_encodings_and_delimiters(reference, encoding, delimiter):
    result = run(csv_bytes(sample_rows(), delimiter=delimiter, encoding=encoding))

    assert result.created == 3
    welding = Actor.objects.get(external_id="HR-2")
    assert welding.name == "Schweißtechnik Oder-Spree GmbH"
    assert welding.municipality == "Eisenhüttenstadt"
    assert welding.competences.get().text == "Schweißen (WIG, MIG)"


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"", "a.csv", "Die Datei ist leer."),
        (b"\xef\xbb\xbf\r\n  \r\n", "a.csv", "Die Datei ist leer."),
        (
            b"externe_id;name\r\n",
            "a.csv",
            "Die Datei enthält nur die Kopfzeile, aber keine Akteure.",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bild.csv", "weder eine CSV-Datei"),
        (b"%PDF-1.7\n\x01\x02\x03", "a.pdf", "weder eine CSV-Datei"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "alt.xls", "Das alte Excel-Format (.xls)"),
        (b"PK\x03\x04kaputt", "a.xlsx", "keine gültige XLSX-Datei"),
        (b"externe_id;name\r\nA;B", "a.xlsx", "keine gültige XLSX-Datei"),
    ],
)
def test_unusable_files_get_a_clear_message(reference, data, filename, expected):
    (message,) = problems_of(data, filename=filename)

    assert expected in message


def test_too_large_files_are_refused(reference, monkeypatch):
    monkeypatch.setattr(importing.schema, "MAX_BYTES", 100)
    (message,) = problems_of(csv_bytes(sample_rows()))
    assert message.startswith("Die Datei ist größer als")
    monkeypatch.setattr(importing.schema, "MAX_BYTES", 20 * 1024 * 1024)
    monkeypatch.setattr(importing.schema, "MAX_ROWS", 2)
    assert problems_of(csv_bytes(sample_rows())) == [
        "Die Datei hat mehr als 2 Datenzeilen. Bitte teilen Sie sie in mehrere Dateien auf."
    ]


def test_dry_run_reports_and_writes_nothing(reference, cluster_manager):
    run(csv_bytes(sample_rows()[:2]), cluster_manager)

    result = run(csv_bytes(sample_rows()), cluster_manager, dry_run=True)

    assert (result.created, result.updated, result.dry_run) == (2, 1, True)
    assert "nichts gespeichert" in result.summary()
    assert Actor.objects.count() == 1
    assert ActorHistory.objects.count() == 1


def test_checking_makes_no_query_per_row(reference, django_assert_max_num_queries):
    small = csv_bytes(sample_rows())
    big = sample_rows()
    for number in range(4, 61):
        big.append(
            [
                f"N-{number}",
                f"Firma {number}",
                "Unternehmen",
                "14467",
                "Potsdam",
                "12054",
                "25; 28",
                "Fräsen [Verfahren] (4.4.2)",
            ]
        )
    with django_assert_max_num_queries(20) as small_run:
        run(small, dry_run=True)
    with django_assert_max_num_queries(len(small_run.captured_queries)):
        run(csv_bytes(big), dry_run=True)


def test_writing_uses_bulk_queries(reference, django_assert_max_num_queries):
    rows = sample_rows()
    for number in range(4, 201):
        rows.append(
            [
                f"N-{number}",
                f"Firma {number}",
                "",
                "14467",
                "Potsdam",
                "12054",
                "25; 28",
                "Fräsen [Verfahren] (4.4.2) {CNC}; Drehen",
            ]
        )

    with django_assert_max_num_queries(40):
        run(csv_bytes(rows))

    assert Actor.objects.count() == 200
    assert len(set(Actor.objects.values_list("slug", flat=True))) == 200
    assert Competence.objects.count() == 2 * 197 + 3


def test_slugs_stay_unique(reference):
    make_actor("Metallbau Potsdam", cluster=reference).save()
    rows = [["externe_id", "name"], ["A", "Metallbau Potsdam"], ["B", "Metallbau Potsdam"]]

    run(csv_bytes(rows))

    assert sorted(Actor.objects.values_list("slug", flat=True)) == [
        "metallbau-potsdam",
        "metallbau-potsdam-2",
        "metallbau-potsdam-3",
    ]


# --- Permission -----------------------------------------------------------------------------


def test_only_cluster_managers_import(reference, member, outsider):
    for user in (member, outsider):
        with pytest.raises(PermissionDenied):
            run(csv_bytes(sample_rows()), user)
    assert Actor.objects.count() == 0


def test_managers_import_into_their_clusters_only(reference, other_cluster):
    manager = make_user("kunststoffe@clusterwerk.test", other_cluster, Role.CLUSTER_MANAGER)
    foreign = make_actor("Fremder Akteur", cluster=reference, external_id="F-1")
    rows = [
        ["externe_id", "name", "cluster"],
        ["N-1", "Neu", "metall"],
        ["F-1", "Fremd", "kunststoffe"],
    ]

    assert problems_of(csv_bytes(rows), manager, cluster=other_cluster) == [
        "Zeile 2, Spalte „cluster“: Sie verwalten das Cluster „metall“ nicht.",
        "Zeile 3, Spalte „externe_id“: Der Akteur mit dieser Kennung gehört zu einem Cluster, "
        "das Sie nicht verwalten; Sie dürfen ihn nicht ändern.",
    ]
    result = run(csv_bytes([*rows[:1], ["N-1", "Neu", ""]]), manager, cluster=other_cluster)
    assert result.created == 1
    assert foreign.name == Actor.objects.get(pk=foreign.pk).name


# --- Parts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Laserschneiden", ("Laserschneiden", "technology", [], [])),
        (
            "Laserschneiden [Verfahren] (4.4.1, 4.2.1) {Faserlaser, Blech}",
            ("Laserschneiden", "process", ["4.4.1", "4.2.1"], ["Faserlaser", "Blech"]),
        ),
        ("Edelstahl {Rostfrei} [material]", ("Edelstahl", "material", [], ["Rostfrei"])),
        ("Schweißen (WIG, MIG) [Verfahren]", ("Schweißen (WIG, MIG)", "process", [], [])),
        ("Industrie 4.0 (4.4.2)", ("Industrie 4.0", "technology", ["4.4.2"], [])),
    ],
)
def test_parse_competence(text, expected):
    kinds = importing.choice_lookup(CompetenceKind)
    item, problem = parse_competence(text, kinds)
    assert problem is None
    assert (item["text"], item["kind"], item["topic_areas"], item["keywords"]) == expected


def test_sniff_delimiter():
    assert importing.sniff_delimiter("\r\nexterne_id;name;ort\r\nA;Firma, Zweig;B\r\n") == ";"
    assert importing.sniff_delimiter("externe_id,name\r\n") == ","
    assert importing.sniff_delimiter("externe_id\tname\r\n") == "\t"
    assert importing.sniff_delimiter("externe_id\r\n") == ";"


# --- Command --------------------------------------------------------------------------------


def test_command_imports_and_reports(reference, tmp_path):
    path = tmp_path / "akteure.csv"
    path.write_bytes(csv_bytes(sample_rows()))
    out, err = io.StringIO(), io.StringIO()

    call_command("import_actors", str(path), "--dry-run", stdout=out, stderr=err)
    assert "Beim Import würden 3 Akteure angelegt und 0 aktualisiert." in out.getvalue()
    assert Actor.objects.count() == 0

    call_command("import_actors", str(path), "--progress", stdout=out, stderr=err)
    assert "3 Zeilen importiert: 3 Akteure angelegt, 0 aktualisiert." in out.getvalue()
    assert "Akteure importieren: 100 %" in err.getvalue()
    assert Actor.objects.count() == 3


def test_command_fails_with_all_line_numbered_errors(reference, tmp_path):
    rows = sample_rows()
    rows[1][3] = "14A74"
    rows[2][0] = ""
    path = tmp_path / "akteure.csv"
    path.write_bytes(csv_bytes(rows))

    with pytest.raises(CommandError) as caught:
        call_command("import_actors", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    message = str(caught.value)
    assert message.startswith("Import abgebrochen, nichts wurde geschrieben. 2 Fehler:")
    assert "  - Zeile 2, Spalte „plz“: Die Postleitzahl hat fünf Ziffern." in message
    assert "  - Zeile 3, Spalte „externe_id“: Dieses Feld ist erforderlich." in message
    assert Actor.objects.count() == 0


def test_command_exit_status_is_non_zero(tmp_path, settings):
    import subprocess
    import sys

    missing = tmp_path / "fehlt.csv"
    completed = subprocess.run(
        [sys.executable, "manage.py", "import_actors", str(missing)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode != 0
    assert "Datei nicht gefunden" in completed.stderr


def test_command_knows_the_cluster(reference, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes(sample_rows()))
    with pytest.raises(CommandError, match="Cluster „gibtsnicht“ nicht gefunden"):
        call_command("import_actors", str(path), "--cluster", "gibtsnicht")
    assert Cluster.objects.filter(slug="metall").exists()


def test_summary_in_german():
    from clusterwerk.actors.importing import ImportResult

    assert (
        ImportResult(rows=1, created=1, updated=0, dry_run=False, file_format="csv").summary()
        == "1 Zeile importiert: 1 Akteur angelegt, 0 aktualisiert."
    )
    assert ImportResult(
        rows=25000, created=24100, updated=900, dry_run=True, file_format="csv"
    ).summary() == (
        "Nur geprüft, nichts gespeichert: 25.000 Zeilen ohne Fehler. Beim Import würden "
        "24.100 Akteure angelegt und 900 aktualisiert."
    )


def test_progress_bar_on_a_terminal():
    from django.core.management.base import OutputWrapper

    from clusterwerk.actors.management.commands.import_actors import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    bar = ProgressBar(OutputWrapper(terminal), interactive=True)
    for done in (0, 250, 500, 500, 1000):
        bar(done, 1000)
    bar.finish()

    assert terminal.getvalue() == (
        "\rAkteure importieren: [------------------------------]   0 %"
        "\rAkteure importieren: [#######-----------------------]  25 %"
        "\rAkteure importieren: [###############---------------]  50 %"
        "\rAkteure importieren: [##############################] 100 %\n"
    )


# --- Writing through the bulk service -------------------------------------------------------


def test_reimport_keeps_ids_and_moves_the_version_on(reference, cluster_manager):
    run(csv_bytes(sample_rows()), cluster_manager)
    before = dict(Actor.objects.values_list("external_id", "pk"))
    versions = dict(Actor.objects.values_list("external_id", "version"))
    competences = set(Competence.objects.values_list("pk", flat=True))
    rows = sample_rows()
    rows[1][1] = "Laserteile Ludwigsfelde AG"  # indexed text changes
    rows[2][7] = "Schweißen (WIG, MIG) [Verfahren] (4.4.2); Löten"  # competences change

    result = run(csv_bytes(rows), cluster_manager)

    assert (result.created, result.updated) == (0, 3)
    assert dict(Actor.objects.values_list("external_id", "pk")) == before
    assert all(
        version == versions[external_id] + 1
        for external_id, version in Actor.objects.values_list("external_id", "version")
    )
    laser = Actor.objects.get(external_id="HR-1")
    assert laser.name == "Laserteile Ludwigsfelde AG"
    assert "laserteil" in laser.search_name and " ag" in f" {laser.search_name}"
    welding = Actor.objects.get(external_id="HR-2")
    assert [c.text for c in welding.competences.order_by("order")] == [
        "Schweißen (WIG, MIG)",
        "Löten",
    ]
    # unchanged competences (HR-1's) stay the same rows; HR-2's are replaced
    assert set(laser.competences.values_list("pk", flat=True)) <= competences
    assert not set(welding.competences.values_list("pk", flat=True)) & competences
    assert ActorHistory.objects.filter(actor=laser, action=HistoryAction.IMPORTED).count() == 2


def test_the_service_refuses_a_manager_of_another_cluster(reference, other_cluster):
    from clusterwerk.actors.services.bulk import ActorRow, import_actor_rows

    manager = make_user("kunststoffe@clusterwerk.test", other_cluster, Role.CLUSTER_MANAGER)
    row = ActorRow(line=2, external_id="N-1", values={"name": "Neu"}, cluster_ids=[reference.pk])
    arguments = {"user": manager, "filename": "a.csv", "fields": {"name"}}

    with pytest.raises(PermissionDenied):
        import_actor_rows([row], cluster=reference, replace_memberships=False, **arguments)
    with pytest.raises(PermissionDenied):  # its own cluster, but the row names another
        import_actor_rows([row], cluster=other_cluster, replace_memberships=True, **arguments)
    assert not Actor.objects.exists()


def test_command_writes_as_the_system_user(reference, tmp_path):
    path = tmp_path / "akteure.csv"
    path.write_bytes(csv_bytes(sample_rows()))

    call_command("import_actors", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    entries = ActorHistory.objects.filter(action=HistoryAction.IMPORTED).select_related("user")
    assert entries.count() == 3
    assert {entry.user for entry in entries} == {system_user()}
    assert all(entry.by_system for entry in entries)


def test_command_imports_into_the_cluster_given(reference, other_cluster, tmp_path):
    path = tmp_path / "akteure.csv"
    path.write_bytes(csv_bytes([row[:7] for row in sample_rows()]))  # without competences

    call_command("import_actors", str(path), "--cluster", "kunststoffe", stdout=io.StringIO())

    assert set(ClusterMembership.objects.values_list("cluster__slug", flat=True)) == {"kunststoffe"}


def test_command_without_a_default_cluster_asks_for_one(
    reference, other_cluster, settings, tmp_path
):
    settings.DEFAULT_CLUSTER_SLUG = "gibtsnicht"  # two clusters, neither the default
    path = tmp_path / "akteure.csv"
    path.write_bytes(csv_bytes(sample_rows()))

    with pytest.raises(
        CommandError, match="Kein Standard-Cluster: Bitte das Cluster mit --cluster"
    ):
        call_command("import_actors", str(path), stdout=io.StringIO())
    assert not Actor.objects.exists()
