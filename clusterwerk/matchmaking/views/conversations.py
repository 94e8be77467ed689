"""The conversation after an accepted interest (/kooperation/gespraech/<id>/): messages,
meeting proposals with their iCalendar file, the outcome; and the cluster management's list
of reported messages. Thin: the page is assembled in `conversation_pages`, every write is a
service of `services.conversations` for the request's cluster.

Sending a message works as a plain form; with htmx the thread and the form are swapped in
place (no full reload)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterwerk.core.ical import ics_response
from clusterwerk.core.tenancy import cluster_url, request_cluster
from clusterwerk.matchmaking import queries
from clusterwerk.matchmaking.conversation_forms import (
    MeetingAnswerForm,
    MeetingDeclineForm,
    MeetingForm,
    MessageForm,
    OutcomeForm,
    ReasonForm,
)
from clusterwerk.matchmaking.conversation_pages import conversation_page
from clusterwerk.matchmaking.forms import add_service_errors
from clusterwerk.matchmaking.ical import meeting_ics
from clusterwerk.matchmaking.models import MeetingProposal, MeetingStatus
from clusterwerk.matchmaking.permissions import can_moderate_messages
from clusterwerk.matchmaking.services import conversations as services

TEMPLATE = "matchmaking/conversation.html"


def _thread_url(interest, anchor: str = "") -> str:
    url = reverse("matchmaking:conversation", args=[interest.pk])
    return f"{url}#{anchor}" if anchor else url


def _render(request, interest, *, status=200, **forms):
    page = conversation_page(request.user, interest)
    context = {
        "page": page,
        "interest": interest,
        "listing": interest.listing,
        "message_form": forms.get("message_form") or MessageForm(),
        "meeting_form": forms.get("meeting_form") or MeetingForm(),
        "outcome_form": forms.get("outcome_form")
        or OutcomeForm(initial={"outcome": interest.outcome or None}),
        "answer_errors": forms.get("answer_errors") or {},
        "report_form": forms.get("report_form"),
        "report_target": forms.get("report_target"),
    }
    return render(request, TEMPLATE, context, status=status)


@login_required
def conversation_detail(request, pk):
    cluster = request_cluster(request)
    interest = queries.get_conversation_for_user(request.user, cluster, pk)
    response = _render(request, interest)
    services.mark_read(user=request.user, cluster=cluster, interest=interest)
    return response


@login_required
@require_POST
def message_send(request, pk):
    cluster = request_cluster(request)
    interest = queries.get_conversation_for_user(request.user, cluster, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.send_message(
                user=request.user,
                cluster=cluster,
                interest=interest,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                page = conversation_page(request.user, interest)
                return render(
                    request,
                    "matchmaking/_conversation_thread.html",
                    {
                        "page": page,
                        "interest": interest,
                        "message_form": MessageForm(),
                        "sent": True,
                    },
                )
            messages.success(request, _("Ihre Nachricht ist gesendet."))
            return redirect(_thread_url(interest, "nachrichten"))
    if request.htmx:
        page = conversation_page(request.user, interest)
        return render(
            request,
            "matchmaking/_conversation_thread.html",
            {"page": page, "interest": interest, "message_form": form},
            status=400,
        )
    return _render(request, interest, status=400, message_form=form)


@login_required
@require_POST
def meeting_propose(request, pk):
    cluster = request_cluster(request)
    interest = queries.get_conversation_for_user(request.user, cluster, pk)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.propose_meeting(
                user=request.user,
                cluster=cluster,
                interest=interest,
                options=form.options(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                place=form.cleaned_data["place"],
                online_url=form.cleaned_data["online_url"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Ihr Terminvorschlag ist bei der anderen Seite. Sie wählt einen Termin.")
            )
            return redirect(_thread_url(interest, "termine"))
    return _render(request, interest, status=400, meeting_form=form)


def _meeting_for(request, pk) -> MeetingProposal:
    cluster = request_cluster(request)
    meeting = get_object_or_404(
        MeetingProposal.objects.select_related("proposer_actor", "chosen"), pk=pk
    )
    meeting.interest = queries.get_conversation_for_user(request.user, cluster, meeting.interest_id)
    return meeting


@login_required
@require_POST
def meeting_accept(request, pk):
    meeting = _meeting_for(request, pk)
    form = MeetingAnswerForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.accept_meeting(
                user=request.user,
                cluster=request_cluster(request),
                meeting=meeting,
                option_id=form.cleaned_data["option"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Der Termin ist bestätigt. Beide Seiten bekommen ihn per E-Mail "
                    "mit Kalenderdatei."
                ),
            )
            return redirect(_thread_url(meeting.interest, "termine"))
    return _render(request, meeting.interest, status=400, answer_errors={meeting.pk: _errors(form)})


@login_required
@require_POST
def meeting_decline(request, pk):
    meeting = _meeting_for(request, pk)
    form = MeetingDeclineForm(request.POST)
    if form.is_valid():
        try:
            services.decline_meeting(
                user=request.user,
                cluster=request_cluster(request),
                meeting=meeting,
                note=form.cleaned_data["decline_note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Sie haben die Termine abgelehnt; die andere Seite erfährt es.")
            )
            return redirect(_thread_url(meeting.interest, "termine"))
    return _render(request, meeting.interest, status=400, answer_errors={meeting.pk: _errors(form)})


def _errors(form) -> list[str]:
    return [str(message) for messages_ in form.errors.values() for message in messages_]


@login_required
def meeting_calendar(request, pk):
    meeting = _meeting_for(request, pk)
    if meeting.status != MeetingStatus.CONFIRMED or meeting.chosen is None:
        raise Http404(_("Für diesen Vorschlag steht noch kein Termin fest."))
    thread = cluster_url(meeting.interest.listing.cluster, _thread_url(meeting.interest))
    return ics_response(
        meeting_ics(meeting, thread_url=thread), filename=f"termin-{meeting.pk}.ics"
    )


@login_required
@require_POST
def outcome_record(request, pk):
    cluster = request_cluster(request)
    interest = queries.get_conversation_for_user(request.user, cluster, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.record_outcome(
                user=request.user,
                cluster=cluster,
                interest=interest,
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Das Ergebnis ist gespeichert."))
            return redirect(_thread_url(interest, "ergebnis"))
    return _render(request, interest, status=400, outcome_form=form)


@login_required
@require_POST
def message_report(request, pk):
    cluster = request_cluster(request)
    message = queries.get_message_in_cluster(cluster, pk)
    interest = queries.get_conversation_for_user(request.user, cluster, message.interest_id)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.report_message(
                user=request.user,
                cluster=cluster,
                message=message,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Danke. Das Clustermanagement prüft die Nachricht."))
            return redirect(_thread_url(interest, f"nachricht-{message.pk}"))
    return _render(request, interest, status=400, report_form=form, report_target=message.pk)


# --- Moderation ------------------------------------------------------------------------------


@login_required
def message_moderation(request):
    cluster = request_cluster(request)
    if not can_moderate_messages(request.user, cluster):
        raise PermissionDenied(_("Nachrichten moderiert das Clustermanagement."))
    return render(
        request,
        "matchmaking/message_moderation.html",
        {"reported": list(queries.reported_messages(cluster)), "form": ReasonForm()},
    )


def _moderate(request, pk, action):
    cluster = request_cluster(request)
    if not can_moderate_messages(request.user, cluster):
        raise PermissionDenied(_("Nachrichten moderiert das Clustermanagement."))
    message = queries.get_message_in_cluster(cluster, pk)
    try:
        action(cluster, message)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("matchmaking:message-moderation")


@login_required
@require_POST
def message_hide(request, pk):
    form = ReasonForm(request.POST)

    def hide(cluster, message):
        if not form.is_valid():
            raise ValidationError(_("Bitte geben Sie einen Grund an."))
        services.hide_message(
            moderator=request.user,
            cluster=cluster,
            message=message,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Die Nachricht ist ausgeblendet."))

    return _moderate(request, pk, hide)


@login_required
@require_POST
def message_dismiss(request, pk):
    def dismiss(cluster, message):
        services.dismiss_message_reports(moderator=request.user, cluster=cluster, message=message)
        messages.success(request, _("Die Meldungen sind verworfen; die Nachricht bleibt."))

    return _moderate(request, pk, dismiss)
