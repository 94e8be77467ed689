"""The door (/veranstaltungen/<slug>/einlass/…): the organisers' check-in page for a phone,
the page behind a ticket's QR code, and the ticket's QR code as an image.

- `checkin` – counters (registered / inside / left), the search by name or organisation
  (live with htmx, a plain GET form without JavaScript), Einlass/Ausgang per person, the last
  scans, a ticket code typed in, and the late registration at the door. Organisers only.
- `checkin_ticket` – the address in the QR code. An organiser (logged in) sees the person,
  the organisation, the contingent and the status with a big "Einlass"/"Ausgang" button;
  everybody else only "Ticket für <Veranstaltung>" and whether it is valid – no personal
  data. The address holds the ticket's secret: the page is not cached and sends the referrer
  to this site only ("same-origin"; "no-referrer" would send `Origin: null`, which fails the
  CSRF check of the form).
- `ticket_qr` – the SVG for the person registered and the event's organisers.

Every write is a service of `services.checkin`.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events import checkin_queries, queries
from clusterwerk.events.forms_checkin import (
    CodeForm,
    DoorRegistrationForm,
    RegistrationScanForm,
    ScanForm,
)
from clusterwerk.events.models import CheckInKind, CheckInMethod, Registration
from clusterwerk.events.permissions import can_manage_event
from clusterwerk.events.services import checkin as services
from clusterwerk.events.tickets import has_ticket, ticket_qr_svg

TICKET_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")
PAGE = "events/checkin.html"
RESULTS = "events/_checkin_results.html"


def _service_errors(error: ValidationError) -> list[str]:
    return list(error.messages)


def _done_message(check_in) -> str:
    name = check_in.registration.name_with_organisation
    if check_in.kind == CheckInKind.ENTRY:
        return _("Eingelassen: %(name)s") % {"name": name}
    return _("Ausgang erfasst: %(name)s") % {"name": name}


def _page_context(request, event, *, query: str | None = None, **extra) -> dict:
    if query is None:
        query = request.GET.get("q") or ""
    query = query.strip()[: checkin_queries.MAX_QUERY_LENGTH]
    context = {
        "event": event,
        "attendance": checkin_queries.attendance(event),
        "refusal": services.check_in_refusal(event),
        "query": query,
        "results": checkin_queries.search_registrations(event, query),
        "scans": checkin_queries.recent_scans(event),
        "code_form": CodeForm(),
        "door_form": None,
        "organisations": [],
    }
    context.update(extra)
    if context["door_form"] is None:
        context["door_form"] = DoorRegistrationForm(event=event)
    return context


@login_required
@never_cache
@require_GET
def checkin(request, slug):
    event = queries.get_event_for_user(request.user, request_cluster(request), slug, manage=True)
    code = services.clean_code(request.GET.get("code") or "")
    if code and TICKET_CODE.fullmatch(code):
        return redirect("events:checkin-ticket", event.slug, code)
    code_error = _("Dieses Ticket ist ungültig.") if code else ""
    context = _page_context(request, event, code_error=code_error)
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, RESULTS, context)
    return render(request, PAGE, context)


@login_required
@require_POST
def checkin_scan(request, slug):
    """Einlass or Ausgang of a registration found by the search."""
    event = queries.get_event_for_user(request.user, request_cluster(request), slug, manage=True)
    form = RegistrationScanForm(request.POST)
    errors, done = [], ""
    if not form.is_valid():
        errors = [_("Bitte wählen Sie eine Person und Einlass oder Ausgang.")]
    else:
        registration = Registration.objects.filter(
            event=event, pk=form.cleaned_data["registration"]
        ).first()
        if registration is None:
            raise Http404(_("Diese Anmeldung gibt es hier nicht."))
        registration.event = event
        try:
            check_in = services.check_in_registration(
                registration=registration,
                kind=form.cleaned_data["kind"],
                by=request.user,
                method=CheckInMethod.SEARCH,
            )
        except ValidationError as error:
            errors = _service_errors(error)
        else:
            done = _done_message(check_in)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    if request.htmx:
        context = _page_context(request, event, query=query, done=done, errors=errors, oob=True)
        return render(request, RESULTS, context, status=400 if errors else 200)
    for message in errors:
        messages.error(request, message)
    if done:
        messages.success(request, done)
    url = reverse("events:checkin", args=[event.slug])
    return redirect(f"{url}?{urlencode({'q': query})}#suche" if query else url)


@login_required
@require_POST
def checkin_door(request, slug):
    """Late registration at the door: registered and let in at once."""
    cluster = request_cluster(request)
    event = queries.get_event_for_user(request.user, cluster, slug, manage=True)
    form = DoorRegistrationForm(request.POST, event=event)
    organisations = []
    if form.is_valid():
        data = form.cleaned_data
        actor = None
        if data["actor"]:
            actor = checkin_queries.directory_organisation(cluster, pk=data["actor"])
        elif data["organisation"]:
            actor = checkin_queries.directory_organisation(cluster, name=data["organisation"])
        try:
            check_in = services.register_at_door(
                event=event,
                by=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                actor=actor,
                organisation_name="" if actor else data["organisation"],
                ticket_type=data["ticket_type"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Nachgemeldet und eingelassen: %(name)s")
                % {"name": check_in.registration.full_name},
            )
            return redirect("events:checkin", event.slug)
        organisations = checkin_queries.directory_organisations(
            cluster, form.cleaned_data.get("organisation", "")
        )
    context = _page_context(request, event, door_form=form, organisations=organisations)
    return render(request, PAGE, context, status=400)


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    rename = {"organisation_name": "organisation"}
    for key, found in error.message_dict.items():
        name = rename.get(key, key)
        for message in found:
            form.add_error(name if name in form.fields else None, message)


@login_required
@require_GET
def checkin_organisations(request, slug):
    """The directory's organisations for the late registration (htmx, while typing)."""
    cluster = request_cluster(request)
    event = queries.get_event_for_user(request.user, cluster, slug, manage=True)
    query = request.GET.get("door-organisation", "")
    return render(
        request,
        "events/_checkin_organisations.html",
        {
            "event": event,
            "organisations": checkin_queries.directory_organisations(cluster, query),
            "query": query.strip(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def checkin_ticket(request, slug, code):
    """The address in the ticket's QR code."""
    event = queries.get_event_for_user(request.user, request_cluster(request), slug)
    manager = can_manage_event(request.user, event)
    registration = checkin_queries.ticket_by_code(code)
    valid = (
        registration is not None and registration.event_id == event.pk and has_ticket(registration)
    )
    context = {"event": event, "manager": manager, "valid": valid, "errors": [], "code": code}
    status = 200
    if request.method == "POST":
        form = ScanForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Bitte wählen Sie Einlass oder Ausgang."))
            check_in = services.check_in(
                event=event,
                code=code,
                kind=form.cleaned_data["kind"],
                by=request.user,
                method=CheckInMethod.QR,
            )
        except ValidationError as error:
            context["errors"] = _service_errors(error)
            status = 400
        else:
            messages.success(request, _done_message(check_in))
            return redirect("events:checkin-ticket", event.slug, code)
    if manager:
        context.update(
            registration=registration
            if registration is not None and registration.event_id == event.pk
            else None,
            foreign=registration is not None and registration.event_id != event.pk,
            refusal=services.check_in_refusal(event),
            attendance=checkin_queries.attendance(event),
        )
    response = render(request, "events/checkin_ticket.html", context, status=status)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_GET
def ticket_qr(request, pk):
    """The QR code of a confirmed registration: for the person registered and the event's
    organisers (404 for everybody else, and for a registration without a ticket)."""
    cluster = request_cluster(request)
    registration = (
        Registration.objects.select_related("event", "event__cluster")
        .filter(pk=pk, event__cluster=cluster)
        .first()
    )
    allowed = registration is not None and (
        registration.user_id == request.user.pk
        or can_manage_event(request.user, registration.event)
    )
    if not allowed:
        raise Http404(_("Dieses Ticket gibt es nicht."))
    if not has_ticket(registration):
        raise Http404(_("Diese Anmeldung hat (noch) kein Ticket: sie ist nicht bestätigt."))
    response = HttpResponse(
        ticket_qr_svg(registration, request=request), content_type="image/svg+xml"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("veranstaltungen/anmeldung/<int:pk>/ticket.svg", ticket_qr, name="ticket-qr"),
    path("veranstaltungen/<slug:slug>/einlass/", checkin, name="checkin"),
    path("veranstaltungen/<slug:slug>/einlass/erfassen/", checkin_scan, name="checkin-scan"),
    path("veranstaltungen/<slug:slug>/einlass/nachmeldung/", checkin_door, name="checkin-door"),
    path(
        "veranstaltungen/<slug:slug>/einlass/organisationen/",
        checkin_organisations,
        name="checkin-organisations",
    ),
    path("veranstaltungen/<slug:slug>/einlass/<str:code>/", checkin_ticket, name="checkin-ticket"),
]
