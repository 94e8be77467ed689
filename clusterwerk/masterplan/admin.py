"""Staff admin for the masterplan: read-only views of editions and their elements.

Changes to the plan go through the Fortschreibung pages (services with history and conflict
detection), never through the admin, so that every change stays in the edition's history.
"""

from django.contrib import admin

from clusterwerk.core.admin import ReadOnlyAdmin
from clusterwerk.masterplan.models import (
    ActionField,
    Edition,
    KeyPoint,
    Revision,
    SuccessFactor,
    TopicArea,
)


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    list_display = ("label", "cluster", "status", "source", "published_on", "predecessor")
    list_filter = ("cluster", "status", "source")
    search_fields = ("label", "title")


@admin.register(ActionField)
class ActionFieldAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "edition")
    list_filter = ("edition",)
    search_fields = ("number", "title")


@admin.register(KeyPoint)
class KeyPointAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "edition")
    list_filter = ("edition",)
    search_fields = ("number", "title")


@admin.register(TopicArea)
class TopicAreaAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "edition", "version")
    list_filter = ("edition",)
    search_fields = ("number", "title", "goal")
    exclude = ("search_document",)


@admin.register(SuccessFactor)
class SuccessFactorAdmin(ReadOnlyAdmin):
    list_display = ("title", "edition")
    list_filter = ("edition",)


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "edition", "action", "element_number", "element_title", "user")
    list_filter = ("edition", "action", "element_kind")
    search_fields = ("element_number", "element_title", "message")
    date_hierarchy = "created_at"
