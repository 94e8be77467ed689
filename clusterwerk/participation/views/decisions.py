"""Deciding on a proposal and applying it to a draft edition (cluster management, POST).
The proposal comes through its funnel with `write=True`: 404 for a proposal that is not of a
consultation of the request's cluster, 403 for anyone but that cluster's management."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterwerk.core.exceptions import EditConflict
from clusterwerk.participation import queries, services


def _proposal(request, slug, pk):
    consultation = queries.get_consultation_for_user(request.user, request.cluster, slug)
    return queries.get_proposal_for_user(
        request.user, request.cluster, consultation, pk, write=True
    )


@require_POST
def proposal_decide(request, slug, pk):
    proposal = _proposal(request, slug, pk)
    accept = request.POST.get("decision") == "accept"
    try:
        services.decide_proposal(
            user=request.user, proposal=proposal, accept=accept, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Vorschlag #%(id)d angenommen.") % {"id": proposal.pk}
            if accept
            else _("Vorschlag #%(id)d abgelehnt.") % {"id": proposal.pk},
        )
    return redirect(proposal.get_absolute_url())


@require_POST
def proposal_apply(request, slug, pk):
    proposal = _proposal(request, slug, pk)
    edition = (
        queries.draft_editions(proposal.consultation)
        .filter(slug=request.POST.get("edition", ""))
        .first()
    )
    if edition is None:
        messages.error(request, _("Bitte wählen Sie einen Entwurf des Masterplans."))
        return redirect(proposal.get_absolute_url())
    try:
        revision = services.apply_proposal(
            user=request.user,
            proposal=proposal,
            edition=edition,
            force=request.POST.get("force") == "1",
        )
    except (ValidationError, EditConflict) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(
            request,
            _("Vorschlag #%(id)d in den Entwurf „%(label)s“ übernommen (%(number)s).")
            % {"id": proposal.pk, "label": edition.label, "number": revision.element_number},
        )
    return redirect(proposal.get_absolute_url())
