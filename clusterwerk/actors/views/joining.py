"""The front door in the request's cluster: a person finds and claims their organisation or
registers a new one and sees what is pending; the management works through the claims and
invites people. Writes go through `services.joining`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusterwerk.accounts.permissions import manages_cluster, represented_actor_ids
from clusterwerk.actors import queries
from clusterwerk.actors.forms_joining import (
    ClaimForm,
    DecisionForm,
    InvitationForm,
    RegistrationForm,
)
from clusterwerk.actors.models import Actor, ActorStatus
from clusterwerk.actors.permissions import directory_condition
from clusterwerk.actors.services import PossibleDuplicate
from clusterwerk.actors.services import joining as services
from clusterwerk.core.tenancy import request_cluster

MAX_QUERY_LENGTH = 100


# Keys of the profile format (`profile_data`) that belong to a field of the registration form.
FIELD_OF_KEY = {"activities": "activity_code", "competences": "competences", "values": None}


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for key, errors in error.message_dict.items():
            field = key.rsplit(".", 1)[-1] if key.startswith("values.") else key
            field = FIELD_OF_KEY.get(field.split(".", 1)[0], field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _search(request, cluster):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    return query, queries.search_claimable(cluster, query) if query else []


@login_required
def welcome(request):
    """Willkommen: find and claim the organisation, or register a new one; what is pending,
    and what the person can already do."""
    cluster = request_cluster(request)
    query, results = _search(request, cluster)
    claims = list(queries.claims_of_user(request.user, cluster)[:20])
    pending_ids = {claim.actor_id for claim in claims if claim.is_pending}
    represented = represented_actor_ids(request.user)
    context = {
        "query": query,
        "results": results,
        "claims": claims,
        "pending_ids": pending_ids,
        "represented_ids": represented,
        "organisations": Actor.objects.filter(pk__in=represented).order_by("name"),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "actors/joining/_claimable_results.html", context)
    return render(request, "actors/joining/welcome.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def claim_create(request, pk):
    cluster = request_cluster(request)
    actor = (
        Actor.objects.filter(directory_condition(cluster), status=ActorStatus.PUBLISHED)
        .filter(pk=pk)
        .first()
    )
    if actor is None and request.method == "GET":
        raise Http404(_("Diese Organisation gibt es im Verzeichnis dieses Clusters nicht."))
    form = ClaimForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_claim(
                user=request.user,
                cluster=cluster,
                actor=actor or Actor(pk=pk),
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            _add_errors(form, error)
            status = 400
        else:
            messages.success(
                request,
                _(
                    "Danke! Ihr Antrag ist beim Clustermanagement. Sie erhalten eine E-Mail, "
                    "sobald darüber entschieden ist."
                ),
            )
            return redirect("actors:welcome")
    elif request.method == "POST":
        status = 400
    return render(
        request, "actors/joining/claim_form.html", {"actor": actor, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    cluster = request_cluster(request)
    form = RegistrationForm(request.POST or None, initial={"name": request.GET.get("name", "")})
    candidates = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                profile = services.registration_profile(**form.registration_values())
                services.register_organisation(
                    user=request.user,
                    cluster=cluster,
                    profile=profile,
                    message=form.cleaned_data["message"],
                    confirm_new=form.cleaned_data["confirm_new"],
                )
            except PossibleDuplicate as duplicate:
                candidates = duplicate.candidates
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Danke! Ihre Organisation ist angelegt und wartet auf die Prüfung durch "
                        "das Clustermanagement. Sie erhalten eine E-Mail, sobald sie "
                        "freigeschaltet ist."
                    ),
                )
                return redirect("actors:welcome")
    context = {"form": form, "candidates": candidates}
    return render(request, "actors/joining/register.html", context, status=status)


@login_required
@require_POST
def claim_withdraw(request, pk):
    cluster = request_cluster(request)
    claim = queries.get_claim_of_user(request.user, cluster, pk)
    try:
        services.withdraw_claim(claim=claim, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Ihr Antrag wurde zurückgezogen."))
    return redirect("actors:welcome")


# --- The management ---------------------------------------------------------------------------


@login_required
def claim_queue(request):
    cluster = request_cluster(request)
    if not manages_cluster(request.user, cluster):
        raise PermissionDenied
    return render(
        request, "actors/joining/claim_queue.html", {"claims": queries.pending_claims(cluster)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim_detail(request, pk):
    cluster = request_cluster(request)
    claim = queries.get_claim_for_manager(request.user, cluster, pk)
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            decide = (
                services.approve_claim
                if form.cleaned_data["decision"] == "approve"
                else services.reject_claim
            )
            try:
                decide(
                    claim=claim,
                    user=request.user,
                    cluster=cluster,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if form.cleaned_data["decision"] == "approve":
                    text = _("Angenommen: %(person)s vertritt jetzt „%(actor)s“.")
                else:
                    text = _("Abgelehnt: der Antrag von %(person)s für „%(actor)s“.")
                messages.success(
                    request, text % {"person": claim.user.email, "actor": claim.actor.name}
                )
                return redirect("actors:claim-queue")
    context = {
        "claim": claim,
        "form": form,
        "others": queries.pending_claims(cluster).filter(actor=claim.actor).exclude(pk=claim.pk),
        "representatives": claim.actor.representatives.select_related("user"),
    }
    return render(request, "actors/joining/claim_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request):
    cluster = request_cluster(request)
    if not manages_cluster(request.user, cluster):
        raise PermissionDenied
    query, results = _search(request, cluster)
    chosen = None
    actor_pk = request.POST.get("actor") or request.GET.get("actor")
    if actor_pk and str(actor_pk).isdigit():
        chosen = (
            Actor.objects.filter(directory_condition(cluster), status=ActorStatus.PUBLISHED)
            .filter(pk=int(actor_pk))
            .first()
        )
    form = InvitationForm(request.POST or None, initial={"actor": chosen.pk if chosen else None})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                invitation, _token = services.invite(
                    user=request.user,
                    cluster=cluster,
                    actor=Actor(pk=form.cleaned_data["actor"]),
                    email=form.cleaned_data["email"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Die Einladung an %(email)s für „%(actor)s“ ist verschickt.")
                    % {"email": invitation.email, "actor": invitation.actor.name},
                )
                return redirect("actors:invitations")
    context = {
        "query": query,
        "results": results,
        "chosen": chosen,
        "form": form,
        "invitation_list": queries.invitations_of_cluster(request.user, cluster)[:50],
    }
    return render(request, "actors/joining/invitations.html", context, status=status)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The link of an invitation e-mail: shows whom it is for; a logged-in person accepts."""
    try:
        invitation = services.find_invitation(token)
    except ValidationError as error:
        return render(
            request,
            "actors/joining/invitation_accept.html",
            {"problem": " ".join(error.messages)},
            status=410 if error.code in ("used", "expired") else 404,
        )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{resolve_url('account_login')}?next={request.path}")
        try:
            services.accept_invitation(user=request.user, token=token)
        except ValidationError as error:
            return render(
                request,
                "actors/joining/invitation_accept.html",
                {"problem": " ".join(error.messages)},
                status=410,
            )
        messages.success(
            request, _("Willkommen! Sie vertreten jetzt „%(actor)s“.") % {"actor": invitation.actor}
        )
        return redirect("actors:welcome")
    return render(request, "actors/joining/invitation_accept.html", {"invitation": invitation})
