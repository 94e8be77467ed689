"""Printable PDFs of a B2B day, typeset with Typst (as `projects.report_pdf` does): the
personal agendas (one page per participant: time, table, partner and their organisation, the
reason of the wish) and the table plan (per slot: table → the two participants).

Every text (names, organisations, reasons) reaches Typst inside one JSON document and is shown
as a string there, never parsed as markup. Typst runs without network or system fonts.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clusterwerk.events.models import B2BMeeting, B2BParticipant, Event

TEMPLATE = Path(__file__).with_name("b2b_pdf.typ")


def _time(value, zone) -> str:
    return formats.time_format(timezone.localtime(value, zone), "H:i")


def _person(participant: B2BParticipant) -> tuple[str, str]:
    registration = participant.registration
    return registration.full_name, registration.organisation_label


def _frame(event: Event, kind: str, title: str) -> dict:

    zone = event.zone
    return {
        "kind": kind,
        "title": title,
        "event": event.title,
        "publisher": event.cluster.name,
        "date": formats.date_format(timezone.localtime(event.starts_at, zone), "DATE_FORMAT"),
        "venue": event.venue_name or event.municipality or _("online"),
        "lang": (get_language() or "de")[:2],
        "labels": {
            "time": _("Zeit"),
            "table": _("Tisch"),
            "partner": _("Gesprächspartner/in"),
            "reason": _("Anlass"),
            "first": _("Teilnehmende/r"),
            "second": _("Teilnehmende/r"),
            "agenda_caption": _("Ihre Gespräche"),
            "no_meetings": _("Für Sie sind keine Gespräche geplant."),
        },
    }, zone


def _meetings(event: Event):
    return (
        B2BMeeting.objects.filter(event=event)
        .select_related(
            "slot",
            "wish",
            "first__registration__actor",
            "second__registration__actor",
        )
        .order_by("slot__index", "table")
    )


def agendas_document(event: Event, participants=None) -> dict:
    document, zone = _frame(event, "agendas", _("Persönliche Gesprächspläne"))
    chosen = participants
    if chosen is None:
        chosen = B2BParticipant.objects.filter(event=event).select_related("registration__actor")
    chosen = sorted(chosen, key=lambda p: (p.registration.last_name.casefold(), p.pk))
    rows: dict[int, list] = {p.pk: [] for p in chosen}
    for meeting in _meetings(event):
        for own, other in ((meeting.first, meeting.second), (meeting.second, meeting.first)):
            if own.pk not in rows:
                continue
            name, organisation = _person(other)
            reason = meeting.wish.reason if meeting.wish_id else ""
            rows[own.pk].append(
                {
                    "time": f"{_time(meeting.slot.starts_at, zone)}–"
                    f"{_time(meeting.slot.ends_at, zone)}",
                    "table": str(meeting.table),
                    "partner": name,
                    "partner_organisation": organisation,
                    "reason": reason,
                }
            )
    document["people"] = [
        {
            "name": _person(p)[0],
            "organisation": _person(p)[1],
            "meetings": rows[p.pk],
        }
        for p in chosen
    ]
    return document


def table_plan_document(event: Event) -> dict:
    document, zone = _frame(event, "tables", _("Tischplan"))
    by_slot: dict[int, list] = {}
    for meeting in _meetings(event):
        first = " · ".join(filter(None, _person(meeting.first)))
        second = " · ".join(filter(None, _person(meeting.second)))
        by_slot.setdefault(meeting.slot_id, []).append(
            {"table": str(meeting.table), "first": first, "second": second}
        )
    document["slots"] = [
        {
            "label": _("%(start)s–%(end)s Uhr (Zeitfenster %(n)d)")
            % {
                "start": _time(slot.starts_at, zone),
                "end": _time(slot.ends_at, zone),
                "n": slot.index,
            }
            + (f" – {_('Pause')}" if slot.is_break else ""),
            "rows": by_slot.get(slot.pk, []),
            "empty": _("Pause") if slot.is_break else _("Keine Gespräche."),
        }
        for slot in event.b2b_slots.order_by("index")
    ]
    return document


def _compile(document: dict) -> bytes:
    import typst

    compiler = typst.Compiler(ignore_system_fonts=True)
    return compiler.compile(
        TEMPLATE.read_bytes(),
        format="pdf",
        sys_inputs={"data": json.dumps(document, ensure_ascii=False)},
        timestamp=int(timezone.now().timestamp()),
    )


def agendas_pdf(event: Event, participants=None) -> bytes:
    """One page per participant (all of the day's, or those given)."""
    return _compile(agendas_document(event, participants))


def table_plan_pdf(event: Event) -> bytes:
    return _compile(table_plan_document(event))
