"""manage.py award_results: the JSON contract, the text table and German errors."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clusterwerk.award.models import ApplicationStatus, Decision, FormalCheck
from clusterwerk.award.tests.factories import make_application, make_review

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("award_results", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def results(edition, applicant, jurors):
    a = make_application(edition, applicant, title="Alpha", decision=Decision.WINNER)
    b = make_application(edition, applicant, title="Beta")
    c = make_application(edition, applicant, title="Gamma", formal_check=FormalCheck.INELIGIBLE)
    make_application(edition, applicant, title="Zurück", status=ApplicationStatus.WITHDRAWN)
    make_application(edition, applicant, title="Entwurf", status=ApplicationStatus.DRAFT)
    make_review(a, jurors[0], scores=4)
    make_review(a, jurors[1], scores=5)
    make_review(b, jurors[0], scores=2)
    make_review(b, jurors[1], scores=3)
    return a, b, c


def test_json(results, edition):
    a, b, _c = results
    data = json.loads(run("--cluster", "metall", "--year", str(edition.year), "--format", "json"))
    assert set(data) == {"applications", "winners", "ranking", "alpha"}
    assert data["applications"] == 3  # submitted, not withdrawn (ineligible included)
    assert data["winners"] == ["Alpha"]
    assert data["ranking"] == [
        {"application_id": a.pk, "title": "Alpha", "mean": 4.5, "median": 4.5, "rank": 1},
        {"application_id": b.pk, "title": "Beta", "mean": 2.5, "median": 2.5, "rank": 2},
    ]
    # Units: 8 (application, criterion) pairs of (4, 5) and (2, 3) → ordinal alpha
    assert isinstance(data["alpha"], float) and data["alpha"] == round(data["alpha"], 3)


def test_alpha_null_when_undefined(edition):
    data = json.loads(run("--cluster", "metall", "--year", str(edition.year)))
    assert data == {"applications": 0, "winners": [], "ranking": [], "alpha": None}


def test_text(results, edition):
    text = run("--cluster", "metall", "--year", str(edition.year), "--format", "text")
    assert "Bewerbungen: 3 · Preisträger: Alpha" in text
    assert "   1       4.500   4.500  Alpha" in text


def test_errors(edition):
    with pytest.raises(CommandError, match="Unbekannter Cluster „nirgends“"):
        run("--cluster", "nirgends", "--year", str(edition.year))
    with pytest.raises(CommandError, match="keinen Preisjahrgang 1999"):
        run("--cluster", "metall", "--year", "1999")
    with pytest.raises(CommandError, match="Unbekanntes Format"):
        run("--cluster", "metall", "--year", str(edition.year), "--format", "xml")
