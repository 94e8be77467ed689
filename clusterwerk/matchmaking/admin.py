"""Admin for staff: a look at listings (with their topic areas and interests) and saved
searches, read-only. Every write goes through the pages, the API and their services (which
check the cluster, keep the history of the review and send the e-mails)."""

from django.contrib import admin

from clusterwerk.core.admin import ReadOnlyAdmin
from clusterwerk.matchmaking.models import Interest, Listing, ListingTopicArea, SavedSearch


class TopicInline(admin.TabularInline):
    model = ListingTopicArea
    extra = 0


class InterestInline(admin.TabularInline):
    model = Interest
    extra = 0
    can_delete = False
    fields = ["actor", "sender", "status", "created_at", "decided_at", "decided_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "kind",
        "owner_actor",
        "status",
        "is_anonymous",
        "expires_on",
        "published_at",
        "is_demo",
    ]
    list_filter = ["cluster", "status", "kind", "is_anonymous", "is_demo"]
    search_fields = ["title", "description", "owner_actor__name"]
    date_hierarchy = "created_at"
    list_select_related = ["owner_actor"]
    autocomplete_fields = ["owner_actor"]
    filter_horizontal = ["districts"]
    readonly_fields = [
        "status",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
        "closed_at",
        "reviewed_by",
        "version",
    ]
    inlines = [TopicInline, InterestInline]


@admin.register(Interest)
class InterestAdmin(ReadOnlyAdmin):
    list_display = ["listing", "actor", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["listing__title", "actor__name"]
    list_select_related = ["listing", "actor"]
    readonly_fields = [
        "listing",
        "actor",
        "sender",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
    ]


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "cluster", "query", "digest", "created_at", "last_seen_at"]
    list_filter = ["cluster", "digest"]
    search_fields = ["name", "query", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["created_at", "last_seen_at", "last_digest_at"]
