"""The actor's pages in the request's cluster (`core.tenancy.request_cluster`): create, edit
(directly or for review), review, merge, archive, history, and the personal data of contact
persons. The profile page itself reads projects too and lives on the portal floor
(`portal.views.actors`)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.actors import queries, services
from clusterwerk.actors.forms import (
    ActorCreateExtrasForm,
    ArchiveForm,
    MergeForm,
    ProfileEditor,
    ReviewDecisionForm,
)
from clusterwerk.actors.models import Actor, ActorStatus
from clusterwerk.actors.permissions import can_manage_actor
from clusterwerk.actors.profile_data import catalogue_and_snapshot
from clusterwerk.actors.review import describe_changes
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.masterplan.queries import topic_catalogue

NOTHING_CHANGED = gettext_lazy("Keine Änderungen – es gab nichts zu speichern.")


def actor_redirect(request, pk):
    actor = queries.get_actor_for_user(request.user, request_cluster(request), pk)
    return redirect(actor)


def load_actor(request, pk, slug, *, write=False):
    """The actor of a profile URL in the request's cluster, or a redirect: old slugs and
    merged duplicates lead to the current profile address."""
    cluster = request_cluster(request)
    try:
        actor = queries.get_actor_for_user(request.user, cluster, pk, write=write)
    except Http404:
        target = queries.merged_target(cluster, pk)
        if target is None:
            raise
        return None, redirect(target)
    if actor.slug != slug:
        return None, redirect(request.path.replace(f"/{pk}/{slug}/", f"/{pk}/{actor.slug}/", 1))
    return actor, None


@login_required
@require_http_methods(["GET", "POST"])
def actor_edit(request, pk, slug):
    actor, moved = load_actor(request, pk, slug, write=True)
    if moved:
        return moved
    cluster = request_cluster(request)
    catalogue, snapshot = catalogue_and_snapshot(actor, cluster)
    manager = can_manage_actor(request.user, actor, cluster)
    editor = ProfileEditor(
        request.POST if request.method == "POST" else None,
        initial_profile=snapshot,
        catalogue=catalogue,
    )
    status = 200
    if request.method == "POST":
        if editor.is_valid():
            if not editor.changes():
                messages.info(request, NOTHING_CHANGED)
                return redirect(actor.get_absolute_url())
            try:
                change_request = services.update_actor(
                    actor=actor,
                    user=request.user,
                    cluster=cluster,
                    expected_version=editor.profile.cleaned_data.get("version") or 0,
                    profile=editor.payload(),
                )
            except EditConflict as conflict:
                messages.error(request, str(conflict))
                return redirect("actors:edit", actor.pk, actor.slug)
            except ValidationError as error:
                editor.add_service_errors(error)
                status = 400
            else:
                if change_request is not None:
                    messages.success(
                        request,
                        _(
                            "Danke! Ihre Änderungen wurden zur Prüfung an das Clustermanagement "
                            "gesendet. Sie erscheinen, sobald sie angenommen sind."
                        ),
                    )
                elif manager:
                    messages.success(request, _("Das Profil wurde gespeichert."))
                else:
                    messages.info(request, NOTHING_CHANGED)
                return redirect(actor.get_absolute_url())
        else:
            status = 400
    else:
        editor.profile.initial["version"] = actor.version
    context = {
        "actor": actor,
        "editor": editor,
        "is_manager": manager,
        "status": status,
    }
    return render(request, "actors/actor_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def actor_create(request):
    cluster = request_cluster(request)
    if not manages_cluster(request.user, cluster):
        if request.method == "GET":
            # A person without the management's rights registers their organisation instead.
            return redirect("actors:register")
        raise PermissionDenied
    catalogue = topic_catalogue(cluster)
    editor = ProfileEditor(
        request.POST if request.method == "POST" else None,
        initial_profile=None,
        catalogue=catalogue,
    )
    extras = ActorCreateExtrasForm(
        request.POST if request.method == "POST" else None,
        initial={"clusters": [cluster]},
        user=request.user,
    )
    candidates = []
    status = 200
    if request.method == "POST":
        if editor.is_valid() and extras.is_valid():
            try:
                actor = services.create_actor(
                    user=request.user,
                    cluster=cluster,
                    profile=editor.payload(),
                    clusters=list(extras.cleaned_data["clusters"]),
                    confirm_not_duplicate=extras.cleaned_data["confirm_not_duplicate"],
                )
            except services.PossibleDuplicate as duplicate:
                candidates = duplicate.candidates
                status = 409
            except ValidationError as error:
                editor.add_service_errors(error)
                status = 400
            else:
                messages.success(request, _("„%(name)s“ wurde angelegt.") % {"name": actor.name})
                return redirect(actor)
        else:
            status = 400
    context = {"editor": editor, "extras": extras, "candidates": candidates, "status": status}
    return render(request, "actors/actor_create.html", context, status=status)


@login_required
def actor_history(request, pk, slug):
    actor, moved = load_actor(request, pk, slug, write=True)
    if moved:
        return moved
    context = {"actor": actor, "entries": queries.actor_history(actor)}
    return render(request, "actors/actor_history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def actor_merge(request, pk, slug):
    actor, moved = load_actor(request, pk, slug)
    if moved:
        return moved
    cluster = request_cluster(request)
    if not can_manage_actor(request.user, actor, cluster):
        raise PermissionDenied
    form = MergeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        duplicate = (
            queries.visible_actors(request.user, cluster)
            .filter(pk=form.cleaned_data["duplicate"])
            .first()
        )
        if duplicate is None:
            form.add_error("duplicate", _("Es gibt keinen Akteur mit dieser Nummer."))
        else:
            try:
                services.merge_actors(
                    keep=actor, duplicate=duplicate, user=request.user, cluster=cluster
                )
            except ValidationError as error:
                form.add_error("duplicate", error)
            else:
                messages.success(
                    request,
                    _("„%(duplicate)s“ wurde mit diesem Akteur zusammengeführt.")
                    % {"duplicate": duplicate.name},
                )
                return redirect(actor)
    if request.method == "POST":
        status = 400
    candidates = queries.find_possible_duplicates(
        actor.name, actor.postal_code, cluster=cluster, exclude_pk=actor.pk
    )
    context = {"actor": actor, "form": form, "candidates": candidates}
    return render(request, "actors/actor_merge.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def actor_archive(request, pk, slug):
    actor, moved = load_actor(request, pk, slug)
    if moved:
        return moved
    cluster = request_cluster(request)
    if not can_manage_actor(request.user, actor, cluster):
        raise PermissionDenied
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if actor.status == ActorStatus.ARCHIVED:
            services.restore_actor(actor=actor, user=request.user, cluster=cluster)
            messages.success(request, _("Der Akteur ist wieder veröffentlicht."))
        else:
            services.archive_actor(
                actor=actor, user=request.user, cluster=cluster, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("Der Akteur ist archiviert und erscheint nicht mehr im Verzeichnis.")
            )
        return redirect(actor)
    return render(request, "actors/actor_archive.html", {"actor": actor, "form": form})


# --- Review ---------------------------------------------------------------------------------


@login_required
def review_queue(request):
    cluster = request_cluster(request)
    if not manages_cluster(request.user, cluster):
        raise PermissionDenied
    requests = queries.pending_change_requests(request.user, cluster)
    return render(request, "actors/review_queue.html", {"change_requests": requests})


@login_required
@require_http_methods(["GET", "POST"])
def review_change(request, request_id):
    cluster = request_cluster(request)
    change_request = queries.get_change_request_for_manager(request.user, cluster, request_id)
    form = ReviewDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST" and change_request.is_pending:
        if form.is_valid():
            decide = (
                services.approve_change_request
                if form.cleaned_data["decision"] == "approve"
                else services.reject_change_request
            )
            try:
                decide(
                    change_request=change_request,
                    user=request.user,
                    cluster=cluster,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(request, _("Die Entscheidung wurde gespeichert."))
                return redirect("actors:review-queue")
        else:
            status = 400
    context = {
        "change_request": change_request,
        "actor": change_request.actor,
        "changes": describe_changes(change_request, cluster),
        "form": form,
    }
    return render(request, "actors/review_change.html", context, status=status)


# --- Contact persons' data ------------------------------------------------------------------


@login_required
def contact_data_export(request, contact_id):
    cluster = request_cluster(request)
    contact = queries.get_contact_for_user(request.user, cluster, contact_id)
    data = services.contact_personal_data(contact=contact, user=request.user, cluster=cluster)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="ansprechperson-{contact.pk}.json"'
    return response


@login_required
@require_POST
def contact_erase(request, contact_id):
    cluster = request_cluster(request)
    contact = queries.get_contact_for_user(request.user, cluster, contact_id)
    actor = contact.actor
    services.erase_contact(contact=contact, user=request.user, cluster=cluster)
    messages.success(request, _("Die Angaben der Ansprechperson wurden anonymisiert."))
    target = request.POST.get("next", "")
    if target == "my-data":
        return redirect("accounts:my-data")
    return redirect(get_object_or_404(Actor, pk=actor.pk))
