"""Admin for staff: reference tables, representatives and a read-mostly view of actors.

Profile changes go through the pages (services: review, history, index); here staff link
user accounts to actors and look things up.
"""

from django.contrib import admin

from clusterwerk.actors.models import (
    Actor,
    ActorHistory,
    ActorRepresentative,
    ChangeRequest,
    Claim,
    District,
    EconomicActivity,
    GrowthCore,
    GrowthCoreMunicipality,
    Invitation,
)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["ags", "name", "kind", "nuts3", "state", "population"]
    list_filter = ["kind", "state"]
    search_fields = ["ags", "name"]


class GrowthCoreMunicipalityInline(admin.TabularInline):
    model = GrowthCoreMunicipality
    extra = 0


@admin.register(GrowthCore)
class GrowthCoreAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "metall_focus"]
    list_filter = ["metall_focus"]
    inlines = [GrowthCoreMunicipalityInline]


@admin.register(EconomicActivity)
class EconomicActivityAdmin(admin.ModelAdmin):
    list_display = ["scheme", "code", "title", "is_cluster_core"]
    list_filter = ["scheme", "is_cluster_core"]
    search_fields = ["code", "title"]


class RepresentativeInline(admin.TabularInline):
    model = ActorRepresentative
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "district", "status", "is_demo", "updated_at"]
    list_filter = ["kind", "status", "is_demo", "district"]
    search_fields = ["name", "short_name", "external_id", "postal_code"]
    readonly_fields = [
        field.name
        for field in Actor._meta.get_fields()
        if getattr(field, "concrete", False) and not field.many_to_many and field.name != "id"
    ]
    inlines = [RepresentativeInline]

    def has_add_permission(self, request):
        return False  # through the page "Akteur anlegen": duplicate check, history, index

    def has_delete_permission(self, request, obj=None):
        return False  # archive or merge instead: the history stays


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["actor", "submitted_by", "submitted_at", "status", "decided_by"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in ChangeRequest._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ActorHistory)
class ActorHistoryAdmin(admin.ModelAdmin):
    list_display = ["actor", "action", "user", "created_at"]
    list_filter = ["action"]
    readonly_fields = [field.name for field in ActorHistory._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """Read-only: claims are decided on the page "Zuordnungsanträge" (e-mail, membership)."""

    list_display = ["actor", "user", "cluster", "kind", "status", "domain_matches", "created_at"]
    list_filter = ["status", "kind", "cluster", "domain_matches"]
    search_fields = ["actor__name", "user__email"]
    readonly_fields = [field.name for field in Claim._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are sent on the page "Personen einladen" (the token's only copy
    goes into the e-mail)."""

    list_display = ["email", "actor", "cluster", "invited_by", "expires_at", "used_at"]
    list_filter = ["cluster"]
    search_fields = ["email", "actor__name"]
    readonly_fields = [
        field.name for field in Invitation._meta.fields if field.name != "token_hash"
    ]

    def has_add_permission(self, request):
        return False
