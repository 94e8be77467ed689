"""Browser test (Debian's chromium): the cluster management prepares a Beirat meeting (the
meeting, an agenda item on a topic area) and sends the invitations with iCal; a member answers
on a 390 px phone. axe-core finds no WCAG 2.1 AA violation on any page."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from clusterwerk.governance.models import Meeting, Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_prepare_invite_and_answer(
    page, live_server, cluster_manager, body, body_members, plan, login_in_browser, axe
):
    base = live_server.url
    day = timezone.localdate() + datetime.timedelta(days=21)
    login_in_browser(page, cluster_manager)
    page.goto(f"{base}/gremien/{body.slug}/sitzungen/neu/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Neue Sitzung")
    axe(page)
    page.get_by_label("Titel").fill("Beirat: Herbstsitzung")
    page.get_by_label("Beginn").fill(f"{day.isoformat()}T10:00")
    page.get_by_label("Ende").fill(f"{day.isoformat()}T09:00")
    page.get_by_role("button", name="Sitzung anlegen").click()
    expect(page.get_by_text("Das Ende muss nach dem Beginn liegen.").first).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Beirat: Herbstsitzung")
    axe(page)
    page.get_by_label("Ende").fill(f"{day.isoformat()}T13:00")
    page.locator("#id_place").fill("Potsdam, Haus der Wirtschaft")
    page.get_by_role("button", name="Sitzung anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beirat: Herbstsitzung")
    meeting = Meeting.objects.get(title="Beirat: Herbstsitzung")

    page.get_by_text("Tagesordnungspunkt hinzufügen").click()
    page.get_by_label("Tagesordnungspunkt", exact=True).fill("Fachkräftesicherung")
    page.locator("#id_agenda-topic").select_option("6.3.2")
    page.get_by_role("button", name="Hinzufügen").click()
    expect(page.locator("ol.agenda").get_by_text("TOP 1: Fachkräftesicherung")).to_be_visible()
    expect(page.get_by_role("link", name="6.3.2", exact=False)).to_be_visible()
    axe(page)
    mail.outbox.clear()
    page.get_by_role("button", name="Einladung versenden").click()
    expect(page.get_by_text("4 von 4 Mitgliedern erhalten die Einladung")).to_be_visible()
    axe(page)
    assert len(mail.outbox) == 4
    _name, content, _type = mail.outbox[0].attachments[0]
    event = next(iter(Calendar.from_ical(content).walk("VEVENT")))
    assert str(event["uid"]) == f"{meeting.uid}@clusterwerk"
    assert "TOP 1: Fachkräftesicherung" in mail.outbox[0].body

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    member = body_members[2]
    login_in_browser(page, member.user)
    page.goto(f"{base}{meeting.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Meine Rückmeldung")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Zusage").click()
    expect(page.get_by_text("Ihre Rückmeldung ist gespeichert: Zusage.")).to_be_visible()
    axe(page)
    assert meeting.attendance.get(member=member).response == Response.ACCEPTED
    page.goto(f"{base}/gremien/aufgaben/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aufgaben der Gremien")
    axe(page)
