"""Saved searches ("Meine Suchen", the hits of one search) and the CSV export of the listings.

The list page of the Börse includes `matchmaking/_save_search_form.html`, which posts its
current filters to `saved_search_create`. The rules live in `services.save_search`,
`queries.new_hits` and `saved_searches.py`; the export in `exporting.py`.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clusterwerk.core.exports import streaming_csv_response
from clusterwerk.core.models import DigestFrequency
from clusterwerk.core.ratelimit import limit_anonymous_exports
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.masterplan.forms import use_topic_picker
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.matchmaking import services
from clusterwerk.matchmaking.exporting import COLUMNS, listing_rows
from clusterwerk.matchmaking.forms import OpenMultipleChoiceField, add_service_errors
from clusterwerk.matchmaking.models import SAVED_SEARCH_DIGESTS, ListingKind
from clusterwerk.matchmaking.queries import ListingFilters, filtered_listings
from clusterwerk.matchmaking.saved_searches import (
    get_saved_search_for_user,
    saved_search_rows,
    search_hits,
)


class SavedSearchForm(forms.Form):
    """HTML input for `services.save_search`, which validates (German messages by field)."""

    name = forms.CharField(label=gettext_lazy("Name der Suche"), max_length=120)
    query = forms.CharField(label=gettext_lazy("Suchtext"), max_length=300, required=False)
    kinds = OpenMultipleChoiceField(
        label=gettext_lazy("Arten"),
        choices=ListingKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    topic = forms.ChoiceField(label=gettext_lazy("Themenbereich"), required=False)
    digest = forms.ChoiceField(
        label=gettext_lazy("Benachrichtigung"),
        choices=SAVED_SEARCH_DIGESTS,
        initial=DigestFrequency.WEEKLY,
    )

    def __init__(self, *args, catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        use_topic_picker(self.fields["topic"], catalogue, first=[("", _("alle"))])


def _next_url(request) -> str | None:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _list_page(request, form, *, status: int = 200):
    cluster = request_cluster(request)
    context = {
        "rows": saved_search_rows(request.user, cluster, topic_catalogue(cluster)),
        "form": form,
        "next": _next_url(request) or "",
    }
    return render(request, "matchmaking/saved_search_list.html", context, status=status)


@login_required
def saved_search_list(request):
    catalogue = topic_catalogue(request_cluster(request))
    initial = {
        "query": request.GET.get("q", "")[:300],
        "kinds": request.GET.getlist("kind"),
        "topic": request.GET.get("topic", ""),
    }
    return _list_page(request, SavedSearchForm(initial=initial, catalogue=catalogue))


@login_required
@require_http_methods(["GET", "POST"])
def saved_search_create(request):
    if request.method == "GET":  # a link with the filters: the form on the list page
        query = request.GET.urlencode()
        return redirect(reverse("matchmaking:saved-search-list") + (f"?{query}" if query else ""))
    cluster = request_cluster(request)
    form = SavedSearchForm(request.POST, catalogue=topic_catalogue(cluster))
    if form.is_valid():
        data = form.cleaned_data
        try:
            search = services.save_search(
                user=request.user,
                cluster=cluster,
                name=data["name"],
                query=data["query"],
                kinds=data["kinds"],
                topic=data["topic"],
                digest=data["digest"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Die Suche „%(name)s“ ist gespeichert. Neue passende Inserate erscheinen als "
                    "„neue Treffer“."
                )
                % {"name": search.name},
            )
            return redirect(_next_url(request) or "matchmaking:saved-search-list")
    return _list_page(request, form, status=400)


@login_required
def saved_search_hits(request, pk):
    cluster = request_cluster(request)
    search = get_saved_search_for_user(request.user, cluster, pk)
    hits = search_hits(request.user, search, topic_catalogue(cluster))
    services.mark_search_seen(user=request.user, search=search)
    return render(request, "matchmaking/saved_search_hits.html", {"hits": hits})


@login_required
@require_POST
def saved_search_delete(request, pk):
    search = get_saved_search_for_user(request.user, request_cluster(request), pk)
    services.delete_saved_search(user=request.user, search=search)
    messages.success(request, _("Die Suche „%(name)s“ ist gelöscht.") % {"name": search.name})
    return redirect("matchmaking:saved-search-list")


@limit_anonymous_exports
def listing_export(request):
    """The listings the user sees, filtered like the list page, as CSV (streamed); anonymous
    owners stay anonymous (`queries.owner_label`). Anonymous visitors: rate-limited."""
    cluster = request_cluster(request)
    catalogue = topic_catalogue(cluster)
    filters = ListingFilters.from_params(request.GET, catalogue)
    listings = filtered_listings(request.user, cluster, filters)
    return streaming_csv_response(
        listing_rows(listings, user=request.user, catalogue=catalogue),
        header=COLUMNS,
        filename="kooperationsboerse.csv",
    )
