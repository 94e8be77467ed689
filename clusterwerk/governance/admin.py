"""The bodies in the admin: read-only. Every write goes through the services, which check
that the person manages the body's cluster; documents and the discussion stay members-only
and are not shown here."""

from django.contrib import admin

from clusterwerk.core.admin import ReadOnlyAdmin
from clusterwerk.governance.models import ActionItem, Body, BodyMember, Decision, Meeting


@admin.register(Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "slug", "cluster", "is_public", "is_demo")
    list_filter = ("cluster", "kind", "is_public")


@admin.register(BodyMember)
class BodyMemberAdmin(ReadOnlyAdmin):
    list_display = ("name", "body", "function", "sector", "term_start", "term_end")
    list_filter = ("body__cluster", "body", "function")
    search_fields = ("name",)


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "body", "starts_at", "status")
    list_filter = ("body__cluster", "body", "status")
    exclude = ("minutes",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "meeting", "kind", "mode", "is_published")
    list_filter = ("kind", "is_published")


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "meeting", "owner_name", "due_on", "status")
    list_filter = ("status",)
