"""Schemas of the masterplan API: `<Thing>In` for request bodies, `<Thing>Out` for responses.

Field names are English (see the glossary), descriptions German: they appear in the OpenAPI
documentation at /api/docs. Output schemas read model instances through resolvers, so that
serialising never runs a query of its own; the endpoints load everything beforehand
(`load_tree`, `related_topic_areas`, …).
"""

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict

# --- clusters and editions ---------------------------------------------------------------------


class EditionRefOut(Schema):
    label: str = Field(description="Bezeichnung der Ausgabe, z. B. „2020“.")
    slug: str = Field(description="Kürzel der Ausgabe in URLs.")


class ClusterOut(Schema):
    slug: str = Field(description="Kürzel des Clusters in URLs.")
    name: str = Field(description="Name des Clusters.")
    short_name: str = Field(description="Kurzname des Clusters.")
    published_edition: EditionRefOut | None = Field(
        description="Die veröffentlichte Ausgabe des Masterplans; null, wenn es keine gibt."
    )

    @staticmethod
    def resolve_published_edition(obj):
        return obj.published_list[0] if obj.published_list else None


class EditionBaseOut(Schema):
    label: str = Field(description="Bezeichnung der Ausgabe, z. B. „2020“.")
    slug: str = Field(description="Kürzel der Ausgabe in URLs.")
    title: str = Field(description="Titel der Ausgabe.")
    status: str = Field(
        description="Status: draft (Entwurf), published (veröffentlicht) oder archived "
        "(archiviert)."
    )
    published_on: date | None = Field(description="Tag der Veröffentlichung.")
    predecessor: str | None = Field(description="Kürzel der Vorgängerausgabe.")

    @staticmethod
    def resolve_predecessor(obj):
        return obj.predecessor.slug if obj.predecessor_id else None


class EditionOut(EditionBaseOut):
    action_field_count: int = Field(description="Anzahl der Handlungsfelder.")
    key_point_count: int = Field(description="Anzahl der Eckpunkte.")
    topic_area_count: int = Field(description="Anzahl der Themenbereiche.")


class TopicAreaOut(Schema):
    number: str = Field(description="Nummer des Themenbereichs, z. B. „4.2.1“.")
    title: str = Field(description="Titel.")
    goal: str = Field(description="Ziel.")
    description: str = Field(description="Erläuterung des Ziels.")
    relevance: str = Field(description="Relevanz.")
    potential: str = Field(description="Potenzial.")
    keywords: list[str] = Field(description="Schlagwörter.")
    references: list[str] = Field(
        description="Nummern der Themenbereiche, auf die dieser verweist (Querverweise)."
    )
    version: int = Field(description="Bearbeitungsstand; beim Ändern als `version` mitsenden.")

    @staticmethod
    def resolve_references(obj):
        return [target.number for target in obj.reference_list]


class KeyPointOut(Schema):
    number: str = Field(description="Nummer des Eckpunkts, z. B. „4.2“.")
    title: str = Field(description="Titel.")
    intro: str = Field(description="Einführung.")
    topic_areas: list[TopicAreaOut] = Field(description="Die Themenbereiche des Eckpunkts.")

    @staticmethod
    def resolve_topic_areas(obj):
        return obj.topic_area_list


class ActionFieldOut(Schema):
    number: str = Field(description="Nummer des Handlungsfelds, z. B. „4“.")
    title: str = Field(description="Titel.")
    intro: str = Field(description="Einführung.")
    key_points: list[KeyPointOut] = Field(description="Die Eckpunkte des Handlungsfelds.")

    @staticmethod
    def resolve_key_points(obj):
        return obj.key_point_list


class SuccessFactorOut(Schema):
    number: str = Field(description="Nummer des Erfolgsfaktors.")
    title: str = Field(description="Titel, z. B. „Finanzen“.")
    description: str = Field(description="Beschreibung.")


class EditionDetailOut(EditionBaseOut):
    action_fields: list[ActionFieldOut] = Field(
        description="Der Baum: Handlungsfelder → Eckpunkte → Themenbereiche."
    )
    success_factors: list[SuccessFactorOut] = Field(description="Die Erfolgsfaktoren.")

    @staticmethod
    def resolve_action_fields(obj):
        return obj.tree.action_fields

    @staticmethod
    def resolve_success_factors(obj):
        return obj.tree.success_factors


