"""Browser test (Debian's chromium): a participant reports an insulting comment on the element
page, the cluster management hides it in the moderation queue with a public reason, the
element page shows the reason instead of the text, the author finds the notification; axe-core
checks every page for WCAG 2.1 AA."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clusterwerk.masterplan.models import ElementKind
from clusterwerk.participation.models import Comment, ContentReport, Notification
from clusterwerk.participation.tests.moderation_support import (
    comment_on,
    consultation_in,
    profile,
    topic_area_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSULT = "Wer so etwas vorschlägt, ist ein Idiot."
REASON = "Beleidigung anderer Teilnehmender"
PUBLIC_REASON = "Verstößt gegen die Diskussionsregeln (persönlicher Angriff)."


@pytest.fixture
def new_page(browser, browser_context_args):
    contexts = []

    def open_page():
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_report_hide_and_public_reason(
    page, new_page, live_server, cluster, member, outsider, cluster_manager, login_in_browser, axe
):
    consultation = consultation_in(cluster, title="Fortschreibung 2026")
    profile(member, "Schweißerin")
    profile(outsider, "Leser")
    comment = comment_on(consultation, member, INSULT)
    element_url = live_server.url + reverse(
        "participation:element",
        args=[consultation.slug, ElementKind.TOPIC_AREA, topic_area_of(consultation).lineage],
    )

    # A participant reports the comment on the element page.
    login_in_browser(page, outsider)
    page.goto(element_url)
    entry = page.locator(f"#kommentar-{comment.pk}")
    entry.get_by_text("Melden", exact=True).click()
    entry.get_by_label("Warum verstößt der Beitrag gegen die Regeln?").fill(REASON)
    entry.get_by_role("button", name="Beitrag melden").click()
    expect(page.get_by_text("Die Moderation prüft den gemeldeten Beitrag.")).to_be_visible()
    assert ContentReport.objects.get().reason == REASON

    # The cluster management hides it in the queue with a public reason.
    manager_page = new_page()
    login_in_browser(manager_page, cluster_manager)
    manager_page.goto(
        live_server.url + reverse("participation:moderation", args=[consultation.slug])
    )
    expect(manager_page.get_by_role("heading", level=1)).to_have_text("Moderation")
    expect(manager_page.get_by_text(REASON)).to_be_visible()
    axe(manager_page)
    manager_page.get_by_label("Öffentlicher Grund der Ausblendung").fill(PUBLIC_REASON)
    manager_page.get_by_role("button", name="Ausblenden").click()
    expect(manager_page.get_by_text("ist ausgeblendet")).to_be_visible()
    expect(manager_page.get_by_text("Keine offenen Meldungen.")).to_be_visible()
    expect(manager_page.get_by_role("cell", name=PUBLIC_REASON)).to_be_visible()
    axe(manager_page)
    assert Comment.objects.get().is_hidden

    # Everybody sees the reason instead of the text.
    page.goto(element_url)
    hidden = page.locator(f"#kommentar-{comment.pk}")
    expect(hidden).to_contain_text(PUBLIC_REASON)
    expect(hidden).not_to_contain_text(INSULT)
    axe(page)
    assert Notification.objects.filter(user=member, kind="moderation").exists()
