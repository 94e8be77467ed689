"""Pages of the foresight: the panel and the rating.

- accept (token): the invited person accepts, logged in with the invited address.
- panel (slug): the management's panel – the list with status, invite form, reminder button;
  panellist_remove (slug, pk; POST).
- matrix (slug): the expertise matrix, items × stakeholder groups (answers, mean expertise);
  who has not answered yet – names for the management only.
- rate (slug): the panellist's items with progress.
- rate_item (slug, key): the rating form – per criterion a fieldset of labelled steps and
  "kann ich nicht beurteilen", the group's median and IQR on the same scale with the own
  position, the reason when the answer lies outside the IQR, the others' anonymous reasons,
  expertise, comments. The management opens it read-only (and hides comments).
- rate_feedback (slug, key): the htmx partial of one criterion's group feedback – polled in
  real time, asked again when the person picks a step (then with the reason field, out of band).
- comment (slug, key; POST), comment_hide (slug, key, pk; POST, management).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from clusterwerk.actors.models import District
from clusterwerk.actors.queries import visible_actors
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.foresight import feedback, phases, queries
from clusterwerk.foresight.forms_rating import CommentForm, InviteForm, RatingForm, parse_choice
from clusterwerk.foresight.models import Comment, Expertise, Item, Panellist, Rating
from clusterwerk.foresight.permissions import manages_foresight, panel_seat
from clusterwerk.foresight.services import panel as panel_services
from clusterwerk.foresight.services import rating as rating_services
from clusterwerk.foresight.services.rating import reason_key, value_key
from clusterwerk.participation.forms import add_service_errors

# --- accept -----------------------------------------------------------------------------------


@login_required
def accept(request, token):
    invitation = (
        Panellist.objects.select_related("cycle__cluster")
        .filter(token=token, cycle__cluster=request_cluster(request))
        .first()
    )
    if invitation is None:
        raise Http404(_("Diese Einladung gibt es nicht (mehr)."))
    error = ""
    if request.method == "POST":
        try:
            seat = panel_services.accept_invitation(user=request.user, token=token)
        except (PermissionDenied, ValidationError) as problem:
            error = " ".join(getattr(problem, "messages", None) or [str(problem)])
        else:
            messages.success(
                request,
                _("Willkommen im Panel! Sie bewerten als „%(pseudonym)s“.")
                % {"pseudonym": seat.pseudonym},
            )
            return redirect("foresight:rate", seat.cycle.slug)
    context = {"invitation": invitation, "cycle": invitation.cycle, "error": error}
    return render(request, "foresight/accept.html", context, status=403 if error else 200)


# --- panel (management) -------------------------------------------------------------------


def _render_panel(request, cycle, *, form=None, status=200):
    cluster = request_cluster(request)
    seats = list(Panellist.objects.filter(cycle=cycle).select_related("district", "actor", "user"))
    for seat in seats:
        seat.open_items = panel_services.open_items(seat)
    context = {
        "cycle": cycle,
        "seats": seats,
        "form": form
        or InviteForm(actors=visible_actors(request.user, cluster), districts=District.objects),
        "can_manage": phases.allowed(cycle, phases.MANAGE_PANEL),
        "can_remind": phases.allowed(cycle, phases.MANAGE_PANEL) and cycle.status == "rating",
    }
    return render(request, "foresight/panel.html", context, status=status)


@login_required
def panel(request, slug):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug, manage=True)
    if request.method != "POST":
        return _render_panel(request, cycle)
    if request.POST.get("action") == "remind":
        try:
            count = panel_services.remind_panel(user=request.user, cycle=cycle)
        except PermissionDenied as problem:
            messages.error(request, str(problem))
        else:
            if count:
                messages.success(
                    request,
                    ngettext(
                        "Erinnerung an %(count)d Person wird verschickt.",
                        "Erinnerungen an %(count)d Personen werden verschickt.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.info(request, _("Alle haben alles bewertet; niemand wird erinnert."))
        return redirect("foresight:panel", cycle.slug)
    form = InviteForm(
        request.POST, actors=visible_actors(request.user, cluster), districts=District.objects
    )
    if form.is_valid():
        try:
            seat = panel_services.invite_panellist(
                user=request.user, cycle=cycle, **form.cleaned_data
            )
        except ValidationError as problem:
            add_service_errors(form, problem)
        except PermissionDenied as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                _("%(name)s ist als „%(pseudonym)s“ eingeladen; die E-Mail geht an %(email)s.")
                % {"name": seat.name, "pseudonym": seat.pseudonym, "email": seat.email},
            )
            return redirect("foresight:panel", cycle.slug)
    return _render_panel(request, cycle, form=form, status=400)


@login_required
@require_POST
def panellist_remove(request, slug, pk):
    cycle = queries.get_cycle_for_user(request.user, request_cluster(request), slug, manage=True)
    seat = Panellist.objects.filter(cycle=cycle, pk=pk).first()
    if seat is None:
        raise Http404(_("Dieses Panelmitglied gibt es nicht."))
    try:
        panel_services.remove_panellist(user=request.user, panellist=seat)
    except (ValidationError, PermissionDenied) as problem:
        messages.error(request, " ".join(getattr(problem, "messages", None) or [str(problem)]))
    else:
        messages.success(request, _("%(name)s ist aus dem Panel genommen.") % {"name": seat.name})
    return redirect("foresight:panel", cycle.slug)


@login_required
def matrix(request, slug):
    cycle = queries.get_cycle_for_user(request.user, request_cluster(request), slug)
    is_manager = manages_foresight(request.user, cycle.cluster)
    if not is_manager:
        queries.require_seat(request.user, cycle)
    groups, rows = panel_services.expertise_matrix(cycle)
    context = {"cycle": cycle, "groups": groups, "rows": rows, "is_manager": is_manager}
    return render(request, "foresight/matrix.html", context)


# --- rating -----------------------------------------------------------------------------------


@login_required
def rate(request, slug):
    cycle = queries.get_cycle_for_user(request.user, request_cluster(request), slug)
    seat = queries.require_seat(request.user, cycle)
    done = rating_services.progress(seat)
    items = list(Item.objects.filter(cycle=cycle).select_related("segment").order_by("key"))
    for item in items:
        item.answered = done["answered"].get(item.pk, 0)
        item.complete = bool(done["criteria"]) and item.answered >= done["criteria"]
    context = {
        "cycle": cycle,
        "seat": seat,
        "items": items,
        "done": done["done"],
        "criteria_count": done["criteria"],
        "can_rate": phases.allowed(cycle, phases.RATE),
        "round": feedback.answer_round(cycle),
    }
    return render(request, "foresight/rate_list.html", context)


def _item_for_viewer(request, slug, key):
    """The item with the viewer's seat (None for the management without a seat)."""
    cycle = queries.get_cycle_for_user(request.user, request_cluster(request), slug)
    is_manager = manages_foresight(request.user, cycle.cluster)
    seat = panel_seat(request.user, cycle)
    if seat is None and not is_manager:
        queries.require_seat(request.user, cycle)
    item = queries.get_item(cycle, key)
    item.cycle = cycle
    return cycle, item, seat, is_manager


