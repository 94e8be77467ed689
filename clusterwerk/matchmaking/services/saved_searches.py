"""Saved searches: save one (for the listings of one cluster), delete it, mark its hits as
seen, and record that the weekly digest went out."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import has_all_rights, is_authenticated
from clusterwerk.core import validation
from clusterwerk.core.models import Cluster, DigestFrequency
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.matchmaking.models import SAVED_SEARCH_DIGESTS, ListingKind, SavedSearch

MAX_SAVED_SEARCHES = 20


@transaction.atomic
def save_search(
    *,
    user,
    cluster: Cluster,
    name: str,
    query: str = "",
    kinds=(),
    topic: str = "",
    digest: str = DigestFrequency.WEEKLY,
) -> SavedSearch:
    """A search for the listings of `cluster`; `topic` is a number of its published edition."""
    if not is_authenticated(user):
        raise PermissionDenied(_("Bitte melden Sie sich an, um Suchen zu speichern."))
    errors = PayloadErrors()
    name = validation.text(name, "name", errors, max_length=120, required=True)
    query = validation.text(query, "query", errors, max_length=300)
    kinds = validation.string_list(list(kinds or ()), "kinds", errors)
    unknown = [kind for kind in kinds if kind not in ListingKind.values]
    if unknown:
        errors.add("kinds", _("Unbekannte Art: %(kinds)s.") % {"kinds": ", ".join(unknown)})
    digest = validation.choice(
        digest, "digest", errors, [value for value, _label in SAVED_SEARCH_DIGESTS], required=True
    )
    lineage = None
    if topic:
        lineage = topic_catalogue(cluster).lineage_by_number.get(topic)
        if lineage is None:
            errors.add("topic", _("Unbekannter Themenbereich: %(n)s.") % {"n": topic})
    if not (query or kinds or topic):
        errors.add("query", _("Bitte geben Sie einen Suchtext, eine Art oder ein Thema an."))
    if user.saved_searches.count() >= MAX_SAVED_SEARCHES:
        errors.add(
            "name", _("Höchstens %(max)d gespeicherte Suchen.") % {"max": MAX_SAVED_SEARCHES}
        )
    errors.raise_if_any()
    return SavedSearch.objects.create(
        user=user,
        cluster=cluster,
        name=name,
        query=query,
        kinds=kinds,
        topic_lineage=lineage,
        digest=digest,
    )


def _own(user, search: SavedSearch) -> None:
    if not is_authenticated(user) or search.user_id != user.pk:
        raise PermissionDenied(_("Das ist nicht Ihre gespeicherte Suche."))


@transaction.atomic
def delete_saved_search(*, user, search: SavedSearch) -> None:
    _own(user, search)
    search.delete()


@transaction.atomic
def mark_search_seen(*, user, search: SavedSearch) -> None:
    """The user has looked at the hits of this search: they no longer count as new."""
    _own(user, search)
    search.last_seen_at = timezone.now()
    SavedSearch.objects.filter(pk=search.pk).update(last_seen_at=search.last_seen_at)


@transaction.atomic
def record_digest_sent(*, user, searches: list[SavedSearch], at: datetime.datetime) -> None:
    """The weekly digest of these searches went out (or had nothing new) at `at`: the system's
    job (`digest.send_digests`)."""
    if not has_all_rights(user):
        raise PermissionDenied(_("Die wöchentlichen E-Mails verschickt das System."))
    SavedSearch.objects.filter(pk__in=[search.pk for search in searches]).update(last_digest_at=at)
