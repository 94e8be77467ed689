"""Schemas of the actors API: `<Thing>In` for request bodies, `<Thing>Out` for responses.

Field names are English (see the glossary), descriptions German: they appear in the OpenAPI
documentation at /api/docs. Output schemas read prepared objects (`api.py` loads everything
beforehand), so that serialising never runs a query of its own.

The profile sections (`values`, `competences`, `contacts`, `activities`) are the canonical
format of `clusterwerk.actors.profile_data`; they are checked there, with German messages per
field ("name", "competences.2.text", …), so the schemas only fix their outer shape.
"""

from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

# --- reference data --------------------------------------------------------------------------


class DistrictOut(Schema):
    ags: str = Field(description="Kreisschlüssel (AGS, fünf Ziffern), z. B. „12069“.")
    name: str = Field(description="Name des Landkreises oder der kreisfreien Stadt.")
    kind: str = Field(description="rural_district (Landkreis) oder urban_district (kreisfrei).")


class DistrictDetailOut(DistrictOut):
    nuts3: str = Field(description="NUTS-3-Code, z. B. „DE40E“.")
    state: str = Field(description="Bundesland.")
    population: int | None = Field(description="Einwohnerzahl.")
    population_date: str | None = Field(description="Stand der Einwohnerzahl (ISO-Datum).")
    area_km2: float | None = Field(description="Fläche in km².")
    centroid_latitude: float = Field(description="Breitengrad des Mittelpunkts.")
    centroid_longitude: float = Field(description="Längengrad des Mittelpunkts.")

    @staticmethod
    def resolve_population_date(obj):
        return obj.population_date.isoformat() if obj.population_date else None

    @staticmethod
    def resolve_area_km2(obj):
        return float(obj.area_km2) if obj.area_km2 is not None else None


class GrowthCoreOut(Schema):
    number: int = Field(description="Nummer des Regionalen Wachstumskerns (RWK).")
    name: str = Field(description="Name des RWK.")
    metall_focus: bool = Field(description="RWK mit Schwerpunktcluster Metall (Masterplan 2020).")


class GrowthCoreDetailOut(GrowthCoreOut):
    municipalities: list[str] = Field(description="Die Gemeinden des RWK.")

    @staticmethod
    def resolve_municipalities(obj):
        return [municipality.name for municipality in obj.municipalities.all()]


class ActivityOut(Schema):
    scheme: str = Field(description="Klassifikation: WZ2008 (NACE Rev. 2) oder WZ2025 (Rev. 2.1).")
    scheme_label: str = Field(description="Klassifikation mit Version, lesbar.")
    code: str = Field(description="Code, z. B. „25“ oder „25.62“.")
    title: str = Field(description="Bezeichnung des Wirtschaftszweigs.")
    is_cluster_core: bool = Field(description="Gehört zum Kern des Clusters Metall.")

    @staticmethod
    def resolve_scheme_label(obj):
        return str(obj.get_scheme_display())


# --- actors ----------------------------------------------------------------------------------


class ActorActivityOut(Schema):
    scheme: str = Field(description="Klassifikation: WZ2008 (NACE Rev. 2) oder WZ2025 (Rev. 2.1).")
    scheme_label: str = Field(description="Klassifikation mit Version, lesbar.")
    code: str = Field(description="Code, z. B. „25“ oder „25.62“.")
    title: str = Field(description="Bezeichnung des Wirtschaftszweigs.")
    is_cluster_core: bool = Field(description="Gehört zum Kern des Clusters Metall.")
    is_primary: bool = Field(description="Schwerpunkt des Akteurs.")


class CompetenceOut(Schema):
    kind: str = Field(description="technology, process, material, service, shared_equipment.")
    kind_label: str = Field(description="Art der Kompetenz, lesbar.")
    text: str = Field(description="Die Kompetenz.")
    description: str = Field(description="Erläuterung.")
    keywords: list[str] = Field(description="Schlagwörter.")
    evidence: str = Field(description="Beleg (Projekt, Referenz, Zertifikat, Quelle).")
    topic_areas: list[str] = Field(
        description="Nummern der Themenbereiche des veröffentlichten Masterplans, z. B. „4.4.2“."
    )


class CompetenceBriefOut(Schema):
    kind: str = Field(description="Art der Kompetenz.")
    text: str = Field(description="Die Kompetenz.")


class ClusterRefOut(Schema):
    slug: str = Field(description="Kürzel des Clusters.")
    name: str = Field(description="Name des Clusters.")


class ActorContactOut(Schema):
    id: int = Field(description="Kennung der Ansprechperson.")
    name: str = Field(description="Name.")
    function: str = Field(description="Funktion.")
    email: str = Field(description="E-Mail.")
    phone: str = Field(description="Telefon.")
    visibility: str = Field(description="public, members oder cluster_management.")


class ActorBaseOut(Schema):
    id: int = Field(description="Kennung des Akteurs.")
    name: str = Field(description="Name.")
    short_name: str = Field(description="Kurzname.")
    slug: str = Field(description="Kürzel in Adressen.")
    kind: str = Field(description="Art: company, craft_business, university, … (siehe Filter).")
    kind_label: str = Field(description="Art, lesbar.")
    municipality: str = Field(description="Ort.")
    postal_code: str = Field(description="Postleitzahl.")
    district: DistrictOut | None = Field(description="Landkreis oder kreisfreie Stadt.")
    growth_core: GrowthCoreOut | None = Field(description="Regionaler Wachstumskern.")
    size_class: str = Field(description="Größenklasse: micro, small, medium, large oder leer.")
    status: str = Field(description="published; für das Clustermanagement auch draft.")
    is_demo: bool = Field(description="Synthetischer Demo-Datensatz, kein echter Akteur.")
    url: str = Field(description="Adresse des Profils.")

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class ActorListItemOut(ActorBaseOut):
    competences: list[CompetenceBriefOut] = Field(description="Die Kompetenzen des Akteurs.")
    score: int | None = Field(
        description="Relevanz bei einer Suche (`q`): je Suchwort 3 (im Namen), 2 (in den "
        "Kompetenzen) oder 1 (sonst); ohne Suche null."
    )

    @staticmethod
    def resolve_competences(obj):
        return list(obj.competences.all())

    @staticmethod
    def resolve_score(obj):
        return getattr(obj, "search_rank", None)


