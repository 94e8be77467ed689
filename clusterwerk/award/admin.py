"""The innovation prize in the admin: read-only. Every write goes through the services, which
check the phase, the conflicts and write the audit log."""

from django.contrib import admin

from clusterwerk.award.models import (
    Application,
    AuditEntry,
    AwardEdition,
    Conflict,
    JuryMember,
)
from clusterwerk.core.admin import ReadOnlyAdmin


@admin.register(AwardEdition)
class AwardEditionAdmin(ReadOnlyAdmin):
    list_display = ("title", "year", "phase", "deadline", "cluster", "is_demo")
    list_filter = ("cluster", "phase")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("title", "applicant", "edition", "status", "formal_check", "decision")
    list_filter = ("edition", "status", "formal_check", "decision")
    search_fields = ("title",)


@admin.register(JuryMember)
class JuryMemberAdmin(ReadOnlyAdmin):
    list_display = ("user", "edition", "affiliation", "is_chair", "confidentiality_accepted_at")
    list_filter = ("edition",)


@admin.register(Conflict)
class ConflictAdmin(ReadOnlyAdmin):
    list_display = ("jury_member", "application", "source", "kind", "status")
    list_filter = ("status", "source", "kind")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("edition", "application", "action", "user", "created_at")
    list_filter = ("edition", "action")
