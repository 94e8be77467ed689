from django.contrib import admin

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
