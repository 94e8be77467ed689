"""The issue's whole journey of a Beirat meeting in the browser (Debian's chromium): the cluster
management prepares the meeting at a desk (the meeting, two agenda items – one on a topic area
–, a PDF) and sends the invitations; every member gets an e-mail with the meeting as iCal; a
member answers Zusage on a 390 px phone. After the meeting the management records attendance,
writes the minutes, records a recommendation for the Fortschreibung and an action item with an
owner, turns the recommendation into a proposal of the cluster's consultation, accepts it and
applies it to the draft edition; the edition comparison shows it with the provenance
"Empfehlung des Strategischen Beirats vom …". A member of the cluster without a seat sees the
body's public page without any meeting, minutes or documents, and gets a 404 for the
members-only pages and API operations. axe-core finds no WCAG 2.1 AA violation on any page.

"After the meeting" without a clock: the meeting is created three weeks ahead (invitations
need a meeting to come), then – once answered – moved to yesterday in the database."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from clusterwerk.governance.models import (
    ActionItem,
    Decision,
    DecisionKind,
    DecisionMode,
    Document,
    Meeting,
    Post,
    Response,
)
from clusterwerk.governance.tests.factories import pdf_bytes
from clusterwerk.masterplan.models import Revision
from clusterwerk.masterplan.services import revise_edition
from clusterwerk.participation.models import PhaseKind, Proposal, ProposalStatus
from clusterwerk.participation.tests.factories import make_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TITLE = "Beirat: Sitzung zur Fortschreibung"
TOPIC_ITEM = "Fachkräftesicherung"
OTHER_ITEM = "Bericht des Clustermanagements"
DOCUMENT = "Entwurf der Empfehlungen"
MINUTES = "Der Beirat hat die Empfehlungen zur Fortschreibung beraten."
RECOMMENDATION = "Die Fachkräftesicherung soll ein eigener Themenbereich unter 4.2 werden."
NEW_AREA = "Fachkräftesicherung in der Metallindustrie"
ACTION = "Stellungnahme an das Ministerium schicken"
SPACE_DOCUMENT = "Interne Geschäftsordnung"
POST = "Interner Beitrag zur Fortschreibung"
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


def _form(page, action_end: str):
    return page.locator(f"form[action$='{action_end}']")


def test_meeting_invitation_minutes_recommendation_into_the_draft_and_non_members(
    open_page,
    check,
    live_server,
    login_in_browser,
    cluster,
    cluster_manager,
    member,
    body,
    body_members,
    plan,
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
    day = timezone.localdate() + datetime.timedelta(days=21)

    # --- The management prepares the meeting ------------------------------------------------
    office = open_page(DESKTOP)
    login_in_browser(office, cluster_manager)
    check(office)
    office.goto(f"{base}/gremien/{body.slug}/")
    check(office)
    office.goto(f"{base}/gremien/{body.slug}/sitzungen/")
    check(office)
    office.goto(f"{base}/gremien/{body.slug}/sitzungen/neu/")
    expect(office.get_by_role("heading", level=1)).to_contain_text("Neue Sitzung")
    check(office)
    office.get_by_label("Titel").fill(TITLE)
    office.get_by_label("Beginn").fill(f"{day.isoformat()}T10:00")
    office.get_by_label("Ende").fill(f"{day.isoformat()}T13:00")
    office.locator("#id_place").fill("Potsdam, Haus der Wirtschaft")
    office.get_by_role("button", name="Sitzung anlegen").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(TITLE)
    check(office)
    meeting = Meeting.objects.get(title=TITLE)

    for title, topic in ((TOPIC_ITEM, "6.3.2"), (OTHER_ITEM, None)):
        office.get_by_text("Tagesordnungspunkt hinzufügen").click()
        office.locator("#id_agenda-title").fill(title)
        if topic:
            office.locator("#id_agenda-topic").select_option(topic)
        _form(office, "/tagesordnung/neu/").get_by_role("button", name="Hinzufügen").click()
        expect(office.get_by_text("Der Tagesordnungspunkt ist hinzugefügt.")).to_be_visible()
        check(office)
    agenda = office.locator("ol.agenda")
    expect(agenda.get_by_text(f"TOP 1: {TOPIC_ITEM}")).to_be_visible()
    expect(agenda.get_by_text(f"TOP 2: {OTHER_ITEM}")).to_be_visible()
    expect(agenda.locator(f"#top-{meeting.agenda.get(order=1).pk}")).to_contain_text("6.3.2")
    assert meeting.agenda.get(order=1).topic_lineage is not None
    assert meeting.agenda.get(order=2).topic_lineage is None

    office.get_by_text("Dokument hochladen").click()
    office.locator("#id_document-title").fill(DOCUMENT)
    office.locator("#id_document-file").set_input_files(
        {"name": "empfehlungen.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    _form(office, "/dokumente/neu/").get_by_role("button", name="Hochladen").click()
    expect(office.get_by_text("Das Dokument ist hochgeladen.")).to_be_visible()
    expect(office.get_by_role("link", name=DOCUMENT)).to_be_visible()
    check(office)
    document = Document.objects.get(title=DOCUMENT)
    assert (document.meeting, document.filename) == (meeting, "empfehlungen.pdf")

    # --- The invitations with iCal ----------------------------------------------------------
    mail.outbox.clear()
    office.get_by_role("button", name="Einladung versenden").click()
    expect(office.get_by_text("4 von 4 Mitgliedern erhalten die Einladung")).to_be_visible()
    check(office)
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        m.user.email for m in body_members
    )
    meeting.refresh_from_db()
    for message in mail.outbox:
        assert TOPIC_ITEM in message.body
        (name, content, mimetype) = message.attachments[0]
        assert name.endswith(".ics") and mimetype.startswith("text/calendar")
        events = list(Calendar.from_ical(content).walk("VEVENT"))
        assert len(events) == 1
        event = events[0]
        assert str(event["summary"]) == TITLE
        assert event["dtstart"].dt == meeting.starts_at
        assert str(event["uid"]) == f"{meeting.uid}@clusterwerk"

    # --- A member answers on a phone --------------------------------------------------------
    seat = body_members[2]
    phone = open_page(PHONE)
    login_in_browser(phone, seat.user)
    check(phone)
    phone.goto(f"{base}{meeting.get_absolute_url()}")
    expect(phone.get_by_role("heading", name="Meine Rückmeldung")).to_be_visible()
    expect(phone.get_by_role("link", name=DOCUMENT)).to_be_visible()
    check(phone)
    phone.get_by_role("button", name="Zusage").click()
    expect(phone.get_by_text("Ihre Rückmeldung ist gespeichert: Zusage.")).to_be_visible()
    check(phone)
    assert meeting.attendance.get(member=seat).response == Response.ACCEPTED
    download = phone.request.get(
        f"{base}/gremien/{body.slug}/sitzungen/{meeting.pk}/dokumente/{document.pk}/"
    )
    assert download.status == 200 and download.body() == pdf_bytes()
    assert download.headers["content-disposition"].startswith("attachment")

    # --- After the meeting: attendance, minutes, a recommendation, an action item -----------
    held = timezone.localdate() - datetime.timedelta(days=1)
    starts = timezone.make_aware(datetime.datetime.combine(held, datetime.time(10)))
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )
    origin = f"Empfehlung des Strategischen Beirats vom {held:%d.%m.%Y}"

    office.goto(f"{base}{meeting.get_absolute_url()}")
    check(office)
    office.get_by_text("Anwesenheit erfassen").click()
    attendance = _form(office, "/anwesenheit/")
    for present in body_members[:3]:
        attendance.get_by_label(present.name).check()
    attendance.get_by_role("button", name="Anwesenheit speichern").click()
    expect(office.get_by_text("Die Anwesenheit ist gespeichert.")).to_be_visible()
    check(office)
    assert meeting.attendance.filter(present=True).count() == 3

    office.get_by_text("Protokoll schreiben").click()
    office.locator("#id_minutes-minutes").fill(MINUTES)
    office.get_by_role("button", name="Protokoll speichern").click()
    expect(office.get_by_text("Das Protokoll ist gespeichert.")).to_be_visible()
    expect(office.locator(".minutes")).to_contain_text(MINUTES)
    check(office)

    office.get_by_text("Beschluss oder Empfehlung erfassen").click()
    decision_form = _form(office, "/beschluesse/neu/")
    office.locator("#id_decision-kind").select_option(DecisionKind.RECOMMENDATION)
    office.locator("#id_decision-text").fill(RECOMMENDATION)
    decision_form.locator("input[name='decision-mode'][value='consensus']").check()
    office.locator("#id_decision-agenda_item").select_option(str(meeting.agenda.get(order=1).pk))
    decision_form.get_by_role("button", name="Beschluss erfassen").click()
    expect(office.get_by_text("Der Beschluss ist erfasst.")).to_be_visible()
    check(office)
    decision = Decision.objects.get()
    assert (decision.kind, decision.mode, decision.is_published) == (
        DecisionKind.RECOMMENDATION,
        DecisionMode.CONSENSUS,
        False,
    )

    owner = body_members[1]
    due = held + datetime.timedelta(days=30)
    office.get_by_text("Aufgabe erfassen", exact=True).first.click()
    action_form = _form(office, "/aufgaben/neu/")
    office.locator("#id_action-title").fill(ACTION)
    office.locator("#id_action-owner").select_option(str(owner.user.pk))
    office.locator("#id_action-due_on").fill(due.isoformat())
    action_form.get_by_role("button", name="Aufgabe erfassen").click()
    expect(office.get_by_text("Die Aufgabe ist erfasst.")).to_be_visible()
    expect(office.get_by_role("table", name="Aufgaben aus dieser Sitzung")).to_contain_text(ACTION)
    check(office)
    item = ActionItem.objects.get()
    assert (item.owner, item.due_on, item.meeting_id) == (owner.user, due, meeting.pk)

    # --- The recommendation becomes a proposal ----------------------------------------------
    office.get_by_role("link", name="Als Vorschlag in die Fortschreibung").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(
        "Empfehlung als Vorschlag in die Fortschreibung"
    )
    expect(office.get_by_text(origin).first).to_be_visible()
    check(office)
    office.get_by_label("Beteiligung").select_option(label=consultation.title)
    office.get_by_label("Art des Vorschlags").select_option("new_topic_area")
    office.get_by_label("Eckpunkt (für einen neuen Themenbereich)").select_option("4.2")
    office.get_by_label("Titel des neuen Themenbereichs").fill(NEW_AREA)
    expect(office.get_by_label("Vorgeschlagener Text")).to_have_value(RECOMMENDATION)
    office.get_by_role("button", name="Vorschlag einreichen").click()
    proposal = Proposal.objects.get()
    expect(office.get_by_text(f"Vorschlag #{proposal.pk} ist eingereicht")).to_be_visible()
    check(office)
    assert (proposal.origin, proposal.consultation) == (origin, consultation)
    decision.refresh_from_db()
    assert decision.resulting_proposal == proposal

    # --- On the participation pages: accept and apply to the draft edition ------------------
    office.get_by_role("link", name=re.compile(rf"Vorschlag #{proposal.pk}")).click()
    expect(office.get_by_role("definition").filter(has_text=origin)).to_be_visible()
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
    assert Revision.objects.get(pk=proposal.applied_revision_id).message == origin
    assert draft.topic_areas.filter(title=NEW_AREA).exists()

    # --- The edition comparison shows the provenance ----------------------------------------
    office.goto(f"{base}/masterplan/vergleich/")
    check(office)
    office.get_by_label("Ältere Ausgabe").select_option(plan.slug)
    office.get_by_label("Neuere Ausgabe").select_option(draft.slug)
    office.get_by_role("button", name="Vergleichen").click()
    entry = office.get_by_role("region", name=re.compile(re.escape(NEW_AREA)))
    expect(entry).to_contain_text("neu")
    expect(entry.locator(".diff-provenance")).to_have_text(f"Herkunft: {origin}")
    check(office)

    # --- A member of the cluster without a seat: the public page only ------------------------
    space_document = Document.objects.create(
        body=body,
        title=SPACE_DOCUMENT,
        filename="geschaeftsordnung.pdf",
        content=pdf_bytes(),
        size=len(pdf_bytes()),
    )
    Post.objects.create(body=body, author=seat.user, text=POST)
    secrets = (TITLE, MINUTES, RECOMMENDATION, ACTION, DOCUMENT, SPACE_DOCUMENT, POST, OTHER_ITEM)
    visitor = open_page(PHONE)
    login_in_browser(visitor, member)
    check(visitor)
    for path in ("/gremien/", f"/gremien/{body.slug}/"):
        answer = visitor.goto(f"{base}{path}")
        assert answer.status == 200, path
        expect(visitor.get_by_role("heading", level=1)).to_be_visible()
        check(visitor)
        text = visitor.content()
        for secret in secrets:
            assert secret not in text, (path, secret)
    expect(visitor.get_by_role("link", name="Zum internen Bereich")).to_have_count(0)
    for path in (
        f"/gremien/{body.slug}/intern/",
        f"/gremien/{body.slug}/sitzungen/",
        meeting.get_absolute_url(),
        f"/gremien/{body.slug}/sitzungen/{meeting.pk}/kalender.ics",
        f"/gremien/{body.slug}/sitzungen/{meeting.pk}/dokumente/{document.pk}/",
        f"/gremien/{body.slug}/intern/dokumente/{space_document.pk}/",
        f"/gremien/beschluesse/{decision.pk}/",
    ):
        answer = visitor.request.get(f"{base}{path}")
        assert answer.status == 404, (path, answer.status)
        for secret in secrets:
            assert secret not in answer.text(), (path, secret)
    answer = visitor.goto(f"{base}{meeting.get_absolute_url()}")
    assert answer.status == 404
    check(visitor)
    api = f"{base}/api/v1/governance"
    for path in (
        f"/bodies/{body.slug}/meetings",
        f"/meetings/{meeting.pk}",
        f"/bodies/{body.slug}/documents",
        f"/bodies/{body.slug}/posts",
    ):
        answer = visitor.request.get(api + path)
        assert answer.status == 404, (path, answer.status)
        for secret in secrets:
            assert secret not in answer.text(), (path, secret)
    for path in ("/bodies", f"/bodies/{body.slug}", "/decisions", "/action-items"):
        answer = visitor.request.get(api + path)
        assert answer.status == 200, (path, answer.status)
        for secret in secrets:
            assert secret not in answer.text(), (path, secret)
    assert visitor.request.get(api + "/action-items").json() == []
    assert visitor.request.get(f"{base}/gremien/aufgaben/").status == 403
