"""The issue's whole journey in the browser (Debian's chromium): a company applies and submits
on a 390 px phone (a required declaration forgotten first); the deadline passes on the pinned
clock and a late edit is refused with the time; the management runs the formal check, detects
and pins the conflict of a juror from the applicant's partner institute, assigns the reviews
and opens the scoring (at a desk); the jurors, on phones, accept the confidentiality
declaration and score blind, the
conflicted juror finds nothing of the application (pages and API); in the discussion the
jurors see each other's scores and comments; the management decides and releases, and the
public winners page shows the winner on a phone. axe-core finds no WCAG 2.1 AA violation on
any page visited."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clusterwerk.accounts.models import Role
from clusterwerk.award.models import (
    Application,
    ApplicationStatus,
    Comment,
    Conflict,
    ConflictStatus,
    Decision,
    FormalCheck,
    Phase,
    Review,
    ReviewStatus,
)
from clusterwerk.award.tests.factories import make_award_edition, make_juror
from conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TITLE = "Laserhybridschweißen für Dickbleche"
DESCRIPTION = "Laser und Lichtbogen schweißen Dickbleche in einem Zug."
MARKET = "Stahlbau und Schiffbau in Norddeutschland."
# The jurors' scores per criterion key: juror 2 and juror 3 differ, so that each one's numbers
# can be told apart on the page.
SCORES = {
    "juror2": {"innovation": 4, "market": 3, "relevance": 5, "social": 2},
    "juror3": {"innovation": 2, "market": 1, "relevance": 3, "social": 4},
}
WIDER_THAN_PHONE = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > 391).slice(0, 8)
    .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""
WAIT_FOR_SETTLED = """() => {
    const form = document.querySelector('form[hx-post*="autosave"]');
    return form && !form.classList.contains('htmx-request');
}"""
WAIT_FOR_AUTOSAVE = """() => {
    const form = document.querySelector('form[hx-post*="autosave"]');
    const status = document.querySelector('#autosave-status');
    return form && !form.classList.contains('htmx-request')
        && status.textContent.includes('Gespeichert um');
}"""


@pytest.fixture
def open_page(browser, browser_context_args):
    """A fresh browser context (own cookies = own person) with a phone or desktop viewport."""
    contexts = []

    def open_device(viewport=PHONE):
        context = browser.new_context(**browser_context_args, viewport=viewport)
        contexts.append(context)
        return context.new_page()

    yield open_device
    for context in contexts:
        context.close()


@pytest.fixture
def check(axe):
    """axe on the page; on a phone also: nothing wider than the phone."""

    def check_page(page):
        if page.viewport_size == PHONE:
            width = page.evaluate("document.documentElement.scrollWidth")
            wide = page.evaluate(WIDER_THAN_PHONE)
            assert width <= PHONE["width"], f"{page.url} is {width} px wide: {wide}"
        axe(page)

    return check_page


def hidden_tail(visible: str, hidden: str):
    """A button's or link's name whose tail is visually hidden (`<span class="visually-hidden">:
    …</span>`): chromium puts a space before the colon."""
    return re.compile(rf"^{re.escape(visible)}\s*:\s*{re.escape(hidden)}")


def _deadline_message(edition) -> str:
    deadline = timezone.localtime(edition.deadline)
    return (
        f"Der Einsendeschluss war am {deadline:%d.%m.%Y} um {deadline:%H:%M} Uhr; "
        "es kann nichts mehr geändert werden."
    )


def _advance(page, live_server, check, edition, label: str) -> None:
    page.goto(live_server.url + reverse("award:manage", args=[edition.year]))
    check(page)
    page.get_by_role("button", name=f"Weiter zur Phase „{label}“").click()
    expect(page.get_by_text(f"Der Jahrgang ist jetzt in der Phase „{label}“.")).to_be_visible()
    check(page)


def _score(page, live_server, check, edition, application, scores: dict[str, int]) -> None:
    """A juror scores their review from the jury's start page."""
    page.goto(live_server.url + reverse("award:jury-home", args=[edition.year]))
    check(page)
    page.get_by_role("link", name=hidden_tail("Bewerten", application.title)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ihre Bewertung: {TITLE}")
    check(page)
    for criterion in edition.criteria.all():
        group = page.get_by_role("group", name=re.compile(re.escape(criterion.title)))
        group.get_by_label(re.compile(rf"^{scores[criterion.key]} –")).check()
    page.get_by_label("Anmerkung für die Jury").fill("Überzeugender Prototyp.")
    page.get_by_role("button", name="Bewertung abgeben").click()
    expect(page.get_by_text("Ihre Bewertung ist abgegeben.")).to_be_visible()
    check(page)


def _api_status(page, live_server, path: str) -> int:
    return page.request.get(live_server.url + path).status


def test_apply_deadline_formal_check_conflict_blind_scoring_discussion_decision_winners(
    open_page,
    check,
    live_server,
    login_in_browser,
    cluster,
    cluster_manager,
    applicant,
    applicant_user,
    institute,
    pinned_clock,
):
    deadline = (timezone.now() + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    edition = make_award_edition(cluster, deadline=deadline, reviews_per_application=2)
    people = {
        name: make_user(
            f"{name}@jury.example", cluster, Role.JURY, first_name=first, last_name=last
        )
        for name, first, last in (
            ("juror1", "Ines", "Institut"),
            ("juror2", "Jana", "Zwei"),
            ("juror3", "Jonas", "Drei"),
        )
    }
    seats = {
        "juror1": make_juror(
            edition, "", user=people["juror1"], accepted=False, affiliation=institute
        ),
        "juror2": make_juror(edition, "", user=people["juror2"], accepted=False),
        "juror3": make_juror(edition, "", user=people["juror3"], accepted=False),
    }

    # --- The company applies on a phone -----------------------------------------------------
    company = open_page(PHONE)
    login_in_browser(company, applicant_user)
    company.goto(live_server.url + reverse("award:apply", args=[edition.year]))
    expect(company.get_by_label("Metallbau Havelland GmbH")).to_be_checked()
    check(company)
    company.get_by_label("Titel der Innovation").fill(TITLE)
    company.get_by_role("button", name="Entwurf anlegen").click()
    expect(company.get_by_role("heading", name="Bewerbung bearbeiten")).to_be_visible()
    check(company)
    application = Application.objects.get()

    # The partner institute from the directory.
    company.get_by_label("Partner im Verzeichnis suchen").fill("Fügetechnik")
    company.get_by_role("button", name="Suchen").click()
    company.get_by_role(
        "button", name=hidden_tail("Als Partner hinzufügen", "Institut für Fügetechnik")
    ).click()
    expect(company.get_by_text("Institut für Fügetechnik Cottbus ist als Partner")).to_be_visible()
    check(company)

    # Everything but the declaration on intellectual property (autosaved).
    company.get_by_label("Beschreibung der Innovation").fill(DESCRIPTION)
    company.get_by_label("Markt und Kunden").fill(MARKET)
    day = timezone.localdate() - datetime.timedelta(days=200)
    company.get_by_label("Entstanden am").fill(day.isoformat())
    company.get_by_label("Entwicklungsstand").select_option("prototype")
    company.get_by_label("Wird die Bewerbung nominiert").check()
    company.wait_for_function(WAIT_FOR_AUTOSAVE)
    expect(company.get_by_role("status").filter(has_text="Gespeichert um")).to_be_visible()
    check(company)
    application.refresh_from_db()
    assert (application.description, application.market) == (DESCRIPTION, MARKET)
    assert (application.stage, application.innovation_date) == ("prototype", day)
    assert application.publication_consent and not application.ip_declaration

    # Submitting without the declaration: refused in German, nothing lost.
    company.goto(live_server.url + reverse("award:application-detail", args=[application.uid]))
    check(company)
    company.get_by_role("button", name="Jetzt einreichen").click()
    expect(company.get_by_text("Die Bewerbung ist noch nicht eingereicht:")).to_be_visible()
    expect(
        company.get_by_role("status").get_by_text(
            "Bitte bestätigen Sie die Erklärung zu Schutzrechten."
        )
    ).to_be_visible()
    check(company)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert (application.description, application.market) == (DESCRIPTION, MARKET)
    company.get_by_role("link", name="Bearbeiten", exact=True).click()
    expect(company.get_by_label("Beschreibung der Innovation")).to_have_value(DESCRIPTION)
    expect(company.get_by_label("Markt und Kunden")).to_have_value(MARKET)
    expect(company.get_by_label("Entstanden am")).to_have_value(day.isoformat())
    company.get_by_label("Wir versichern").check()
    company.wait_for_function(WAIT_FOR_AUTOSAVE)
    check(company)
    company.goto(live_server.url + reverse("award:application-detail", args=[application.uid]))
    company.get_by_role("button", name="Jetzt einreichen").click()
    expect(company.get_by_text("Ihre Bewerbung ist eingereicht.")).to_be_visible()
    check(company)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert list(application.partners.values_list("actor", flat=True)) == [institute.pk]

    # --- The deadline passes: a late edit is refused with the time --------------------------
    company.get_by_role("link", name="Bearbeiten", exact=True).click()
    expect(company.get_by_role("heading", name="Bewerbung bearbeiten")).to_be_visible()
    pinned_clock.shift(datetime.timedelta(hours=3))
    # The autosave is refused in the status line, the text stays in the field ...
    summary = company.get_by_role("textbox", name="Kurzbeschreibung")
    summary.fill("Zu spät geändert.")
    summary.press("Tab")
    status = company.get_by_role("status").filter(has_text="Einsendeschluss vorbei")
    expect(status).to_contain_text(_deadline_message(edition))
    company.wait_for_function(WAIT_FOR_SETTLED)
    check(company)
    # ... and so is saving with the button (the form comes back with the text).
    company.get_by_role("button", name="Speichern und weiter").click()
    expect(company.get_by_role("alert")).to_contain_text(_deadline_message(edition))
    expect(company.get_by_role("textbox", name="Kurzbeschreibung")).to_have_value(
        "Zu spät geändert."
    )
    check(company)
    application.refresh_from_db()
    assert application.summary == ""

    # --- The management: formal check, conflicts, assignment --------------------------------
    office = open_page(DESKTOP)
    login_in_browser(office, cluster_manager)
    _advance(office, live_server, check, edition, "Formale Prüfung")
    office.goto(live_server.url + reverse("award:formal-check", args=[edition.year]))
    row = office.get_by_role("listitem").filter(
        has=office.get_by_role("heading", name=TITLE, level=2)
    )
    expect(row.get_by_text("Vorschlag: zugelassen")).to_be_visible()
    check(office)
    row.get_by_label("zugelassen", exact=True).check()
    row.get_by_role("button", name=hidden_tail("Ergebnis speichern", TITLE)).click()
    expect(office.get_by_role("status").filter(has_text="Gespeichert.")).to_be_visible()
    check(office)
    application.refresh_from_db()
    assert application.formal_check == FormalCheck.ELIGIBLE

    office.goto(live_server.url + reverse("award:conflicts", args=[edition.year]))
    check(office)
    office.get_by_role("button", name="Befangenheiten erkennen").click()
    expect(office.get_by_text("1 neue mögliche Befangenheiten erkannt.")).to_be_visible()
    check(office)
    conflict = Conflict.objects.get()
    assert (conflict.jury_member, conflict.application) == (seats["juror1"], application)
    assert conflict.status == ConflictStatus.PROPOSED
    proposal = (
        office.get_by_role("region", name=re.compile("^Vorgeschlagen"))
        .get_by_role("listitem")
        .filter(has=office.get_by_role("heading", name=re.compile(re.escape(TITLE))))
    )
    expect(proposal).to_contain_text("juror1@jury.example")
    proposal.get_by_label("Entscheidung").select_option("pin")
    proposal.get_by_label("Begründung").fill("Das Institut ist Partner der Bewerbung.")
    proposal.get_by_role("button", name=re.compile("^Entscheiden")).click()
    expect(office.get_by_text("Die Entscheidung ist gespeichert.")).to_be_visible()
    expect(office.get_by_role("heading", name="Bestätigt (1)")).to_be_visible()
    check(office)
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.PINNED

    office.goto(live_server.url + reverse("award:assignment", args=[edition.year]))
    check(office)
    office.get_by_role("button", name="Bewertungen automatisch verteilen").click()
    expect(office.get_by_text("Bewertungen verteilt: 2 neu")).to_be_visible()
    check(office)
    assert set(Review.objects.values_list("jury_member", flat=True)) == {
        seats["juror2"].pk,
        seats["juror3"].pk,
    }

    # --- The jurors accept the confidentiality declaration ----------------------------------
    jurors = {}
    for name in ("juror1", "juror2", "juror3"):
        page = jurors[name] = open_page(PHONE)
        login_in_browser(page, people[name])
        page.goto(live_server.url + reverse("award:jury-home", args=[edition.year]))
        expect(
            page.get_by_text("nehmen Sie bitte die Vertraulichkeitserklärung an")
        ).to_be_visible()
        check(page)
        page.get_by_label("Ich habe die Vertraulichkeitserklärung gelesen").check()
        page.get_by_role("button", name="Erklärung annehmen").click()
        expect(
            page.get_by_text("Sie haben die Vertraulichkeitserklärung angenommen")
        ).to_be_visible()
        check(page)

    _advance(office, live_server, check, edition, "Bewertung")

    # --- Blind scoring ----------------------------------------------------------------------
    _score(jurors["juror2"], live_server, check, edition, application, SCORES["juror2"])
    _score(jurors["juror3"], live_server, check, edition, application, SCORES["juror3"])
    assert set(Review.objects.values_list("status", flat=True)) == {ReviewStatus.SUBMITTED}

    detail = reverse("award:application-detail", args=[application.uid])
    api_application = f"/api/v1/award/applications/{application.pk}"
    api_reviews = f"{api_application}/reviews"
    juror2 = jurors["juror2"]
    juror2.goto(live_server.url + detail)
    expect(juror2.get_by_role("heading", name="Ihre Bewertung")).to_be_visible()
    expect(
        juror2.get_by_role("heading", name="Bewertungen der anderen Jurymitglieder")
    ).to_have_count(0)
    expect(juror2.get_by_text("Jonas Drei")).to_have_count(0)
    check(juror2)
    answer = juror2.request.get(live_server.url + api_reviews)
    assert answer.status == 200
    assert [(review["own"], review["scores"]) for review in answer.json()] == [
        (True, SCORES["juror2"])
    ]

    # The conflicted juror finds nothing of the application: list, page, score form, API.
    juror1 = jurors["juror1"]
    juror1.goto(live_server.url + reverse("award:jury-home", args=[edition.year]))
    expect(juror1.get_by_text("Ihnen sind noch keine Bewerbungen zugewiesen.")).to_be_visible()
    expect(juror1.get_by_text(TITLE)).to_have_count(0)
    check(juror1)
    for path in (detail, reverse("award:review", args=[application.uid])):
        assert juror1.goto(live_server.url + path).status == 404
        expect(juror1.get_by_text(TITLE)).to_have_count(0)
        check(juror1)
    for path in (api_application, api_reviews):
        answer = juror1.request.get(live_server.url + path)
        assert answer.status == 404, path
        assert TITLE not in answer.text()
    assert (
        juror1.request.get(
            live_server.url + f"/api/v1/award/editions/{edition.year}/my-assignments"
        ).json()
        == []
    )

    # --- Discussion: the others' scores and comments ----------------------------------------
    _advance(office, live_server, check, edition, "Diskussion")
    juror2.goto(live_server.url + detail)
    juror2.get_by_label("Ihr Kommentar").fill("Die Marktchancen sehe ich vorsichtiger.")
    juror2.get_by_role("button", name="Kommentar speichern").click()
    expect(juror2.get_by_text("Ihr Kommentar ist gespeichert.")).to_be_visible()
    check(juror2)
    assert Comment.objects.get().text == "Die Marktchancen sehe ich vorsichtiger."

    juror3 = jurors["juror3"]
    juror3.goto(live_server.url + detail)
    others = juror3.locator("section").filter(
        has=juror3.get_by_role("heading", name="Bewertungen der anderen Jurymitglieder")
    )
    expect(others).to_be_visible()
    other = (
        others.get_by_role("listitem").filter(has_text="Gesamtwert").filter(has_text="Jana Zwei")
    )
    expect(other).to_contain_text("Innovationshöhe4")
    expect(other).to_contain_text("Überzeugender Prototyp.")
    expect(juror3.get_by_text("Die Marktchancen sehe ich vorsichtiger.")).to_be_visible()
    check(juror3)
    answer = juror3.request.get(live_server.url + api_reviews)
    assert sorted(review["scores"]["innovation"] for review in answer.json()) == [2, 4]
    for path in (api_application, api_reviews):
        assert _api_status(juror1, live_server, path) == 404, path
    assert juror1.goto(live_server.url + detail).status == 404
    expect(juror1.get_by_text("vorsichtiger")).to_have_count(0)
    check(juror1)

    # --- Decision and release ---------------------------------------------------------------
    _advance(office, live_server, check, edition, "Entscheidung")
    office.goto(live_server.url + reverse("award:decisions", args=[edition.year]))
    check(office)
    item = office.locator(f"#a{application.pk}")
    item.get_by_role("combobox", name=re.compile("^Entscheidung")).select_option(Decision.WINNER)
    item.get_by_role("button", name=hidden_tail("Entscheidung speichern", TITLE)).click()
    expect(office.get_by_text(f"Die Entscheidung zu „{TITLE}“ ist gespeichert.")).to_be_visible()
    check(office)
    office.get_by_label("Ich habe die Entscheidungen geprüft").check()
    office.get_by_role("button", name="Jetzt veröffentlichen").click()
    expect(office.get_by_text("Die Entscheidungen sind veröffentlicht.")).to_be_visible()
    check(office)
    edition.refresh_from_db()
    application.refresh_from_db()
    assert edition.phase == Phase.PUBLISHED
    assert application.decision == Decision.WINNER

    # --- The public winners page, anonymously on a phone ------------------------------------
    public = open_page(PHONE)
    public.goto(live_server.url + reverse("award:winners", args=[edition.year]))
    expect(public.get_by_role("heading", level=1)).to_have_text(edition.title)
    expect(public.get_by_role("heading", name="Preisträger", exact=True)).to_be_visible()
    expect(public.get_by_text(TITLE).first).to_be_visible()
    expect(public.get_by_text("Metallbau Havelland GmbH").first).to_be_visible()
    expect(public.get_by_text("Jana Zwei")).to_have_count(0)
    check(public)
