"""The application services: create, save (partial, versioned), partners, attachments,
submit, withdraw – and every refusal in German, with nothing written."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.award import phases
from clusterwerk.award.models import (
    Application,
    ApplicationPartner,
    ApplicationStatus,
    Attachment,
    EligibilityRule,
    RuleKind,
    Stage,
)
from clusterwerk.award.services import applications as services
from clusterwerk.award.tests.factories import make_application
from clusterwerk.core.exceptions import EditConflict

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf(name="konzept.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def complete(**overrides) -> dict:
    values = {
        "title": "Laserhybridschweißen",
        "summary": "Nähte in einem Zug.",
        "description": "Laser und Lichtbogen zusammen.",
        "stage": Stage.PROTOTYPE,
        "innovation_date": (timezone.localdate() - datetime.timedelta(days=200)).isoformat(),
        "market": "Stahlbau.",
        "figures": "12 Beschäftigte",
        "ip_declaration": True,
        "publication_consent": True,
    }
    values.update(overrides)
    return values


def draft(edition, applicant, user, cluster, **data):
    return services.create_application(
        user=user,
        cluster=cluster,
        edition=edition,
        applicant=applicant,
        data={"title": "Entwurf", **data},
    )


def messages_of(error) -> str:
    return " ".join(error.value.messages)


# --- create -------------------------------------------------------------------------------------


def test_a_representative_creates_a_draft(edition, applicant, applicant_user, cluster):
    application = draft(edition, applicant, applicant_user, cluster)
    assert application.status == ApplicationStatus.DRAFT
    assert application.created_by == applicant_user
    assert application.version == 1
    assert application.title == "Entwurf"


def test_someone_who_does_not_represent_the_organisation_is_refused(
    edition, applicant, member, cluster
):
    with pytest.raises(PermissionDenied, match="vertreten"):
        draft(edition, applicant, member, cluster)
    assert not Application.objects.exists()


def test_the_management_may_create_for_a_member(edition, applicant, cluster_manager, cluster):
    application = draft(edition, applicant, cluster_manager, cluster)
    assert application.created_by == cluster_manager


def test_a_fourth_entry_is_refused(edition, applicant, applicant_user, cluster):
    for number in range(3):
        draft(edition, applicant, applicant_user, cluster, title=f"Nummer {number}")
    with pytest.raises(ValidationError) as error:
        draft(edition, applicant, applicant_user, cluster, title="Nummer 4")
    assert (
        "Je Bewerber sind höchstens 3 Bewerbungen möglich; Metallbau Havelland GmbH hat bereits 3."
        in messages_of(error)
    )
    assert error.value.message_dict.keys() == {"applicant"}
    assert Application.objects.count() == 3


def test_a_withdrawn_entry_does_not_count(edition, applicant, applicant_user, cluster):
    for number in range(3):
        make_application(edition, applicant, title=f"Nummer {number}")
    Application.objects.filter(title="Nummer 0").update(status=ApplicationStatus.WITHDRAWN)
    assert draft(edition, applicant, applicant_user, cluster).pk


def test_the_maximum_follows_the_rule(edition, applicant, applicant_user, cluster):
    EligibilityRule.objects.filter(edition=edition, kind=RuleKind.MAX_ENTRIES).update(parameter="1")
    draft(edition, applicant, applicant_user, cluster)
    with pytest.raises(ValidationError, match="höchstens 1 Bewerbungen"):
        draft(edition, applicant, applicant_user, cluster)


def test_an_organisation_outside_the_cluster_is_refused(
    edition, applicant, applicant_user, cluster, other_cluster
):
    applicant.memberships.update(cluster=other_cluster)
    with pytest.raises(ValidationError, match="kein Mitglied des Clusters"):
        draft(edition, applicant, applicant_user, cluster)
    assert not Application.objects.exists()


def test_a_kind_the_edition_does_not_admit_is_refused(edition, institute, institute_user, cluster):
    EligibilityRule.objects.create(
        edition=edition, kind=RuleKind.APPLICANT_KINDS, parameter="company,craft_business"
    )
    with pytest.raises(ValidationError, match="zugelassen sind nur Unternehmen, Handwerksbetrieb"):
        draft(edition, institute, institute_user, cluster)
    assert not Application.objects.exists()


def test_no_application_after_the_deadline(edition, applicant, applicant_user, cluster):
    edition.deadline = timezone.now() - datetime.timedelta(minutes=1)
    edition.save()
    with pytest.raises(phases.PhaseClosed, match="Der Einsendeschluss war am"):
        draft(edition, applicant, applicant_user, cluster)
    assert not Application.objects.exists()


def test_another_clusters_edition_is_not_found(edition, applicant, applicant_user, other_cluster):
    with pytest.raises(Http404):
        draft(edition, applicant, applicant_user, other_cluster)


# --- save -----------------------------------------------------------------------------------------


def test_a_save_changes_exactly_the_given_fields(edition, applicant, applicant_user, cluster):
    application = draft(edition, applicant, applicant_user, cluster, **complete())
    before = services.application_data(application)
    saved = services.save_application(
        user=applicant_user,
        cluster=cluster,
        application=application,
        data={"market": "Schiffbau und Stahlbau."},
        version=1,
    )
    after = services.application_data(Application.objects.get(pk=application.pk))
    assert saved.version == 2
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"market", "version"}
    assert after["market"] == "Schiffbau und Stahlbau."


def test_an_unchanged_save_writes_nothing(edition, applicant, applicant_user, cluster):
    application = draft(edition, applicant, applicant_user, cluster)
    saved = services.save_application(
        user=applicant_user,
        cluster=cluster,
        application=application,
        data={"title": "Entwurf"},
        version=1,
    )
    assert saved.version == 1


def test_a_stale_version_is_a_conflict_and_writes_nothing(
    edition, applicant, applicant_user, cluster
):
    application = draft(edition, applicant, applicant_user, cluster)
    services.save_application(
        user=applicant_user,
        cluster=cluster,
        application=application,
        data={"market": "A"},
        version=1,
    )
    with pytest.raises(EditConflict) as error:
        services.save_application(
            user=applicant_user,
            cluster=cluster,
            application=application,
            data={"market": "B"},
            version=1,
        )
    assert "inzwischen" in str(error.value)
    assert error.value.version == 2
    assert error.value.current_for(applicant_user)["market"] == "A"
    assert Application.objects.get(pk=application.pk).market == "A"


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        ({"title": ""}, "title", "Titel"),
        ({"title": "x" * 201}, "title", "Höchstens 200 Zeichen"),
        ({"summary": "x" * 601}, "summary", "Höchstens 600 Zeichen"),
        ({"stage": "rocket"}, "stage", "keine gültige Auswahl"),
        ({"innovation_date": "gestern"}, "innovation_date", "JJJJ-MM-TT"),
    ],
)
def test_invalid_fields_are_refused_by_field(
    edition, applicant, applicant_user, cluster, data, field, fragment
):
    application = draft(edition, applicant, applicant_user, cluster, market="vorher")
    with pytest.raises(ValidationError) as error:
        services.save_application(
            user=applicant_user,
            cluster=cluster,
            application=application,
            data={**data, "market": "nachher"},
            version=1,
        )
    assert fragment in " ".join(error.value.message_dict[field])
    stored = Application.objects.get(pk=application.pk)
    assert (stored.market, stored.version) == ("vorher", 1)


def test_an_innovation_date_in_the_future_is_refused(edition, applicant, applicant_user, cluster):
    application = draft(edition, applicant, applicant_user, cluster)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="Zukunft"):
        services.save_application(
            user=applicant_user,
            cluster=cluster,
            application=application,
            data={"innovation_date": tomorrow.isoformat()},
            version=1,
        )


def test_a_save_after_the_deadline_is_refused_with_the_time(
    edition, applicant, applicant_user, cluster, pinned_clock
):
    application = draft(edition, applicant, applicant_user, cluster)
    pinned_clock.shift(datetime.timedelta(days=31))
    with pytest.raises(phases.PhaseClosed) as error:
        services.save_application(
            user=applicant_user,
            cluster=cluster,
            application=application,
            data={"title": "Zu spät"},
            version=1,
        )
    deadline = timezone.localtime(edition.deadline)
    assert deadline.strftime("%d.%m.%Y") in str(error.value)
    assert deadline.strftime("%H:%M") in str(error.value)
    assert Application.objects.get(pk=application.pk).title == "Entwurf"


def test_a_submitted_application_stays_submitted_when_edited(
    edition, applicant, applicant_user, cluster
):
    application = make_application(edition, applicant, created_by=applicant_user)
    saved = services.save_application(
        user=applicant_user,
        cluster=cluster,
        application=application,
        data={"figures": "14 Beschäftigte"},
        version=application.version,
    )
    assert saved.status == ApplicationStatus.SUBMITTED
    with pytest.raises(ValidationError, match="beschreiben Sie die Innovation"):
        services.save_application(
            user=applicant_user,
            cluster=cluster,
            application=application,
            data={"description": ""},
            version=saved.version,
        )


def test_a_withdrawn_application_is_not_edited(edition, applicant, applicant_user, cluster):
    application = make_application(
        edition, applicant, status=ApplicationStatus.WITHDRAWN, created_by=applicant_user
    )
    with pytest.raises(ValidationError, match="zurückgezogene"):
        services.save_application(
            user=applicant_user,
            cluster=cluster,
            application=application,
            data={"title": "Neu"},
            version=application.version,
        )


def test_somebody_else_may_not_save(edition, applicant, applicant_user, member, cluster):
    application = draft(edition, applicant, applicant_user, cluster)
    with pytest.raises(PermissionDenied):
        services.save_application(
            user=member, cluster=cluster, application=application, data={"title": "X"}, version=1
        )


# --- partners -----------------------------------------------------------------------------------


def test_partners_from_the_directory(
    edition, applicant, applicant_user, institute, berlin_company, cluster
):
    application = draft(edition, applicant, applicant_user, cluster)
    services.set_partners(
        user=applicant_user,
        cluster=cluster,
        application=application,
        partners=[(institute, "Werkstoffprüfung"), (berlin_company, "")],
    )
    assert set(application.partners.values_list("actor__name", "role")) == {
        ("Institut für Fügetechnik Cottbus", "Werkstoffprüfung"),
        ("Spreeblech Berlin GmbH", ""),
    }
    services.set_partners(
        user=applicant_user,
        cluster=cluster,
        application=application,
        partners=[(institute, "Prüfung")],
    )
    assert list(application.partners.values_list("actor__name", "role")) == [
        ("Institut für Fügetechnik Cottbus", "Prüfung")
    ]


def test_the_applicant_itself_and_doubles_are_refused(
    edition, applicant, applicant_user, institute, cluster
):
    application = draft(edition, applicant, applicant_user, cluster)
    for partners, fragment in [
        ([(applicant, "")], "eigener Partner"),
        ([(institute, ""), (institute, "")], "bereits Partner"),
    ]:
        with pytest.raises(ValidationError, match=fragment):
            services.set_partners(
                user=applicant_user, cluster=cluster, application=application, partners=partners
            )
    assert not ApplicationPartner.objects.exists()


def test_an_actor_outside_the_directory_is_refused(
    edition, applicant, applicant_user, cluster, other_cluster
):
    stranger = make_actor(other_cluster, "Fremde Kunststoff GmbH")
    application = draft(edition, applicant, applicant_user, cluster)
    with pytest.raises(ValidationError, match="nicht im Verzeichnis"):
        services.set_partners(
            user=applicant_user,
            cluster=cluster,
            application=application,
            partners=[(stranger, "")],
        )
    assert not ApplicationPartner.objects.exists()


# --- attachments --------------------------------------------------------------------------------


def test_a_pdf_is_stored(edition, applicant, applicant_user, cluster):
    application = draft(edition, applicant, applicant_user, cluster)
    attachment = services.add_attachment(
        user=applicant_user,
        cluster=cluster,
        application=application,
        upload=pdf("../x/Konzept.pdf"),
    )
    assert attachment.file_name == "Konzept.pdf"
    assert bytes(Attachment.objects.get().content) == PDF
    assert attachment.size == len(PDF)


@pytest.mark.parametrize(
    ("upload", "fragment"),
    [
        (lambda: pdf("bild.png", b"\x89PNG\r\n", "image/png"), "keine PDF-Datei"),
        (lambda: pdf("tarnung.pdf", b"MZ\x90\x00 not a pdf %%EOF"), "keine PDF-Datei"),
        (lambda: pdf("text.pdf", PDF, "text/html"), "keine PDF-Datei"),
        (lambda: pdf("kaputt.pdf", PDF[:30]), "unvollständig oder beschädigt"),
        (lambda: pdf("leer.pdf", b""), "leer"),
    ],
)
def test_not_a_pdf_is_refused(edition, applicant, applicant_user, cluster, upload, fragment):
    application = draft(edition, applicant, applicant_user, cluster)
    with pytest.raises(ValidationError) as error:
        services.add_attachment(
            user=applicant_user, cluster=cluster, application=application, upload=upload()
        )
    assert fragment in " ".join(error.value.message_dict["file"])
    assert not Attachment.objects.exists()


def test_a_too_large_pdf_is_refused(edition, applicant, applicant_user, cluster):
    edition.max_attachment_mb = 1
    edition.save()
    application = draft(edition, applicant, applicant_user, cluster)
    big = PDF[:-6] + b" " * (1024 * 1024) + b"%%EOF\n"
    with pytest.raises(ValidationError, match=r"zu groß .*höchstens 1 MB"):
        services.add_attachment(
            user=applicant_user, cluster=cluster, application=application, upload=pdf(content=big)
        )
    assert not Attachment.objects.exists()


def test_at_most_five_attachments(edition, applicant, applicant_user, cluster):
    application = draft(edition, applicant, applicant_user, cluster)
    for number in range(5):
        services.add_attachment(
            user=applicant_user,
            cluster=cluster,
            application=application,
            upload=pdf(f"anlage-{number}.pdf"),
        )
    with pytest.raises(ValidationError, match="Höchstens 5 Anlagen"):
        services.add_attachment(
            user=applicant_user, cluster=cluster, application=application, upload=pdf()
        )
    assert Attachment.objects.count() == 5
    services.remove_attachment(
        user=applicant_user, cluster=cluster, attachment=Attachment.objects.first()
    )
    assert Attachment.objects.count() == 4


# --- submit and withdraw --------------------------------------------------------------------


def test_submit_sends_the_confirmation(
    edition, applicant, applicant_user, cluster, django_capture_on_commit_callbacks
):
    applicant_user.first_name = "Ines"
    applicant_user.save()
    application = draft(edition, applicant, applicant_user, cluster, **complete())
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.submit_application(
            user=applicant_user, cluster=cluster, application=application
        )
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.submitted_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant_user.email]
    assert message.subject == "Bewerbung eingereicht: Laserhybridschweißen"
    assert message.body.startswith("Guten Tag Ines,")
    assert "Titel: Laserhybridschweißen" in message.body
    assert "Bewerber: Metallbau Havelland GmbH" in message.body
    assert edition.title in message.body
    deadline = timezone.localtime(edition.deadline).strftime("%d.%m.%Y, %H:%M Uhr")
    assert f"Einsendeschluss: {deadline}" in message.body
    assert f"/innovationspreis/bewerbung/{application.uid}/" in message.body


def test_an_incomplete_draft_is_not_submitted(
    edition, applicant, applicant_user, cluster, django_capture_on_commit_callbacks
):
    application = draft(edition, applicant, applicant_user, cluster)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError) as error,
    ):
        services.submit_application(user=applicant_user, cluster=cluster, application=application)
    assert not callbacks
    assert set(error.value.message_dict) >= {
        "description",
        "stage",
        "innovation_date",
        "market",
        "ip_declaration",
    }
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT
    assert not mail.outbox


def test_an_applicant_without_a_site_in_brandenburg_is_not_submitted(
    edition, berlin_company, cluster
):
    from clusterwerk.matchmaking.tests.factories import make_representative

    user = make_representative(berlin_company, "chef@spreeblech.example", cluster)
    application = draft(edition, berlin_company, user, cluster, **complete())
    with pytest.raises(ValidationError, match="liegt nicht in Brandenburg"):
        services.submit_application(user=user, cluster=cluster, application=application)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT
    assert not mail.outbox


def test_a_research_institute_needs_a_company_partner(
    edition, institute, institute_user, applicant, cluster
):
    application = draft(edition, institute, institute_user, cluster, **complete())
    with pytest.raises(ValidationError, match="ohne ein Unternehmen als Partner"):
        services.submit_application(user=institute_user, cluster=cluster, application=application)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT
    services.set_partners(
        user=institute_user, cluster=cluster, application=application, partners=[(applicant, "")]
    )
    submitted = services.submit_application(
        user=institute_user, cluster=cluster, application=application
    )
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_an_idea_is_not_enough(edition, applicant, applicant_user, cluster):
    application = draft(edition, applicant, applicant_user, cluster, **complete(stage=Stage.IDEA))
    with pytest.raises(ValidationError, match="Experimentelle Entwicklung"):
        services.submit_application(user=applicant_user, cluster=cluster, application=application)


def test_submit_after_the_deadline_is_refused(
    edition, applicant, applicant_user, cluster, pinned_clock
):
    application = draft(edition, applicant, applicant_user, cluster, **complete())
    pinned_clock.shift(datetime.timedelta(days=30, seconds=1))
    with pytest.raises(phases.PhaseClosed, match="Einsendeschluss"):
        services.submit_application(user=applicant_user, cluster=cluster, application=application)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT


def test_withdraw_before_the_deadline(
    edition, applicant, applicant_user, cluster, django_capture_on_commit_callbacks
):
    application = make_application(edition, applicant, created_by=applicant_user)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = services.withdraw_application(
            user=applicant_user, cluster=cluster, application=application
        )
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert withdrawn.withdrawn_at is not None
    assert mail.outbox[0].subject.startswith("Bewerbung zurückgezogen")


def test_withdraw_after_the_deadline_is_refused(
    edition, applicant, applicant_user, cluster, pinned_clock
):
    application = make_application(edition, applicant, created_by=applicant_user)
    pinned_clock.shift(datetime.timedelta(days=31))
    with pytest.raises(phases.PhaseClosed, match="Der Einsendeschluss war am"):
        services.withdraw_application(user=applicant_user, cluster=cluster, application=application)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_the_kinds_rule_accepts_a_company(edition, applicant, applicant_user, cluster):
    EligibilityRule.objects.create(
        edition=edition, kind=RuleKind.APPLICANT_KINDS, parameter=ActorKind.COMPANY
    )
    assert draft(edition, applicant, applicant_user, cluster).pk
