"""The events' public pages – the calendar (list and month), one event, one series – and the
organisers' pages: "Veranstaltungen verwalten", create and edit, contingents and questions,
publish, cancel, the participant export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_bytes,
    xlsx_bytes,
)
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events import event_pages
from clusterwerk.events.event_pages import CalendarFilters
from clusterwerk.events.forms import (
    CancelForm,
    EventForm,
    QuestionForm,
    SeriesForm,
    TicketTypeForm,
    add_service_errors,
    event_initial,
    question_initial,
)
from clusterwerk.events.jsonld import event_json_ld
from clusterwerk.events.models import ACTIVE_STATUSES, EventFormat, EventSeries, EventStatus
from clusterwerk.events.permissions import can_create_events
from clusterwerk.events.queries import get_event_for_user, ticket_types_with_counts
from clusterwerk.events.services import contingents
from clusterwerk.events.services import events as services
from clusterwerk.masterplan.queries import topic_catalogue

# --- public pages ------------------------------------------------------------------------------


def event_calendar(request):
    cluster = request_cluster(request)
    catalogue = topic_catalogue(cluster)
    filters = CalendarFilters.from_params(request.GET, catalogue, today=timezone.localdate())
    context = {
        "filters": filters,
        "formats": EventFormat.choices,
        "topic_options": [(n, catalogue.label(n)) for n in catalogue.numbers()],
        "district_options": event_pages.district_options(),
        "series_options": event_pages.series_options(cluster),
        "can_manage": event_pages.manages_any_event(request.user, cluster),
    }
    if filters.month_view:
        context["month"] = event_pages.month_view(request.user, cluster, filters)
    else:
        events = event_pages.list_events(request.user, cluster, filters)
        page = Paginator(events, event_pages.PAGE_SIZE).get_page(request.GET.get("page"))
        context["page"] = page
        context["cards"] = [
            (event, event_pages.topic_labels(event, catalogue)) for event in page.object_list
        ]
    template = "events/_calendar_results.html" if request.htmx else "events/calendar.html"
    return render(request, template, context)


def event_detail(request, slug):
    event = get_event_for_user(request.user, request_cluster(request), slug)
    page = event_pages.event_page(request.user, event, topic_catalogue(event.cluster))
    context = {
        "page": page,
        "event": event,
        "json_ld": event_json_ld(event, request, organisers=page.organisers),
    }
    return render(request, "events/event_detail.html", context)


def series_detail(request, slug):
    cluster = request_cluster(request)
    series = get_object_or_404(EventSeries, cluster=cluster, slug=slug)
    events = (
        event_pages.calendar_events(request.user, cluster, CalendarFilters())
        .filter(series=series)
        .order_by("-starts_at", "-id")
    )
    now = timezone.now()
    events = list(events)
    context = {
        "series": series,
        "can_edit": can_create_events(request.user, cluster),
        "upcoming": sorted((e for e in events if e.ends_at >= now), key=lambda e: e.starts_at),
        "past": [e for e in events if e.ends_at < now],
    }
    return render(request, "events/series_detail.html", context)


# --- organisers' pages -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def series_form(request, slug=None):
    """Create a series (no `slug`) or change one; the cluster management only."""
    cluster = request_cluster(request)
    if not can_create_events(request.user, cluster):
        raise PermissionDenied(_("Veranstaltungsreihen pflegt das Clustermanagement."))
    series = get_object_or_404(EventSeries, cluster=cluster, slug=slug) if slug else None
    initial = {"title": series.title, "description": series.description} if series else None
    form = SeriesForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if series is None:
                    series = services.create_series(
                        cluster=cluster, by=request.user, data=form.cleaned_data
                    )
                else:
                    series = services.update_series(
                        series=series, by=request.user, data=form.cleaned_data
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Reihe ist gespeichert."))
                return redirect(series)
    context = {"form": form, "series": series}
    return render(request, "events/series_form.html", context, status=status)


@login_required
def manage_list(request):
    cluster = request_cluster(request)
    if not event_pages.manages_any_event(request.user, cluster):
        raise PermissionDenied(
            _("Diese Seite ist für das Clustermanagement und die Mitveranstalter.")
        )
    context = {
        "events": event_pages.managed_events(request.user, cluster),
        "can_create": can_create_events(request.user, cluster),
    }
    return render(request, "events/manage_list.html", context)


def _event_form(request, cluster, **kwargs) -> EventForm:
    return EventForm(
        request.POST if request.method == "POST" else None,
        cluster=cluster,
        catalogue=topic_catalogue(cluster),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    cluster = request_cluster(request)
    if not can_create_events(request.user, cluster):
        raise PermissionDenied(_("Veranstaltungen legt das Clustermanagement an."))
    form = _event_form(request, cluster)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                event = services.create_event(
                    cluster=cluster, by=request.user, data=form.data_for_services()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Die Veranstaltung ist als Entwurf gespeichert. Legen Sie jetzt die "
                        "Kontingente an und veröffentlichen Sie sie dann."
                    ),
                )
                return redirect("events:tickets", event.slug)
    return render(request, "events/event_form.html", {"form": form, "event": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, slug):
    event = get_event_for_user(request.user, request_cluster(request), slug, manage=True)
    if event.status == EventStatus.CANCELLED:
        messages.error(request, _("Eine abgesagte Veranstaltung lässt sich nicht mehr ändern."))
        return redirect(event)
    may_set_organisers = can_create_events(request.user, event.cluster)
    initial = event_initial(services.event_data(event), event.version)
    form = _event_form(
        request, event.cluster, initial=initial, may_set_organisers=may_set_organisers
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_event(
                    event=event,
                    by=request.user,
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
                        "Die Veranstaltung wurde inzwischen von jemand anderem geändert. Ihre "
                        "Eingaben stehen unten; speichern Sie erneut, um die neue Fassung zu "
                        "ersetzen, oder öffnen Sie die Veranstaltung, um sie anzusehen."
                    ),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen sind gespeichert."))
                return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event}, status=status)


TICKET_PREFIX = "kontingent"
QUESTION_PREFIX = "frage"


@login_required
@require_http_methods(["GET", "POST"])
def event_tickets(request, slug):
    """Contingents and registration questions: add, change, delete (one form per POST)."""
    event = get_event_for_user(request.user, request_cluster(request), slug, manage=True)
    failed: dict[str, object] = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            message = _ticket_action(request, event, action, failed)
        except ValidationError as error:
            status = 400
            form = failed.get("form")
            if form is not None:
                add_service_errors(form, error)
            else:
                for text in error.messages:
                    messages.error(request, text)
        else:
            if message:
                messages.success(request, message)
                return redirect("events:tickets", event.slug)
            status = 400
    context = {
        "event": event,
        "tickets": _ticket_rows(event, failed),
        "questions": _question_rows(event, failed),
        "ticket_form": failed.get("new-ticket") or TicketTypeForm(prefix=TICKET_PREFIX),
        "question_form": failed.get("new-question") or QuestionForm(prefix=QUESTION_PREFIX),
        "editable": event.status in (EventStatus.DRAFT, EventStatus.PUBLISHED),
    }
    return render(request, "events/tickets.html", context, status=status)


def _ticket_action(request, event, action: str, failed: dict) -> str:
    """Run one action; "" when its form had errors (kept in `failed` for the page)."""
    pk = request.POST.get("pk", "")
    if action in ("add-ticket", "save-ticket"):
        ticket_type = None
        prefix = TICKET_PREFIX
        if action == "save-ticket":
            ticket_type = get_object_or_404(event.ticket_types, pk=_int(pk))
            prefix = f"{TICKET_PREFIX}-{ticket_type.pk}"
        form = TicketTypeForm(request.POST, prefix=prefix)
        key = "new-ticket" if ticket_type is None else f"ticket-{ticket_type.pk}"
        failed[key] = failed["form"] = form
        if not form.is_valid():
            return ""
        if ticket_type is None:
            contingents.create_ticket_type(
                event=event, by=request.user, data=form.data_for_services()
            )
            failed.clear()
            return _("Das Kontingent ist angelegt.")
        contingents.update_ticket_type(
            ticket_type=ticket_type, by=request.user, data=form.data_for_services()
        )
        failed.clear()
        return _("Das Kontingent ist gespeichert.")
    if action == "delete-ticket":
        ticket_type = get_object_or_404(event.ticket_types, pk=_int(pk))
        contingents.delete_ticket_type(ticket_type=ticket_type, by=request.user)
        return _("Das Kontingent ist gelöscht.")
    if action in ("add-question", "save-question"):
        question = None
        prefix = QUESTION_PREFIX
        if action == "save-question":
            question = get_object_or_404(event.questions, pk=_int(pk))
            prefix = f"{QUESTION_PREFIX}-{question.pk}"
        form = QuestionForm(request.POST, prefix=prefix)
        key = "new-question" if question is None else f"question-{question.pk}"
        failed[key] = failed["form"] = form
        if not form.is_valid():
            return ""
        if question is None:
            contingents.create_question(event=event, by=request.user, data=form.data_for_services())
            failed.clear()
            return _("Die Frage ist angelegt.")
        contingents.update_question(
            question=question, by=request.user, data=form.data_for_services()
        )
        failed.clear()
        return _("Die Frage ist gespeichert.")
    if action == "delete-question":
        question = get_object_or_404(event.questions, pk=_int(pk))
        contingents.delete_question(question=question, by=request.user)
        return _("Die Frage ist gelöscht.")
    raise Http404


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _ticket_rows(event, failed: dict) -> list:
    rows = []
    for ticket_type in ticket_types_with_counts(event):
        form = failed.get(f"ticket-{ticket_type.pk}") or TicketTypeForm(
            prefix=f"{TICKET_PREFIX}-{ticket_type.pk}",
            initial=contingents.ticket_type_data(ticket_type),
        )
        rows.append((ticket_type, form))
    return rows


def _question_rows(event, failed: dict) -> list:
    rows = []
    for question in event.questions.all():
        form = failed.get(f"question-{question.pk}") or QuestionForm(
            prefix=f"{QUESTION_PREFIX}-{question.pk}",
            initial=question_initial(contingents.question_data(question)),
        )
        rows.append((question, form))
    return rows


@login_required
@require_POST
def event_publish(request, slug):
    event = get_event_for_user(request.user, request_cluster(request), slug, manage=True)
    try:
        services.publish_event(event=event, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Die Veranstaltung ist veröffentlicht."))
    return redirect(event)


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request, slug):
    event = get_event_for_user(request.user, request_cluster(request), slug, manage=True)
    form = CancelForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.cancel_event(
                    event=event, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Die Veranstaltung ist abgesagt; die Angemeldeten bekommen eine E-Mail."),
                )
                return redirect(event)
    active = event.registrations.filter(status__in=ACTIVE_STATUSES)
    context = {"event": event, "form": form, "active_count": active.count()}
    return render(request, "events/event_cancel.html", context, status=status)


@login_required
def participants_export(request, slug):
    event = get_event_for_user(request.user, request_cluster(request), slug, manage=True)
    file_format = request.GET.get("format", "csv")
    if file_format not in ("csv", "xlsx"):
        raise Http404(_("Unbekanntes Dateiformat."))
    shared = request.GET.get("liste") == "weitergabe"
    header, rows = event_pages.participant_rows(event, shared_list=shared)
    name = f"{'teilnehmendenliste' if shared else 'teilnehmende'}-{event.slug}"
    if file_format == "xlsx":
        content = xlsx_bytes(rows, header=header, title=_("Teilnehmende"))
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(csv_bytes(rows, header=header), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("veranstaltungen/", event_calendar, name="calendar"),
    path("veranstaltungen/verwalten/", manage_list, name="manage-list"),
    path("veranstaltungen/neu/", event_create, name="create"),
    path("veranstaltungen/reihen/neu/", series_form, name="series-create"),
    path("veranstaltungen/reihe/<slug:slug>/", series_detail, name="series-detail"),
    path("veranstaltungen/reihe/<slug:slug>/bearbeiten/", series_form, name="series-edit"),
    path("veranstaltungen/<slug:slug>/bearbeiten/", event_edit, name="edit"),
    path("veranstaltungen/<slug:slug>/kontingente/", event_tickets, name="tickets"),
    path("veranstaltungen/<slug:slug>/veroeffentlichen/", event_publish, name="publish"),
    path("veranstaltungen/<slug:slug>/absagen/", event_cancel, name="cancel"),
    path(
        "veranstaltungen/<slug:slug>/teilnehmende/export/",
        participants_export,
        name="participants-export",
    ),
    # Last: catches every /veranstaltungen/<slug>/ the other parts have not claimed.
    path("veranstaltungen/<slug:slug>/", event_detail, name="detail"),
]
