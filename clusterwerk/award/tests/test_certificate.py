"""The certificate PDF: it parses, names the edition, the organisation, its partners, the
decision, the innovation and the ceremony; the public gets it only after the release and with
consent, the applicant after the release, the management always."""

import datetime
import io
import shutil
import subprocess

import pikepdf
import pytest
from django.test import Client
from django.urls import reverse

from clusterwerk.award.certificate import certificate_document, certificate_pdf
from clusterwerk.award.models import Decision, Phase
from clusterwerk.award.tests.factories import make_application
from clusterwerk.events.tests.factories import make_event

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert len(pdf.pages) == 1
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def winner(edition, applicant, institute, cluster):
    event = make_event(
        cluster, title="Clusterkonferenz Metall", venue_name="Kongresshotel", municipality="Potsdam"
    )
    edition.ceremony_event = event
    edition.ceremony_on = datetime.date(2026, 11, 12)
    edition.save()
    return make_application(
        edition,
        applicant,
        title="Laserhybridschweißen für Dickbleche",
        decision=Decision.WINNER,
        partners=[institute],
    )


def url(application):
    return reverse("award:certificate", args=[application.edition.year, application.uid])


def test_the_pdf_names_everything(winner):
    text = pdf_text(certificate_pdf(winner))
    for expected in (
        "Urkunde",
        "Brandenburger Innovationspreis Metall",
        "Metallbau Havelland GmbH",
        "Institut für Fügetechnik Cottbus",
        "Preisträger",
        "Laserhybridschweißen für Dickbleche",
        "Clusterkonferenz Metall",
        "Kongresshotel, Potsdam, den 12. November 2026",
    ):
        assert expected in text, expected


def test_markup_in_names_prints_as_written(edition, applicant):
    application = make_application(
        edition, applicant, title="#set text(red) *fett* $x$ ]", decision=Decision.NOMINEE
    )
    text = pdf_text(certificate_pdf(application))
    assert "#set text(red) *fett* $x$ ]" in text
    assert "Nominierung" in text
    assert certificate_document(application)["is_nominee"] is True


def test_the_public_gets_it_only_after_the_release_and_with_consent(
    manager_client, winner, edition, applicant_user
):
    client = Client()
    assert client.get(url(winner)).status_code == 404
    response = manager_client.get(url(winner))  # the management always
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "urkunde-" in response["Content-Disposition"]
    edition.phase = Phase.PUBLISHED
    edition.save()
    assert client.get(url(winner)).status_code == 200
    winner.publication_consent = False
    winner.save()
    assert client.get(url(winner)).status_code == 404
    client.force_login(applicant_user)  # the applicant's own certificate
    assert client.get(url(winner)).status_code == 200
    assert manager_client.get(url(winner)).status_code == 200


def test_no_certificate_without_a_public_decision(manager_client, edition, applicant):
    edition.phase = Phase.PUBLISHED
    edition.save()
    for decision in (Decision.NONE, Decision.SHORTLISTED):
        application = make_application(edition, applicant, decision=decision)
        assert manager_client.get(url(application)).status_code == 404


def test_another_cluster_gets_nothing(other_cluster_manager, client, winner, edition):
    edition.phase = Phase.PUBLISHED
    edition.save()
    client.force_login(other_cluster_manager)
    # The request's cluster is the default one; the other cluster's manager is an outsider.
    assert client.get(url(winner)).status_code == 200
    wrong_year = reverse("award:certificate", args=[edition.year - 1, winner.uid])
    assert client.get(wrong_year).status_code == 404
