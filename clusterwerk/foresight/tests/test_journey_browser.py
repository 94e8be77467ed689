"""The issue's whole journey in the browser (Debian's chromium): the cluster management creates
a real-time foresight cycle, adds an item and opens the rating (at a desk); four panellists
rate on 390 px phones, each in a browser context of their own – the fourth answers outside the
group's interquartile range and must give a reason –; the first one comes back and sees the
updated median and IQR with that reason, without a name; the management closes the rating and
publishes; the radar and the item's fact sheet show the result; on the gaps page the gap
signal becomes a proposal for a consultation (a new topic area under key point 4.2); on the
participation pages the management accepts it and applies it to the draft edition of the next
Fortschreibung; the edition comparison shows the new topic area with its provenance "aus
Foresight-Zyklus 2026, Item W-07". axe-core finds no WCAG 2.1 AA violation on any page visited.

Built without the pages (the starting world): the published plan, its draft for the next
edition, a consultation in its evaluation phase (decisions open), the management, and – once
the cycle exists – four panel seats already accepted."""

import re

import pytest
from playwright.sync_api import expect

from clusterwerk.foresight.models import Cycle, GapAction, GapDecision, Rating, Status
from clusterwerk.foresight.tests.factories import criterion, make_panellist
from clusterwerk.masterplan.models import EditionStatus, Revision
from clusterwerk.masterplan.services import revise_edition
from clusterwerk.participation.models import PhaseKind, Proposal, ProposalStatus
from clusterwerk.participation.tests.factories import make_consultation
from conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
YEAR = 2026
SLUG = f"vorausschau-metall-{YEAR}"
KEY = "W-07"
TITLE = "Grüner Stahl in der Blechbearbeitung"
DESCRIPTION = "Stahl aus Direktreduktion mit Wasserstoff verändert Werkstoffe und Lieferketten."
ORIGIN = f"aus Foresight-Zyklus {YEAR}, Item {KEY}"
IMPACT = "Wirkung auf das Cluster"
HORIZON = "Zeithorizont"
REASON = "Die Autoindustrie verlangt grünen Stahl schon in den nächsten Ausschreibungen."
# Impact and horizon per panellist: the first three agree on impact 4 ("hoch"), the fourth
# answers 5 – outside the others' IQR 4 to 4 – and must give a reason. Medians afterwards:
# impact 4 (IQR 4 to 4.25), horizon 2 ("2 bis 5 Jahre"): a gap signal, for no topic area
# covers the item.
ANSWERS = [
    ("4 – hoch", "2 – 2 bis 5 Jahre"),
    ("4 – hoch", "1 – unter 2 Jahren"),
    ("4 – hoch", "2 – 2 bis 5 Jahre"),
    ("5 – sehr hoch", "2 – 2 bis 5 Jahre"),
]
WIDER_THAN_PHONE = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > 391).slice(0, 8)
    .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


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
        page.wait_for_load_state()
        if page.viewport_size == PHONE:
            width = page.evaluate("document.documentElement.scrollWidth")
            wide = page.evaluate(WIDER_THAN_PHONE)
            assert width <= PHONE["width"], f"{page.url} is {width} px wide: {wide}"
        axe(page)

    return check_page


def _transition(page, check, button: str, status_label: str) -> None:
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text(f"Der Zyklus ist jetzt in der Phase „{status_label}“.")).to_be_visible()
    check(page)


def _rate(page, check, base, impact: str, horizon: str, *, reason: str | None = None) -> None:
    """A panellist rates the item from their list of items (phone)."""
    page.goto(f"{base}/foresight/{SLUG}/bewerten/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bewerten")
    check(page)
    page.get_by_role("link", name=f"{KEY} {TITLE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{KEY} {TITLE}")
    check(page)
    page.get_by_role("group", name=IMPACT).get_by_label(impact).check()
    page.get_by_role("group", name=HORIZON).get_by_label(horizon).check()
    if reason is not None:
        # Outside the IQR: saving without a reason is refused in German, nothing is stored.
        field = page.get_by_label(f"Begründung zu „{IMPACT}“")
        expect(field).to_be_visible()
        page.get_by_role("button", name="Bewertung speichern").click()
        expect(page.get_by_role("alert")).to_contain_text(
            "Ihre Antwort liegt außerhalb des Quartilsabstands der Gruppe"
        )
        check(page)
        page.get_by_label(f"Begründung zu „{IMPACT}“").fill(reason)
    page.get_by_role("button", name="Bewertung speichern").click()
    expect(page.get_by_text("Ihre Bewertung ist gespeichert.")).to_be_visible()
    check(page)


