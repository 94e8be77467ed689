"""The cluster management's review of listings: the queue, publish, return with a note."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.matchmaking import listing_pages, queries, services
from clusterwerk.matchmaking.forms import ReturnForm, add_service_errors
from clusterwerk.matchmaking.permissions import can_review_listing


@login_required
def review_queue(request):
    if queries.review_count(request.user, request_cluster(request)) is None:
        raise PermissionDenied(_("Inserate prüft das Clustermanagement."))
    return _render_queue(request)


def _render_queue(request, *, bound_form=None, status=200):
    """The queue; a return form with errors is shown with its listing."""
    rows = []
    for card in listing_pages.review_cards(request.user, request_cluster(request)):
        prefix = f"return-{card.listing.pk}"
        form = bound_form if bound_form and bound_form.prefix == prefix else None
        rows.append((card, form or ReturnForm(prefix=prefix)))
    return render(request, "matchmaking/review_queue.html", {"rows": rows}, status=status)


@login_required
@require_POST
def listing_approve(request, pk):
    listing = queries.get_listing_for_user(request.user, request_cluster(request), pk)
    try:
        services.approve_listing(user=request.user, listing=listing)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("„%(title)s“ ist veröffentlicht.") % {"title": listing.title})
    return redirect("matchmaking:review-queue")


@login_required
@require_POST
def listing_return(request, pk):
    listing = queries.get_listing_for_user(request.user, request_cluster(request), pk)
    if not can_review_listing(request.user, listing):
        raise PermissionDenied(_("Inserate prüft das Clustermanagement."))
    form = ReturnForm(request.POST, prefix=f"return-{listing.pk}")
    if form.is_valid():
        try:
            services.return_listing(
                user=request.user, listing=listing, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                for message in error.messages:
                    messages.error(request, message)
                return redirect("matchmaking:review-queue")
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("„%(title)s“ ist mit Ihrem Hinweis an den Anbieter zurückgegangen.")
                % {"title": listing.title},
            )
            return redirect("matchmaking:review-queue")
    return _render_queue(request, bound_form=form, status=400)
