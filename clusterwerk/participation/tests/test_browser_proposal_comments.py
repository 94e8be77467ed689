"""Browser test (Debian's chromium, 390 px phone): a participant sorts the proposal list of a
consultation, opens a proposal, comments on it and answers a comment there; the comment stays
out of the element's own thread. axe-core finds no WCAG 2.1 AA violation on any page."""

import pytest
from playwright.sync_api import expect

from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.models import Comment, ParticipantProfile
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.participation.tests.results_helpers import amendment, person, support, topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_sort_the_proposals_open_one_and_comment(
    page, live_server, cluster, member, login_in_browser, axe
):
    edition = make_edition(cluster)
    consultation = make_consultation(
        cluster, edition, title="Masterplan 2026: Ihre Meinung", slug="masterplan-2026"
    )
    anna = person("anna@example.org", name="Anna Amsel")
    bert = person("bert@example.org", name="Bert Buch")
    ParticipantProfile.objects.create(user=member, display_name="Schlosserei Uckermark")
    popular = amendment(consultation, topic(edition, "6.3.2"), anna, field="relevance")
    support(popular, bert)
    newest = amendment(consultation, topic(edition, "4.2.1"), bert, text="Leichtbau, Recycling.")
    items = page.locator("#vorschlaege .proposal-item")

    page.set_viewport_size(PHONE)
    login_in_browser(page, member)
    page.goto(f"{live_server.url}{consultation.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Vorschläge")).to_be_visible()
    expect(items.first).to_contain_text("6.3.2 Duale Ausbildung")  # most supported first
    expect(items.first).to_contain_text("1 Unterstützung")
    axe(page)
    sorting = page.get_by_role("navigation", name="Vorschläge sortieren")
    sorting.get_by_role("link", name="neueste").click()
    expect(page).to_have_url(
        f"{live_server.url}/beteiligung/masterplan-2026/?sortierung=neueste#vorschlaege"
    )
    expect(items.first).to_contain_text("4.2.1 Produkte mit verbesserten Eigenschaften")
    expect(items.first).to_contain_text("von Bert Buch")
    sorting.get_by_role("link", name="nach Element").click()
    expect(items.first).to_contain_text("4.2.1")
    expect(items.nth(1)).to_contain_text("6.3.2")
    axe(page)

    items.first.get_by_role("link", name=f"(#{newest.pk})").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Änderung von „Ziel“ in 4.2.1")
    expect(page.get_by_text("Noch keine Kommentare zu diesem Vorschlag.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte schreiben Sie einen Kommentar.")
    axe(page)
    page.get_by_label("Ihr Kommentar").fill("Recycling **unbedingt** aufnehmen.")
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    expect(page.get_by_text("Ihr Kommentar ist veröffentlicht")).to_be_visible()
    thread = page.locator("#kommentare .comment-thread")
    expect(thread.locator("strong", has_text="unbedingt")).to_be_visible()
    expect(thread.get_by_text("Schlosserei Uckermark", exact=True)).to_be_visible()
    axe(page)
    comment = Comment.objects.get()
    assert comment.proposal_id == newest.pk

    # Answer one's own comment in the thread (the same details/summary as on element pages).
    thread.get_by_text("Antworten", exact=True).click()
    page.get_by_label("Ihre Antwort an Schlosserei Uckermark").fill("Und Leichtbau.")
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.locator(".comment-thread--replies")).to_contain_text("Und Leichtbau.")
    expect(page.get_by_role("heading", name="Kommentare zum Vorschlag")).to_contain_text("(2)")
    axe(page)

    page.get_by_role(
        "link", name="Themenbereich 4.2.1 Produkte mit verbesserten Eigenschaften"
    ).click()
    expect(page.get_by_role("heading", name="Kommentare (0)")).to_be_visible()
    expect(page.get_by_text("Noch keine Kommentare.")).to_be_visible()
    expect(page.locator(".proposal-list")).to_contain_text("2 Kommentare")
    axe(page)