def test_cycle_realtime_rating_publication_radar_gap_proposal_into_the_draft_edition(
    open_page, check, live_server, login_in_browser, cluster, cluster_manager, plan
):
    base = live_server.url
    draft = revise_edition(source=plan, label="2027", user=cluster_manager)
    consultation = make_consultation(
        cluster,
        plan,
        phase=PhaseKind.EVALUATION,
        title="Fortschreibung des Masterplans 2027",
        slug="fortschreibung-2027",
    )
    people = [make_user(f"expertin{n}@panel.example", cluster) for n in range(1, 5)]

    # --- The management sets up the cycle and opens the rating -------------------------------
    office = open_page(DESKTOP)
    login_in_browser(office, cluster_manager)
    office.goto(f"{base}/foresight/")
    check(office)
    office.get_by_role("link", name="Neuer Zyklus").click()
    expect(office.get_by_role("heading", name="Neuer Zyklus")).to_be_visible()
    check(office)
    office.get_by_label("Titel").fill("Vorausschau Metall")
    office.get_by_label("Jahr").fill(str(YEAR))
    office.get_by_label("Verfahren").select_option("realtime")
    office.get_by_role("button", name="Zyklus anlegen").click()
    expect(office.get_by_text("Der Zyklus ist angelegt")).to_be_visible()
    check(office)
    cycle = Cycle.objects.get()
    assert (cycle.slug, cycle.year, cycle.status) == (SLUG, YEAR, Status.PREPARATION)
    # The panel has accepted its seats (the invitations are not what this journey is about).
    seats = [make_panellist(cycle, person.email, user=person) for person in people]

    office.get_by_role("link", name="Items", exact=True).click()
    check(office)
    office.get_by_role("link", name="Neues Item").click()
    check(office)
    office.get_by_label("Kennung").fill(KEY)
    office.get_by_label("Titel").fill(TITLE)
    office.get_by_label("Beschreibung").fill(DESCRIPTION)
    office.get_by_label("Art").select_option("technology")
    office.get_by_label("STEEP-Kategorie").select_option("technological")
    office.get_by_label("Radarsegment").select_option(label="Werkstoffe")
    office.get_by_role("button", name="Item anlegen").click()
    expect(office.get_by_text(f"Das Item „{KEY}“ ist angelegt.")).to_be_visible()
    check(office)

    office.goto(f"{base}/foresight/{SLUG}/")
    check(office)
    _transition(office, check, "Bewertung eröffnen", "Bewertung läuft")

    # --- Panellists rate in real time, each on their own phone ------------------------------
    phones = []
    for person, (impact, horizon) in zip(people, ANSWERS, strict=True):
        phone = open_page(PHONE)
        phones.append(phone)
        login_in_browser(phone, person)
        phone.goto(f"{base}/foresight/{SLUG}/")
        check(phone)
        outside = impact.startswith("5")
        _rate(phone, check, base, impact, horizon, reason=REASON if outside else None)
    fourth = Rating.objects.get(panellist=seats[3], criterion=criterion(cycle, "impact"))
    assert (fourth.value, fourth.reason) == (5, REASON)

    # --- The first panellist returns and sees the group's new position and the reason -------
    first = phones[0]
    first.goto(f"{base}/foresight/{SLUG}/bewerten/{KEY}/")
    feedback = first.locator(f"#fb-{criterion(cycle, 'impact').pk}")
    expect(feedback).to_contain_text(
        re.compile(r"Median 4, Quartilsabstand 4 bis 4,25 \(IQR 0,25\) aus 4 Antworten")
    )
    expect(feedback).to_contain_text(REASON)
    expect(feedback).to_contain_text("Ihre Antwort 4 liegt im Quartilsabstand.")
    for seat in seats[1:]:
        expect(feedback).not_to_contain_text(seat.name)
        expect(feedback).not_to_contain_text(seat.pseudonym)
    check(first)

    # --- The management closes the rating and publishes -------------------------------------
    office.goto(f"{base}/foresight/{SLUG}/")
    check(office)
    _transition(office, check, "Bewertung schließen", "Auswertung")
    _transition(office, check, "Veröffentlichen", "Veröffentlicht")
    cycle.refresh_from_db()
    assert cycle.status == Status.PUBLISHED and cycle.published_at is not None

    # --- Radar and fact sheet ---------------------------------------------------------------
    office.goto(f"{base}/foresight/{SLUG}/radar/")
    expect(office.get_by_role("heading", level=1)).to_have_text("Radar: Vorausschau Metall")
    radar_table = office.get_by_role("table", name="Items im Radar")
    expect(radar_table).to_contain_text(TITLE)
    check(office)
    radar_table.get_by_role("link", name=re.compile(re.escape(TITLE))).first.click()
    expect(office.get_by_role("heading", level=1)).to_have_text(f"{KEY} {TITLE}")
    expect(office.get_by_role("heading", name="Steckbrief")).to_be_visible()
    expect(office.get_by_text(REASON).first).to_be_visible()
    check(office)

    # --- The gap signal becomes a proposal --------------------------------------------------
    office.goto(f"{base}/foresight/{SLUG}/luecken/")
    gap = office.locator(f"#gap-{KEY}")
    expect(gap.get_by_role("heading", name=f"{KEY} {TITLE}")).to_be_visible()
    expect(gap).to_contain_text("kein Themenbereich zugeordnet")
    gap.locator("summary", has_text="Vorschlag für die nächste Masterplan-Ausgabe").click()
    check(office)
    gap.get_by_label("Beteiligung").select_option(label=consultation.title)
    gap.get_by_label("Art des Vorschlags").select_option("new_topic_area")
    gap.get_by_label("Eckpunkt (für einen neuen Themenbereich)").select_option("4.2")
    expect(gap.get_by_label("Titel des neuen Themenbereichs")).to_have_value(TITLE)
    gap.get_by_role("button", name="Vorschlag einreichen").click()
    expect(office.get_by_text(f"aus {KEY} eingereicht")).to_be_visible()
    check(office)
    proposal = Proposal.objects.get()
    assert (proposal.origin, proposal.consultation) == (ORIGIN, consultation)
    assert GapDecision.objects.get().action == GapAction.PROPOSAL

    # --- On the participation pages: accept and apply to the draft edition ------------------
    office.locator(f"#gap-{KEY}").get_by_role(
        "link", name="Vorschlag für die nächste Masterplan-Ausgabe"
    ).click()
    expect(office.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(office.get_by_role("definition").filter(has_text=ORIGIN)).to_be_visible()
    check(office)
    office.get_by_label("annehmen").check()
    office.get_by_role("button", name="Entscheidung speichern").click()
    expect(office.get_by_text(f"Vorschlag #{proposal.pk} angenommen.")).to_be_visible()
    check(office)
    office.get_by_label("In diesen Entwurf übernehmen").select_option(draft.slug)
    office.get_by_role("button", name="In den Entwurf übernehmen").click()
    expect(
        office.get_by_text(f"Vorschlag #{proposal.pk} in den Entwurf „2027“ übernommen")
    ).to_be_visible()
    check(office)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.applied_revision_id
    assert Revision.objects.get(pk=proposal.applied_revision_id).message == ORIGIN
    draft.refresh_from_db()
    assert draft.status == EditionStatus.DRAFT
    assert draft.topic_areas.filter(title=TITLE).exists()

    # --- The edition comparison shows the proposal with its provenance ----------------------
    office.goto(f"{base}/masterplan/vergleich/")
    check(office)
    office.get_by_label("Ältere Ausgabe").select_option(plan.slug)
    office.get_by_label("Neuere Ausgabe").select_option(draft.slug)
    office.get_by_role("button", name="Vergleichen").click()
    expect(office.get_by_role("heading", name="Von „2020“ zu „2027“")).to_be_visible()
    entry = office.get_by_role("region", name=re.compile(re.escape(TITLE)))
    expect(entry).to_contain_text("neu")
    expect(entry.locator(".diff-provenance")).to_have_text(f"Herkunft: {ORIGIN}")
    check(office)
