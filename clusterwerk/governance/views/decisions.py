"""Pages of decisions and recommendations.

- decision (pk): one decision – public once published (for a body that is public), members
  and management otherwise.
- decision-create (slug, pk of the meeting), decision-edit (pk): the management records and
  edits; refused input comes back with German messages (400).
- decision-publish (pk): POST `publish=1|0` – published one by one.
- decision-propose (pk): a recommendation becomes a proposal in one of the cluster's
  consultations, with the provenance "Empfehlung des Strategischen Beirats vom …" (the same
  form as the foresight's gap → proposal: consultation, element, field, text).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.governance import queries
from clusterwerk.governance.forms_common import add_service_errors
from clusterwerk.governance.forms_meetings import (
    DecisionForm,
    RecommendationProposalForm,
)
from clusterwerk.governance.linked import linked
from clusterwerk.governance.models import DecisionKind
from clusterwerk.governance.permissions import can_enter_space, can_manage_body
from clusterwerk.governance.services import decisions as services
from clusterwerk.governance.services.common import link_data
from clusterwerk.governance.views.meetings import render_meeting
from clusterwerk.masterplan.queries import get_published_edition, topic_catalogue


@require_GET
def decision(request, pk):
    cluster = request_cluster(request)
    found = queries.get_decision_for_user(request.user, cluster, pk)
    body = found.meeting.body
    return render(
        request,
        "governance/decision_detail.html",
        {
            "decision": found,
            "meeting": found.meeting,
            "body": body,
            "links": linked(found, topic_catalogue(cluster), get_published_edition(cluster)),
            "members_view": can_enter_space(request.user, body),
            "manage": can_manage_body(request.user, body),
        },
    )


@login_required
@require_POST
def decision_create(request, slug, pk):
    cluster = request_cluster(request)
    meeting = queries.get_meeting_for_user(request.user, cluster, slug, pk, manage=True)
    form = DecisionForm(request.POST, meeting=meeting, prefix="decision")
    if form.is_valid():
        try:
            services.record_decision(
                user=request.user, cluster=cluster, meeting=meeting, data=form.data_for_service()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Der Beschluss ist erfasst."))
            return redirect(meeting.get_absolute_url() + "#beschluesse")
    return render_meeting(request, meeting, bound={"decision": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk):
    cluster = request_cluster(request)
    found = queries.get_decision_for_user(request.user, cluster, pk, manage=True)
    meeting = found.meeting
    current = link_data(found)
    initial = {
        **services.decision_data(found),
        **{key: value or "" for key, value in current.items()},
    }
    form = DecisionForm(request.POST or None, meeting=meeting, initial=initial, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_decision(
                user=request.user, cluster=cluster, decision=found, data=form.data_for_service()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Der Beschluss ist gespeichert."))
            return redirect(meeting.get_absolute_url() + f"#beschluss-{found.pk}")
    return render(
        request,
        "governance/decision_form.html",
        {"decision": found, "meeting": meeting, "body": meeting.body, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def decision_publish(request, pk):
    cluster = request_cluster(request)
    found = queries.get_decision_for_user(request.user, cluster, pk, manage=True)
    if request.POST.get("publish") == "1":
        services.publish_decision(user=request.user, cluster=cluster, decision=found)
        messages.success(request, _("Der Beschluss ist veröffentlicht."))
    else:
        services.unpublish_decision(user=request.user, cluster=cluster, decision=found)
        messages.success(request, _("Der Beschluss ist nicht mehr öffentlich."))
    return redirect(found.meeting.get_absolute_url() + f"#beschluss-{found.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def decision_propose(request, pk):
    cluster = request_cluster(request)
    found = queries.get_decision_for_user(request.user, cluster, pk, manage=True)
    if found.kind != DecisionKind.RECOMMENDATION:
        raise PermissionDenied(
            _("Nur Empfehlungen zur Fortschreibung werden zu Vorschlägen für den Masterplan.")
        )
    origin = services.decision_origin(found)
    form = RecommendationProposalForm(
        request.POST or None,
        cluster=cluster,
        initial={"text": found.text, "rationale": origin, "field": "description"},
    )
    if request.method == "POST" and form.is_valid():
        lineage = form.element_lineage()
        if lineage is not None:
            data = form.cleaned_data
            try:
                proposal = services.propose_from_decision(
                    user=request.user,
                    cluster=cluster,
                    decision=found,
                    consultation=form.consultations[data["consultation"]],
                    kind=data["kind"],
                    element_lineage=lineage,
                    field=data["field"] or "",
                    title=data["title"],
                    proposed_text=data["text"],
                    rationale=data["rationale"],
                )
            except ValidationError as error:
                add_service_errors(form, error, aliases={"element": "topic_area", "origin": None})
            else:
                messages.success(
                    request,
                    _("Vorschlag #%(id)d ist eingereicht (%(origin)s).")
                    % {"id": proposal.pk, "origin": origin},
                )
                return redirect(found.meeting.get_absolute_url() + f"#beschluss-{found.pk}")
    return render(
        request,
        "governance/decision_propose.html",
        {
            "decision": found,
            "meeting": found.meeting,
            "body": found.meeting.body,
            "form": form,
            "origin": origin,
        },
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("gremien/beschluesse/<int:pk>/", decision, name="decision"),
    path("gremien/beschluesse/<int:pk>/bearbeiten/", decision_edit, name="decision-edit"),
    path(
        "gremien/beschluesse/<int:pk>/veroeffentlichen/",
        decision_publish,
        name="decision-publish",
    ),
    path("gremien/beschluesse/<int:pk>/vorschlag/", decision_propose, name="decision-propose"),
    path(
        "gremien/<slug:slug>/sitzungen/<int:pk>/beschluesse/neu/",
        decision_create,
        name="decision-create",
    ),
]
