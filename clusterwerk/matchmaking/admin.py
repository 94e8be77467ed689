"""Admin for staff: a look at listings (with their topic areas and interests), saved searches
and the conversations of accepted interests (messages, meetings, outcomes, reports),
read-only. Every write goes through the pages, the API and their services (which check the
cluster, keep the history of the review and send the e-mails)."""

from django.contrib import admin

from clusterwerk.core.admin import ReadOnlyAdmin
from clusterwerk.matchmaking.models import (
    Interest,
    InterestOutcome,
    Listing,
    ListingTopicArea,
    MeetingOption,
    MeetingProposal,
    Message,
    MessageReport,
    SavedSearch,
)


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
    list_display = ["listing", "actor", "status", "outcome", "created_at", "decided_at"]
    list_filter = ["status", "outcome"]
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
        "outcome",
        "outcome_at",
        "outcome_by",
    ]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["interest", "author_actor", "author", "created_at", "hidden_at"]
    list_filter = ["interest__listing__cluster"]
    search_fields = ["body", "author_actor__name", "interest__listing__title"]
    list_select_related = ["interest__listing", "interest__actor", "author_actor", "author"]
    date_hierarchy = "created_at"


@admin.register(MessageReport)
class MessageReportAdmin(ReadOnlyAdmin):
    list_display = ["message", "reporter", "reason", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["message", "reporter"]


class MeetingOptionInline(admin.TabularInline):
    model = MeetingOption
    extra = 0
    can_delete = False
    readonly_fields = ["starts_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MeetingProposal)
class MeetingProposalAdmin(ReadOnlyAdmin):
    list_display = ["interest", "proposer_actor", "status", "chosen", "created_at"]
    list_filter = ["status"]
    list_select_related = ["interest__listing", "interest__actor", "proposer_actor", "chosen"]
    inlines = [MeetingOptionInline]


@admin.register(InterestOutcome)
class InterestOutcomeAdmin(ReadOnlyAdmin):
    list_display = ["interest", "outcome", "recorded_for", "recorded_by", "created_at"]
    list_filter = ["outcome"]
    list_select_related = ["interest__listing", "interest__actor", "recorded_for", "recorded_by"]


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "cluster", "query", "digest", "created_at", "last_seen_at"]
    list_filter = ["cluster", "digest"]
    search_fields = ["name", "query", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["created_at", "last_seen_at", "last_digest_at"]
