from django.contrib import admin

from clusterwerk.events.models import (
    Event,
    EventSeries,
    Registration,
    TicketType,
)


class TicketTypeInline(admin.TabularInline):
    model = TicketType
    extra = 0


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ("title", "cluster", "slug")
    list_filter = ("cluster",)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "format", "starts_at", "status", "cluster")
    list_filter = ("cluster", "format", "status")
    search_fields = ("title",)
    inlines = [TicketTypeInline]
    raw_id_fields = ("district", "created_by")


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("full_name", "event", "ticket_type", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("last_name", "email")
    raw_id_fields = ("event", "ticket_type", "user", "actor", "decided_by")
