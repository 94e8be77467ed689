"""Pages of the foresight: gap signals. The cluster management only.

- gaps (slug): every gap signal of the cycle with its reasons (German), the medians of impact
  and horizon, what was decided so far (with links), and – in the phases that allow it – the
  forms: a proposal for a consultation of the cluster (a new topic area under a key point, or
  a new text for a field of a topic area; prefilled from the item), a Werkstattgespräch, a
  project idea, dismissing with a reason.
- gap_proposal, gap_workshop, gap_project, gap_dismiss (slug, key): POST only; success → a
  message and back to the gaps page at the item; errors → the page again with the form and its
  German messages (status 400).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events.models import Event
from clusterwerk.foresight import phases, queries
from clusterwerk.foresight.forms_gaps import (
    GapDismissForm,
    GapProjectForm,
    GapProposalForm,
    GapWorkshopForm,
    add_service_errors,
)
from clusterwerk.foresight.gaps import gap_signals
from clusterwerk.foresight.models import GapAction
from clusterwerk.foresight.services import gaps as services
from clusterwerk.participation.models import Proposal
from clusterwerk.projects.models import Project

FORMS = {
    "proposal": GapProposalForm,
    "workshop": GapWorkshopForm,
    "project": GapProjectForm,
    "dismiss": GapDismissForm,
}


def _prefix(name: str, key: str) -> str:
    return f"{name}-{key}"


def _initial(name: str, item) -> dict:
    if name == "proposal":
        return {
            "title": item.title,
            "text": item.description or item.title,
            "rationale": services.gap_origin(item),
            "field": "description",
        }
    if name == "workshop":
        return {
            "title": (_("Werkstattgespräch: %(title)s") % {"title": item.title})[:200],
            "description": item.description,
        }
    if name == "project":
        return {"title": item.title, "description": item.description}
    return {}


def _form(name: str, item, cluster, data=None):
    kwargs = {"prefix": _prefix(name, item.key), "initial": _initial(name, item)}
    if name == "proposal":
        kwargs["cluster"] = cluster
    return FORMS[name](data, **kwargs)


def _decision_links(gaps) -> dict[int, str]:
    """The address of what each decision created, by decision id (three queries at most)."""
    decisions = [decision for gap in gaps for decision in gap.decisions]
    links: dict[int, str] = {}
    proposal_ids = {d.proposal_id for d in decisions if d.proposal_id}
    event_ids = {d.event_id for d in decisions if d.event_id}
    project_ids = {d.project_id for d in decisions if d.project_id}
    proposals = (
        {
            p.pk: p
            for p in Proposal.objects.filter(pk__in=proposal_ids).select_related("consultation")
        }
        if proposal_ids
        else {}
    )
    events = {e.pk: e for e in Event.objects.filter(pk__in=event_ids)} if event_ids else {}
    projects = (
        {p.pk: p for p in Project.objects.filter(pk__in=project_ids).select_related("cluster")}
        if project_ids
        else {}
    )
    for decision in decisions:
        target = (
            proposals.get(decision.proposal_id)
            or events.get(decision.event_id)
            or projects.get(decision.project_id)
        )
        if target is not None:
            links[decision.pk] = target.get_absolute_url()
    return links


def _render(request, cycle, *, bound=None, status=200):
    """The gaps page; `bound` = (item key, form name, bound form) re-shows a refused form."""
    cluster = cycle.cluster
    gaps = gap_signals(cycle)
    can_decide = phases.allowed(cycle, phases.DECIDE_GAPS)
    links = _decision_links(gaps)
    rows = []
    for gap in gaps:
        forms = {}
        if can_decide:
            for name in FORMS:
                if bound and bound[0] == gap.item.key and bound[1] == name:
                    forms[name] = bound[2]
                else:
                    forms[name] = _form(name, gap.item, cluster)
        decided = [
            {"decision": decision, "url": links.get(decision.pk)} for decision in gap.decisions
        ]
        rows.append({"gap": gap, "forms": forms, "decided": decided, "actions": gap.actions})
    return render(
        request,
        "foresight/gaps.html",
        {
            "cycle": cycle,
            "rows": rows,
            "can_decide": can_decide,
            "open_form": bound[:2] if bound else None,
            "actions": GapAction,
        },
        status=status,
    )


@login_required
@require_GET
def gaps(request, slug):
    cycle = queries.get_cycle_for_user(request.user, request_cluster(request), slug, manage=True)
    return _render(request, cycle)


def _gaps_url(cycle, item) -> str:
    return reverse("foresight:gaps", args=[cycle.slug]) + f"#gap-{item.key}"


def _handle(request, slug, key, name, act, success):
    """Shared POST handling: funnel, form, service; errors re-render the page."""
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug, manage=True)
    item = queries.get_item(cycle, key)
    form = _form(name, item, cluster, data=request.POST)
    if form.is_valid():
        try:
            created = act(form, item)
        except ValidationError as error:
            add_service_errors(form, error, aliases=ALIASES.get(name, {}))
        else:
            if created is not None:
                messages.success(request, success(item, created))
                return redirect(_gaps_url(cycle, item))
    return _render(request, cycle, bound=(item.key, name, form), status=400)


ALIASES = {"proposal": {"element": "topic_area", "origin": None}, "project": {"topics": None}}


@login_required
@require_POST
def gap_proposal(request, slug, key):
    def act(form, item):
        lineage = form.element_lineage()
        if lineage is None:
            return None
        data = form.cleaned_data
        return services.propose_from_gap(
            user=request.user,
            item=item,
            consultation=form.consultations[data["consultation"]],
            kind=data["kind"],
            element_lineage=lineage,
            title=data["title"],
            text=data["text"],
            rationale=data["rationale"],
            field=data["field"] or "",
        )

    return _handle(
        request,
        slug,
        key,
        "proposal",
        act,
        lambda item, proposal: (
            _("Vorschlag #%(id)d aus %(key)s eingereicht.") % {"id": proposal.pk, "key": item.key}
        ),
    )


@login_required
@require_POST
def gap_workshop(request, slug, key):
    def act(form, item):
        return services.workshop_from_gap(user=request.user, item=item, **form.cleaned_data)

    return _handle(
        request,
        slug,
        key,
        "workshop",
        act,
        lambda item, event: (
            _("Werkstattgespräch „%(title)s“ als Entwurf angelegt.") % {"title": event.title}
        ),
    )


@login_required
@require_POST
def gap_project(request, slug, key):
    def act(form, item):
        return services.project_idea_from_gap(user=request.user, item=item, **form.cleaned_data)

    return _handle(
        request,
        slug,
        key,
        "project",
        act,
        lambda item, project: _("Projektidee „%(title)s“ angelegt.") % {"title": project.title},
    )


@login_required
@require_POST
def gap_dismiss(request, slug, key):
    def act(form, item):
        return services.dismiss_gap(user=request.user, item=item, note=form.cleaned_data["note"])

    return _handle(
        request,
        slug,
        key,
        "dismiss",
        act,
        lambda item, decision: _("Die Lücke „%(key)s“ ist verworfen.") % {"key": item.key},
    )


urlpatterns = [
    path("foresight/<slug:slug>/luecken/", gaps, name="gaps"),
    path("foresight/<slug:slug>/luecken/<str:key>/vorschlag/", gap_proposal, name="gap_proposal"),
    path(
        "foresight/<slug:slug>/luecken/<str:key>/werkstattgespraech/",
        gap_workshop,
        name="gap_workshop",
    ),
    path("foresight/<slug:slug>/luecken/<str:key>/projektidee/", gap_project, name="gap_project"),
    path("foresight/<slug:slug>/luecken/<str:key>/verwerfen/", gap_dismiss, name="gap_dismiss"),
]
