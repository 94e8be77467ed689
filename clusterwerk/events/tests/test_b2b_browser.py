"""Browser test (Debian's chromium) on 390 px phones: a participant joins the B2B day and
sends a wish from the suggestions, the other accepts, the organisers plan and publish the
schedule, the participant sees the agenda; axe-core checks every page for WCAG 2.1 AA."""

import pytest
from playwright.sync_api import expect

from clusterwerk.events.models import MeetingWish, WishStatus
from clusterwerk.events.tests.b2b_support import make_b2b_day, make_participant
from clusterwerk.events.tests.factories import make_registration
from clusterwerk.matchmaking.tests.factories import INSTITUTE_NAME, make_market

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_page(browser, browser_context_args):
    contexts = []

    def open_page():
        context = browser.new_context(**browser_context_args, viewport=PHONE)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def check(page, axe):
    """Accessible and not wider than the phone."""
    axe(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_wish_accept_solve_agenda(
    phone_page, live_server, cluster, cluster_manager, login_in_browser, axe
):
    market = make_market(cluster)
    day = make_b2b_day(cluster, tables=3, slots=4, breaks=(3,))
    make_registration(day, user=market.owner_user, actor=market.owner)
    make_participant(
        day,
        user=market.institute_user,
        actor=market.institute,
        profile="Institut für Fügetechnik: Laserstrahlschweißen und Prüfung",
    )
    make_participant(day, user=market.supplier_user, actor=market.supplier)
    home = f"{live_server.url}/veranstaltungen/{day.slug}/b2b/"

    # The owner joins with the prefilled profile and says what they look for.
    owner = phone_page()
    login_in_browser(owner, market.owner_user)
    owner.goto(home)
    expect(owner.get_by_role("heading", name="Am B2B-Tag teilnehmen")).to_be_visible()
    check(owner, axe)
    owner.get_by_label("Wir suchen").fill(
        "Laserstrahlschweißen von Aluminium, Prüfung von Schweißnähten"
    )
    owner.get_by_role("button", name="Teilnehmen").click()
    expect(owner.get_by_text("Willkommen beim B2B-Tag")).to_be_visible()
    expect(owner.get_by_role("heading", name="Diese Teilnehmenden passen zu Ihnen")).to_be_visible()
    check(owner, axe)
    # A wish to the institute, from the suggestions.
    card = owner.locator("li", has=owner.get_by_role("heading", name=INSTITUTE_NAME)).first
    card.get_by_label("Worüber möchten Sie sprechen?").fill("Schweißnähte an Aluminiumgehäusen")
    card.get_by_role("button", name="Gespräch wünschen").click()
    expect(owner.get_by_text("Ihr Gesprächswunsch an")).to_be_visible()
    wish = MeetingWish.objects.get()
    assert wish.suggested and wish.match_score
    check(owner, axe)
    owner.get_by_role("link", name="Teilnehmende").first.click()
    expect(owner.get_by_role("heading", level=1)).to_contain_text("Teilnehmende des B2B-Tags")
    check(owner, axe)

    # The institute accepts.
    institute = phone_page()
    login_in_browser(institute, market.institute_user)
    institute.goto(home)
    expect(institute.get_by_text("Schweißnähte an Aluminiumgehäusen")).to_be_visible()
    check(institute, axe)
    institute.get_by_role("button", name="Annehmen").click()
    expect(institute.get_by_text("Gesprächswunsch angenommen.")).to_be_visible()
    wish.refresh_from_db()
    assert wish.status == WishStatus.ACCEPTED

    # The organisers plan and publish.
    organiser = phone_page()
    login_in_browser(organiser, cluster_manager)
    organiser.goto(home + "planung/")
    check(organiser, axe)
    organiser.get_by_role("button", name="Plan berechnen").click()
    expect(organiser.get_by_text("Der Plan ist berechnet: 1 Gespräch, 1 von 1")).to_be_visible()
    check(organiser, axe)
    organiser.get_by_role("button", name="Plan veröffentlichen").click()
    expect(organiser.get_by_text("Der Plan ist veröffentlicht.").first).to_be_visible()

    # The owner sees the agenda.
    owner.goto(home)
    agenda = owner.get_by_role("region", name="Mein Gesprächsplan")
    expect(agenda).to_contain_text("Tisch 1")
    expect(agenda).to_contain_text(INSTITUTE_NAME)
    check(owner, axe)