def _rating_form(item, seat, data=None):
    cycle = item.cycle
    ratings = {}
    expertise = None
    if seat is not None:
        ratings = {
            rating.criterion_id: rating
            for rating in Rating.objects.filter(
                item=item, panellist=seat, round=feedback.answer_round(cycle)
            )
        }
        expertise = (
            Expertise.objects.filter(panellist=seat, item=item)
            .values_list("level", flat=True)
            .first()
        )
    return RatingForm(data, criteria=cycle.criteria.all(), ratings=ratings, expertise=expertise)


def _overrides(form, data) -> dict:
    """The steps chosen in a (re-rendered) form, for the own position in the feedback."""
    overrides = {}
    if data is None:
        return overrides
    for criterion in form.criteria:
        choice = parse_choice(data.get(value_key(criterion.pk)))
        if choice is not None:
            overrides[criterion.pk] = choice
    return overrides


def _render_item(
    request, cycle, item, seat, is_manager, *, form=None, comment_form=None, status=200
):
    form = form or _rating_form(item, seat)
    data = form.data if form.is_bound else None
    fb = feedback.item_feedback(item, seat, overrides=_overrides(form, data))
    rows = []
    for criterion, field, reason in form.rows():
        entry = fb[criterion.pk]
        needed = bool(reason.errors) or bool(reason.value())
        if seat is not None and not needed:
            needed = feedback.reason_needed(item, criterion, seat, entry.own)
        rows.append(
            {
                "criterion": criterion,
                "field": field,
                "reason": reason,
                "fb": entry,
                "reason_shown": needed,
            }
        )
    context = {
        "cycle": cycle,
        "item": item,
        "seat": seat,
        "is_manager": is_manager,
        "form": form,
        "rows": rows,
        "can_rate": seat is not None and phases.allowed(cycle, phases.RATE),
        "can_comment": seat is not None and phases.allowed(cycle, phases.COMMENT),
        "comments": rating_services.visible_comments(item, manager=is_manager),
        "comment_form": comment_form or CommentForm(),
        "sources": list(item.sources.all()),
        "feedback_round": feedback.feedback_round(cycle),
        "round": feedback.answer_round(cycle),
        "poll": cycle.is_realtime and phases.allowed(cycle, phases.RATE),
    }
    return render(request, "foresight/rate_item.html", context, status=status)


