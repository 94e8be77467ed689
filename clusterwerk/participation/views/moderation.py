"""Moderation pages: participants report a contribution; the cluster management works through
the queue (hide with a public reason, show again, dismiss reports, block and unblock people)
and reads the log. The rules live in `services.moderation`; the queue is read through
`queries.moderation`, only for the management of the consultation's cluster."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from clusterwerk.participation import queries, services

ACTIONS = {
    "ausblenden": services.hide,
    "einblenden": services.show,
    "verwerfen": services.dismiss_reports,
}
DONE = {
    "ausblenden": gettext_lazy(
        "%(item)s ist ausgeblendet; die Autorin oder der Autor wird benachrichtigt."
    ),
    "einblenden": gettext_lazy("%(item)s ist wieder sichtbar."),
    "verwerfen": gettext_lazy("Die Meldungen zu %(item)s sind verworfen."),
}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Grund"), max_length=services.MAX_REASON, required=False
    )


def _reason(request) -> str:
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else request.POST.get("reason", "")


def _show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _next_or(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def report_content(request, slug, target, pk):
    consultation = queries.get_consultation_for_user(request.user, request.cluster, slug)
    item = queries.get_item(consultation, target, pk)
    try:
        services.report_content(user=request.user, item=item, reason=_reason(request))
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("Danke. Die Moderation prüft den gemeldeten Beitrag."))
    return redirect(_next_or(request, queries.item_url(item)))


@login_required
@require_GET
def moderation_queue(request, slug):
    consultation = queries.get_consultation_for_user(
        request.user, request.cluster, slug, write=True
    )
    context = {
        "consultation": consultation,
        "reported": queries.reported_items(consultation),
        "hidden": queries.hidden_items(consultation),
        "blocks": queries.blocked_people(consultation),
        "blocked_ids": queries.blocked_user_ids(consultation),
        "log": queries.moderation_log(consultation),
    }
    return render(request, "participation/moderation_queue.html", context)


@login_required
@require_POST
def moderate_content(request, slug, action, target, pk):
    service = ACTIONS.get(action)
    if service is None:
        raise Http404(_("Unbekannte Aktion."))
    consultation = queries.get_consultation_for_user(
        request.user, request.cluster, slug, write=True
    )
    item = queries.get_item(consultation, target, pk)
    try:
        service(moderator=request.user, item=item, reason=_reason(request))
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, DONE[action] % {"item": queries.item_label(item)})
    return redirect(_next_or(request, consultation_moderation_url(consultation)))


@login_required
@require_POST
def block_toggle(request, slug, user_id):
    consultation = queries.get_consultation_for_user(
        request.user, request.cluster, slug, write=True
    )
    person = get_object_or_404(get_user_model(), pk=user_id)
    name = queries.person_label(person)
    try:
        if person.pk in queries.blocked_user_ids(consultation):
            services.unblock_user(
                moderator=request.user,
                consultation=consultation,
                user=person,
                reason=_reason(request),
            )
            messages.success(request, _("Die Sperre von %(name)s ist aufgehoben.") % {"name": name})
        else:
            services.block_user(
                moderator=request.user,
                consultation=consultation,
                user=person,
                reason=_reason(request),
            )
            messages.success(
                request,
                _("%(name)s ist für Beiträge zu den Beteiligungen des Clusters gesperrt.")
                % {"name": name},
            )
    except ValidationError as error:
        _show_errors(request, error)
    return redirect(_next_or(request, consultation_moderation_url(consultation)))


def consultation_moderation_url(consultation) -> str:
    return reverse("participation:moderation", args=[consultation.slug])
