"""Consultation pages: the list, one consultation (phases, scope tree, its proposals sortable by
support, date and element), create and edit for the cluster management, closing the current
phase, following."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.masterplan.queries import get_published_edition, load_tree, visible_editions
from clusterwerk.participation import queries, services
from clusterwerk.participation.forms import (
    ConsultationForm,
    add_service_errors,
    consultation_initial,
)
from clusterwerk.participation.permissions import can_manage_consultations

# The orders of the proposal list (GET parameter `sortierung`), as offered on the page.
SORT_CHOICES = [
    ("unterstuetzung", gettext_lazy("meiste Unterstützung")),
    ("neueste", gettext_lazy("neueste")),
    ("element", gettext_lazy("nach Element")),
]


def consultation_list(request):
    cluster = request_cluster(request)
    rows = [
        {"consultation": consultation, "phase": queries.current_phase_of(consultation)}
        for consultation in queries.visible_consultations(cluster)
    ]
    context = {
        "rows": rows,
        "can_manage": can_manage_consultations(request.user, cluster),
    }
    return render(request, "participation/consultation_list.html", context)


def consultation_detail(request, slug):
    consultation = queries.get_consultation_for_user(request.user, request.cluster, slug)
    phase = queries.current_phase_of(consultation)
    state = queries.participation_state(request.user, consultation)
    context = {
        "consultation": consultation,
        "phase": phase,
        "allowed": queries.allowed_actions(phase),
        "timeline": queries.phase_timeline(consultation),
        "tree": queries.scope_tree(consultation),
        "proposals": queries.proposal_list(request.user, consultation, request.GET),
        "sort_choices": SORT_CHOICES,
        "state": state,
        "following": queries.is_following(request.user, consultation),
        "in_result_phase": phase is not None and phase.kind == "result",
        "can_manage": can_manage_consultations(request.user, consultation.cluster),
    }
    return render(request, "participation/consultation_detail.html", context)


def _scope_choices(edition) -> list[tuple[str, str]]:
    if edition is None:
        return []
    choices = []
    for action_field in load_tree(edition).action_fields:
        choices.append((f"action_field:{action_field.lineage}", str(action_field)))
        for key_point in action_field.key_point_list:
            choices.append((f"key_point:{key_point.lineage}", f"— {key_point}"))
            for topic_area in key_point.topic_area_list:
                choices.append((f"topic_area:{topic_area.lineage}", f"—— {topic_area}"))
    return choices


def _consultation_form(request, cluster, consultation=None) -> ConsultationForm:
    editions = list(visible_editions(request.user, cluster))
    by_id = {str(edition.pk): edition for edition in editions}
    if consultation is not None:
        edition = consultation.edition
    else:
        edition = by_id.get(request.POST.get("edition", "")) or get_published_edition(cluster)
        edition = edition or (editions[0] if editions else None)
    initial = consultation_initial(consultation)
    if consultation is None and edition is not None:
        initial["edition"] = str(edition.pk)
    form = ConsultationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        editions=[(str(e.pk), str(e)) for e in editions],
        scope_choices=_scope_choices(edition),
    )
    if consultation is not None:
        form.fields["edition"].disabled = True
    form.editions_by_id = by_id
    return form


def _service_arguments(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "slug": data.get("slug", ""),
        "description": data.get("description", ""),
        "audience": data["audience"],
        "whole_plan": data.get("whole_plan", False),
        "scope": form.scope_pairs(),
        "phases": form.phases(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request):
    cluster = request_cluster(request)
    if not can_manage_consultations(request.user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement legt Beteiligungen an."))
    form = _consultation_form(request, cluster)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                consultation = services.create_consultation(
                    user=request.user,
                    cluster=cluster,
                    edition=form.editions_by_id[form.cleaned_data["edition"]],
                    **_service_arguments(form),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Beteiligung wurde angelegt."))
                return redirect(consultation)
    context = {"form": form, "consultation": None}
    return render(request, "participation/consultation_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request, slug):
    consultation = queries.get_consultation_for_user(
        request.user, request.cluster, slug, write=True
    )
    form = _consultation_form(request, consultation.cluster, consultation)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                consultation = services.update_consultation(
                    user=request.user, consultation=consultation, **_service_arguments(form)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Beteiligung wurde gespeichert."))
                return redirect(consultation)
    context = {"form": form, "consultation": consultation}
    return render(request, "participation/consultation_form.html", context, status=status)


@login_required
@require_POST
def phase_close(request, slug):
    consultation = queries.get_consultation_for_user(
        request.user, request.cluster, slug, write=True
    )
    try:
        upcoming = services.close_current_phase(user=request.user, consultation=consultation)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if upcoming is None:
            messages.success(request, _("Die letzte Phase ist beendet."))
        else:
            messages.success(
                request,
                _("Die Phase ist beendet. Jetzt läuft: %(phase)s.")
                % {"phase": upcoming.get_kind_display()},
            )
    return redirect(consultation)


@login_required
@require_POST
def follow_toggle(request, slug):
    consultation = queries.get_consultation_for_user(request.user, request.cluster, slug)
    if queries.is_following(request.user, consultation):
        services.unfollow(user=request.user, consultation=consultation)
        messages.success(request, _("Sie folgen dieser Beteiligung nicht mehr."))
    else:
        services.follow(user=request.user, consultation=consultation)
        messages.success(
            request,
            _("Sie folgen dieser Beteiligung und werden über Phasenwechsel benachrichtigt."),
        )
    return redirect(consultation)
