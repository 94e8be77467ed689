"""The documentation of an event (organisers): status held → documented, minutes, attendance
per organisation from the check-ins, follow-ups, the feedback survey and its results; and the
survey for attendees.

Addresses under /veranstaltungen/<slug>/: `dokumentation/` (the organisers' page; its forms
post to the sub-addresses below it), `feedback/` (attendees), `feedback/ergebnisse/`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events import queries, queries_documentation
from clusterwerk.events.forms_documentation import (
    FOLLOW_UP_ALIASES,
    FOLLOW_UP_FORMS,
    FeedbackForm,
    MinutesForm,
)
from clusterwerk.events.models import EventStatus, Feedback
from clusterwerk.events.services import documentation as services
from clusterwerk.participation.forms import add_service_errors


def _managed_event(request, slug):
    return queries.get_event_for_user(request.user, request_cluster(request), slug, manage=True)


def _document_url(event, anchor: str = "") -> str:
    url = reverse("events:document", args=[event.slug])
    return f"{url}#{anchor}" if anchor else url


def _render_document(request, event, *, minutes_form=None, bound_follow_up=None, status=200):
    follow_up_forms = []
    for kind, form_class in FOLLOW_UP_FORMS.items():
        if bound_follow_up is not None and bound_follow_up.kind == kind:
            follow_up_forms.append(bound_follow_up)
        else:
            follow_up_forms.append(form_class(event=event, user=request.user))
    context = {
        "event": event,
        "can_document": event.status in services.DOCUMENTABLE,
        "minutes_form": minutes_form or MinutesForm(initial={"minutes": event.minutes}),
        "attendance": queries_documentation.attendance_by_organisation(event),
        "follow_up_items": queries_documentation.follow_up_items(request.user, event),
        "follow_up_forms": follow_up_forms,
        "open_form": bound_follow_up.kind if bound_follow_up is not None else "",
        "feedback": queries_documentation.feedback_results(event),
    }
    return render(request, "events/document.html", context, status=status)


@login_required
def document(request, slug):
    return _render_document(request, _managed_event(request, slug))


def _act(request, slug, action, success: str, anchor: str = ""):
    event = _managed_event(request, slug)
    try:
        action(event=event, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(_document_url(event, anchor))


@login_required
@require_POST
def document_held(request, slug):
    return _act(
        request,
        slug,
        services.mark_held,
        _("Die Veranstaltung ist als durchgeführt markiert. Jetzt können Sie sie dokumentieren."),
    )


@login_required
@require_POST
def document_done(request, slug):
    return _act(
        request,
        slug,
        services.mark_documented,
        _("Dokumentiert: Protokoll und Ergebnisse stehen jetzt auf der Seite der Veranstaltung."),
    )


@login_required
@require_POST
def document_feedback_open(request, slug):
    return _act(
        request,
        slug,
        services.open_feedback,
        _("Die Feedback-Umfrage ist offen; die Teilnehmenden bekommen eine E-Mail."),
        "feedback",
    )


@login_required
@require_POST
def document_feedback_close(request, slug):
    return _act(
        request,
        slug,
        services.close_feedback,
        _("Die Feedback-Umfrage ist geschlossen."),
        "feedback",
    )


@login_required
@require_POST
def document_minutes(request, slug):
    event = _managed_event(request, slug)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.save_minutes(
                event=event, by=request.user, minutes=form.cleaned_data["minutes"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Das Protokoll ist gespeichert."))
            return redirect(_document_url(event, "protokoll"))
    return _render_document(request, event, minutes_form=form, status=400)


@login_required
@require_POST
def document_follow_up(request, slug, kind):
    event = _managed_event(request, slug)
    form_class = FOLLOW_UP_FORMS.get(kind)
    if form_class is None:
        raise Http404(_("Diese Art von Ergebnis gibt es nicht."))
    form = form_class(request.POST, event=event, user=request.user)
    if form.is_valid():
        try:
            services.add_follow_up(
                event=event, by=request.user, kind=kind, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases=FOLLOW_UP_ALIASES)
        else:
            messages.success(request, _("Das Ergebnis ist eingetragen."))
            return redirect(_document_url(event, "ergebnisse"))
    return _render_document(request, event, bound_follow_up=form, status=400)


@login_required
def feedback(request, slug):
    event = queries.get_event_for_user(request.user, request_cluster(request), slug)
    registration = queries_documentation.feedback_registration(request.user, event)
    answered = (
        registration is not None and Feedback.objects.filter(registration=registration).exists()
    )
    survey_open = event.feedback_open and event.status in services.DOCUMENTABLE
    form = FeedbackForm()
    status = 200
    if registration is None:
        status = 403
    elif request.method == "POST" and survey_open and not answered:
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                services.submit_feedback(
                    registration=registration,
                    by=request.user,
                    rating=form.cleaned_data["rating"],
                    text=form.cleaned_data["text"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Danke für Ihr Feedback!"))
                return redirect(reverse("events:feedback", args=[event.slug]))
        status = 400
    context = {
        "event": event,
        "registration": registration,
        "answered": answered,
        "survey_open": survey_open,
        "form": form,
    }
    return render(request, "events/feedback.html", context, status=status)


@login_required
def feedback_results(request, slug):
    event = _managed_event(request, slug)
    context = {
        "event": event,
        "results": queries_documentation.feedback_results(event),
        "survey_open": event.feedback_open,
        "is_over": event.status in (EventStatus.HELD, EventStatus.DOCUMENTED),
    }
    return render(request, "events/feedback_results.html", context)


urlpatterns = [
    path("veranstaltungen/<slug:slug>/dokumentation/", document, name="document"),
    path(
        "veranstaltungen/<slug:slug>/dokumentation/durchgefuehrt/",
        document_held,
        name="document-held",
    ),
    path(
        "veranstaltungen/<slug:slug>/dokumentation/protokoll/",
        document_minutes,
        name="document-minutes",
    ),
    path(
        "veranstaltungen/<slug:slug>/dokumentation/ergebnis/<str:kind>/",
        document_follow_up,
        name="document-follow-up",
    ),
    path(
        "veranstaltungen/<slug:slug>/dokumentation/abschliessen/",
        document_done,
        name="document-done",
    ),
    path(
        "veranstaltungen/<slug:slug>/dokumentation/feedback-oeffnen/",
        document_feedback_open,
        name="document-feedback-open",
    ),
    path(
        "veranstaltungen/<slug:slug>/dokumentation/feedback-schliessen/",
        document_feedback_close,
        name="document-feedback-close",
    ),
    path("veranstaltungen/<slug:slug>/feedback/", feedback, name="feedback"),
    path(
        "veranstaltungen/<slug:slug>/feedback/ergebnisse/",
        feedback_results,
        name="feedback-results",
    ),
]
