"""schema.org JSON-LD of an edition's public results page: an `ItemList` of the published
winners, the special prize and the nominees, each an `Organization` (the applicant, with the
address of its profile when the directory shows it); winners and the special prize carry the
prize as `award` text, nominees a `description`. Only what the page shows (consent given)."""

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from clusterwerk.award.models import Application, Decision
from clusterwerk.award.queries import PublishedResults
from clusterwerk.core.jsonld import json_ld_script


def award_text(application: Application) -> str:
    edition = application.edition
    if application.decision == Decision.WINNER:
        return _("%(title)s – Preisträger") % {"title": edition.title}
    if application.decision == Decision.SPECIAL_PRIZE:
        return _("%(title)s – Sonderpreis der Jury") % {"title": edition.title}
    return _("%(title)s – nominiert") % {"title": edition.title}


def _organisation(application: Application, request, linked) -> dict:
    actor = application.applicant
    data = {"@type": "Organization", "name": actor.name}
    if actor.pk in linked:
        data["url"] = request.build_absolute_uri(reverse("actors:by-id", args=[actor.pk]))
    text = award_text(application)
    if application.decision in (Decision.WINNER, Decision.SPECIAL_PRIZE):
        data["award"] = text
        data["description"] = application.title
    else:
        data["description"] = f"{text}: {application.title}"
    return data


def results_data(results: PublishedResults, request) -> dict:
    edition = results.edition
    linked = results.linked_actor_ids
    url = request.build_absolute_uri(reverse("award:winners", args=[edition.year]))
    items = [
        {"@type": "ListItem", "position": position, "item": _organisation(app, request, linked)}
        for position, app in enumerate(results.applications, start=1)
    ]
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "@id": url,
        "url": url,
        "name": _("%(title)s: Preisträger und Nominierte") % {"title": edition.title},
        "numberOfItems": len(items),
        "itemListElement": items,
    }


def results_json_ld(results: PublishedResults, request) -> SafeString:
    """The JSON-LD, safe inside <script type="application/ld+json">."""
    return json_ld_script(results_data(results, request))
