"""The certificate (Urkunde) of a winner, the special prize or a nominee as a PDF, typeset with
Typst (as `events.b2b_pdf` does): the edition's title and year, the organisation and its
partners, the decision, the title of the innovation, the date of the ceremony and the place of
the ceremony's event when one is linked.

Every text reaches Typst inside one JSON document and is shown as a string there, never parsed
as markup. Typst runs without network or system fonts. Who may download it decides
`queries.get_certificate_application`."""

from __future__ import annotations

import json
from pathlib import Path

from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clusterwerk.award.models import Application, Decision

TEMPLATE = Path(__file__).with_name("certificate.typ")


def _decision_text(application: Application) -> str:
    if application.decision == Decision.WINNER:
        return _("Preisträger")
    if application.decision == Decision.SPECIAL_PRIZE:
        return _("Sonderpreis der Jury")
    return _("Nominierung")


def _place(application: Application) -> str:
    event = application.edition.ceremony_event
    if event is None:
        return ""
    parts = [event.venue_name, event.municipality]
    place = ", ".join(part for part in parts if part)
    return place or event.title


def certificate_document(application: Application) -> dict:
    edition = application.edition
    partners = [
        partner.actor.name
        for partner in application.partners.select_related("actor").order_by("actor__name", "pk")
    ]
    ceremony = edition.ceremony_on
    if ceremony is None and edition.ceremony_event_id:
        ceremony = timezone.localtime(
            edition.ceremony_event.starts_at, edition.ceremony_event.zone
        ).date()
    if ceremony is None and edition.results_published_at:
        ceremony = timezone.localdate(edition.results_published_at)
    place = _place(application)
    when = formats.date_format(ceremony, "DATE_FORMAT") if ceremony else ""
    if when and place:
        dated = _("%(place)s, den %(date)s") % {"place": place, "date": when}
    else:
        dated = when or place
    return {
        "title": _("Urkunde"),
        "publisher": edition.cluster.name,
        "edition": edition.title,
        "year": str(edition.year),
        "organisation": application.applicant.name,
        "partners": partners,
        "decision": _decision_text(application),
        "innovation": application.title,
        "ceremony_event": edition.ceremony_event.title if edition.ceremony_event_id else "",
        "dated": dated,
        "lang": (get_language() or "de")[:2],
        "labels": {
            "awarded_to": _("verliehen an"),
            "nominated": _("ausgestellt für"),
            "with_partners": _("gemeinsam mit"),
            "for_innovation": _("für die Innovation"),
            "jury": _("Für die Jury"),
            "management": _("Für das Clustermanagement"),
        },
        "is_nominee": application.decision == Decision.NOMINEE,
    }


def _compile(document: dict) -> bytes:
    import typst

    compiler = typst.Compiler(ignore_system_fonts=True)
    return compiler.compile(
        TEMPLATE.read_bytes(),
        format="pdf",
        sys_inputs={"data": json.dumps(document, ensure_ascii=False)},
        timestamp=int(timezone.now().timestamp()),
    )


def certificate_pdf(application: Application) -> bytes:
    return _compile(certificate_document(application))


def certificate_file_name(application: Application) -> str:
    name = slugify(application.applicant.name)[:60] or "bewerbung"
    return f"urkunde-{application.edition.year}-{name}.pdf"
