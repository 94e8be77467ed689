"""Django's task API, from one place: the `django-tasks` backport on Django 5.2, the built-in
`django.tasks` from Django 6 on. Task modules import `task` from here, so the upgrade changes
this file only."""

try:  # Django 6.0+
    from django.tasks import TaskResultStatus, default_task_backend, task
except ImportError:  # Django 5.2: the backport
    from django_tasks import TaskResultStatus, default_task_backend, task

__all__ = ["TaskResultStatus", "default_task_backend", "task"]
