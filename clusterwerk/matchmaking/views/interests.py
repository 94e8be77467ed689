"""Expressions of interest: a member sends one for an organisation it represents; the owner
accepts (then both sides see each other's contact) or declines; the sender may withdraw."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.matchmaking import listing_pages, queries, services
from clusterwerk.matchmaking.forms import DecisionForm, InterestForm, add_service_errors
from clusterwerk.matchmaking.permissions import can_send_interest
from clusterwerk.matchmaking.views.listings import render_listing


@login_required
@require_POST
def interest_send(request, pk):
    listing = queries.get_listing_for_user(request.user, request_cluster(request), pk)
    if not can_send_interest(request.user):
        raise PermissionDenied(
            _("Interesse bekunden Sie im Namen einer Organisation, die Sie vertreten.")
        )
    form = InterestForm(request.POST, actors=listing_pages.interest_senders(request.user, listing))
    if form.is_valid():
        try:
            services.send_interest(
                user=request.user,
                listing=listing,
                actor=form.cleaned_data["actor"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Ihre Interessensbekundung ist beim Anbieter. Sie bekommen eine E-Mail, "
                    "sobald er entschieden hat."
                ),
            )
            return redirect(listing)
    return render_listing(request, listing, interest_form=form, status=400)


def _decide(request, pk, decide, success: str):
    interest = listing_pages.get_interest_for_user(request.user, request_cluster(request), pk)
    form = DecisionForm(request.POST, prefix=f"interest-{interest.pk}")
    if not form.is_valid():
        for error in form.errors.get("note", []):
            messages.error(request, error)
        return redirect(interest.listing)
    try:
        decide(user=request.user, interest=interest, note=form.cleaned_data["note"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(interest.listing)


@login_required
@require_POST
def interest_accept(request, pk):
    return _decide(
        request,
        pk,
        services.accept_interest,
        _("Angenommen. Sie sehen jetzt die Kontaktdaten der anderen Seite – und sie Ihre."),
    )


@login_required
@require_POST
def interest_decline(request, pk):
    return _decide(
        request,
        pk,
        services.decline_interest,
        _("Abgelehnt. Die Organisation bekommt eine kurze Nachricht, ohne Ihren Namen."),
    )


@login_required
@require_POST
def interest_withdraw(request, pk):
    interest = listing_pages.get_interest_for_user(request.user, request_cluster(request), pk)
    try:
        services.withdraw_interest(user=request.user, interest=interest)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Ihre Interessensbekundung ist zurückgezogen."))
    if interest.listing.is_open:
        return redirect(interest.listing)
    return redirect("matchmaking:my-listings")