class DraftIn(Schema):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(
        min_length=1, max_length=100, description="Bezeichnung der neuen Ausgabe, z. B. „2026“."
    )
    title: str = Field(
        default="",
        max_length=200,
        description="Titel; ohne Angabe „Masterplan <Cluster> <Bezeichnung>“.",
    )


# --- topic areas -------------------------------------------------------------------------------


class ElementRefOut(Schema):
    number: str = Field(description="Nummer.")
    title: str = Field(description="Titel.")


class SearchHighlightOut(Schema):
    start: int = Field(description="Erstes Zeichen des Treffers im Ausschnitt.")
    end: int = Field(description="Zeichen nach dem Ende des Treffers im Ausschnitt.")


class SearchMatchOut(Schema):
    score: float = Field(description="Relevanz; höhere Werte zuerst.")
    field: str = Field(description="Bezeichnung des Felds mit dem besten Treffer, z. B. „Ziel“.")
    field_name: str = Field(description="Name dieses Felds in der API, z. B. „goal“.")
    snippet: str = Field(description="Ausschnitt um den Treffer, reiner Text (kein HTML).")
    highlights: list[SearchHighlightOut] = Field(
        description="Stellen der gefundenen Wörter im Ausschnitt."
    )


class TopicAreaListItemOut(TopicAreaOut):
    key_point: str = Field(description="Nummer des Eckpunkts.")
    action_field: str = Field(description="Nummer des Handlungsfelds.")
    match: SearchMatchOut | None = Field(
        description="Nur bei einer Suche (`q`): warum der Themenbereich gefunden wurde."
    )

    @staticmethod
    def resolve_key_point(obj):
        return obj.key_point.number

    @staticmethod
    def resolve_action_field(obj):
        return obj.key_point.action_field.number

    @staticmethod
    def resolve_match(obj):
        return getattr(obj, "search_match", None)


class TopicAreaDetailOut(TopicAreaOut):
    lineage: UUID = Field(
        description="Kennung über Ausgaben hinweg: bleibt bei einer Fortschreibung gleich."
    )
    key_point: ElementRefOut = Field(description="Der Eckpunkt, zu dem der Themenbereich gehört.")
    action_field: ElementRefOut = Field(description="Das Handlungsfeld des Eckpunkts.")
    outgoing_references: list[ElementRefOut] = Field(
        description="Themenbereiche, auf die dieser verweist."
    )
    incoming_references: list[ElementRefOut] = Field(
        description="Themenbereiche, die auf diesen verweisen."
    )

    @staticmethod
    def resolve_references(obj):
        return [target.number for target in obj.outgoing_list]

    @staticmethod
    def resolve_action_field(obj):
        return obj.key_point.action_field

    @staticmethod
    def resolve_outgoing_references(obj):
        return obj.outgoing_list

    @staticmethod
    def resolve_incoming_references(obj):
        return obj.incoming_list


class TopicAreaPatchIn(Schema):
    # Fields left out stay as they are; `null` is rejected (422) rather than read as "clear".
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "description": "Nur `version` ist Pflicht; weggelassene Felder bleiben unverändert, "
            "`null` ist nicht erlaubt."
        },
    )

    version: int = Field(
        ge=1,
        description="Der Bearbeitungsstand, auf dem die Änderung beruht (aus dem letzten Abruf).",
    )
    title: str = Field(default=None, max_length=300, description="Titel (nicht leer).")
    goal: str = Field(default=None, description="Ziel.")
    description: str = Field(default=None, description="Erläuterung des Ziels.")
    relevance: str = Field(default=None, description="Relevanz.")
    potential: str = Field(default=None, description="Potenzial.")
    keywords: list[str] = Field(default=None, description="Schlagwörter (Liste).")
    references: list[str] = Field(
        default=None,
        description="Nummern der Themenbereiche derselben Ausgabe, auf die verwiesen wird; "
        "ersetzt die bisherigen Querverweise.",
    )


