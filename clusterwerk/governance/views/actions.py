"""Pages of action items.

- action-items (/gremien/aufgaben/): open and overdue action items – all of the cluster for
  the management, those of the user's bodies for members; overdue first, marked in words.
- action-create (slug, pk of the meeting): POST, the management.
- action-edit (pk): the management edits an item (owner, due date, …).
- action-status (pk): POST, the owner or the management move the status.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.governance import queries
from clusterwerk.governance.forms_common import add_service_errors
from clusterwerk.governance.forms_meetings import (
    ActionItemForm,
    ActionStatusForm,
)
from clusterwerk.governance.permissions import (
    active_memberships,
    can_update_action_item,
    manages_bodies,
)
from clusterwerk.governance.services import actions as services
from clusterwerk.governance.views.meetings import render_meeting

PAGE_SIZE = 50


@login_required
@require_GET
def action_items(request):
    cluster = request_cluster(request)
    user = request.user
    manage = manages_bodies(user, cluster)
    if not manage and not active_memberships(user, cluster).exists():
        raise PermissionDenied(
            _("Die Aufgaben sehen die Mitglieder der Gremien und das Clustermanagement.")
        )
    today = timezone.localdate()
    mine_only = request.GET.get("meine") == "1"
    items = queries.open_action_items(user, cluster).order_by("due_on", "id")
    if mine_only:
        items = items.filter(owner=user)
    # Due first, so the overdue ones lead the first page.
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("seite"))
    rows = [
        {
            "item": item,
            "overdue": item.is_overdue(today),
            "can_update": can_update_action_item(user, item),
            "form": ActionStatusForm(
                initial={"status": item.status, "version": item.version},
                prefix=f"status-{item.pk}",
            ),
        }
        for item in page.object_list
    ]
    return render(
        request,
        "governance/action_list.html",
        {
            "page": page,
            "overdue": [row for row in rows if row["overdue"]],
            "upcoming": [row for row in rows if not row["overdue"]],
            "manage": manage,
            "mine_only": mine_only,
        },
    )


@login_required
@require_POST
def action_create(request, slug, pk):
    cluster = request_cluster(request)
    meeting = queries.get_meeting_for_user(request.user, cluster, slug, pk, manage=True)
    form = ActionItemForm(
        request.POST, meeting=meeting, owners=services.owner_choices(meeting), prefix="action"
    )
    if form.is_valid():
        try:
            services.create_action_item(
                user=request.user, cluster=cluster, meeting=meeting, data=form.data_for_service()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Die Aufgabe ist erfasst."))
            return redirect(meeting.get_absolute_url() + "#aufgaben")
    return render_meeting(request, meeting, bound={"action": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    cluster = request_cluster(request)
    item = queries.get_action_item_for_user(request.user, cluster, pk)
    if not manages_bodies(request.user, cluster):
        raise PermissionDenied(_("Aufgaben bearbeitet das Clustermanagement."))
    meeting = item.meeting
    form = ActionItemForm(
        request.POST or None,
        meeting=meeting,
        owners=services.owner_choices(meeting),
        initial={**services.action_data(item), "version": item.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action_item(
                user=request.user,
                cluster=cluster,
                item=item,
                data=form.data_for_service(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, _("Die Aufgabe ist gespeichert."))
            return redirect(meeting.get_absolute_url() + "#aufgaben")
    return render(
        request,
        "governance/action_form.html",
        {"item": item, "meeting": meeting, "body": meeting.body, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def action_status(request, pk):
    cluster = request_cluster(request)
    item = queries.get_action_item_for_user(request.user, cluster, pk)
    form = ActionStatusForm(request.POST, prefix=f"status-{item.pk}")
    target = request.POST.get("next") or ""
    back = "governance:action-items" if target == "list" else None
    if form.is_valid():
        try:
            services.set_action_status(
                user=request.user,
                cluster=cluster,
                item=item,
                status=form.cleaned_data["status"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except EditConflict as conflict:
            messages.error(request, str(conflict))
        else:
            messages.success(
                request,
                _("Der Stand der Aufgabe „%(title)s“ ist gespeichert.") % {"title": item.title},
            )
            if back:
                return redirect(back)
            return redirect(item.meeting.get_absolute_url() + "#aufgaben")
    if back:
        return redirect(back)
    if form.errors:
        return render_meeting(request, item.meeting, bound={f"status-{item.pk}": form}, status=400)
    return redirect(item.meeting.get_absolute_url() + "#aufgaben")


urlpatterns = [
    path("gremien/aufgaben/", action_items, name="action-items"),
    path("gremien/aufgaben/<int:pk>/bearbeiten/", action_edit, name="action-edit"),
    path("gremien/aufgaben/<int:pk>/stand/", action_status, name="action-status"),
    path(
        "gremien/<slug:slug>/sitzungen/<int:pk>/aufgaben/neu/",
        action_create,
        name="action-create",
    ),
]
