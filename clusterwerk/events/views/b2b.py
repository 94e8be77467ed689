"""B2B meeting days: the participant's page (profile, suggestions, wishes, agenda), the list
of participants, and the organisers' planning page (settings, wishes, the optimiser, the
schedule grid with lock/move, publishing, PDFs, no-shows and outcomes).

The optimiser runs synchronously in the request (at most `SOLVE_SECONDS`): the organisers
wait for the figures on the same page, and a day of 150 participants takes the full ten
seconds of the limit at most.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events import b2b_pdf, b2b_queries
from clusterwerk.events.b2b_forms import (
    MoveForm,
    OutcomeForm,
    ProfileForm,
    SettingsForm,
    WishForm,
)
from clusterwerk.events.b2b_schedule import solve_schedule
from clusterwerk.events.models import (
    B2BMeeting,
    B2BParticipant,
    MeetingWish,
    Registration,
    RegistrationStatus,
)
from clusterwerk.events.permissions import can_manage_event
from clusterwerk.events.queries import get_event_for_user
from clusterwerk.events.services import b2b

SOLVE_SECONDS = 10.0


def _event(request, slug, *, manage=False):
    event = get_event_for_user(request.user, request_cluster(request), slug, manage=manage)
    if not event.is_b2b_day:
        raise Http404(_("Diese Veranstaltung ist kein B2B-Tag."))
    return event


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _slot_choices(event, *, meetings_only=True):
    zone = timezone.get_current_timezone()
    choices = []
    for slot in event.b2b_slots.order_by("index"):
        if meetings_only and slot.is_break:
            continue
        start = formats.time_format(timezone.localtime(slot.starts_at, zone), "H:i")
        choices.append((slot.index, f"{slot.index}: {start}"))
    return choices


def _profile_initial(participant) -> dict:
    return {
        "profile": participant.profile,
        "offering": participant.offering,
        "looking_for": participant.looking_for,
        "available_slots": participant.available_slots,
        "max_meetings": participant.max_meetings,
    }


def _my_registration(event, user):
    return Registration.objects.filter(
        event=event, user=user, status=RegistrationStatus.CONFIRMED
    ).first()


@login_required
def b2b_home(request, slug, *, profile_form=None, status=200):
    event = _event(request, slug)
    settings = b2b_queries.b2b_settings(event)
    manage = can_manage_event(request.user, event)
    participant = b2b_queries.my_participant(event, request.user)
    context = {
        "event": event,
        "settings": settings,
        "manage": manage,
        "participant": participant,
        "wishes_open": bool(settings and b2b.wishes_open(settings)),
    }
    slots = _slot_choices(event)
    if participant is None:
        registration = _my_registration(event, request.user) if settings else None
        context["registration"] = registration
        if registration is not None:
            context["profile_form"] = profile_form or ProfileForm(
                initial=b2b.prefilled_profile(registration), slots=slots
            )
        return render(request, "events/b2b_home.html", context, status=status)
    sent, received = b2b_queries.wishes_of(participant)
    context.update(
        profile_form=profile_form
        or ProfileForm(initial=_profile_initial(participant), slots=slots),
        sent=sent,
        received=received,
        suggestions=b2b.suggestions(participant) if context["wishes_open"] else [],
        agenda=b2b_queries.agenda(participant) if settings.schedule_published else None,
        now=timezone.now(),
        outcome_form=OutcomeForm(),
    )
    return render(request, "events/b2b_home.html", context, status=status)


@login_required
@require_POST
def b2b_profile(request, slug):
    """Join the day (first time) or save the profile."""
    event = _event(request, slug)
    participant = b2b_queries.my_participant(event, request.user)
    form = ProfileForm(request.POST, slots=_slot_choices(event))
    if form.is_valid():
        try:
            if participant is None:
                registration = _my_registration(event, request.user)
                if registration is None:
                    raise ValidationError(_("Am B2B-Tag nehmen nur bestätigte Anmeldungen teil."))
                b2b.join_b2b(registration=registration, by=request.user, **form.cleaned_data)
                messages.success(
                    request, _("Willkommen beim B2B-Tag. Ihr Kurzprofil ist sichtbar.")
                )
            else:
                b2b.update_participant(
                    participant=participant, by=request.user, **form.cleaned_data
                )
                messages.success(request, _("Ihr Kurzprofil ist gespeichert."))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("events:b2b-home", slug=event.slug)
    return b2b_home(request, slug, profile_form=form, status=400)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def b2b_participants(request, slug):
    event = _event(request, slug)
    manage = can_manage_event(request.user, event)
    me = b2b_queries.my_participant(event, request.user)
    if me is None and not manage:
        raise PermissionDenied(_("Die Teilnehmenden sehen nur Teilnehmende dieses B2B-Tags."))
    settings = b2b_queries.b2b_settings(event)
    wished = set(me.wishes_sent.values_list("target_id", flat=True)) if me else set()
    return render(
        request,
        "events/b2b_participants.html",
        {
            "event": event,
            "participants": b2b_queries.participants(event),
            "me": me,
            "wished": wished,
            "wishes_open": bool(settings and b2b.wishes_open(settings)),
            "manage": manage,
        },
    )


@login_required
@require_POST
def b2b_wish(request, slug):
    event = _event(request, slug)
    me = b2b_queries.my_participant(event, request.user)
    if me is None:
        raise PermissionDenied(_("Gesprächswünsche senden nur Teilnehmende des B2B-Tags."))
    form = WishForm(request.POST)
    back = request.POST.get("next") == "participants"
    target_url = reverse("events:b2b-participants" if back else "events:b2b-home", args=[slug])
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(target_url)
    target = get_object_or_404(B2BParticipant, event=event, pk=form.cleaned_data["target"])
    score = form.cleaned_data.get("score")
    try:
        b2b.add_wish(
            requester=me,
            target=target,
            by=request.user,
            reason=form.cleaned_data["reason"],
            match_score=score,
            suggested=score is not None,
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request,
            _("Ihr Gesprächswunsch an %(name)s ist gesendet.")
            % {"name": b2b.participant_label(target)},
        )
    return redirect(target_url)


@login_required
@require_POST
def b2b_wish_answer(request, slug, pk):
    event = _event(request, slug)
    wish = get_object_or_404(MeetingWish, event=event, pk=pk)
    accept = request.POST.get("accept") == "1"
    try:
        b2b.answer_wish(wish=wish, by=request.user, accept=accept)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request, _("Gesprächswunsch angenommen.") if accept else _("Gesprächswunsch abgelehnt.")
        )
    return redirect("events:b2b-home", slug=event.slug)


@login_required
@require_POST
def b2b_outcome(request, slug, pk):
    event = _event(request, slug)
    meeting = get_object_or_404(B2BMeeting, event=event, pk=pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            b2b.record_outcome(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("Das Ergebnis des Gesprächs ist erfasst. Danke!"))
    else:
        messages.error(request, _("Bitte wählen Sie ein Ergebnis."))
    if request.POST.get("next") == "manage":
        return redirect("events:b2b-manage", slug=event.slug)
    return redirect("events:b2b-home", slug=event.slug)


@login_required
def b2b_my_agenda_pdf(request, slug):
    event = _event(request, slug)
    me = b2b_queries.my_participant(event, request.user)
    settings = b2b_queries.b2b_settings(event)
    if me is None or not (settings and settings.schedule_published):
        raise Http404(_("Für Sie gibt es noch keinen veröffentlichten Gesprächsplan."))
    return _pdf(b2b_pdf.agendas_pdf(event, [me]), f"{event.slug}-gespraechsplan.pdf")


# --- Organisers -----------------------------------------------------------------------------


def _settings_initial(event, settings) -> dict:
    slots = list(event.b2b_slots.order_by("index"))
    zone = timezone.get_current_timezone()
    if settings is None or not slots:
        return {"first_slot_at": timezone.localtime(event.starts_at, zone), "slot_minutes": 20}
    minutes = int((slots[0].ends_at - slots[0].starts_at).total_seconds() // 60)
    return {
        "table_count": settings.table_count,
        "max_meetings_per_person": settings.max_meetings_per_person,
        "first_slot_at": timezone.localtime(slots[0].starts_at, zone),
        "slot_minutes": minutes,
        "slot_count": len(slots),
        "breaks": ", ".join(str(s.index) for s in slots if s.is_break),
        "wishes_close_at": settings.wishes_close_at
        and timezone.localtime(settings.wishes_close_at, zone),
    }


@login_required
def b2b_manage(request, slug, *, settings_form=None, status=200):
    event = _event(request, slug, manage=True)
    settings = b2b_queries.b2b_settings(event)
    grid = b2b_queries.schedule_grid(event)
    return render(
        request,
        "events/b2b_manage.html",
        {
            "event": event,
            "settings": settings,
            "settings_form": settings_form
            or SettingsForm(initial=_settings_initial(event, settings)),
            "report": settings.solver_report if settings else {},
            "wish_counts": b2b_queries.wish_counts(event),
            "wishes": b2b_queries.event_wishes(event)[:300],
            "participant_count": event.b2b_participants.count(),
            "grid": grid,
            "slot_choices": _slot_choices(event),
            "now": timezone.now(),
            "outcome_form": OutcomeForm(),
        },
        status=status,
    )


@login_required
@require_POST
def b2b_configure(request, slug):
    event = _event(request, slug, manage=True)
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            b2b.configure_b2b(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Der B2B-Tag ist eingerichtet."))
            return redirect("events:b2b-manage", slug=event.slug)
    return b2b_manage(request, slug, settings_form=form, status=400)


@login_required
@require_POST
def b2b_solve(request, slug):
    event = _event(request, slug, manage=True)
    try:
        report = solve_schedule(event=event, by=request.user, time_limit=SOLVE_SECONDS)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "Der Plan ist berechnet: %(meetings)d Gespräch, %(met)d von %(total)d "
                "Wünschen erfüllt.",
                "Der Plan ist berechnet: %(meetings)d Gespräche, %(met)d von %(total)d "
                "Wünschen erfüllt.",
                report["meetings"],
            )
            % {
                "meetings": report["meetings"],
                "met": report["wishes_met"],
                "total": report["wishes_total"],
            },
        )
    return redirect("events:b2b-manage", slug=event.slug)


@login_required
@require_POST
def b2b_publish(request, slug):
    event = _event(request, slug, manage=True)
    published = request.POST.get("published") != "0"
    try:
        b2b.publish_schedule(event=event, by=request.user, published=published)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request,
            _("Der Plan ist veröffentlicht.") if published else _("Der Plan ist zurückgezogen."),
        )
    return redirect("events:b2b-manage", slug=event.slug)


def _meeting(request, slug, pk):
    event = _event(request, slug, manage=True)
    return event, get_object_or_404(B2BMeeting, event=event, pk=pk)


@login_required
@require_POST
def b2b_move(request, slug, pk):
    event, meeting = _meeting(request, slug, pk)
    form = MoveForm(request.POST, slots=_slot_choices(event))
    if form.is_valid():
        slot = event.b2b_slots.get(index=form.cleaned_data["slot"])
        try:
            b2b.move_meeting(
                meeting=meeting, by=request.user, slot=slot, table=form.cleaned_data["table"]
            )
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("Das Gespräch ist verschoben und festgelegt."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("events:b2b-manage", slug=event.slug)


@login_required
@require_POST
def b2b_lock(request, slug, pk):
    event, meeting = _meeting(request, slug, pk)
    locked = request.POST.get("locked") != "0"
    b2b.lock_meeting(meeting=meeting, by=request.user, locked=locked)
    messages.success(
        request, _("Das Gespräch ist festgelegt.") if locked else _("Das Gespräch ist frei.")
    )
    return redirect("events:b2b-manage", slug=event.slug)


@login_required
@require_POST
def b2b_no_show(request, slug, pk):
    event, meeting = _meeting(request, slug, pk)
    number = request.POST.get("participant", "")
    if not number.isdigit():
        raise Http404(_("Diese Person nimmt nicht an diesem B2B-Tag teil."))
    participant = get_object_or_404(B2BParticipant, event=event, pk=int(number))
    try:
        b2b.mark_no_show(meeting=meeting, by=request.user, participant=participant)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("Als nicht erschienen vermerkt."))
    return redirect("events:b2b-manage", slug=event.slug)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def b2b_agendas_pdf(request, slug):
    event = _event(request, slug, manage=True)
    return _pdf(b2b_pdf.agendas_pdf(event), f"{event.slug}-gespraechsplaene.pdf")


@login_required
def b2b_table_plan_pdf(request, slug):
    event = _event(request, slug, manage=True)
    return _pdf(b2b_pdf.table_plan_pdf(event), f"{event.slug}-tischplan.pdf")


urlpatterns = [
    path("veranstaltungen/<slug:slug>/b2b/", b2b_home, name="b2b-home"),
    path("veranstaltungen/<slug:slug>/b2b/profil/", b2b_profile, name="b2b-profile"),
    path(
        "veranstaltungen/<slug:slug>/b2b/teilnehmende/", b2b_participants, name="b2b-participants"
    ),
    path("veranstaltungen/<slug:slug>/b2b/wunsch/", b2b_wish, name="b2b-wish"),
    path(
        "veranstaltungen/<slug:slug>/b2b/wunsch/<int:pk>/antwort/",
        b2b_wish_answer,
        name="b2b-wish-answer",
    ),
    path(
        "veranstaltungen/<slug:slug>/b2b/gespraech/<int:pk>/ergebnis/",
        b2b_outcome,
        name="b2b-outcome",
    ),
    path(
        "veranstaltungen/<slug:slug>/b2b/mein-plan.pdf", b2b_my_agenda_pdf, name="b2b-my-agenda-pdf"
    ),
    path("veranstaltungen/<slug:slug>/b2b/planung/", b2b_manage, name="b2b-manage"),
    path(
        "veranstaltungen/<slug:slug>/b2b/planung/einstellungen/",
        b2b_configure,
        name="b2b-configure",
    ),
    path("veranstaltungen/<slug:slug>/b2b/planung/berechnen/", b2b_solve, name="b2b-solve"),
    path(
        "veranstaltungen/<slug:slug>/b2b/planung/veroeffentlichen/", b2b_publish, name="b2b-publish"
    ),
    path(
        "veranstaltungen/<slug:slug>/b2b/gespraech/<int:pk>/verschieben/", b2b_move, name="b2b-move"
    ),
    path("veranstaltungen/<slug:slug>/b2b/gespraech/<int:pk>/fest/", b2b_lock, name="b2b-lock"),
    path(
        "veranstaltungen/<slug:slug>/b2b/gespraech/<int:pk>/nicht-erschienen/",
        b2b_no_show,
        name="b2b-no-show",
    ),
    path(
        "veranstaltungen/<slug:slug>/b2b/gespraechsplaene.pdf",
        b2b_agendas_pdf,
        name="b2b-agendas-pdf",
    ),
    path(
        "veranstaltungen/<slug:slug>/b2b/tischplan.pdf",
        b2b_table_plan_pdf,
        name="b2b-table-plan-pdf",
    ),
]
