"""Importing the Engpassanalyse: all-or-nothing, management only, --dry-run writes nothing,
a re-import of the same source/region/year replaces the earlier one."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from clusterwerk.skills.models import Indicator, IndicatorImport, OfficialAssessment, Verdict
from clusterwerk.skills.services.indicators import import_indicators, latest_assessments
from clusterwerk.skills.tests.indicator_files import GOOD_ROWS, HEADER, csv_bytes, row

pytestmark = pytest.mark.django_db


def run(user, cluster, data, **overrides):
    values = {
        "user": user,
        "cluster": cluster,
        "data": data,
        "filename": "engpass.csv",
        "source": "BA Engpassanalyse",
        "region": "Brandenburg",
        "year": 2024,
    }
    values.update(overrides)
    return import_indicators(**values)


def nothing_written():
    return not (
        IndicatorImport.objects.exists()
        or Indicator.objects.exists()
        or OfficialAssessment.objects.exists()
    )


def test_import_stores_indicators_and_verdicts(occupations, cluster, cluster_manager):
    result = run(cluster_manager, cluster, csv_bytes(GOOD_ROWS))
    assert (result.occupation_count, result.indicator_count) == (3, 21)
    batch = result.batch
    assert (batch.source, batch.region, batch.year, batch.imported_by) == (
        "BA Engpassanalyse",
        "Brandenburg",
        2024,
        cluster_manager,
    )
    assert Indicator.objects.filter(batch=batch).count() == 21
    verdicts = {a.occupation.code: a.verdict for a in latest_assessments(cluster).values()}
    assert verdicts == {"25102": Verdict.SHORTAGE, "24412": Verdict.WATCH, "24422": Verdict.NONE}
    # the same source, region and year again replaces the import
    again = run(cluster_manager, cluster, csv_bytes(GOOD_ROWS[:1]))
    assert again.replaced == 1
    assert IndicatorImport.objects.count() == 1 and OfficialAssessment.objects.count() == 1


def test_dry_run_writes_nothing(occupations, cluster, cluster_manager):
    result = run(cluster_manager, cluster, csv_bytes(GOOD_ROWS), dry_run=True)
    assert result.batch is None and result.occupation_count == 3
    assert nothing_written()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            csv_bytes([["25102", "2"]], header=["KldB 2010", "Punkte"]),
            "Zeile 1: Es fehlen die Spalten",
        ),
        (
            csv_bytes([*GOOD_ROWS, row("12345", [1] * 6)]),
            "Zeile 5: „12345“ ist kein Schlüssel der KldB 2010",
        ),
        (
            csv_bytes([row("25102", [3, 2, 7, 2, 3, 2])]),
            "Zeile 2: Die Punkte für „Berufsspezifische Arbeitslosenquote“ müssen eine "
            "ganze Zahl von 0 bis 3 sein",
        ),
        (csv_bytes([row("25102", [3, 2, -1, 2, 3, 2])]), "ganze Zahl von 0 bis 3"),
        (
            csv_bytes([row("25102", [3, 2, 2, 2, 3, 2], vacancy="lang")]),
            "Zeile 2: „lang“ ist kein Zahlenwert",
        ),
    ],
)
def test_bad_files_write_nothing(occupations, cluster, cluster_manager, data, expected):
    with pytest.raises(ValidationError) as caught:
        run(cluster_manager, cluster, data)
    assert any(expected in message for message in caught.value.message_dict["file"])
    assert nothing_written()


def test_bad_parameters(occupations, cluster, cluster_manager):
    with pytest.raises(ValidationError) as caught:
        run(cluster_manager, cluster, csv_bytes(GOOD_ROWS), region="", year=1990)
    assert set(caught.value.message_dict) == {"region", "year"}
    assert nothing_written()


@pytest.mark.parametrize("persona", ["member", "other_cluster_manager", "outsider"])
def test_only_the_management_imports(request, occupations, cluster, persona):
    with pytest.raises(PermissionDenied):
        run(request.getfixturevalue(persona), cluster, csv_bytes(GOOD_ROWS))
    assert nothing_written()


def test_command(occupations, cluster, tmp_path, capsys):
    good = tmp_path / "engpass.csv"
    good.write_bytes(csv_bytes(GOOD_ROWS))
    args = [str(good), "--cluster", "metall", "--year", "2024", "--region", "Brandenburg"]
    call_command("import_shortage_indicators", *args, "--dry-run")
    assert "Probelauf: 3 Berufe" in capsys.readouterr().out
    assert nothing_written()
    call_command("import_shortage_indicators", *args)
    assert "Importiert: 3 Berufe, 21 Indikatoren" in capsys.readouterr().out
    bad = tmp_path / "kaputt.csv"
    bad.write_bytes(csv_bytes([row("25102", [3, 2, 9, 2, 3, 2])], header=HEADER))
    with pytest.raises(CommandError):
        call_command(
            "import_shortage_indicators",
            str(bad),
            "--cluster",
            "metall",
            "--year",
            "2023",
            "--region",
            "Brandenburg",
        )
    assert "Zeile 2: Die Punkte" in capsys.readouterr().err
    assert IndicatorImport.objects.count() == 1
