"""Browser test (Debian's chromium) of the whole Beteiligung: a member opens the consultation,
comments, rates and proposes an amendment; another person reports the comment and supports
the proposal; the cluster management hides the comment, closes the participation phase,
accepts the amendment, opens the results and applies the amendment to the draft edition,
where the comparison shows it with its provenance. axe-core checks every page (WCAG 2.1 AA)."""

import re

import pytest
from playwright.sync_api import expect

from clusterwerk.masterplan.models import EditionStatus, TopicArea
from clusterwerk.masterplan.services import revise_edition
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.models import Comment, ParticipantProfile, Proposal, Rating
from clusterwerk.participation.tests.factories import make_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_GOAL = "Produkte mit besseren Eigenschaften, vor allem durch Leichtbau und Recyclingfähigkeit."


@pytest.fixture
def new_page(browser, browser_context_args):
    """A page in a browser context of its own (its own login)."""
    contexts = []

    def open_page():
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def setting(cluster, cluster_manager):
    published = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    draft = revise_edition(source=published, label="2026", user=cluster_manager)
    consultation = make_consultation(
        cluster, published, title="Masterplan 2026: Ihre Meinung", slug="masterplan-2026"
    )
    return consultation, draft


def test_comment_rate_propose_moderate_close_decide_apply(
    page, new_page, live_server, setting, member, outsider, cluster_manager, login_in_browser, axe
):
    consultation, draft = setting
    ParticipantProfile.objects.create(
        user=member, display_name="Schlosserei Uckermark", affiliation_type="craft"
    )
    topic_area = TopicArea.objects.get(edition=consultation.edition, number="4.2.1")

    # A member opens the consultation and the topic area.
    login_in_browser(page, member)
    page.goto(live_server.url + "/beteiligung/")
    axe(page)
    page.get_by_role("link", name="Masterplan 2026: Ihre Meinung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Masterplan 2026: Ihre Meinung")
    expect(page.get_by_text("Phase: Beteiligung").first).to_be_visible()
    axe(page)
    page.get_by_role("link", name=re.compile(r"4\.2\.1\s*Produkte mit verbesserten")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Produkte mit verbesserten")
    axe(page)

    # Comment (an empty one first: a clear error), rate, propose an amendment.
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte schreiben Sie einen Kommentar.")
    axe(page)
    page.get_by_label("Ihr Kommentar").fill("Recycling sollte **ausdrücklich** genannt werden.")
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    expect(page.get_by_text("Ihr Kommentar ist veröffentlicht")).to_be_visible()
    expect(page.locator(".comment strong", has_text="ausdrücklich")).to_be_visible()
    expect(page.get_by_text("Schlosserei Uckermark", exact=True)).to_be_visible()
    axe(page)
    page.get_by_label("4 – sehr relevant").check()
    page.get_by_label("hoch").check()
    page.get_by_role("button", name="Bewertung speichern").click()
    expect(page.get_by_text("Ihre Bewertung ist gespeichert")).to_be_visible()
    expect(page.get_by_text("Ihre Bewertung: Relevanz 4 von 5, Priorität hoch.")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Ziel", exact=True).click()
    expect(page.get_by_label("Ihr Vorschlag für den Text")).to_have_value(topic_area.goal)
    page.get_by_label("Ihr Vorschlag für den Text").fill(NEW_GOAL)
    page.get_by_label("Begründung").fill("Kreislaufwirtschaft wird für Kunden wichtiger.")
    page.get_by_role("button", name="Vorschlag einreichen").click()
    expect(page.get_by_text("Ihr Änderungsvorschlag ist eingereicht")).to_be_visible()
    axe(page)
    comment = Comment.objects.get()
    proposal = Proposal.objects.get()
    assert Rating.objects.get(user=member).relevance == 4
    assert proposal.field == "goal" and proposal.proposed_text == NEW_GOAL
    page.get_by_role("link", name=re.compile(r"Änderung von „Ziel“")).click()
    expect(page.locator("ins.diff-insert", has_text="Recyclingfähigkeit.")).to_be_visible()
    axe(page)

    # Someone else reports the comment and supports the proposal.
    other = new_page()
    login_in_browser(other, outsider)
    other.goto(live_server.url + proposal.get_absolute_url())
    other.get_by_role("button", name="Diesen Vorschlag unterstützen").click()
    expect(other.get_by_text("Danke! Sie unterstützen diesen Vorschlag.")).to_be_visible()
    expect(other.get_by_text("1 Person unterstützt diesen Vorschlag")).to_be_visible()
    axe(other)
    other.get_by_role("link", name=re.compile(r"Themenbereich 4\.2\.1")).click()
    other.locator(f"#kommentar-{comment.pk}").get_by_text("Melden", exact=True).click()
    other.get_by_label("Warum verstößt der Beitrag gegen die Regeln?").fill("Werbung")
    other.get_by_role("button", name="Beitrag melden").click()
    expect(other.get_by_text("Die Moderation prüft den gemeldeten Beitrag")).to_be_visible()
    axe(other)

    # The cluster management hides the comment in the moderation.
    manager = new_page()
    login_in_browser(manager, cluster_manager)
    manager.goto(live_server.url + consultation.get_absolute_url())
    axe(manager)
    manager.get_by_role("link", name="Moderation").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Moderation")
    axe(manager)
    manager.get_by_label("Öffentlicher Grund der Ausblendung").fill(
        "Werbung ist hier fehl am Platz"
    )
    manager.get_by_role("button", name=re.compile("^Ausblenden")).click()
    page.goto(live_server.url + consultation.get_absolute_url())
    page.get_by_role("link", name=re.compile(r"^4\.2\.1\s*Produkte")).click()
    expect(page.get_by_text("Ausgeblendet: Werbung ist hier fehl am Platz")).to_be_visible()
    expect(page.get_by_text("ausdrücklich")).to_have_count(0)
    axe(page)

    # The management closes the participation phase: no forms any more, a clear notice.
    manager.goto(live_server.url + consultation.get_absolute_url())
    manager.get_by_role("button", name="Phase „Beteiligung“ beenden").click()
    expect(manager.get_by_text("Jetzt läuft: Auswertung")).to_be_visible()
    axe(manager)
    page.reload()
    expect(page.get_by_role("button", name="Kommentar veröffentlichen")).to_have_count(0)
    expect(
        page.get_by_text("In der aktuellen Phase sind keine Kommentare möglich.")
    ).to_be_visible()
    axe(page)

    # It accepts the amendment, opens the results after the evaluation and applies the
    # amendment to the draft edition.
    manager.goto(live_server.url + proposal.get_absolute_url())
    manager.get_by_label("annehmen").check()
    manager.get_by_label("Begründung der Entscheidung").fill("Passt zur Strategie.")
    manager.get_by_role("button", name="Entscheidung speichern").click()
    expect(manager.get_by_text(f"Vorschlag #{proposal.pk} angenommen.")).to_be_visible()
    axe(manager)
    manager.goto(live_server.url + consultation.get_absolute_url())
    manager.get_by_role("button", name="Phase „Auswertung“ beenden").click()
    expect(manager.get_by_text("Jetzt läuft: Ergebnis")).to_be_visible()
    manager.get_by_role("link", name="Ergebnisse").click()
    expect(manager.get_by_role("heading", level=1)).to_be_visible()
    axe(manager)
    manager.goto(live_server.url + proposal.get_absolute_url())
    manager.get_by_label("In diesen Entwurf übernehmen").select_option(draft.slug)
    manager.get_by_role("button", name="In den Entwurf übernehmen").click()
    expect(manager.get_by_text(f"Vorschlag #{proposal.pk} in den Entwurf")).to_be_visible()
    axe(manager)
    proposal.refresh_from_db()
    assert proposal.applied_revision is not None
    assert TopicArea.objects.get(edition=draft, lineage=topic_area.lineage).goal == NEW_GOAL

    # The comparison of the editions shows the change with its provenance.
    manager.goto(
        f"{live_server.url}/masterplan/{consultation.cluster.slug}/vergleich/?alt=2020&neu=2026"
    )
    expect(manager.locator("ins", has_text="Recyclingfähigkeit.").first).to_be_visible()
    expect(manager.get_by_text(re.compile(f"Vorschlag #{proposal.pk}")).first).to_be_visible()
    axe(manager)
