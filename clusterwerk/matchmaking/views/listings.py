"""Listing pages of the Kooperationsbörse: the Börse with filters, create and edit, "Meine
Inserate", one listing (facts, interests, matches), submit for review and close."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusterwerk.core import versions
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.page_cache import cache_public_page
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.matchmaking import listing_pages, queries, services
from clusterwerk.matchmaking.forms import (
    DecisionForm,
    InterestForm,
    ListingForm,
    ReturnForm,
    add_service_errors,
    listing_initial,
    topic_choices,
)
from clusterwerk.matchmaking.models import ListingKind, ListingStatus
from clusterwerk.matchmaking.permissions import can_create_listings, can_review_listing


@cache_public_page(
    versions.MATCHMAKING, versions.ACTORS, versions.MASTERPLAN, params=("page", "kind", "topic")
)
def listing_list(request):
    cluster = request_cluster(request)
    catalogue = topic_catalogue(cluster)
    filters = queries.ListingFilters.from_params(request.GET, catalogue)
    listings = listing_pages.open_listings_for(cluster, filters)
    page = Paginator(listings, queries.LISTING_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "cards": listing_pages.listing_cards(request.user, page, catalogue),
        "shared_cards": listing_pages.shared_listing_cards(request.user, cluster, filters),
        "filters": filters,
        "topic": catalogue.number_by_lineage.get(filters.topic_lineage, ""),
        "kind": filters.kinds[0] if len(filters.kinds) == 1 else "",
        "kinds": ListingKind.choices,
        "topic_options": topic_choices(catalogue),
        "can_create": can_create_listings(request.user, cluster),
        "review_count": queries.review_count(request.user, cluster),
    }
    template = (
        "matchmaking/_listing_results.html" if request.htmx else "matchmaking/listing_list.html"
    )
    return render(request, template, context)


def _listing_form(request, cluster, **kwargs) -> ListingForm:
    return ListingForm(
        request.POST if request.method == "POST" else None,
        catalogue=topic_catalogue(cluster),
        districts=listing_pages.district_choices(),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_create(request):
    cluster = request_cluster(request)
    if not can_create_listings(request.user, cluster):
        if request.method == "GET":
            # Not yet representing an organisation of the cluster: the front door first.
            messages.info(
                request,
                _(
                    "Inserate geben Vertreterinnen und Vertreter von Organisationen des "
                    "Clusters auf. Ordnen Sie Ihr Konto zuerst Ihrer Organisation zu."
                ),
            )
            return redirect("actors:welcome")
        raise PermissionDenied(
            _("Inserate legen Vertreterinnen und Vertreter von Organisationen des Clusters an.")
        )
    owner_choices = queries.owner_actor_choices(request.user, cluster)
    form = _listing_form(request, cluster, owner_choices=owner_choices)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                listing = services.create_listing(
                    user=request.user,
                    cluster=cluster,
                    owner=form.cleaned_data["owner_actor"],
                    data=form.data_for_services(),
                    submit=form.wants_review,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _saved_message(listing))
                return redirect(listing)
        else:
            owner = form.cleaned_data.get("owner_actor")
            form.add_remaining_errors(owner=owner, cluster=cluster)
    context = {"form": form, "listing": None}
    return render(request, "matchmaking/listing_form.html", context, status=status)


def _saved_message(listing) -> str:
    if listing.status == ListingStatus.IN_REVIEW:
        return _(
            "Danke! Das Inserat liegt dem Clustermanagement zur Prüfung vor. Sie bekommen eine "
            "E-Mail, sobald es veröffentlicht ist."
        )
    if listing.status == ListingStatus.DRAFT:
        return _(
            "Das Inserat ist als Entwurf gespeichert. Reichen Sie es zur Prüfung ein, "
            "wenn es fertig ist."
        )
    return _("Das Inserat wurde gespeichert.")


@login_required
@require_http_methods(["GET", "POST"])
def listing_edit(request, pk):
    listing = queries.get_listing_for_user(request.user, request_cluster(request), pk, write=True)
    if listing.status not in listing_pages.EDITABLE_STATES:
        messages.error(
            request, _("Abgelaufene oder geschlossene Inserate lassen sich nicht mehr ändern.")
        )
        return redirect(listing)
    initial = listing_initial(services.listing_data(listing), listing.version)
    form = _listing_form(request, listing.cluster, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and not form.has_changes():
            if form.wants_review and listing.status == ListingStatus.DRAFT:
                return _after_edit(request, listing, listing, form.wants_review)
            messages.info(request, _("Keine Änderungen – es gab nichts zu speichern."))
            return redirect(listing)
        if form.is_valid():
            try:
                updated = services.update_listing(
                    user=request.user,
                    listing=listing,
                    data=form.data_for_services(),
                    version=form.cleaned_data.get("version"),
                )
            except EditConflict as conflict:
                status = 409
                form.data = form.data.copy()
                form.data["version"] = str(conflict.version)
                form.add_error(
                    None,
                    _(
                        "Das Inserat wurde inzwischen von jemand anderem geändert. Ihre "
                        "Eingaben stehen unten; speichern Sie erneut, um die neue Fassung zu "
                        "ersetzen, oder öffnen Sie das Inserat, um sie anzusehen."
                    ),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _after_edit(request, listing, updated, form.wants_review)
        else:
            form.add_remaining_errors(owner=listing.owner_actor, cluster=listing.cluster)
    context = {
        "form": form,
        "listing": listing,
        "can_publish_directly": can_review_listing(request.user, listing),
    }
    return render(request, "matchmaking/listing_form.html", context, status=status)


def _after_edit(request, before, listing, wants_review: bool):
    if wants_review and listing.status == ListingStatus.DRAFT:
        try:
            listing = services.submit_listing(user=request.user, listing=listing)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(listing)
    if before.status == ListingStatus.PUBLISHED and listing.status == ListingStatus.IN_REVIEW:
        messages.success(
            request,
            _(
                "Ihre Änderungen sind gespeichert. Das Inserat geht damit erneut zur Prüfung "
                "an das Clustermanagement und erscheint nach der Freigabe wieder."
            ),
        )
    else:
        messages.success(request, _saved_message(listing))
    return redirect(listing)


@login_required
def my_listings(request):
    cluster = request_cluster(request)
    context = {
        "groups": listing_pages.my_listing_groups(request.user, cluster),
        "sent": listing_pages.own_interest_rows(request.user, cluster),
        "can_create": can_create_listings(request.user, cluster),
        "review_count": queries.review_count(request.user, cluster),
    }
    return render(request, "matchmaking/my_listings.html", context)


def listing_detail(request, pk):
    listing = queries.get_listing_for_user(request.user, request_cluster(request), pk)
    return render_listing(request, listing)


def render_listing(request, listing, *, interest_form=None, return_form=None, status=200):
    """The listing page; a form with errors (interest, return note) is shown in place."""
    page = listing_pages.listing_page(request.user, listing, topic_catalogue(listing.cluster))
    if interest_form is None and page.interest_choices:
        interest_form = InterestForm(actors=page.interest_choices)
    if return_form is None and page.can_review:
        return_form = ReturnForm(prefix=f"return-{listing.pk}")
    context = {
        "page": page,
        "listing": listing,
        "interest_form": interest_form,
        "return_form": return_form,
        "interest_rows": [
            (row, DecisionForm(prefix=f"interest-{row.interest.pk}")) for row in page.interests
        ],
    }
    return render(request, "matchmaking/listing_detail.html", context, status=status)


@login_required
@require_POST
def listing_submit(request, pk):
    listing = queries.get_listing_for_user(request.user, request_cluster(request), pk, write=True)
    try:
        listing = services.submit_listing(user=request.user, listing=listing)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _saved_message(listing))
    return redirect(listing)


@login_required
@require_POST
def listing_close(request, pk):
    listing = queries.get_listing_for_user(request.user, request_cluster(request), pk, write=True)
    try:
        services.close_listing(user=request.user, listing=listing)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Das Inserat ist beendet und erscheint nicht mehr."))
    return redirect(listing)
