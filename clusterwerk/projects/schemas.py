"""Schemas of the projects API: `<Thing>In` for request bodies, `<Thing>Out` for responses.

Field names are English, descriptions German (they appear at /api/docs). Output schemas read
plain dicts that `api.py` prepares beforehand, so serialising never runs a query.

The input schemas only fix the outer shape and leave the values loose on purpose: the project
data are checked by `clusterwerk.projects.services` (format in its docstring), whose German
messages by field ("end_date", "partners.2", "topics", …) reach the client as 422.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

MAX_CLASSIFY_TEXT = 5_000
MAX_CLASSIFY_LIMIT = 10

# --- reading ---------------------------------------------------------------------------------


class ProgrammeOut(Schema):
    key: str = Field(description="Kürzel des Förderprogramms, z. B. „zim“.")
    name: str = Field(description="Name des Förderprogramms.")
    short_name: str = Field(description="Kurzname, z. B. „ZIM“.")
    level: str = Field(description="Ebene: eu, federal, state, private oder other.")


class PartnerOut(Schema):
    actor: int = Field(description="Kennung des Akteurs.")
    name: str = Field(description="Name des Akteurs.")
    kind: str = Field(description="Art des Akteurs: company, university, …")
    kind_label: str = Field(description="Art des Akteurs, lesbar.")
    role: str = Field(description="Rolle: lead, partner, associated oder subcontractor.")
    role_label: str = Field(description="Rolle, lesbar.")
    district: str | None = Field(description="Kreisschlüssel (AGS) des Akteurs.")


class ProjectTopicOut(Schema):
    number: str | None = Field(
        description="Nummer des Themenbereichs im veröffentlichten Masterplan, z. B. „4.4.2“ "
        "(null, wenn es ihn dort nicht mehr gibt)."
    )
    title: str = Field(description="Titel des Themenbereichs.")
    is_primary: bool = Field(description="Haupt-Themenbereich des Projekts.")
    assigned_by: str = Field(description="Wie er zugeordnet wurde: manual, suggestion oder import.")


class ProjectListItemOut(Schema):
    id: int = Field(description="Kennung des Projekts.")
    title: str = Field(description="Titel.")
    acronym: str = Field(description="Akronym.")
    cluster: str = Field(description="Kürzel des Clusters.")
    phase: str = Field(description="Phase: idea, initiation, consortium, application, …")
    phase_label: str = Field(description="Phase, lesbar.")
    idea_status: str = Field(description="Bei Projektideen: proposed, accepted oder declined.")
    visibility: str = Field(description="public, members oder cluster_management.")
    year_initiated: int | None = Field(description="Jahr der Initiierung.")
    start_date: date | None = Field(description="Beginn.")
    end_date: date | None = Field(description="Ende.")
    is_rdi: bool = Field(description="FuEuI-Projekt.")
    programme: ProgrammeOut | None = Field(description="Förderprogramm.")
    total_volume: Decimal | None = Field(description="Projektvolumen in €.")
    funding_amount: Decimal | None = Field(description="Fördersumme in €.")
    regional_volume: Decimal | None = Field(description="Davon in Berlin-Brandenburg, in €.")
    is_joint: bool = Field(description="Verbundprojekt (abgeleitet: mindestens zwei Partner).")
    with_science: bool = Field(
        description="Verbundprojekt mit Wissenschaft (abgeleitet: Hochschule oder "
        "Forschungseinrichtung unter den Partnern)."
    )
    is_cross_cluster: bool = Field(description="Cross-Cluster (abgeleitet: weiteres Cluster).")
    lead: PartnerOut | None = Field(description="Konsortialführung.")
    partner_count: int = Field(description="Anzahl der Partner.")
    topics: list[ProjectTopicOut] = Field(description="Themenbereiche, Haupt-Themenbereich zuerst.")
    is_demo: bool = Field(description="Synthetischer Demo-Datensatz.")
    url: str = Field(description="Adresse der Projektseite.")


class ProjectListOut(Schema):
    count: int = Field(description="Anzahl aller Treffer (nicht nur dieser Seite).")
    items: list[ProjectListItemOut] = Field(
        description="Die Treffer ab `offset`, höchstens `limit`."
    )


class PhaseChangeOut(Schema):
    from_phase: str = Field(description="Vorherige Phase (leer beim Anlegen).")
    to_phase: str = Field(description="Neue Phase.")
    to_phase_label: str = Field(description="Neue Phase, lesbar.")
    changed_on: date = Field(description="Datum des Wechsels.")
    note: str = Field(description="Vermerk.")


class ResultsOut(Schema):
    new_products: int = Field(description="Neue Produkte.")
    new_processes: int = Field(description="Neue Verfahren.")
    patents: int = Field(description="Patente.")
    jobs_created: int = Field(description="Neue Arbeitsplätze.")
    follow_up_projects: int = Field(description="Folgeprojekte.")
    success_story: str = Field(description="Erfolgsgeschichte.")
    reported_on: date | None = Field(description="Stand.")


class CriterionMeanOut(Schema):
    key: str = Field(description="Kürzel des Kriteriums.")
    name: str = Field(description="Kriterium.")
    weight: float = Field(description="Gewicht.")
    mean: float | None = Field(description="Mittelwert der Punkte (null: noch nicht bewertet).")
    count: int = Field(description="So viele Beurteilungen haben das Kriterium bewertet.")


class AssessmentSummaryOut(Schema):
    count: int = Field(description="Anzahl der Beurteilungen.")
    overall: float | None = Field(
        description="Gewichteter Mittelwert der aktiven Kriterien über alle Beurteilungen "
        "(0 bis `max_score`; null ohne Punktwerte)."
    )
    max_score: int = Field(description="Höchste Punktzahl je Kriterium.")
    criteria: list[CriterionMeanOut] = Field(description="Mittelwert je aktivem Kriterium.")


class ProjectDetailOut(ProjectListItemOut):
    description: str = Field(description="Beschreibung.")
    version: int = Field(description="Bearbeitungsstand; beim Ändern als `version` mitsenden.")
    partners: list[PartnerOut] = Field(description="Alle Partner mit Rolle.")
    partner_clusters: list[str] = Field(description="Kürzel weiterer beteiligter Cluster.")
    phase_history: list[PhaseChangeOut] = Field(description="Die Phasenwechsel, ältester zuerst.")
    results: ResultsOut | None = Field(description="Ergebnisse und Wirkung (null: noch keine).")
    assessment: AssessmentSummaryOut | None = Field(
        description="Zusammenfassung der Beurteilungen; nur für Clustermanagement und "
        "Strategischen Beirat des Clusters, sonst null."
    )
    created_at: datetime = Field(description="Angelegt am.")
    updated_at: datetime = Field(description="Zuletzt geändert am.")


# --- writing ---------------------------------------------------------------------------------

CLUSTER_HELP = (
    "Kürzel des Clusters, nur zur Prüfung: es gilt das Cluster der Anfrage "
    "(`/c/<kürzel>/api/projects/…`, ohne Präfix das Standard-Cluster); ein anderes ergibt 422."
)
_DATA_HELP = (
    "Projektdaten im Format von Clusterwerk: title, acronym, description, phase, start_date und "
    "end_date (JJJJ-MM-TT), year_initiated, is_rdi, funding_programme (Kürzel), total_volume, "
    "funding_amount, regional_volume (Euro), visibility (public, members, cluster_management), "
    'partner_clusters (Kürzel), partners ([{"actor": 12, "role": "lead"}, …]) und topics '
    '({"primary": "4.4.2", "secondary": ["4.2.1"], "assigned_by": "manual"}).'
)


class _ProjectFields(Schema):
    title: Any = Field(default=None, description="Titel (Pflicht).")
    acronym: Any = Field(default=None, description="Akronym.")
    description: Any = Field(default=None, description="Beschreibung.")
    start_date: Any = Field(default=None, description="Beginn (JJJJ-MM-TT).")
    end_date: Any = Field(default=None, description="Ende (JJJJ-MM-TT), nicht vor dem Beginn.")
    year_initiated: Any = Field(default=None, description="Jahr der Initiierung.")
    is_rdi: Any = Field(default=None, description="FuEuI-Projekt (true/false).")
    funding_programme: Any = Field(default=None, description="Kürzel des Förderprogramms.")
    total_volume: Any = Field(default=None, description="Projektvolumen in €, nicht negativ.")
    funding_amount: Any = Field(default=None, description="Fördersumme in €.")
    regional_volume: Any = Field(default=None, description="Davon in Berlin-Brandenburg, in €.")
    visibility: Any = Field(default=None, description="public, members oder cluster_management.")
    partner_clusters: Any = Field(default=None, description="Kürzel weiterer Cluster.")
    partners: Any = Field(default=None, description="Partner: actor (Kennung) und role.")
    topics: Any = Field(default=None, description="Themenbereiche: primary, secondary.")


class ProjectCreateIn(_ProjectFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"description": _DATA_HELP})

    cluster: str | None = Field(default=None, description=CLUSTER_HELP)
    phase: Any = Field(default=None, description="Anfangsphase; ohne Angabe idea.")


class ProjectPatchIn(_ProjectFields):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "description": "Nur `version` ist Pflicht; weggelassene Felder bleiben unverändert; "
            "`partners` und `topics` ersetzen die bisherigen ganz. Die Phase ändert sich über "
            "`POST /api/projects/{id}/phase`. " + _DATA_HELP
        },
    )

    version: int = Field(
        ge=1, description="Der Bearbeitungsstand, auf dem die Änderung beruht (`version`)."
    )


class ProjectConflictOut(Schema):
    detail: str = Field(description="Grund (deutsch): jemand hat inzwischen gespeichert.")
    version: int = Field(description="Der aktuelle Bearbeitungsstand; damit erneut senden.")
    current: dict[str, Any] = Field(
        description="Die aktuell gespeicherten Projektdaten (im Eingabeformat), zum "
        "Zusammenführen mit den eigenen Änderungen."
    )


class PhaseChangeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to_phase: str = Field(description="Neue Phase: idea, initiation, consortium, application, …")
    changed_on: date | None = Field(default=None, description="Datum des Wechsels; sonst heute.")
    note: str = Field(default="", max_length=300, description="Vermerk.")


class IdeaIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: Any = Field(default=None, description="Titel der Projektidee (Pflicht).")
    description: Any = Field(default=None, description="Beschreibung.")
    topics: Any = Field(default=None, description="Themenbereiche: primary, secondary.")
    cluster: str | None = Field(default=None, description=CLUSTER_HELP)


class IdeaDecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    accept: bool = Field(description="true: Idee annehmen; false: ablehnen.")
    reason: str = Field(
        default="", max_length=500, description="Begründung (bei Ablehnung Pflicht)."
    )


class AssessmentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    scores: dict[str, Any] = Field(
        description="Punkte je Kriterium (Kürzel → 0 bis 5), für alle aktiven Kriterien."
    )
    comment: str = Field(default="", max_length=5000, description="Anmerkung.")


class ClassifyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        max_length=MAX_CLASSIFY_TEXT,
        description=f"Projektbeschreibung, höchstens {MAX_CLASSIFY_TEXT} Zeichen.",
    )
    limit: int = Field(
        default=3, ge=1, le=MAX_CLASSIFY_LIMIT, description="Höchstens so viele Vorschläge."
    )
    cluster: str | None = Field(default=None, description=CLUSTER_HELP)


class TopicSuggestionOut(Schema):
    number: str = Field(description="Nummer des Themenbereichs, z. B. „4.4.2“.")
    title: str = Field(description="Titel des Themenbereichs.")
    score: float = Field(description="Passung (höher ist besser).")
    reasons: list[str] = Field(description="Die gefundenen Begriffe, die dafür sprechen.")
