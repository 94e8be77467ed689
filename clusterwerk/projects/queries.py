"""Reads with rules for projects: visibility and the access funnel."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from clusterwerk.actors.models import Visibility
from clusterwerk.projects.models import IdeaStatus, Project
from clusterwerk.projects.permissions import (
    can_manage_projects,
    is_authenticated,
    is_cluster_member,
    managed_cluster_ids,
    represented_actor_ids,
)


def project_visibility_condition(user) -> Q:
    """Which projects the user may see, as a filter on Project."""
    if is_authenticated(user) and user.is_superuser:
        return Q()
    levels = [Visibility.PUBLIC]
    if is_cluster_member(user):
        levels.append(Visibility.MEMBERS)
    condition = Q(visibility__in=levels) & ~Q(
        idea_status__in=[IdeaStatus.PROPOSED, IdeaStatus.DECLINED]
    )
    if not is_authenticated(user):
        return condition
    condition |= Q(proposed_by=user)
    managed = managed_cluster_ids(user)
    if managed:
        condition |= Q(cluster_id__in=managed)
    represented = represented_actor_ids(user)
    if represented:
        condition |= Q(
            pk__in=Project.objects.filter(partners__actor_id__in=represented).values("pk")
        )
    return condition


def visible_projects(user) -> QuerySet[Project]:
    return Project.objects.filter(project_visibility_condition(user))


def get_project_for_user(user, pk: int, *, write: bool = False) -> Project:
    """The access funnel: 404 when the user may not see the project, 403 when `write` and the
    user does not manage its cluster."""
    try:
        project = visible_projects(user).select_related("cluster", "funding_programme").get(pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None
    if write and not can_manage_projects(user, project.cluster):
        raise PermissionDenied
    return project
