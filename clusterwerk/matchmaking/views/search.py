"""The partner search: a need in one's own words → the actors that fit, with the reasons."""

from django.shortcuts import render

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.matchmaking import engine, listing_pages
from clusterwerk.matchmaking.forms import PartnerSearchForm


def partner_search(request):
    form = PartnerSearchForm(request.GET or None)
    search = None
    if form.is_valid():
        try:
            search = listing_pages.partner_search(
                form.cleaned_data["need"],
                user=request.user,
                cluster=request_cluster(request),
                partner_kinds=form.cleaned_data["partner_kinds"],
                listing_kind=form.cleaned_data["listing_kind"],
                region_scope=form.cleaned_data["region"],
            )
        except engine.EmptyNeed as empty:
            form.add_error("need", str(empty))
    status = 400 if form.is_bound and form.errors else 200
    template = (
        "matchmaking/_partner_search.html" if request.htmx else "matchmaking/partner_search.html"
    )
    context = {
        "form": form,
        "search": search,
        "results": search.results if search else None,
    }
    return render(request, template, context, status=status)
