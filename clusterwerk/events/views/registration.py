"""Registration pages: register for an event, "Meine Veranstaltungen", one registration
(status, ticket, cancel, accept or decline an offer), and the organisers' list of
registrations per contingent (approve/decline, waiting list, offers running)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events import queries_registration as reg_queries
from clusterwerk.events.forms_registration import (
    DeclineForm,
    RegistrationEditForm,
    RegistrationForm,
    add_service_errors,
)
from clusterwerk.events.models import RegistrationStatus
from clusterwerk.events.permissions import can_manage_event
from clusterwerk.events.queries import get_event_for_user
from clusterwerk.events.services import registration as services


def _links(event=None) -> dict:
    return {
        "calendar": reverse("events:calendar"),
        "event": reverse("events:detail", args=[event.slug]) if event is not None else "",
    }


def _page(request, template: str, context: dict, *, status: int = 200):
    context.setdefault("links", _links(context.get("event")))
    return render(request, template, context, status=status)


def _detail(registration):
    return redirect(reverse("events:registration-detail", args=[registration.pk]))


@login_required
def register_view(request, slug):
    cluster = request_cluster(request)
    event = get_event_for_user(request.user, cluster, slug)
    existing = services.active_registration(event, request.user)
    if existing is not None:
        messages.info(request, _("Sie sind für diese Veranstaltung bereits angemeldet."))
        return _detail(existing)
    closed = services.registration_closed_reason(event)
    if closed:
        return _page(request, "events/register.html", {"event": event, "closed": closed})
    status = 200
    if request.method == "POST":
        form = RegistrationForm(request.POST, event=event, user=request.user, cluster=cluster)
        if not form.searched and form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.register(
                    event=event,
                    ticket_type=data["ticket_type"],
                    user=request.user,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    actor=data["actor"],
                    organisation_name="" if data["actor"] else data["organisation_name"],
                    answers=form.answers(),
                    consent_participant_list=data["consent_participant_list"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _status_message(registration))
                return _detail(registration)
        if not form.searched:
            status = 400
    else:
        form = RegistrationForm(event=event, user=request.user, cluster=cluster)
    return _page(request, "events/register.html", {"event": event, "form": form}, status=status)


def _status_message(registration) -> str:
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("Sie sind angemeldet. Ihr Ticket finden Sie hier; wir haben es Ihnen gemailt.")
    if registration.status == RegistrationStatus.PENDING:
        return _("Ihre Anmeldung ist eingegangen; die Veranstalter bestätigen sie.")
    if registration.status == RegistrationStatus.WAITLISTED:
        return _(
            "Die Veranstaltung ist ausgebucht – Sie stehen auf der Warteliste. Wird ein Platz "
            "frei, bekommen Sie ein Angebot per E-Mail."
        )
    return _("Gespeichert.")


@login_required
def mine(request):
    upcoming, past = reg_queries.my_registration_rows(request.user, request_cluster(request))
    return _page(request, "events/mine.html", {"upcoming": upcoming, "past": past})


@login_required
def registration_detail(request, pk):
    registration = reg_queries.get_registration_for_user(request.user, request_cluster(request), pk)
    row = reg_queries.registration_row(registration, request.user)
    return _page(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "row": row,
            "is_registrant": registration.user_id == request.user.pk,
            "can_manage": can_manage_event(request.user, registration.event),
            "decline_form": DeclineForm(),
        },
    )


@login_required
def registration_cancel(request, pk):
    """GET: ask to confirm; POST: cancel."""
    registration = reg_queries.get_registration_for_user(request.user, request_cluster(request), pk)
    if request.method == "POST":
        try:
            services.cancel_registration(registration=registration, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Die Anmeldung ist storniert."))
        return _detail(registration)
    return _page(
        request,
        "events/registration_cancel.html",
        {"registration": registration, "event": registration.event},
    )


@login_required
def registration_edit(request, pk):
    """Change one's details (name, address, organisation, answers, consent): only the changed
    fields are written."""
    cluster = request_cluster(request)
    registration = reg_queries.get_registration_for_user(request.user, cluster, pk)
    kwargs = {"registration": registration, "user": request.user, "cluster": cluster}
    status = 200
    if request.method == "POST":
        form = RegistrationEditForm(request.POST, **kwargs)
        if not form.searched and form.is_valid():
            try:
                services.update_registration(
                    registration=registration, by=request.user, changes=form.changes()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ihre Angaben sind gespeichert."))
                return _detail(registration)
        if not form.searched:
            status = 400
    else:
        form = RegistrationEditForm(**kwargs)
    return _page(
        request,
        "events/registration_edit.html",
        {"registration": registration, "event": registration.event, "form": form},
        status=status,
    )


def _act(request, pk, action, success: str, *, manage: bool = False):
    registration = reg_queries.get_registration_for_user(
        request.user, request_cluster(request), pk, manage=manage
    )
    try:
        action(registration=registration, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return registration


@login_required
@require_POST
def offer_accept(request, pk):
    registration = _act(
        request, pk, services.accept_offer, _("Der Platz gehört Ihnen. Wir freuen uns auf Sie!")
    )
    return _detail(registration)


@login_required
@require_POST
def offer_decline(request, pk):
    registration = _act(
        request,
        pk,
        services.decline_offer,
        _("Sie haben den Platz abgelehnt; er geht an die nächste Person."),
    )
    return _detail(registration)


def _back_to_list(request, registration):
    target = request.POST.get("next", "")
    if target == "detail":
        return _detail(registration)
    return redirect(reverse("events:registrations", args=[registration.event.slug]))


@login_required
@require_POST
def registration_approve(request, pk):
    registration = _act(
        request,
        pk,
        services.approve_registration,
        _("Die Anmeldung ist angenommen."),
        manage=True,
    )
    return _back_to_list(request, registration)


@login_required
@require_POST
def registration_decline(request, pk):
    registration = reg_queries.get_registration_for_user(
        request.user, request_cluster(request), pk, manage=True
    )
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.decline_registration(
                registration=registration, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Die Anmeldung ist abgelehnt; die Person ist informiert."))
    else:
        for error in form.errors.get("reason", []):
            messages.error(request, error)
    return _back_to_list(request, registration)


@login_required
def registrations(request, slug):
    event = get_event_for_user(request.user, request_cluster(request), slug, manage=True)
    return _page(
        request,
        "events/registrations.html",
        {
            "event": event,
            "contingents": reg_queries.contingent_overview(event),
            "decline_form": DeclineForm(),
        },
    )


urlpatterns = [
    path("veranstaltungen/meine/", mine, name="mine"),
    path("veranstaltungen/anmeldung/<int:pk>/", registration_detail, name="registration-detail"),
    path(
        "veranstaltungen/anmeldung/<int:pk>/abmelden/",
        registration_cancel,
        name="registration-cancel",
    ),
    path("veranstaltungen/anmeldung/<int:pk>/annehmen/", offer_accept, name="registration-accept"),
    path(
        "veranstaltungen/anmeldung/<int:pk>/aendern/", registration_edit, name="registration-edit"
    ),
    path(
        "veranstaltungen/anmeldung/<int:pk>/ablehnen/",
        offer_decline,
        name="registration-decline-offer",
    ),
    path(
        "veranstaltungen/anmeldung/<int:pk>/bestaetigen/",
        registration_approve,
        name="registration-approve",
    ),
    path(
        "veranstaltungen/anmeldung/<int:pk>/zurueckweisen/",
        registration_decline,
        name="registration-decline",
    ),
    path("veranstaltungen/<slug:slug>/anmelden/", register_view, name="register"),
    path("veranstaltungen/<slug:slug>/anmeldungen/", registrations, name="registrations"),
]
