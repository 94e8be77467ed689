"""The application pages: apply, mine, the application's page by role, the edit form with
autosave (status line, conflict, deadline – the typed text is kept), partners, attachments,
submit and withdraw."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from clusterwerk.award.models import (
    Application,
    ApplicationStatus,
    Attachment,
    Phase,
    Stage,
)
from clusterwerk.award.services import applications as services
from clusterwerk.award.tests.factories import make_application
from clusterwerk.award.tests.test_applications_services import PDF

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def new_draft(edition, applicant, user, cluster, **data):
    return services.create_application(
        user=user,
        cluster=cluster,
        edition=edition,
        applicant=applicant,
        data={"title": "Entwurf", **data},
    )


def form_data(application, **overrides) -> dict:
    data = {
        "version": application.version,
        "title": application.title,
        "summary": application.summary,
        "description": application.description,
        "stage": application.stage,
        "innovation_date": application.innovation_date.isoformat()
        if application.innovation_date
        else "",
        "market": application.market,
        "figures": application.figures,
    }
    if application.ip_declaration:
        data["ip_declaration"] = "on"
    if application.publication_consent:
        data["publication_consent"] = "on"
    data.update(overrides)
    return data


# --- apply and mine ------------------------------------------------------------------------------


def test_apply_creates_a_draft_and_opens_the_form(edition, applicant, applicant_user):
    client = logged_in(applicant_user)
    page = client.get(f"/innovationspreis/{edition.year}/bewerben/")
    assert page.status_code == 200
    assert "Metallbau Havelland GmbH" in text(page)
    response = client.post(
        f"/innovationspreis/{edition.year}/bewerben/",
        {"applicant": applicant.pk, "title": "Laserhybridschweißen"},
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/innovationspreis/bewerbung/{application.uid}/bearbeiten/"
    assert application.title == "Laserhybridschweißen"
    assert application.status == ApplicationStatus.DRAFT


def test_apply_without_an_organisation_explains_how_to_claim_one(edition, member):
    page = logged_in(member).get(f"/innovationspreis/{edition.year}/bewerben/")
    assert page.status_code == 200
    assert "Zuerst Ihre Organisation zuordnen" in text(page)
    assert 'href="/willkommen/"' in text(page)


def test_apply_without_a_title_keeps_the_choice(edition, applicant, applicant_user):
    response = logged_in(applicant_user).post(
        f"/innovationspreis/{edition.year}/bewerben/", {"applicant": applicant.pk, "title": ""}
    )
    assert response.status_code == 400
    assert "Bitte geben Sie der Innovation einen Titel." in text(response)
    assert not Application.objects.exists()


def test_a_fourth_entry_is_refused_on_the_page(edition, applicant, applicant_user):
    for number in range(3):
        make_application(edition, applicant, title=f"Nummer {number}")
    response = logged_in(applicant_user).post(
        f"/innovationspreis/{edition.year}/bewerben/",
        {"applicant": applicant.pk, "title": "Nummer 4"},
    )
    assert response.status_code == 400
    assert "Je Bewerber sind höchstens 3 Bewerbungen möglich" in text(response)
    assert 'value="Nummer 4"' in text(response)
    assert Application.objects.count() == 3


def test_apply_after_the_deadline_says_when_it_was(edition, applicant_user):
    edition.deadline = timezone.now() - datetime.timedelta(hours=1)
    edition.save()
    page = logged_in(applicant_user).get(f"/innovationspreis/{edition.year}/bewerben/")
    assert "Der Einsendeschluss war am" in text(page)
    assert "Entwurf anlegen" not in text(page)


def test_apply_needs_a_login(edition, client):
    response = client.get(f"/innovationspreis/{edition.year}/bewerben/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_mine_lists_the_applications_with_the_next_step(
    edition, applicant, applicant_user, cluster
):
    new_draft(edition, applicant, applicant_user, cluster, title="Mein Entwurf")
    make_application(edition, applicant, title="Eingereicht")
    page = logged_in(applicant_user).get("/innovationspreis/meine-bewerbungen/")
    body = text(page)
    assert "Mein Entwurf" in body and "Eingereicht" in body
    assert "vervollständigen und bis" in body
    assert "Änderungen sind bis" in body


# --- the application's page ------------------------------------------------------------------


def test_the_applicant_sees_what_is_missing_and_can_submit(
    edition, applicant, applicant_user, cluster
):
    application = new_draft(edition, applicant, applicant_user, cluster)
    page = logged_in(applicant_user).get(f"/innovationspreis/bewerbung/{application.uid}/")
    body = text(page)
    assert "Zum Einreichen fehlt noch:" in body
    assert "Bitte beschreiben Sie die Innovation." in body
    assert "Jetzt einreichen" in body
    assert "Bewerbung zurückziehen" in body


def test_the_management_reads_a_submitted_application_without_buttons(
    edition, applicant, cluster_manager
):
    application = make_application(edition, applicant)
    page = logged_in(cluster_manager).get(f"/innovationspreis/bewerbung/{application.uid}/")
    body = text(page)
    assert page.status_code == 200
    assert application.description in body
    assert "Jetzt einreichen" not in body and "Bearbeiten" not in body


def test_a_draft_is_not_the_managements(
    edition, applicant, applicant_user, cluster_manager, cluster
):
    application = new_draft(edition, applicant, applicant_user, cluster)
    page = logged_in(cluster_manager).get(f"/innovationspreis/bewerbung/{application.uid}/")
    assert page.status_code == 404


def test_somebody_else_cannot_edit(edition, applicant, member, cluster_manager):
    application = make_application(edition, applicant)
    assert (
        logged_in(member)
        .get(f"/innovationspreis/bewerbung/{application.uid}/bearbeiten/")
        .status_code
        == 404
    )
    response = logged_in(cluster_manager).post(
        f"/innovationspreis/bewerbung/{application.uid}/autosave/",
        form_data(application, title="X"),
    )
    assert response.status_code == 403
    assert Application.objects.get().title == application.title


# --- edit and autosave ----------------------------------------------------------------------------


def test_autosave_changes_exactly_what_changed(edition, applicant, applicant_user, cluster):
    application = new_draft(edition, applicant, applicant_user, cluster, market="Stahlbau")
    before = services.application_data(application)
    response = logged_in(applicant_user).post(
        f"/innovationspreis/bewerbung/{application.uid}/autosave/",
        form_data(application, description="Laser und Lichtbogen."),
    )
    assert response.status_code == 200
    assert "Gespeichert um" in text(response)
    assert 'name="version" id="id_version" value="2" hx-swap-oob="true"' in text(response)
    after = services.application_data(Application.objects.get())
    assert {key for key in before if before[key] != after[key]} == {"description", "version"}


def test_autosave_conflict_keeps_the_text_and_says_so(edition, applicant, applicant_user, cluster):
    application = new_draft(edition, applicant, applicant_user, cluster)
    services.save_application(
        user=applicant_user,
        cluster=cluster,
        application=application,
        data={"market": "A"},
        version=1,
    )
    response = logged_in(applicant_user).post(
        f"/innovationspreis/bewerbung/{application.uid}/autosave/",
        form_data(application, market="B", version=1),
    )
    assert response.status_code == 409
    body = text(response)
    assert (
        "Bearbeitungskonflikt" in body and "Ihre Eingaben bleiben auf dieser Seite erhalten" in body
    )
    assert Application.objects.get().market == "A"


def test_autosave_after_the_deadline_is_refused_with_the_time(
    edition, applicant, applicant_user, cluster, pinned_clock
):
    application = new_draft(edition, applicant, applicant_user, cluster)
    pinned_clock.shift(datetime.timedelta(days=31))
    response = logged_in(applicant_user).post(
        f"/innovationspreis/bewerbung/{application.uid}/autosave/",
        form_data(application, title="Zu spät"),
    )
    assert response.status_code == 403
    deadline = timezone.localtime(edition.deadline)
    assert f"Der Einsendeschluss war am {deadline:%d.%m.%Y} um {deadline:%H:%M} Uhr" in text(
        response
    )
    assert Application.objects.get().title == "Entwurf"


def test_autosave_with_an_empty_title_saves_nothing(edition, applicant, applicant_user, cluster):
    application = new_draft(edition, applicant, applicant_user, cluster)
    response = logged_in(applicant_user).post(
        f"/innovationspreis/bewerbung/{application.uid}/autosave/",
        form_data(application, title="", market="neu"),
    )
    assert response.status_code == 400
    assert "Bitte geben Sie der Innovation einen Titel." in text(response)
    assert Application.objects.get().market == ""


def test_the_edit_form_saves_and_keeps_the_text_on_a_conflict(
    edition, applicant, applicant_user, cluster
):
    application = new_draft(edition, applicant, applicant_user, cluster)
    client = logged_in(applicant_user)
    page = client.get(f"/innovationspreis/bewerbung/{application.uid}/bearbeiten/")
    assert 'hx-trigger="change, keyup delay:2s"' in text(page)
    services.save_application(
        user=applicant_user,
        cluster=cluster,
        application=application,
        data={"market": "A"},
        version=1,
    )
    response = client.post(
        f"/innovationspreis/bewerbung/{application.uid}/bearbeiten/",
        form_data(application, market="Meine lange Marktbeschreibung", version=1),
    )
    assert response.status_code == 400
    assert "inzwischen an anderer Stelle geändert" in text(response)
    assert "Meine lange Marktbeschreibung" in text(response)
    response = client.post(
        f"/innovationspreis/bewerbung/{application.uid}/bearbeiten/",
        form_data(Application.objects.get(), figures="12 Beschäftigte"),
    )
    assert response.status_code == 302
    assert Application.objects.get().figures == "12 Beschäftigte"


def test_the_edit_form_after_the_deadline_keeps_the_text(
    edition, applicant, applicant_user, cluster, pinned_clock
):
    application = new_draft(edition, applicant, applicant_user, cluster)
    pinned_clock.shift(datetime.timedelta(days=31))
    client = logged_in(applicant_user)
    response = client.post(
        f"/innovationspreis/bewerbung/{application.uid}/bearbeiten/",
        form_data(application, description="Mein später Text"),
    )
    assert response.status_code == 400
    assert "Der Einsendeschluss war am" in text(response)
    assert "Mein später Text" in text(response)
    assert Application.objects.get().description == ""
    page = client.get(f"/innovationspreis/bewerbung/{application.uid}/bearbeiten/")
    assert page.status_code == 302


# --- partners and attachments ----------------------------------------------------------------


def test_partner_search_add_and_remove(edition, applicant, applicant_user, institute, cluster):
    application = new_draft(edition, applicant, applicant_user, cluster)
    client = logged_in(applicant_user)
    found = client.get(
        f"/innovationspreis/bewerbung/{application.uid}/partner/", {"partner_q": "füge"}
    )
    assert "Institut für Fügetechnik Cottbus" in text(found)
    assert "Metallbau Havelland" not in text(found)
    client.post(
        f"/innovationspreis/bewerbung/{application.uid}/partner/",
        {"actor": institute.pk, "role": "Werkstoffprüfung"},
    )
    assert list(application.partners.values_list("actor_id", "role")) == [
        (institute.pk, "Werkstoffprüfung")
    ]
    response = client.post(
        f"/innovationspreis/bewerbung/{application.uid}/partner/", {"actor": applicant.pk}
    )
    assert response.status_code == 302
    assert application.partners.count() == 1
    client.post(f"/innovationspreis/bewerbung/{application.uid}/partner/", {"remove": institute.pk})
    assert not application.partners.exists()


def test_upload_download_and_delete_a_pdf(edition, applicant, applicant_user, cluster):
    application = new_draft(edition, applicant, applicant_user, cluster)
    client = logged_in(applicant_user)
    response = client.post(
        f"/innovationspreis/bewerbung/{application.uid}/anlagen/",
        {"attachment-file": SimpleUploadedFile("Konzept.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    download = client.get(f"/innovationspreis/bewerbung/{application.uid}/anlagen/{attachment.pk}/")
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Konzept.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    client.post(f"/innovationspreis/bewerbung/{application.uid}/anlagen/{attachment.pk}/loeschen/")
    assert not Attachment.objects.exists()


def test_an_upload_that_is_not_a_pdf_is_explained(edition, applicant, applicant_user, cluster):
    application = new_draft(edition, applicant, applicant_user, cluster)
    response = logged_in(applicant_user).post(
        f"/innovationspreis/bewerbung/{application.uid}/anlagen/",
        {"attachment-file": SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff", "image/jpeg")},
    )
    assert response.status_code == 400
    assert "Bitte laden Sie nur PDF-Dateien hoch" in text(response)
    assert not Attachment.objects.exists()


def test_attachments_only_through_the_funnel(edition, applicant, applicant_user, member, cluster):
    application = new_draft(edition, applicant, applicant_user, cluster)
    attachment = services.add_attachment(
        user=applicant_user,
        cluster=cluster,
        application=application,
        upload=SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
    )
    url = f"/innovationspreis/bewerbung/{application.uid}/anlagen/{attachment.pk}/"
    assert logged_in(member).get(url).status_code == 404
    assert Client().get(url).status_code == 302


# --- submit and withdraw --------------------------------------------------------------------------


def test_submit_from_the_page(
    edition, applicant, applicant_user, cluster, django_capture_on_commit_callbacks
):
    application = new_draft(
        edition,
        applicant,
        applicant_user,
        cluster,
        description="Neu.",
        stage=Stage.PROTOTYPE,
        innovation_date=(timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
        market="Stahlbau.",
        ip_declaration=True,
    )
    client = logged_in(applicant_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/innovationspreis/bewerbung/{application.uid}/einreichen/", follow=True
        )
    assert "Ihre Bewerbung ist eingereicht." in text(response)
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED
    assert len(mail.outbox) == 1


def test_a_refused_submission_lists_the_reasons(edition, applicant, applicant_user, cluster):
    application = new_draft(edition, applicant, applicant_user, cluster)
    response = logged_in(applicant_user).post(
        f"/innovationspreis/bewerbung/{application.uid}/einreichen/", follow=True
    )
    body = text(response)
    assert "Die Bewerbung ist noch nicht eingereicht:" in body
    assert "Bitte bestätigen Sie die Erklärung zu Schutzrechten." in body
    assert Application.objects.get().status == ApplicationStatus.DRAFT


def test_withdraw_from_the_page(edition, applicant, applicant_user):
    application = make_application(edition, applicant, created_by=applicant_user)
    response = logged_in(applicant_user).post(
        f"/innovationspreis/bewerbung/{application.uid}/zurueckziehen/", follow=True
    )
    assert "Ihre Bewerbung ist zurückgezogen." in text(response)
    assert Application.objects.get().status == ApplicationStatus.WITHDRAWN


def test_a_juror_reads_the_application_in_the_scoring_phase(edition, applicant, jurors):
    application = make_application(edition, applicant)
    edition.phase = Phase.SCORING
    edition.save()
    page = logged_in(jurors[1].user).get(f"/innovationspreis/bewerbung/{application.uid}/")
    assert page.status_code == 200
    assert application.market in text(page)
    assert "zurückziehen" not in text(page)
