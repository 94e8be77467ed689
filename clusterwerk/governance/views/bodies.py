"""Pages of the bodies: the list of the cluster's bodies, a body's public page (task, current
members by function, published decisions), the management's body form and member pages
(members incl. past terms, taking over seats from the directory, editing a member)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.governance import queries
from clusterwerk.governance.forms_bodies import BodyForm, MemberForm
from clusterwerk.governance.forms_common import add_service_errors
from clusterwerk.governance.models import BodyMember, MemberFunction
from clusterwerk.governance.permissions import can_enter_space, manages_bodies
from clusterwerk.governance.services import bodies as services
from clusterwerk.governance.services.common import require_management

# The order of functions on the pages: the chair first.
FUNCTION_ORDER = [
    MemberFunction.CHAIR,
    MemberFunction.DEPUTY_CHAIR,
    MemberFunction.SPOKESPERSON,
    MemberFunction.MEMBER,
    MemberFunction.GUEST,
]


def function_rank(member: BodyMember) -> tuple:
    return (FUNCTION_ORDER.index(member.function), member.name)


def function_groups(members) -> list[tuple[str, list[BodyMember]]]:
    """(label of the function, members) in FUNCTION_ORDER, empty groups left out."""
    labels = dict(MemberFunction.choices)
    groups = []
    for function in FUNCTION_ORDER:
        found = sorted((m for m in members if m.function == function), key=function_rank)
        if found:
            groups.append((str(labels[function]), found))
    return groups


def body_list(request):
    cluster = request_cluster(request)
    bodies = queries.with_current_members(queries.visible_bodies(request.user, cluster))
    rows = []
    for body in bodies:
        chairs = [m for m in body.current if m.function == MemberFunction.CHAIR]
        rows.append({"body": body, "chairs": chairs, "count": len(body.current)})
    return render(
        request,
        "governance/body_list.html",
        {"rows": rows, "can_manage": manages_bodies(request.user, cluster)},
    )


def body_detail(request, slug):
    cluster = request_cluster(request)
    body = queries.get_body_for_user(request.user, cluster, slug)
    members = list(queries.current_members(body))
    decisions = queries.published_decisions(cluster).filter(meeting__body=body)
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "groups": function_groups(members),
            "decisions": decisions,
            "can_enter": can_enter_space(request.user, body),
            "can_manage": manages_bodies(request.user, cluster),
        },
    )


def _body_form_page(request, cluster, body):
    form = BodyForm(request.POST if request.method == "POST" else None, body=body)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if body is None:
                    saved = services.create_body(
                        user=request.user, cluster=cluster, data=form.data_for_services()
                    )
                else:
                    saved = services.update_body(
                        user=request.user, cluster=cluster, body=body, data=form.data_for_services()
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Das Gremium „%(name)s“ ist gespeichert.") % {"name": saved.name},
                )
                return redirect("governance:body", saved.slug)
    return render(request, "governance/body_form.html", {"form": form, "body": body}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def body_create(request):
    cluster = request_cluster(request)
    require_management(request.user, cluster)
    return _body_form_page(request, cluster, None)


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request, slug):
    cluster = request_cluster(request)
    body = queries.get_body_for_user(request.user, cluster, slug, manage=True)
    return _body_form_page(request, cluster, body)


def _members_page(request, body, form, status=200):
    today = timezone.localdate()
    members = sorted(body.members.select_related("actor", "user"), key=function_rank)
    return render(
        request,
        "governance/body_members.html",
        {
            "body": body,
            "current": [m for m in members if m.is_active(today)],
            "past": [m for m in members if m.term_end is not None and m.term_end < today],
            "future": [m for m in members if m.term_start > today],
            "form": form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def members(request, slug):
    """The management's members page: all terms, the add form and the seats' take-over
    (`action=seats`)."""
    cluster = request_cluster(request)
    body = queries.get_body_for_user(request.user, cluster, slug, manage=True)
    if request.method == "POST" and request.POST.get("action") == "seats":
        try:
            created = services.take_over_seats(user=request.user, cluster=cluster, body=body)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if created:
                messages.success(
                    request,
                    _("%(n)d Mitglieder aus dem Akteursverzeichnis übernommen.") % {"n": created},
                )
            else:
                messages.info(
                    request, _("Alle Sitze des Akteursverzeichnisses sind schon übernommen.")
                )
        return redirect("governance:members", body.slug)
    form = MemberForm(request.POST if request.method == "POST" else None, cluster=cluster)
    if request.method == "POST":
        if form.is_valid():
            try:
                member = services.add_member(
                    user=request.user, cluster=cluster, body=body, data=form.data_for_services()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("„%(name)s“ ist als Mitglied eingetragen.") % {"name": member.name}
                )
                return redirect("governance:members", body.slug)
        return _members_page(request, body, form, status=400)
    return _members_page(request, body, form)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, slug, pk):
    cluster = request_cluster(request)
    body = queries.get_body_for_user(request.user, cluster, slug, manage=True)
    member = body.members.select_related("user", "actor").filter(pk=pk).first()
    if member is None:
        raise Http404(_("Dieses Mitglied gibt es nicht."))
    status = 200
    if request.method == "POST" and request.POST.get("action") == "end":
        try:
            services.end_member_term(user=request.user, cluster=cluster, member=member)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Die Amtszeit von „%(name)s“ endet heute.") % {"name": member.name}
            )
        return redirect("governance:members", body.slug)
    form = MemberForm(
        request.POST if request.method == "POST" else None, cluster=cluster, member=member
    )
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                member = services.update_member(
                    user=request.user, cluster=cluster, member=member, data=form.data_for_services()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("„%(name)s“ ist gespeichert.") % {"name": member.name})
                return redirect("governance:members", body.slug)
    return render(
        request,
        "governance/body_member_form.html",
        {"body": body, "member": member, "form": form},
        status=status,
    )


urlpatterns = [
    path("gremien/", body_list, name="bodies"),
    path("gremien/neu/", body_create, name="body-create"),
    path("gremien/<slug:slug>/", body_detail, name="body"),
    path("gremien/<slug:slug>/bearbeiten/", body_edit, name="body-edit"),
    path("gremien/<slug:slug>/mitglieder/", members, name="members"),
    path("gremien/<slug:slug>/mitglieder/<int:pk>/", member_edit, name="member-edit"),
]
