"""The foresight in the admin: read-only. Every write goes through the services, which check
the phase and the consensus rule; ratings are never shown with names here beyond what the
management sees anyway."""

from django.contrib import admin

from clusterwerk.core.admin import ReadOnlyAdmin
from clusterwerk.foresight.models import (
    Comment,
    Criterion,
    Cycle,
    GapDecision,
    Item,
    Panellist,
    Rating,
    Source,
)


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    list_display = ("title", "year", "slug", "status", "mode", "cluster", "is_demo")
    list_filter = ("cluster", "status", "mode")


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ("name", "cycle", "role", "order")
    list_filter = ("cycle",)


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ("key", "title", "cycle", "kind", "steep", "segment")
    list_filter = ("cycle", "kind", "steep")
    search_fields = ("key", "title")


@admin.register(Source)
class SourceAdmin(ReadOnlyAdmin):
    list_display = ("title", "item", "kind", "size")
    list_filter = ("kind",)


@admin.register(Panellist)
class PanellistAdmin(ReadOnlyAdmin):
    list_display = ("pseudonym", "name", "cycle", "stakeholder_group", "accepted_at")
    list_filter = ("cycle", "stakeholder_group")


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("item", "criterion", "panellist", "round", "value")
    list_filter = ("round",)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("item", "panellist", "is_hidden", "created_at")


@admin.register(GapDecision)
class GapDecisionAdmin(ReadOnlyAdmin):
    list_display = ("item", "action", "decided_by", "decided_at")