class ActorListOut(Schema):
    count: int = Field(description="Anzahl aller Treffer (nicht nur dieser Seite).")
    items: list[ActorListItemOut] = Field(description="Die Treffer ab `offset`, höchstens `limit`.")


class ActorDetailOut(ActorBaseOut):
    description: str = Field(description="Beschreibung.")
    website: str = Field(description="Website.")
    email: str = Field(description="Allgemeine E-Mail-Adresse.")
    phone: str = Field(description="Allgemeine Telefonnummer.")
    street: str = Field(description="Straße und Hausnummer.")
    latitude: float | None = Field(description="Breitengrad.")
    longitude: float | None = Field(description="Längengrad.")
    employees: int | None = Field(description="Beschäftigte.")
    founded_year: int | None = Field(description="Gründungsjahr.")
    source: str = Field(description="Herkunft der Daten.")
    version: int = Field(description="Bearbeitungsstand; beim Ändern als `version` mitsenden.")
    activities: list[ActorActivityOut] = Field(description="Wirtschaftszweige (WZ).")
    competences: list[CompetenceOut] = Field(description="Kompetenzen.")
    clusters: list[ClusterRefOut] = Field(description="Cluster, zu denen der Akteur gehört.")
    contacts: list[ActorContactOut] = Field(
        description="Ansprechpersonen, soweit Einwilligung und Sichtbarkeit es erlauben: ohne "
        "Anmeldung nur öffentliche, für Clustermitglieder auch die für Mitglieder."
    )

    @staticmethod
    def resolve_activities(obj):
        return obj.api_activities

    @staticmethod
    def resolve_competences(obj):
        return obj.api_competences

    @staticmethod
    def resolve_clusters(obj):
        return obj.api_clusters

    @staticmethod
    def resolve_contacts(obj):
        return obj.api_contacts


# --- writing ---------------------------------------------------------------------------------

_SECTIONS_HELP = (
    "Abschnitte im Profilformat von Clusterwerk: `values` (kind, name, short_name, description, "
    "website, email, phone, street, postal_code, municipality, district (AGS), growth_core "
    "(RWK-Nummer), size_class, employees, founded_year, latitude, longitude), `competences` "
    "(kind, text, description, keywords, evidence, topic_areas), `contacts` (id, name, "
    "function, email, phone, consent, visibility) und `activities` (scheme, code, is_primary)."
)


class ActorCreateIn(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"description": _SECTIONS_HELP})

    values: dict[str, Any] = Field(description="Die Angaben; `kind` und `name` sind Pflicht.")
    competences: list[Any] | None = Field(default=None, description="Kompetenzen.")
    contacts: list[Any] | None = Field(default=None, description="Ansprechpersonen.")
    activities: list[Any] | None = Field(default=None, description="Wirtschaftszweige.")
    clusters: list[str] = Field(
        default_factory=list,
        description="Kürzel weiterer Cluster; der Akteur gehört immer zum Cluster der Anfrage.",
    )
    confirm_not_duplicate: bool = Field(
        default=False,
        description="true, wenn eine Warnung vor einer möglichen Dublette (409) geprüft wurde "
        "und es ein anderer Akteur ist.",
    )


class ActorPatchIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "description": "Nur `version` ist Pflicht; weggelassene Abschnitte und Felder "
            "bleiben unverändert; ein Abschnitt wie `competences` ersetzt den bisherigen ganz. "
            + _SECTIONS_HELP
        },
    )

    version: int = Field(
        ge=1, description="Der Bearbeitungsstand, auf dem die Änderung beruht (`version`)."
    )
    values: dict[str, Any] | None = Field(default=None, description="Geänderte Angaben.")
    competences: list[Any] | None = Field(default=None, description="Alle Kompetenzen, neu.")
    contacts: list[Any] | None = Field(default=None, description="Alle Ansprechpersonen, neu.")
    activities: list[Any] | None = Field(default=None, description="Alle Wirtschaftszweige, neu.")


class ChangeRequestOut(Schema):
    change_request: int = Field(description="Kennung des Änderungsantrags.")
    status: str = Field(description="pending: wartet auf Prüfung durch das Clustermanagement.")


class ActorConflictOut(Schema):
    detail: str = Field(description="Grund (deutsch): jemand hat inzwischen gespeichert.")
    version: int = Field(description="Der aktuelle Bearbeitungsstand; damit erneut senden.")
    current: dict[str, Any] = Field(
        description="Das aktuell gespeicherte Profil (values, competences, contacts, "
        "activities), zum Zusammenführen mit den eigenen Änderungen."
    )


class DuplicateCandidateOut(Schema):
    id: int = Field(description="Kennung des vorhandenen Akteurs.")
    name: str = Field(description="Name.")
    postal_code: str = Field(description="Postleitzahl.")


class PossibleDuplicateOut(Schema):
    detail: str = Field(description="Warnung (deutsch).")
    candidates: list[DuplicateCandidateOut] = Field(description="Ähnliche vorhandene Akteure.")
    hint: str = Field(description="Was zu tun ist, wenn es ein anderer Akteur ist.")
