from django.contrib import admin
from django.contrib.admin.actions import delete_selected as admin_delete_selected
from django.contrib.admin.models import LogEntry
from django.db.models.signals import post_save
from django.dispatch import receiver

from clusterwerk.core import versions
from clusterwerk.core.models import Cluster, ClusterFigure, Job, WorkerHeartbeat


class ReadOnlyAdmin(admin.ModelAdmin):
    """The admin shows these rows but never writes them: writes go through the services, with
    their checks and history."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ClusterFigureInline(admin.TabularInline):
    model = ClusterFigure
    extra = 0
    fields = (
        "order",
        "key",
        "label",
        "value",
        "unit",
        "year",
        "comparison_value",
        "comparison_year",
        "source",
    )


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "region")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ClusterFigureInline]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "cluster", "state", "created_at", "finished_at", "attempts")
    list_filter = ("state", "kind", "cluster")
    search_fields = ("title", "run_key")
    exclude = ("file_content",)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("worker_id", "host", "pid", "started_at", "seen_at")


# --- Writes through the admin change cached pages too (`core.versions`): every add, change or
# deletion of one object writes a LogEntry; the bulk deletion (the action "delete_selected")
# writes its log entries in bulk, so it bumps itself.


@receiver(post_save, sender=LogEntry, dispatch_uid="clusterwerk-admin-bumps-versions")
def bump_versions_after_admin_write(sender, instance, created, **kwargs):
    if created:
        versions.bump(*versions.AREAS)


def delete_selected(modeladmin, request, queryset):
    response = admin_delete_selected(modeladmin, request, queryset)
    if request.POST.get("post"):  # confirmed: the objects are gone
        versions.bump(*versions.AREAS)
    return response


delete_selected.allowed_permissions = admin_delete_selected.allowed_permissions
delete_selected.short_description = admin_delete_selected.short_description
admin.site.disable_action("delete_selected")
admin.site.add_action(delete_selected, "delete_selected")
