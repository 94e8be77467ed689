from decimal import Decimal

import pytest
from django.core.management import call_command

from clusterwerk.projects.models import AssessmentCriterion, FundingLevel, FundingProgramme
from clusterwerk.projects.reference import load_project_reference_data, read_reference

pytestmark = pytest.mark.django_db


def test_loads_the_programmes_and_the_criteria(cluster):
    report = load_project_reference_data()
    shipped = read_reference()["funding_programmes"]
    assert report.programmes == report.programmes_created == len(shipped)
    keys = set(FundingProgramme.objects.values_list("key", flat=True))
    assert {"zim", "staf", "profit", "big-digital", "big-transfer", "weiterbildung", "efre"} <= keys
    assert {"horizon-europe", "igf", "kmu-innovativ", "bund", "land", "privat"} <= keys
    assert FundingProgramme.objects.get(key="horizon-europe").level == FundingLevel.EU
    assert FundingProgramme.objects.get(key="staf").level == FundingLevel.STATE
    assert FundingProgramme.objects.get(key="privat").level == FundingLevel.PRIVATE
    assert all(programme.description for programme in FundingProgramme.objects.all())
    criteria = {c.key: c.weight for c in AssessmentCriterion.objects.filter(cluster=cluster)}
    assert criteria == {
        "masterplan": Decimal("30"),
        "innovation": Decimal("25"),
        "cooperation": Decimal("20"),
        "sustainability": Decimal("10"),
        "feasibility": Decimal("15"),
    }
    assert sum(criteria.values()) == 100
    assert "15 Förderprogramme" in report.summary()


def test_a_second_run_changes_nothing(cluster):
    load_project_reference_data()
    again = load_project_reference_data()
    assert not again.changed
    assert again.programmes_created == again.programmes_updated == again.criteria_created == 0
    assert "unverändert" in again.summary()


def test_weights_a_manager_changed_are_kept_and_missing_criteria_added(cluster):
    load_project_reference_data()
    AssessmentCriterion.objects.filter(cluster=cluster, key="masterplan").update(
        weight=50, name="Bezug zum Masterplan"
    )
    AssessmentCriterion.objects.filter(cluster=cluster, key="feasibility").delete()
    report = load_project_reference_data()
    assert report.criteria_created == 1
    masterplan = AssessmentCriterion.objects.get(cluster=cluster, key="masterplan")
    assert (masterplan.weight, masterplan.name) == (Decimal("50"), "Bezug zum Masterplan")
    assert AssessmentCriterion.objects.filter(cluster=cluster, key="feasibility").exists()


def test_changed_programme_names_are_restored_and_extra_programmes_kept(cluster):
    load_project_reference_data()
    FundingProgramme.objects.filter(key="zim").update(short_name="ZIMM")
    FundingProgramme.objects.create(
        key="stiftung", name="Stiftungsmittel", short_name="Stiftung", level=FundingLevel.OTHER
    )
    report = load_project_reference_data()
    assert report.programmes_updated == 1
    assert FundingProgramme.objects.get(key="zim").short_name == "ZIM"
    assert FundingProgramme.objects.filter(key="stiftung").exists()


def test_without_the_cluster_the_criteria_are_skipped(db):
    report = load_project_reference_data()
    assert report.criteria_cluster == ""
    assert not AssessmentCriterion.objects.exists()
    assert "übersprungen" in report.summary()


def test_load_reference_data_command_prints_the_projects_line(db, capsys):
    call_command("load_reference_data")
    output = capsys.readouterr().out
    assert "Projekte: 15 Förderprogramme (15 neu, 0 geändert)" in output
    assert "5 Beurteilungskriterien für „metall“ (5 neu angelegt)" in output
    call_command("load_reference_data")
    assert "Projekte: 15 Förderprogramme (unverändert)" in capsys.readouterr().out