class TopicAreaStateOut(Schema):
    number: str = Field(description="Nummer des Themenbereichs.")
    version: int = Field(description="Aktueller Bearbeitungsstand.")
    title: str = Field(description="Titel.")
    goal: str = Field(description="Ziel.")
    description: str = Field(description="Erläuterung des Ziels.")
    relevance: str = Field(description="Relevanz.")
    potential: str = Field(description="Potenzial.")
    keywords: list[str] = Field(description="Schlagwörter.")
    references: list[str] = Field(description="Nummern der Querverweise.")


class EditConflictOut(Schema):
    detail: str = Field(description="Grund (deutsch): jemand hat inzwischen gespeichert.")
    current: TopicAreaStateOut = Field(
        description="Der aktuelle gespeicherte Stand, zum Zusammenführen mit den eigenen "
        "Änderungen; mit seiner `version` erneut senden."
    )
    changed_by: str | None = Field(description="Wer zuletzt geändert hat (falls bekannt).")
    changed_at: datetime | None = Field(description="Wann zuletzt geändert wurde.")


# --- comparing editions ----------------------------------------------------------------------


class SegmentOut(Schema):
    op: str = Field(description="equal (gleich), insert (neu) oder delete (entfallen).")
    text: str = Field(description="Die Wörter dieses Abschnitts; Absätze als Leerzeile.")


class FieldChangeOut(Schema):
    field: str = Field(description="Name des geänderten Felds, z. B. „goal“.")
    label: str = Field(description="Deutsche Bezeichnung des Felds.")
    segments: list[SegmentOut] = Field(
        description="Wortweiser Unterschied (nur Textfelder; leer bei Schlagwörtern)."
    )
    added: list[str] = Field(description="Hinzugekommene Schlagwörter.")
    removed: list[str] = Field(description="Entfallene Schlagwörter.")

    @staticmethod
    def resolve_label(obj):
        return str(obj.label)


class DiffEntryOut(Schema):
    kind: str = Field(description="action_field, key_point, topic_area oder success_factor.")
    change_types: list[str] = Field(description="added, removed, moved, renamed und/oder changed.")
    title: str = Field(description="Titel des Elements (in der neueren Ausgabe, falls vorhanden).")
    old_number: str | None = Field(description="Nummer in der älteren Ausgabe.")
    new_number: str | None = Field(description="Nummer in der neueren Ausgabe.")
    old_parent_number: str | None = Field(description="Nummer des Elternelements (älter).")
    new_parent_number: str | None = Field(description="Nummer des Elternelements (neuer).")
    paired_by: str | None = Field(
        description="Wie die Elemente einander zugeordnet wurden: lineage oder number."
    )
    parent_changed: bool = Field(description="Unter ein anderes Elternelement verschoben.")
    changed_fields: list[str] = Field(description="Namen der geänderten Felder.")
    field_changes: list[FieldChangeOut] = Field(description="Die Änderungen je Feld.")

    @staticmethod
    def resolve_change_types(obj):
        return sorted(obj.change_types)

    @staticmethod
    def resolve_title(obj):
        return obj.element.title

    @staticmethod
    def resolve_changed_fields(obj):
        return [change.field for change in obj.field_changes]


class ChangeCountsOut(Schema):
    added: int = Field(description="Neu.")
    removed: int = Field(description="Entfallen.")
    moved: int = Field(description="Verschoben oder umnummeriert.")
    renamed: int = Field(description="Umbenannt.")
    changed: int = Field(description="Inhaltlich geändert.")


class ComparisonOut(Schema):
    old: EditionRefOut = Field(description="Die ältere Ausgabe.")
    new: EditionRefOut = Field(description="Die neuere Ausgabe.")
    counts: dict[str, ChangeCountsOut] = Field(description="Anzahl der Änderungen je Elementart.")
    totals: ChangeCountsOut = Field(description="Anzahl der Änderungen insgesamt.")
    entries: list[DiffEntryOut] = Field(description="Die Änderungen in Lesereihenfolge.")

    @staticmethod
    def resolve_counts(obj):
        return obj.counts.by_kind

    @staticmethod
    def resolve_totals(obj):
        return obj.counts.totals
