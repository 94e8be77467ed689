"""Reads about accounts: roles, and every stored row that points at a person.

The personal-data export and the "Meine Daten" page find the rows that belong to a user by
walking the reverse relations of the user model, so a model added by a later app is covered
without anyone having to remember to register it here.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clusterwerk.accounts.models import RoleAssignment, User
from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.core.jobs import STALE_AFTER
from clusterwerk.core.models import Job, WorkerHeartbeat
from clusterwerk.core.tasks import TaskResultStatus


def models_referencing_users() -> dict[type[models.Model], list[str]]:
    """Every model with a ForeignKey, OneToOneField or ManyToManyField to the user model.

    Maps the model to the names of those fields. `User._meta.related_objects` leaves out
    relations declared with `related_name="+"` (e.g. `Edition.created_by`), so hidden
    relations are collected as well; the auto-created through tables of many-to-many fields
    are skipped because the many-to-many field itself is listed.
    """
    found: dict[type[models.Model], list[str]] = {}
    for relation in get_user_model()._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue  # a forward field of the user model itself
        related_model = relation.related_model
        if related_model._meta.auto_created:
            continue  # the through table of a many-to-many field
        found.setdefault(related_model, []).append(relation.field.name)
    return dict(sorted(found.items(), key=lambda item: item[0]._meta.label_lower))


def rows_referencing(user: User, model: type[models.Model], field_names: list[str]) -> QuerySet:
    """The rows of `model` that point at `user` through any of `field_names`."""
    condition = Q()
    for field_name in field_names:
        condition |= Q(**{field_name: user})
    # A subquery instead of DISTINCT: joins through many-to-many fields may repeat a row, and
    # some column types (e.g. PostgreSQL's json) cannot be compared for DISTINCT.
    matching = model._base_manager.filter(condition).values("pk")
    return model._base_manager.filter(pk__in=matching).order_by("pk")


def personal_data_counts(user: User) -> list[tuple[str, int]]:
    """(verbose name, number of rows) for every model that holds rows pointing at the user."""
    counts = []
    for model, field_names in models_referencing_users().items():
        number = rows_referencing(user, model, field_names).count()
        if number:
            counts.append((str(model._meta.verbose_name_plural), number))
    return counts


def role_assignments_of(user: User) -> QuerySet:
    return (
        RoleAssignment.objects.filter(user=user)
        .select_related("cluster")
        .order_by("cluster__name", "role")
    )


def other_active_superuser_exists(user: User) -> bool:
    return User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()


# --- Background jobs (clusterwerk.core.models.Job) --------------------------------------------


def get_job_for_user(user, cluster, job_id) -> Job:
    """The funnel for a background job: the person who started it, or the management of its
    cluster. Anything else – another cluster's job, someone else's, a malformed id – is 404,
    so that job ids reveal nothing."""
    if not getattr(user, "is_authenticated", False) or cluster is None:
        raise Http404
    try:
        job = Job.objects.select_related("requested_by").get(pk=job_id, cluster=cluster)
    except (Job.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error
    if job.requested_by_id == user.pk or manages_cluster(user, cluster):
        return job
    raise Http404


def recent_jobs_of_cluster(cluster, *, limit: int = 100) -> QuerySet:
    """The cluster's latest background jobs and the installation's periodic runs (digests,
    expiry, clean-up – they carry no cluster and no personal data), newest first, without
    their files."""
    return (
        Job.objects.filter(Q(cluster=cluster) | Q(cluster__isnull=True) & ~Q(run_key=""))
        .select_related("requested_by")
        .defer("file_content")
        .order_by("-created_at")[:limit]
    )


def queue_health() -> dict:
    """How the task queue is doing across the installation: waiting, running, failed in the
    last day, and the workers alive right now."""
    now = timezone.now()
    counts = dict(
        DBTaskResult.objects.filter(
            Q(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
            | Q(status=TaskResultStatus.FAILED, finished_at__gte=now - datetime.timedelta(days=1))
        )
        .values_list("status")
        .annotate(count=models.Count("pk"))
        .order_by()
    )
    return {
        "waiting": counts.get(TaskResultStatus.READY, 0),
        "running": counts.get(TaskResultStatus.RUNNING, 0),
        "failed_today": counts.get(TaskResultStatus.FAILED, 0),
        "workers": WorkerHeartbeat.objects.filter(seen_at__gte=now - STALE_AFTER).count(),
    }
