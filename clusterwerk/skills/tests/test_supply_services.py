"""Supply figures: the CSV import (all-or-nothing, line-numbered German errors, dry run),
figures by hand, and who may do it; the management command."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.matchmaking.tests.factories import make_representative
from clusterwerk.skills.models import SupplyFigure
from clusterwerk.skills.services.supply import SupplyFileErrors, import_supply, save_supply_figure

HEADER = "Jahr;KldB 2010;Kreisschlüssel;Bildungsträger;Auszubildende;Absolventen\n"


@pytest.fixture
def osz(cluster, districts):
    actor = make_actor(
        cluster, "OSZ Werder", kind=ActorKind.COMPETENCE_CENTRE, district=districts["12069"]
    )
    actor.user = make_representative(actor, "leitung@osz-werder.example", cluster)
    return actor


def run(user, cluster, text, *, year=2024, dry_run=False):
    return import_supply(
        user=user,
        cluster=cluster,
        data=text.encode("utf-8"),
        filename="nachwuchs.csv",
        year=year,
        dry_run=dry_run,
    )


GOOD = HEADER + "2024;25102;12069;osz-werder;34;11\n2024;24412;12052;;12;4\n"


def test_import_writes_every_row(cluster_manager, cluster, occupations, osz):
    result = run(cluster_manager, cluster, GOOD)
    assert (result.count, result.created, result.updated) == (2, 2, 0)
    figure = SupplyFigure.objects.get(occupation__code="25102")
    assert (figure.year, figure.district.ags, figure.provider, figure.trainees) == (
        2024,
        "12069",
        osz,
        34,
    )
    assert figure.graduates == 11
    assert SupplyFigure.objects.get(occupation__code="24412").provider is None


def test_import_replaces_existing_figures(cluster_manager, cluster, occupations, osz):
    run(cluster_manager, cluster, GOOD)
    result = run(cluster_manager, cluster, HEADER + "2024;25102;12069;osz-werder;40;12\n")
    assert (result.created, result.updated) == (0, 1)
    assert SupplyFigure.objects.count() == 2
    assert SupplyFigure.objects.get(occupation__code="25102").trainees == 40


def test_dry_run_writes_nothing(cluster_manager, cluster, occupations, osz):
    result = run(cluster_manager, cluster, GOOD, dry_run=True)
    assert result.dry_run and result.count == 2 and result.created == 2
    assert not SupplyFigure.objects.exists()


def test_comma_separated_windows_file_without_optional_columns(
    cluster_manager, cluster, occupations, districts
):
    data = "KldB 2010,Kreisschlüssel,Auszubildende,Absolventen\r\n25102,12054,5,\r\n"
    import_supply(
        user=cluster_manager,
        cluster=cluster,
        data=data.encode("cp1252"),
        filename="x.csv",
        year=2023,
    )
    figure = SupplyFigure.objects.get()
    assert (figure.year, figure.trainees, figure.graduates) == (2023, 5, 0)


BAD_FILES = [
    (
        "Beruf;Kreis;Auszubildende;Absolventen\n25102;12069;1;1\n",
        [
            "Zeile 1: Unbekannte Spalte „Beruf“.",
            "Zeile 1: Unbekannte Spalte „Kreis“.",
        ],
    ),
    ("KldB 2010;Kreisschlüssel\n25102;12069\n", ["Es fehlen die Spalten „Auszubildende“"]),
    (
        HEADER + "2024;99999;12069;;1;1\n",
        ["Zeile 2: „99999“ ist kein bekannter Schlüssel der KldB"],
    ),
    (HEADER + "2024;;12069;;1;1\n", ["Zeile 2: Der KldB-2010-Schlüssel fehlt."]),
    (HEADER + "2024;25102;12345;;1;1\n", ["Zeile 2: „12345“ ist kein bekannter Kreisschlüssel"]),
    (HEADER + "2024;25102;12069;;-3;1\n", ["Zeile 2: „Auszubildende“ darf nicht negativ sein"]),
    (HEADER + "2024;25102;12069;;1;2,5\n", ["Zeile 2: „Absolventen“ muss eine ganze Zahl sein"]),
    (HEADER + "2024;25102;12069;;viele;1\n", ["Zeile 2: „Auszubildende“ muss eine ganze Zahl"]),
    (HEADER + "2024;25102;12069;gibt-es-nicht;1;1\n", ["Zeile 2: Den Bildungsträger „gibt-es"]),
    (HEADER + "2023;25102;12069;;1;1\n", ["Zeile 2: Das Jahr „2023“ passt nicht zum Importjahr"]),
    (
        HEADER + "2024;25102;12069;;1;1\n2024;25102;12069;;2;2\n",
        ["Zeile 3: Beruf, Kreis und Bildungsträger stehen schon in Zeile 2."],
    ),
    ("", ["Die Datei ist leer."]),
    (HEADER, ["Die Datei enthält nur die Kopfzeile"]),
]


@pytest.mark.parametrize(("text", "expected"), BAD_FILES)
def test_bad_files_write_nothing(cluster_manager, cluster, occupations, osz, text, expected):
    good_first = text.startswith(HEADER) and text.count("\n") >= 2
    if good_first:  # a good row before the bad one: still nothing is written
        text = HEADER + "2024;24422;12054;;3;1\n" + text[len(HEADER) :]
        expected = [e.replace("Zeile 3", "Zeile 4").replace("Zeile 2", "Zeile 3") for e in expected]
    with pytest.raises(SupplyFileErrors) as caught:
        run(cluster_manager, cluster, text)
    for message in expected:
        assert any(line.startswith(message) or message in line for line in caught.value.lines), (
            message,
            caught.value.lines,
        )
    assert isinstance(caught.value, ValidationError)
    assert not SupplyFigure.objects.exists()


def test_every_bad_line_is_reported(cluster_manager, cluster, occupations, osz):
    text = HEADER + "2024;99999;12069;;1;1\n2024;25102;00000;;-1;x\n"
    with pytest.raises(SupplyFileErrors) as caught:
        run(cluster_manager, cluster, text)
    assert [line.split(":")[0] for line in caught.value.lines] == ["Zeile 2"] + ["Zeile 3"] * 3


def test_provider_of_another_cluster_is_unknown(
    cluster_manager, cluster, other_cluster, occupations, districts
):
    make_actor(other_cluster, "Fremder Träger", district=districts["12069"])
    with pytest.raises(SupplyFileErrors) as caught:
        run(cluster_manager, cluster, HEADER + "2024;25102;12069;fremder-trager;1;1\n")
    assert "gibt es im Verzeichnis des Clusters nicht" in caught.value.lines[0]


def test_bad_year_is_refused(cluster_manager, cluster, occupations):
    with pytest.raises(ValidationError) as caught:
        run(cluster_manager, cluster, GOOD, year=1999)
    assert "year" in caught.value.message_dict


@pytest.mark.parametrize(
    "persona", ["anonymous", "member", "outsider", "other_cluster_manager", "board_member"]
)
def test_only_the_management_imports(tenant_personas, persona, cluster, occupations, osz):
    with pytest.raises(PermissionDenied, match="Clustermanagement"):
        run(tenant_personas(persona), cluster, GOOD)
    assert not SupplyFigure.objects.exists()


def test_provider_representative_may_not_import(cluster, occupations, osz):
    with pytest.raises(PermissionDenied):
        run(osz.user, cluster, GOOD)


# --- by hand -----------------------------------------------------------------------------------


def test_manager_saves_and_replaces_a_figure(cluster_manager, cluster, occupations, districts):
    kwargs = {"user": cluster_manager, "cluster": cluster, "year": 2024, "occupation": "25102"}
    save_supply_figure(**kwargs, district="12069", trainees=3, graduates=1)
    save_supply_figure(**kwargs, district="12069", trainees=4, graduates=2)
    figure = SupplyFigure.objects.get()
    assert (figure.trainees, figure.graduates, figure.provider) == (4, 2, None)


def test_provider_representative_enters_own_figures_only(cluster, occupations, osz, chamber):
    save_supply_figure(
        user=osz.user,
        cluster=cluster,
        year=2024,
        occupation="25102",
        district="12069",
        provider="osz-werder",
        trainees=7,
        graduates=2,
    )
    assert SupplyFigure.objects.get().provider == osz
    with pytest.raises(PermissionDenied):
        save_supply_figure(
            user=osz.user,
            cluster=cluster,
            year=2024,
            occupation="25102",
            district="12069",
            provider=chamber.slug,
            trainees=1,
            graduates=1,
        )
    assert SupplyFigure.objects.count() == 1


def test_figure_by_hand_validates(cluster_manager, cluster, occupations, districts):
    with pytest.raises(ValidationError) as caught:
        save_supply_figure(
            user=cluster_manager,
            cluster=cluster,
            year="zwanzig",
            occupation="99999",
            district="1",
            trainees=-1,
            graduates="2.5",
        )
    errors = caught.value.message_dict
    assert set(errors) == {"year", "occupation", "district", "trainees", "graduates"}
    assert "kein bekannter Schlüssel der KldB 2010" in errors["occupation"][0]
    assert not SupplyFigure.objects.exists()


def test_other_cluster_manager_enters_nothing(
    other_cluster_manager, cluster, occupations, districts
):
    with pytest.raises(PermissionDenied):
        save_supply_figure(
            user=other_cluster_manager,
            cluster=cluster,
            year=2024,
            occupation="25102",
            district="12069",
            trainees=1,
            graduates=1,
        )


# --- the command -------------------------------------------------------------------------------


def test_command_imports_and_dry_runs(tmp_path, cluster, occupations, osz, capsys):
    file = tmp_path / "nachwuchs.csv"
    file.write_text(GOOD, encoding="utf-8")
    call_command(
        "import_supply_figures", str(file), "--cluster", "metall", "--year", "2024", "--dry-run"
    )
    assert "2 Zeilen würden importiert" in capsys.readouterr().out
    assert not SupplyFigure.objects.exists()
    call_command("import_supply_figures", str(file), "--cluster", "metall", "--year", "2024")
    assert SupplyFigure.objects.count() == 2


def test_command_reports_line_errors(tmp_path, cluster, occupations, districts):
    file = tmp_path / "kaputt.csv"
    file.write_text(HEADER + "2024;99999;12069;;1;1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Zeile 2"):
        call_command("import_supply_figures", str(file), "--cluster", "metall", "--year", "2024")
    with pytest.raises(CommandError, match="Unbekanntes Cluster"):
        call_command("import_supply_figures", str(file), "--cluster", "nix", "--year", "2024")
    assert not SupplyFigure.objects.exists()


def test_anonymous_user_object(cluster, occupations, districts):
    with pytest.raises(PermissionDenied):
        save_supply_figure(
            user=AnonymousUser(),
            cluster=cluster,
            year=2024,
            occupation="25102",
            district="12069",
            trainees=1,
            graduates=1,
        )