@login_required
def rate_item(request, slug, key):
    cycle, item, seat, is_manager = _item_for_viewer(request, slug, key)
    if request.method != "POST":
        return _render_item(request, cycle, item, seat, is_manager)
    if seat is None:
        queries.require_seat(request.user, cycle)
    form = _rating_form(item, seat, request.POST)
    if form.is_valid():
        try:
            rating_services.save_rating(user=request.user, item=item, **form.payload())
        except ValidationError as problem:
            add_service_errors(form, problem)
        except PermissionDenied as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Ihre Bewertung ist gespeichert."))
            return redirect("foresight:rate_item", cycle.slug, item.key)
    return _render_item(request, cycle, item, seat, is_manager, form=form, status=400)


@login_required
@require_GET
def rate_feedback(request, slug, key):
    """One criterion's feedback box; with `choice=1` (the person picked a step) also the
    reason field, swapped out of band."""
    cycle, item, seat, _is_manager = _item_for_viewer(request, slug, key)
    criterion = cycle.criteria.filter(pk=_int(request.GET.get("criterion"))).first()
    if criterion is None:
        raise Http404(_("Dieses Kriterium gibt es nicht."))
    own = None
    if seat is not None:
        own = Rating.objects.filter(
            item=item, criterion=criterion, panellist=seat, round=feedback.answer_round(cycle)
        ).first()
    choice = parse_choice(request.GET.get(value_key(criterion.pk)))
    entry = feedback.criterion_feedback(
        item, criterion, seat, own_rating=own, value_override=choice
    )
    context = {
        "cycle": cycle,
        "item": item,
        "fb": entry,
        "poll": cycle.is_realtime and phases.allowed(cycle, phases.RATE),
    }
    if request.GET.get("choice") and seat is not None:
        form = _rating_form(item, seat)
        reason = form[reason_key(criterion.pk)]
        typed = request.GET.get(reason_key(criterion.pk))
        context.update(
            {
                "oob": True,
                "criterion": criterion,
                "reason": reason,
                "reason_text": typed if typed is not None else (own.reason if own else ""),
                "reason_shown": bool(typed)
                or feedback.reason_needed(item, criterion, seat, entry.own),
            }
        )
    return render(request, "foresight/_rate_feedback.html", context)


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


# --- comments ---------------------------------------------------------------------------------


@login_required
@require_POST
def comment(request, slug, key):
    cycle, item, seat, is_manager = _item_for_viewer(request, slug, key)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(item=item, pk=form.cleaned_data["parent"]).first()
            if parent is None:
                form.add_error(None, _("Auf diesen Kommentar können Sie nicht antworten."))
        if not form.errors:
            try:
                rating_services.add_comment(
                    user=request.user, item=item, body=form.cleaned_data["body"], parent=parent
                )
            except ValidationError as problem:
                add_service_errors(form, problem)
            except PermissionDenied as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(request, _("Ihr Kommentar ist veröffentlicht."))
                return redirect(
                    reverse("foresight:rate_item", args=[cycle.slug, item.key]) + "#kommentare"
                )
    return _render_item(request, cycle, item, seat, is_manager, comment_form=form, status=400)


@login_required
@require_POST
def comment_hide(request, slug, key, pk):
    cycle = queries.get_cycle_for_user(request.user, request_cluster(request), slug, manage=True)
    item = queries.get_item(cycle, key)
    target = Comment.objects.filter(item=item, pk=pk).select_related("item__cycle__cluster").first()
    if target is None:
        raise Http404(_("Diesen Kommentar gibt es nicht."))
    hidden = request.POST.get("hidden", "1") != "0"
    rating_services.hide_comment(user=request.user, comment=target, hidden=hidden)
    messages.success(
        request,
        _("Der Kommentar ist ausgeblendet.") if hidden else _("Der Kommentar ist wieder sichtbar."),
    )
    return redirect(reverse("foresight:rate_item", args=[cycle.slug, item.key]) + "#kommentare")


urlpatterns = [
    path("foresight/einladung/<str:token>/", accept, name="accept"),
    path("foresight/<slug:slug>/panel/", panel, name="panel"),
    path(
        "foresight/<slug:slug>/panel/<int:pk>/entfernen/",
        panellist_remove,
        name="panellist_remove",
    ),
    path("foresight/<slug:slug>/expertise/", matrix, name="matrix"),
    path("foresight/<slug:slug>/bewerten/", rate, name="rate"),
    path("foresight/<slug:slug>/bewerten/<str:key>/", rate_item, name="rate_item"),
    path(
        "foresight/<slug:slug>/bewerten/<str:key>/rueckmeldung/",
        rate_feedback,
        name="rate_feedback",
    ),
    path("foresight/<slug:slug>/bewerten/<str:key>/kommentar/", comment, name="comment"),
    path(
        "foresight/<slug:slug>/bewerten/<str:key>/kommentar/<int:pk>/ausblenden/",
        comment_hide,
        name="comment_hide",
    ),
]
