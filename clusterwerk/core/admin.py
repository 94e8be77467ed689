from django.contrib import admin

from clusterwerk.core.models import Cluster, ClusterFigure


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
