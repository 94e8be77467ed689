"""Proposal pages: one proposal with the word diff of its text, supporting it, its comment
thread (the same services and moderation as the comments on elements), and the form for a new
topic area under a key point. (Deciding and applying: `views.decisions`.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusterwerk.masterplan.diff import render_segments_html, word_diff
from clusterwerk.masterplan.models import ElementKind
from clusterwerk.participation import queries, services
from clusterwerk.participation.forms import CommentForm, TopicAreaProposalForm, add_service_errors
from clusterwerk.participation.permissions import can_manage_consultations
from clusterwerk.participation.services import ContributionNotAllowed
from clusterwerk.participation.views.elements import reply_parent

# The decision panel is another module's partial; until it exists, managers see links.
DECISION_TEMPLATES = [
    "participation/_proposal_decision.html",
    "participation/_proposal_manage_links.html",
]


def _render_proposal(request, consultation, proposal, *, status=200, refusal="", comment_form=None):
    diff_html = ""
    if not proposal.is_new_topic_area:
        diff_html = render_segments_html(word_diff(proposal.original_text, proposal.proposed_text))
    can_manage = can_manage_consultations(request.user, consultation.cluster)
    state = queries.participation_state(request.user, consultation)
    context = {
        "consultation": consultation,
        "proposal": proposal,
        "draft_editions": list(queries.draft_editions(consultation)) if can_manage else [],
        "diff_html": diff_html,
        "element_label": queries.element_label(proposal.element) if proposal.element else "",
        "state": state,
        "can_manage": can_manage,
        "decision_template": select_template(DECISION_TEMPLATES).template.name,
        "refusal": refusal,
        "comments": queries.proposal_comments(
            request.user, consultation, proposal, can_comment=state.can_comment
        ),
        "comment_form": comment_form or CommentForm(),
        "can_reply": state.can_comment and not proposal.is_hidden,
        "reply_url": proposal.get_absolute_url(),
    }
    return render(request, "participation/proposal_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def proposal_detail(request, slug, pk):
    consultation = queries.get_consultation_for_user(request.user, request.cluster, slug)
    proposal = queries.get_proposal_for_user(request.user, request.cluster, consultation, pk)
    if request.method == "GET":
        return _render_proposal(request, consultation, proposal)
    if not request.user.is_authenticated:
        return redirect(f"{_login_url()}?next={request.path}")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_proposal(request, consultation, proposal, status=400, comment_form=form)
    try:
        parent = None
        if form.cleaned_data.get("parent"):
            parent = reply_parent(request.user, consultation, form.cleaned_data["parent"])
        comment = services.add_comment(
            user=request.user,
            consultation=consultation,
            proposal=proposal,
            body=form.cleaned_data["body"],
            parent=parent,
        )
    except ContributionNotAllowed as refusal:
        return _render_proposal(
            request, consultation, proposal, status=403, refusal=str(refusal), comment_form=form
        )
    except ValidationError as error:
        add_service_errors(
            form, error, aliases={"element": "__all__", "proposal": "__all__", "parent": "__all__"}
        )
        return _render_proposal(request, consultation, proposal, status=400, comment_form=form)
    messages.success(request, _("Danke! Ihr Kommentar ist veröffentlicht."))
    return redirect(queries.comment_url(consultation, comment))


@login_required
@require_POST
def support_toggle(request, slug, pk):
    consultation = queries.get_consultation_for_user(request.user, request.cluster, slug)
    proposal = queries.get_proposal_for_user(request.user, request.cluster, consultation, pk)
    try:
        if proposal.supported_by_user:
            services.withdraw_support(user=request.user, proposal=proposal)
            messages.success(request, _("Sie unterstützen diesen Vorschlag nicht mehr."))
        else:
            services.support_proposal(user=request.user, proposal=proposal)
            messages.success(request, _("Danke! Sie unterstützen diesen Vorschlag."))
    except ContributionNotAllowed as refusal:
        return _render_proposal(request, consultation, proposal, status=403, refusal=str(refusal))
    except ValidationError as error:
        return _render_proposal(
            request, consultation, proposal, status=400, refusal=" ".join(error.messages)
        )
    return redirect(proposal.get_absolute_url())


@require_http_methods(["GET", "POST"])
def topic_area_proposal(request, slug, key_point):
    consultation = queries.get_consultation_for_user(request.user, request.cluster, slug)
    element = queries.get_element_for_consultation(consultation, ElementKind.KEY_POINT, key_point)
    state = queries.participation_state(request.user, consultation)
    form = TopicAreaProposalForm(request.POST if request.method == "POST" else None)
    status, refusal = 200, ""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        status = 400
        if form.is_valid():
            try:
                proposal = services.propose_topic_area(
                    user=request.user,
                    consultation=consultation,
                    key_point_lineage=element.lineage,
                    title=form.cleaned_data["title"],
                    goal=form.cleaned_data["text"],
                    rationale=form.cleaned_data.get("rationale", ""),
                )
            except ContributionNotAllowed as error:
                status, refusal = 403, str(error)
            except ValidationError as error:
                add_service_errors(form, error, aliases={"element": "__all__"})
            else:
                messages.success(
                    request,
                    _("Danke! Ihr Vorschlag für einen neuen Themenbereich ist eingereicht."),
                )
                return redirect(proposal.get_absolute_url())
    context = {
        "consultation": consultation,
        "element": element,
        "element_label": queries.element_label(element),
        "state": state,
        "form": form,
        "refusal": refusal,
    }
    return render(request, "participation/topic_area_proposal.html", context, status=status)


def _login_url() -> str:
    return reverse("account_login")
