"""The cluster management's edit pages of the profile: `/profil/bearbeiten/` (German and
English texts side by side, contact, publication; optimistic locking: a form loaded before
somebody else saved answers 409 with the stored texts beside the typed ones) and the team
(`/profil/team/…`: add, change, delete, move up/down). Everybody else: 403 (login first)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusterwerk.clusterprofile import queries, services
from clusterwerk.clusterprofile.forms import ProfileForm, TeamMemberForm, add_service_errors
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.tenancy import request_cluster


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    cluster = request_cluster(request)
    profile = queries.profile_for_editing(request.user, cluster)
    initial = {**services.profile_data(profile), "version": profile.version}
    initial["founded_year"] = profile.founded_year or ""
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    status, conflict = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_profile(
                    user=request.user,
                    cluster=cluster,
                    data=form.data_for_services(),
                    expected_version=form.cleaned_data.get("version"),
                )
            except EditConflict as error:
                status = 409
                conflict = error.current_for(request.user)
                form.add_error(None, str(error))
                data = request.POST.copy()
                data["version"] = error.version
                form.data = data
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Das Clusterprofil ist gespeichert."))
                return redirect("clusterprofile:profile-edit")
    context = {"form": form, "profile": profile, "conflict": conflict}
    return render(request, "clusterprofile/profile_edit.html", context, status=status)


@login_required
def team(request):
    cluster = request_cluster(request)
    queries.require_manager(request.user, cluster)
    context = {"team": queries.team_of(cluster)}
    return render(request, "clusterprofile/team.html", context)


def _team_form_page(request, form, member=None, status=200):
    return render(
        request,
        "clusterprofile/team_member_form.html",
        {"form": form, "member": member},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_add(request):
    cluster = request_cluster(request)
    queries.require_manager(request.user, cluster)
    form = TeamMemberForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                member = services.add_team_member(
                    user=request.user, cluster=cluster, data=form.data_for_services()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("%(name)s gehört jetzt zum Team.") % {"name": member.name}
                )
                return redirect("clusterprofile:team")
    return _team_form_page(request, form, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request, pk):
    cluster = request_cluster(request)
    member = queries.get_team_member_for_manager(request.user, cluster, pk)
    initial = {name: getattr(member, name) for name in services.TEAM_FIELDS}
    form = TeamMemberForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_team_member(
                    user=request.user, cluster=cluster, member=member, data=form.data_for_services()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen sind gespeichert."))
                return redirect("clusterprofile:team")
    return _team_form_page(request, form, member=member, status=status)


@login_required
@require_POST
def team_delete(request, pk):
    cluster = request_cluster(request)
    member = queries.get_team_member_for_manager(request.user, cluster, pk)
    services.delete_team_member(user=request.user, cluster=cluster, member=member)
    messages.success(request, _("%(name)s ist aus dem Team entfernt.") % {"name": member.name})
    return redirect("clusterprofile:team")


@login_required
@require_POST
def team_move(request, pk):
    cluster = request_cluster(request)
    member = queries.get_team_member_for_manager(request.user, cluster, pk)
    try:
        services.move_team_member(
            user=request.user,
            cluster=cluster,
            member=member,
            direction=request.POST.get("direction", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("clusterprofile:team")


urlpatterns = [
    path("profil/bearbeiten/", profile_edit, name="profile-edit"),
    path("profil/team/", team, name="team"),
    path("profil/team/neu/", team_add, name="team-add"),
    path("profil/team/<int:pk>/", team_edit, name="team-edit"),
    path("profil/team/<int:pk>/loeschen/", team_delete, name="team-delete"),
    path("profil/team/<int:pk>/verschieben/", team_move, name="team-move"),
]
