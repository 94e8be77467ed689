"""The dashboards of the request's cluster: "Mein Bereich" for everybody logged in, "Aufgaben"
for its management, and where the login leads (`start`)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.actors.queries import is_newcomer
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.portal.dashboards import member_dashboard, task_board

NEWEST_FIRST = "neueste"


@login_required
def start(request):
    """After the login (`LOGIN_REDIRECT_URL`): the management to its tasks, a person with
    neither a role nor an organisation to the front door ("Willkommen"), everybody else to
    "Mein Bereich". A `?next=` of the login form wins (allauth follows it first). An
    instance without clusters has only its start page."""
    if not request.cluster:
        return redirect("masterplan:landing")
    if manages_cluster(request.user, request.cluster):
        return redirect("portal:tasks")
    if is_newcomer(request.user):
        return redirect("actors:welcome")
    return redirect("portal:my-area")


@login_required
def my_area(request):
    cluster = request_cluster(request)
    return render(
        request,
        "portal/my_area.html",
        {
            "cluster": cluster,
            "dashboard": member_dashboard(request.user, cluster),
            "manages": manages_cluster(request.user, cluster),
        },
    )


@login_required
def tasks(request):
    cluster = request_cluster(request)
    board = task_board(request.user, cluster)
    newest_first = request.GET.get("sortierung") == NEWEST_FIRST
    return render(
        request,
        "portal/tasks.html",
        {
            "cluster": cluster,
            "board": board,
            "tasks": board.combined(newest_first=newest_first),
            "newest_first": newest_first,
            "newest_param": NEWEST_FIRST,
        },
    )
