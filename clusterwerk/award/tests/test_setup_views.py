"""The set-up pages: the archive and the public call page, the management's list, dashboard,
edition form, criteria, rules, phase change and formal check – forms re-render with German
errors and keep the input, an edit changes exactly what was changed, 403 for non-managers,
404 for another cluster's management under its own cluster."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from clusterwerk.award.models import (
    ApplicationStatus,
    AuditEntry,
    AwardEdition,
    Criterion,
    Decision,
    FormalCheck,
    Phase,
    RuleKind,
    Stage,
)
from clusterwerk.award.tests.factories import make_application, make_award_edition
from clusterwerk.award.views import setup as setup_views
from clusterwerk.events.tests.factories import make_event

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def html(response) -> str:
    return response.content.decode()


# --- public pages ------------------------------------------------------------------------------


def test_the_archive_shows_editions_past_preparation(cluster, edition, manager_client):
    client = Client()
    make_award_edition(cluster, year=edition.year + 1, phase=Phase.PREPARATION, title="Geheim")
    page = html(client.get("/innovationspreis/"))
    assert edition.title in page and "Geheim" not in page and "Neuer Jahrgang" not in page
    page = html(manager_client.get("/innovationspreis/"))
    assert "Geheim" in page and "Neuer Jahrgang" in page


def test_the_call_page(client, cluster, edition, monkeypatch):
    conference = make_event(cluster, title="Clusterkonferenz")
    edition.ceremony_event = conference
    edition.ceremony_on = timezone.localtime(conference.starts_at).date()
    edition.save()
    real = setup_views.safe_reverse
    monkeypatch.setattr(
        setup_views,
        "safe_reverse",
        lambda name, *args: "/bewerben-test/" if name == "award:apply" else real(name, *args),
    )
    response = client.get(f"/innovationspreis/{edition.year}/")
    page = html(response)
    assert response.status_code == 200
    assert "Bis zu 3 Preisträger teilen sich 10.000 € zu gleichen Teilen" in page
    assert "je 3.333,33 €" in page
    assert "Sonderpreis" in page
    assert "Innovationshöhe" in page and "(Gewicht 0,35)" in page
    assert "Neu auf dem Weltmarkt oder ein technischer Durchbruch." in page
    assert "Die Innovation ist am Einsendeschluss höchstens 3 Jahre alt." in page
    assert 'href="/bewerben-test/"' in page and "Jetzt bewerben" in page
    deadline = timezone.localtime(edition.deadline)
    assert f"{deadline:%H:%M} Uhr möglich (Einsendeschluss)" in page
    assert "Clusterkonferenz" in page and conference.get_absolute_url() in page
    assert "award/_winners" not in page and "Preisträger</h2>" not in page


def test_after_the_deadline_a_notice_instead_of_the_button(client, edition):
    edition.deadline = timezone.now() - datetime.timedelta(minutes=1)
    edition.save()
    page = html(client.get(f"/innovationspreis/{edition.year}/"))
    assert "Jetzt bewerben" not in page
    assert "Bewerbungen sind nicht mehr möglich." in page


def test_a_published_edition_includes_the_winners(client, edition, applicant):
    make_application(edition, applicant, title="Rührreibschweißen", decision=Decision.WINNER)
    page = html(client.get(f"/innovationspreis/{edition.year}/"))
    assert "Rührreibschweißen" not in page
    edition.phase = Phase.PUBLISHED
    edition.save()
    page = html(client.get(f"/innovationspreis/{edition.year}/"))
    assert f'id="award-results-{edition.year}"' in page
    assert "Rührreibschweißen" in page


def test_an_edition_in_preparation_is_not_public(client, edition, member_client_factory):
    edition.phase = Phase.PREPARATION
    edition.save()
    assert client.get(f"/innovationspreis/{edition.year}/").status_code == 404
    assert (
        member_client_factory("member").get(f"/innovationspreis/{edition.year}/").status_code == 404
    )


# --- permissions -------------------------------------------------------------------------------


def management_pages(year) -> list[str]:
    base = f"/innovationspreis/{year}/verwaltung/"
    return [
        "/innovationspreis/verwaltung/",
        "/innovationspreis/verwaltung/neu/",
        base,
        base + "bearbeiten/",
        base + "kriterien/",
        base + "regeln/",
        base + "formale-pruefung/",
    ]


def test_management_pages_are_for_the_management(edition, member_client_factory, manager_client):
    client = Client()
    for url in management_pages(edition.year):
        assert manager_client.get(url).status_code == 200, url
        assert member_client_factory("member").get(url).status_code == 403, url
        assert client.get(url).status_code == 302, url  # to the login


def test_another_clusters_management_gets_404_under_its_cluster(
    edition, other_cluster, member_client_factory
):
    other = member_client_factory("other_cluster_manager")
    for url in management_pages(edition.year)[2:]:
        assert other.get(f"/c/kunststoffe{url}").status_code == 404, url
        assert other.get(url).status_code == 403, url
    response = other.post(f"/c/kunststoffe/innovationspreis/{edition.year}/verwaltung/phase/")
    assert response.status_code == 404
    edition.refresh_from_db()
    assert edition.phase == Phase.CALL


def test_writes_by_members_are_refused_and_write_nothing(edition, member_client_factory):
    member = member_client_factory("member")
    base = f"/innovationspreis/{edition.year}/verwaltung/"
    assert member.post(base + "bearbeiten/", {"title": "X"}).status_code == 403
    assert member.post(base + "phase/").status_code == 403
    edition.refresh_from_db()
    assert edition.title != "X" and edition.phase == Phase.CALL


def test_the_management_list_counts(manager_client, edition, applicant, jurors):
    make_application(edition, applicant, title="Eins")
    make_application(edition, applicant, title="Zwei")
    make_application(edition, applicant, title="Entwurf", status=ApplicationStatus.DRAFT)
    response = manager_client.get("/innovationspreis/verwaltung/")
    (row,) = response.context["editions"]
    assert (row.submitted, row.jurors) == (2, 5)
    assert "Neuer Jahrgang" in html(response)


# --- the edition form --------------------------------------------------------------------------


def edition_form(edition=None, **overrides) -> dict:
    deadline = timezone.localtime(timezone.now() + datetime.timedelta(days=90))
    data = {
        "year": str(timezone.localdate().year + 2),
        "title": "Innovationspreis Metall",
        "description": "Gesucht sind Innovationen.",
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "prize_money": "10000.00",
        "max_winners": "3",
        "has_special_prize": "on",
        "reviews_per_application": "3",
        "aggregation": "mean",
        "disagreement_threshold": "1.50",
        "max_attachment_mb": "10",
    }
    data.update(overrides)
    return data


def test_create_with_errors_keeps_the_input_then_saves(manager_client, cluster):
    response = manager_client.post(
        "/innovationspreis/verwaltung/neu/",
        edition_form(title="Mein Titel", prize_money="viel", max_winners="0"),
    )
    page = html(response)
    assert response.status_code == 400
    assert "Bitte eine Zahl angeben." in page and "Bitte eine Zahl von 1 bis 10." in page
    assert 'value="Mein Titel"' in page and "Gesucht sind Innovationen." in page
    assert not AwardEdition.objects.exists()
    response = manager_client.post("/innovationspreis/verwaltung/neu/", edition_form())
    edition = AwardEdition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/innovationspreis/{edition.year}/verwaltung/"
    assert edition.phase == Phase.PREPARATION and edition.criteria.count() == 4


def test_a_taken_year_is_named(manager_client, edition):
    response = manager_client.post(
        "/innovationspreis/verwaltung/neu/", edition_form(year=str(edition.year))
    )
    assert response.status_code == 400
    assert f"Für {edition.year} gibt es in diesem Cluster schon einen Preisjahrgang." in html(
        response
    )


def current_form(manager_client, edition) -> dict:
    """The edit form as the browser would send it back unchanged."""
    response = manager_client.get(f"/innovationspreis/{edition.year}/verwaltung/bearbeiten/")
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if getattr(field.widget, "input_type", "") == "checkbox":
            if value:
                data[name] = "on"
            continue
        data[name] = field.widget.format_value(value) or ""
    return data


def test_an_edit_changes_exactly_what_was_changed(manager_client, edition):
    edition.deadline = edition.deadline.replace(second=37, microsecond=123456)
    edition.save()
    before = AwardEdition.objects.values().get(pk=edition.pk)
    data = current_form(manager_client, edition)
    data["title"] = "Neuer Titel"
    response = manager_client.post(f"/innovationspreis/{edition.year}/verwaltung/bearbeiten/", data)
    assert response.status_code == 302, html(response)
    after = AwardEdition.objects.values().get(pk=edition.pk)
    assert {key for key in before if before[key] != after[key]} == {"title", "updated_at"}
    assert after["deadline"] == before["deadline"]


def test_the_ceremony_is_picked_from_the_clusters_events(
    manager_client, edition, cluster, other_cluster
):
    conference = make_event(cluster, title="Clusterkonferenz 2027")
    foreign = make_event(other_cluster, title="Fremde Konferenz")
    page = html(manager_client.get(f"/innovationspreis/{edition.year}/verwaltung/bearbeiten/"))
    assert "Clusterkonferenz 2027" in page and "Fremde Konferenz" not in page
    data = current_form(manager_client, edition)
    data["ceremony_event"] = str(foreign.pk)
    response = manager_client.post(f"/innovationspreis/{edition.year}/verwaltung/bearbeiten/", data)
    assert response.status_code == 400
    data["ceremony_event"] = str(conference.pk)
    manager_client.post(f"/innovationspreis/{edition.year}/verwaltung/bearbeiten/", data)
    edition.refresh_from_db()
    assert edition.ceremony_event == conference


def test_the_edit_is_closed_after_the_call(manager_client, edition):
    edition.phase = Phase.SCORING
    edition.save()
    data = current_form(manager_client, edition)
    data["title"] = "Zu spät"
    response = manager_client.post(f"/innovationspreis/{edition.year}/verwaltung/bearbeiten/", data)
    assert response.status_code == 403
    assert "In der Phase „Bewertung“ ist das nicht möglich." in html(response)
    edition.refresh_from_db()
    assert edition.title != "Zu spät"


# --- criteria and rules ------------------------------------------------------------------------


def criteria_form(edition, change=None, extra=None) -> dict:
    criteria = list(edition.criteria.all())
    data = {
        "kriterien-TOTAL_FORMS": str(len(criteria) + 1),
        "kriterien-INITIAL_FORMS": str(len(criteria)),
        "kriterien-MIN_NUM_FORMS": "0",
        "kriterien-MAX_NUM_FORMS": "12",
    }
    for index, criterion in enumerate(criteria):
        prefix = f"kriterien-{index}-"
        data.update(
            {
                prefix + "id": str(criterion.pk),
                prefix + "title": criterion.title,
                prefix + "key": criterion.key,
                prefix + "description": criterion.description,
                prefix + "weight": str(criterion.weight),
                prefix + "knock_out_below": ""
                if criterion.knock_out_below is None
                else str(criterion.knock_out_below),
            }
        )
        if criterion.is_required:
            data[prefix + "is_required"] = "on"
        for step, label in enumerate(criterion.scale_labels):
            data[f"{prefix}label_{step}"] = label
    data.update(change or {})
    data.update(extra or {})
    return data


def test_criteria_change_add_and_delete(manager_client, edition):
    url = f"/innovationspreis/{edition.year}/verwaltung/kriterien/"
    innovation = Criterion.objects.values().get(edition=edition, key="innovation")
    new = {f"kriterien-4-label_{step}": f"Satz {step}" for step in range(6)}
    new.update({"kriterien-4-title": "Nachhaltigkeit", "kriterien-4-weight": "0,2"})
    response = manager_client.post(
        url,
        criteria_form(
            edition, {"kriterien-1-weight": "0,4", "kriterien-3-DELETE": "on"}, extra=new
        ),
    )
    assert response.status_code == 302, html(response)
    assert list(edition.criteria.values_list("key", "weight")) == [
        ("innovation", Decimal("0.35")),
        ("market", Decimal("0.40")),
        ("relevance", Decimal("0.25")),
        ("nachhaltigkeit", Decimal("0.20")),
    ]
    assert Criterion.objects.values().get(edition=edition, key="innovation") == innovation


def test_criteria_errors_land_on_the_inputs(manager_client, edition):
    url = f"/innovationspreis/{edition.year}/verwaltung/kriterien/"
    before = list(Criterion.objects.values())
    response = manager_client.post(
        url,
        criteria_form(
            edition,
            {
                "kriterien-0-weight": "schwer",
                "kriterien-2-label_3": "",
                "kriterien-1-title": "Markt!",
            },
        ),
    )
    page = html(response)
    assert response.status_code == 400
    assert "Gewicht: Bitte eine Zahl angeben." in page
    assert "Jede Stufe von 0 bis 5 braucht einen Satz." in page
    assert 'value="schwer"' in page and 'value="Markt!"' in page
    assert list(Criterion.objects.values()) == before


def test_rules_form(manager_client, edition):
    url = f"/innovationspreis/{edition.year}/verwaltung/regeln/"
    page = html(manager_client.get(url))
    assert "Standort in Brandenburg" in page
    data = {
        RuleKind.SITE_IN_BRANDENBURG: "on",
        RuleKind.MIN_STAGE: "on",
        f"{RuleKind.MIN_STAGE}_parameter": Stage.PROTOTYPE,
        RuleKind.MAX_AGE_YEARS: "on",
        f"{RuleKind.MAX_AGE_YEARS}_parameter": "null",
    }
    response = manager_client.post(url, data)
    assert response.status_code == 400
    assert "Bitte eine ganze Zahl angeben." in html(response)
    assert edition.rules.count() == 5
    data[f"{RuleKind.MAX_AGE_YEARS}_parameter"] = "4"
    data[RuleKind.APPLICANT_KINDS] = "on"
    data[f"{RuleKind.APPLICANT_KINDS}_parameter"] = ["company", "craft_business"]
    assert manager_client.post(url, data).status_code == 302
    assert list(edition.rules.values_list("kind", "parameter")) == [
        (RuleKind.SITE_IN_BRANDENBURG, ""),
        (RuleKind.MIN_STAGE, "prototype"),
        (RuleKind.MAX_AGE_YEARS, "4"),
        (RuleKind.APPLICANT_KINDS, "company,craft_business"),
    ]


# --- dashboard and phase -----------------------------------------------------------------------


def test_the_dashboard_counts_and_names_the_next_step(manager_client, edition, applicant):
    make_application(edition, applicant, title="Eingereicht")
    make_application(edition, applicant, title="Geheimer Entwurf", status=ApplicationStatus.DRAFT)
    make_application(edition, applicant, title="Weg", status=ApplicationStatus.WITHDRAWN)
    response = manager_client.get(f"/innovationspreis/{edition.year}/verwaltung/")
    page = html(response)
    counts = response.context["counts"]
    assert (counts["drafts"], counts["submitted"], counts["withdrawn"]) == (1, 1, 1)
    assert "Nächster Schritt: Phase „Formale Prüfung“." in page
    assert "ist noch nicht erreicht" in page
    assert f'href="/innovationspreis/{edition.year}/verwaltung/kriterien/"' in page
    assert "Geheimer Entwurf" not in page  # counts only, no drafts' content


def test_the_phase_button_moves_on_or_says_why_not(manager_client, edition):
    url = f"/innovationspreis/{edition.year}/verwaltung/phase/"
    response = manager_client.post(url, follow=True)
    assert "ist noch nicht erreicht" in html(response)
    edition.refresh_from_db()
    assert edition.phase == Phase.CALL
    edition.deadline = timezone.now() - datetime.timedelta(minutes=1)
    edition.save()
    response = manager_client.post(url, follow=True)
    assert "Der Jahrgang ist jetzt in der Phase „Formale Prüfung“." in html(response)
    assert AuditEntry.objects.count() == 1
    assert manager_client.get(url).status_code == 405


# --- formal check ------------------------------------------------------------------------------


@pytest.fixture
def checking(edition):
    edition.phase = Phase.FORMAL_CHECK
    edition.deadline = timezone.now() - datetime.timedelta(days=1)
    edition.save()
    return edition


def test_the_formal_check_page_explains_and_proposes(
    manager_client, checking, applicant, berlin_company
):
    make_application(checking, applicant, title="Gute Bewerbung")
    make_application(checking, berlin_company, title="Berliner Bewerbung", stage=Stage.IDEA)
    make_application(checking, applicant, title="Nur Entwurf", status=ApplicationStatus.DRAFT)
    page = html(
        manager_client.get(f"/innovationspreis/{checking.year}/verwaltung/formale-pruefung/")
    )
    assert "Gute Bewerbung" in page and "Berliner Bewerbung" in page
    assert "Nur Entwurf" not in page
    assert "Standort: Berlin (Berlin) liegt nicht in Brandenburg – nicht erfüllt" in page
    assert "Entwicklungsstand „Idee“ liegt unter „Experimentelle Entwicklung“" in page
    assert "Vorschlag: <strong>nicht zugelassen</strong>" in page
    assert "Vorschlag: <strong>zugelassen</strong>" in page


def test_record_a_verdict_by_htmx_and_without(manager_client, checking, applicant):
    application = make_application(checking, applicant)
    url = f"/innovationspreis/{checking.year}/verwaltung/formale-pruefung/{application.uid}/"
    prefix = f"pruefung-{application.pk}-"
    response = manager_client.post(
        url, {prefix + "verdict": "ineligible", prefix + "note": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "Bitte begründen Sie" in html(response) and "<html" not in html(response)
    application.refresh_from_db()
    assert application.formal_check == FormalCheck.PENDING
    response = manager_client.post(
        url,
        {prefix + "verdict": "ineligible", prefix + "note": "Kein Standort"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Gespeichert." in html(response)
    application.refresh_from_db()
    assert application.formal_check == FormalCheck.INELIGIBLE
    assert application.formal_check_note == "Kein Standort"
    response = manager_client.post(url, {prefix + "verdict": "eligible", prefix + "note": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.formal_check == FormalCheck.ELIGIBLE


def test_an_error_without_htmx_rerenders_the_page_with_the_input(
    manager_client, checking, applicant
):
    application = make_application(checking, applicant)
    url = f"/innovationspreis/{checking.year}/verwaltung/formale-pruefung/{application.uid}/"
    prefix = f"pruefung-{application.pk}-"
    response = manager_client.post(url, {prefix + "verdict": "vielleicht"})
    assert response.status_code == 400
    assert "Formale Prüfung" in html(response) and "<html" in html(response)


def test_no_verdict_outside_the_phase(manager_client, edition, applicant):
    application = make_application(edition, applicant)
    url = f"/innovationspreis/{edition.year}/verwaltung/formale-pruefung/{application.uid}/"
    prefix = f"pruefung-{application.pk}-"
    response = manager_client.post(url, {prefix + "verdict": "eligible"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.formal_check == FormalCheck.PENDING
