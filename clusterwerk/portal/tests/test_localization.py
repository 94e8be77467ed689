"""The language switch names each language in itself, and numbers and dates on the pages
follow the active language (Django's formats: "1,234" and "March 1, 2019" in English,
"1.234" and "1. März 2019" in German)."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from clusterwerk.actors.models import Visibility
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.models import PhaseKind, Workshop
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.projects import services
from clusterwerk.projects.models import ProjectPhase
from clusterwerk.projects.tests.report_support import make_project

LANGUAGE_OPTIONS = (
    '<option value="de" lang="de"{selected_de}>Deutsch</option>',
    '<option value="en" lang="en"{selected_en}>English</option>',
)


def in_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


def options(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip().startswith("<option value=")]


@pytest.mark.parametrize("language", ["de", "en"])
def test_language_switch_names_each_language_in_itself(client, cluster, language):
    if language == "en":
        in_english(client)
    page = client.get("/").content.decode()
    assert f'<html lang="{language}">' in page
    selected = {"de": "", "en": ""} | {language: " selected"}
    expected = [
        option.format(selected_de=selected["de"], selected_en=selected["en"])
        for option in LANGUAGE_OPTIONS
    ]
    assert [option for option in options(page) if 'lang="' in option] == expected


@pytest.fixture
def project(cluster):
    return make_project(
        cluster,
        "Leichtbau mit Laserschweißen",
        year_initiated=2019,
        start_date=datetime.date(2019, 3, 1),
        end_date=datetime.date(2021, 12, 31),
        visibility=Visibility.PUBLIC,
        total_volume=1234567,
        funding_amount=1234,
    )


def test_project_page_in_german(client, project):
    page = client.get(f"/projekte/{project.pk}/").content.decode()
    assert "1.234.567 €" in page and "1.234 €" in page
    assert "1. März 2019 – 31. Dezember 2021" in page


def test_project_page_in_english(client, project):
    page = in_english(client).get(f"/projekte/{project.pk}/").content.decode()
    assert "1,234,567 €" in page and "1,234 €" in page
    assert "March 1, 2019 – Dec. 31, 2021" in page
    assert "1.234" not in page and "März" not in page


@pytest.fixture
def workshop(cluster):
    return Workshop.objects.create(
        cluster=cluster, title="Werkstattgespräch", held_on=datetime.date(2026, 2, 1)
    )


def test_workshop_dates_follow_the_language(manager_client, workshop):
    assert "01.02.2026" in manager_client.get("/beteiligung/workshops/").content.decode()
    page = in_english(manager_client).get("/beteiligung/workshops/").content.decode()
    assert "02/01/2026" in page and "01.02.2026" not in page


@pytest.mark.clock
def test_phase_name_uses_the_local_date_of_the_active_language(cluster):
    edition = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    consultation = make_consultation(cluster, edition, phase=PhaseKind.PARTICIPATION)
    phase = consultation.phases.get(kind=PhaseKind.PARTICIPATION)
    start = timezone.localtime(phase.starts_at).date()
    with translation.override("de"):
        assert start.strftime("(%d.%m.%Y–") in str(phase)
    with translation.override("en"):
        assert start.strftime("(%m/%d/%Y–") in str(phase)


@pytest.mark.parametrize(("language", "shown"), [("de", "01.03.2019"), ("en", "03/01/2019")])
def test_phase_change_refusal_dates_in_the_active_language(
    cluster, cluster_manager, project, language, shown
):
    services.change_phase(
        project=project,
        user=cluster_manager,
        to_phase=ProjectPhase.COMPLETED,
        changed_on=datetime.date(2019, 3, 1),
    )
    with translation.override(language), pytest.raises(ValidationError) as refusal:
        services.change_phase(
            project=project,
            user=cluster_manager,
            to_phase=ProjectPhase.RUNNING,
            changed_on=datetime.date(2019, 1, 1),
        )
    assert shown in str(refusal.value.message_dict["changed_on"])
