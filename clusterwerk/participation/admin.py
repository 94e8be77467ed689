from django.contrib import admin

from clusterwerk.participation.models import (
    Comment,
    Consultation,
    ConsultationScope,
    ContentReport,
    Interview,
    Invitation,
    ModerationLogEntry,
    ParticipantProfile,
    ParticipationBlock,
    Phase,
    Proposal,
    Workshop,
)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class ScopeInline(admin.TabularInline):
    model = ConsultationScope
    extra = 0


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "cluster", "edition", "audience", "is_demo"]
    list_filter = ["cluster", "audience", "is_demo"]
    search_fields = ["title", "slug"]
    inlines = [PhaseInline, ScopeInline, InvitationInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "consultation", "author", "created_at", "hidden_at", "deleted_at"]
    list_filter = ["consultation"]
    readonly_fields = ["body_html", "created_at", "edited_at", "deleted_at"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "consultation", "kind", "status", "author", "created_at"]
    list_filter = ["consultation", "kind", "status"]
    readonly_fields = ["applied_revision", "decided_at", "decided_by"]


admin.site.register(ParticipantProfile)
admin.site.register(ContentReport)
admin.site.register(ParticipationBlock)
admin.site.register(ModerationLogEntry)
admin.site.register(Interview)
admin.site.register(Workshop)
