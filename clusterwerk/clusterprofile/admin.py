"""The public profile in the admin: read-only; the cluster management edits it on its pages
(`/profil/bearbeiten/`), with the optimistic lock."""

from django.contrib import admin

from clusterwerk.clusterprofile.models import ClusterProfile, TeamMember
from clusterwerk.core.admin import ReadOnlyAdmin


@admin.register(ClusterProfile)
class ClusterProfileAdmin(ReadOnlyAdmin):
    list_display = ("cluster", "is_published", "updated_at", "is_demo")


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdmin):
    list_display = ("name", "role", "cluster", "order")
    list_filter = ("cluster",)
