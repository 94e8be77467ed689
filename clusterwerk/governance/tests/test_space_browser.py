"""Browser test (Debian's chromium, 390 px phone): a member of the Beirat opens the body's
page and its members-only space, uploads a PDF, posts in the discussion, answers, and
chooses to show her function in consultations; axe-core finds no WCAG 2.1 AA violation on
any page."""

import pytest
from playwright.sync_api import expect

from clusterwerk.governance.models import Document, Post
from clusterwerk.governance.tests.factories import make_action_item, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_member_works_in_the_space(
    page, live_server, body, body_members, meeting, login_in_browser, axe, tmp_path
):
    member = body_members[1]
    make_action_item(meeting, member.user, title="Stellungnahme entwerfen")
    page.set_viewport_size(PHONE)
    login_in_browser(page, member.user)

    page.goto(f"{live_server.url}/gremien/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gremien des Clusters")
    axe(page)
    page.get_by_role("link", name="Strategischer Beirat").click()
    expect(page.get_by_role("heading", level=2, name="Mitglieder")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Zum internen Bereich").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Interner Bereich")
    expect(page.get_by_text("Stellungnahme entwerfen")).to_be_visible()
    axe(page)

    wrong = tmp_path / "notizen.txt"
    wrong.write_text("keine PDF")
    page.get_by_label("PDF-Datei").set_input_files(str(wrong))
    page.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_role("alert")).to_contain_text("ist keine PDF-Datei")
    axe(page)
    assert not Document.objects.exists()
    paper = tmp_path / "Strategiepapier.pdf"
    paper.write_bytes(pdf_bytes())
    page.get_by_label("Titel des Dokuments").fill("Strategiepapier 2025")
    page.get_by_label("PDF-Datei").set_input_files(str(paper))
    page.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_text("Das Dokument „Strategiepapier 2025“ ist hochgeladen.")).to_be_visible()
    expect(page.get_by_role("link", name="Strategiepapier 2025")).to_be_visible()

    page.get_by_label("Ihr Beitrag").fill(
        "Vorschlag: Fachkräfte als Schwerpunkt der nächsten Sitzung."
    )
    page.get_by_role("button", name="Beitrag veröffentlichen").click()
    expect(page.get_by_text("Ihr Beitrag ist veröffentlicht.")).to_be_visible()
    page.get_by_text("Antworten", exact=False).first.click()
    page.get_by_label("Ihre Antwort").fill("Ergänzung: auch die Nachfolge.")
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_text("Ergänzung: auch die Nachfolge.")).to_be_visible()
    assert Post.objects.filter(reply_to__isnull=False).count() == 1
    axe(page)

    page.get_by_label("Meine Funktion bei Beiträgen in Beteiligungen zeigen").check()
    page.get_by_role("button", name="Auswahl speichern").click()
    expect(
        page.get_by_text(
            "Bei Ihren Beiträgen in Beteiligungen steht jetzt „Mitglied des Strategischen Beirats“."
        )
    ).to_be_visible()
    expect(
        page.get_by_label("Meine Funktion bei Beiträgen in Beteiligungen zeigen")
    ).to_be_checked()
    axe(page)
    member.refresh_from_db()
    assert member.show_badge
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
