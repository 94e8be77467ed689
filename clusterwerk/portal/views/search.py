"""The one search `/suche/`: every section of the request's cluster for one query, grouped by
kind (`portal.search`). A plain GET form; with htmx the results update while typing (the
partial `portal/_search_results.html`)."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.portal.search import MAX_QUERY_LENGTH, UnusableQuery, site_search


class SiteSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Suchbegriff"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


def search(request):
    cluster = request_cluster(request)
    # Unbound fields keep what was typed, also beyond max_length; the search cuts it itself.
    query = " ".join(request.GET.get("q", "").split())
    form = SiteSearchForm(initial={"q": query})
    result = None
    problem = ""
    if query:
        try:
            result = site_search(request.user, cluster, query)
        except UnusableQuery as error:
            problem = str(error)
    context = {
        "cluster": cluster,
        "form": form,
        "query": query,
        "result": result,
        "problem": problem,
    }
    # htmx restoring the history after a cache miss needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "portal/_search_results.html" if partial else "portal/search.html"
    return render(request, template, context)
