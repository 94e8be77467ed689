"""Admin for staff: funding programmes, the assessment criteria (weights are configured here)
and a read-only look at projects (changes go through the pages and their services)."""

from django.contrib import admin

from clusterwerk.projects.models import (
    AssessmentCriterion,
    FundingProgramme,
    PhaseChange,
    Project,
    ProjectPartner,
)


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "level", "order"]
    list_filter = ["level"]
    search_fields = ["key", "name", "short_name"]


@admin.register(AssessmentCriterion)
class AssessmentCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "cluster", "weight", "order", "is_active"]
    list_editable = ["weight", "order", "is_active"]
    list_filter = ["cluster", "is_active"]


class PartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "role"]


class PhaseInline(admin.TabularInline):
    model = PhaseChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_phase", "to_phase", "changed_on", "note", "user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "acronym",
        "cluster",
        "phase",
        "year_initiated",
        "visibility",
        "is_demo",
    ]
    list_filter = ["cluster", "phase", "visibility", "is_demo", "funding_programme"]
    search_fields = ["title", "acronym"]
    readonly_fields = [field.name for field in Project._meta.fields]
    inlines = [PartnerInline, PhaseInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
