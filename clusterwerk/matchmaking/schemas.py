"""Schemas of the Kooperationsbörse API: `<Thing>In` for request bodies, `<Thing>Out` for
responses.

Field names are English, descriptions German (they appear at /api/docs). Output schemas read
plain dicts that `api.py` prepares beforehand, so serialising never runs a query.

The input schemas for listings only fix the outer shape and leave the values loose on purpose:
the listing data are checked by `clusterwerk.matchmaking.services.clean_listing` (format in
the docstring of `services.py`), whose German messages by field ("expires_on", "topics", …)
reach the client as 422.

Anonymity: `owner` is null whenever the user may not learn who stands behind a listing
(`queries.owner_is_visible`); `owner_label` then is a neutral label.
"""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

MAX_MESSAGE = 2000

# --- matching ----------------------------------------------------------------------------------


class MatchTopicOut(Schema):
    number: str = Field(description="Nummer des Themenbereichs, z. B. „4.4.2“.")
    title: str = Field(description="Titel des Themenbereichs im veröffentlichten Masterplan.")


class ActorMatchOut(Schema):
    actor_id: int = Field(description="Kennung des Akteurs.")
    name: str = Field(description="Name des Akteurs.")
    kind: str = Field(description="Art des Akteurs: company, university, …")
    kind_label: str = Field(description="Art des Akteurs, lesbar.")
    score: float = Field(description="Passung (höher ist besser).")
    reasons: list[str] = Field(description="Was für den Akteur spricht, stichwortartig.")
    explanation: str = Field(description="Die Gründe als ein Satz.")
    distance_km: float | None = Field(
        description="Entfernung in km (null, wenn ein Standort fehlt)."
    )
    topic_numbers: list[str] = Field(
        description="Gemeinsame Themenbereiche des Masterplans, z. B. „4.4.2“."
    )
    is_demo: bool = Field(description="Synthetischer Demo-Datensatz.")
    municipality: str | None = Field(
        None, description="Ort des Akteurs (null, wenn unbekannt oder für Sie nicht sichtbar)."
    )
    district: str | None = Field(
        None, description="Name des Landkreises oder der kreisfreien Stadt (null, wenn unbekannt)."
    )
    distance: str | None = Field(
        None, description="Entfernung, lesbar, z. B. „ca. 12 km“ (null, wenn unbekannt)."
    )
    group: str | None = Field(
        None,
        description="Gruppe der Ergebnisliste: research (Forschung & Transfer), business "
        "(Unternehmen & Handwerk) oder networks (Kammern & Netzwerke).",
    )
    group_label: str | None = Field(None, description="Gruppe, lesbar.")
    similar_offer: bool | None = Field(
        None,
        description="Bietet dasselbe wie das Angebot (ein ähnlicher Anbieter, kein Partner).",
    )
    topics: list[MatchTopicOut] | None = Field(
        None, description="Die gemeinsamen Themenbereiche mit Titel, in der Reihenfolge des Plans."
    )


# --- listings ----------------------------------------------------------------------------------


class OwnerOut(Schema):
    id: int = Field(description="Kennung des anbietenden Akteurs.")
    name: str = Field(description="Name des anbietenden Akteurs.")
    kind: str = Field(description="Art des Akteurs.")
    district: str | None = Field(description="Kreisschlüssel (AGS) seines Sitzes.")
    url: str = Field(description="Adresse des Akteursprofils.")


class ListingOut(Schema):
    id: int = Field(description="Kennung des Inserats.")
    kind: str = Field(description="Art: technology_offer, technology_request, rdi_request, …")
    kind_label: str = Field(description="Art, lesbar.")
    title: str = Field(description="Titel.")
    description: str = Field(description="Beschreibung.")
    keywords: list[str] = Field(description="Schlagwörter.")
    partner_kinds: list[str] = Field(description="Gesuchte Partnerarten (Akteursarten).")
    region_scope: str = Field(
        description="Region: radius, districts, berlin_brandenburg, germany oder eu."
    )
    region_label: str = Field(description="Region, lesbar.")
    radius_km: int | None = Field(description="Umkreis in km (nur bei radius).")
    districts: list[str] = Field(description="Kreisschlüssel (nur bei districts).")
    maturity: str = Field(description="Reifegrad: idea, prototype, market_ready oder leer.")
    expires_on: date = Field(description="Gültig bis.")
    is_anonymous: bool = Field(description="Anonymes Inserat.")
    cross_cluster: bool = Field(description="Auch Partner aus anderen Clustern gesucht.")
    shared_with_other_clusters: bool = Field(
        description="Auch den Mitgliedern der anderen Cluster dieser Plattform gezeigt."
    )
    status: str = Field(description="draft, in_review, published, expired oder closed.")
    status_label: str = Field(description="Status, lesbar.")
    topics: list[str] = Field(description="Themenbereiche des Masterplans, z. B. „4.4.2“.")
    owner: OwnerOut | None = Field(
        description="Der anbietende Akteur; null bei anonymen Inseraten, solange Sie ihn nicht "
        "sehen dürfen (erst nach einer angenommenen Interessensbekundung)."
    )
    owner_label: str = Field(
        description="Name des Anbieters oder eine neutrale Bezeichnung („Anonymer Anbieter …“)."
    )
    published_at: datetime | None = Field(description="Veröffentlicht am.")
    version: int = Field(description="Bearbeitungsstand; beim Ändern als `version` mitsenden.")
    is_demo: bool = Field(description="Synthetischer Demo-Datensatz.")
    url: str = Field(description="Adresse der Seite des Inserats.")


class ListingListOut(Schema):
    count: int = Field(description="Anzahl aller Treffer (nicht nur dieser Seite).")
    items: list[ListingOut] = Field(description="Die Treffer ab `offset`, höchstens `limit`.")


class ListingDetailOut(ListingOut):
    can_edit: bool = Field(description="Sie dürfen das Inserat ändern, einreichen und beenden.")
    review_note: str = Field(
        description="Hinweis der Prüfung (nur für Anbieter und Clustermanagement, sonst leer)."
    )
    submitted_at: datetime | None = Field(description="Zur Prüfung eingereicht am.")
    closed_at: datetime | None = Field(description="Beendet am.")


_DATA_HELP = (
    "Inseratsdaten im Format von Clusterwerk: kind (technology_offer, technology_request, "
    "business_offer, business_request, rdi_request, equipment_sharing, training_cooperation), "
    "title, description (mindestens 20 Zeichen), keywords (Liste), partner_kinds (Akteursarten), "
    "region_scope (radius, districts, berlin_brandenburg, germany, eu), radius_km, districts "
    "(Kreisschlüssel), maturity (idea, prototype, market_ready), expires_on (JJJJ-MM-TT, heute "
    "bis in einem Jahr), is_anonymous, cross_cluster, "
    "shared_with_other_clusters und topics (Nummern, z. B. „4.4.2“)."
)


class _ListingFields(Schema):
    kind: Any = Field(default=None, description="Art des Inserats (Pflicht).")
    title: Any = Field(default=None, description="Titel (Pflicht).")
    description: Any = Field(default=None, description="Beschreibung (Pflicht).")
    keywords: Any = Field(default=None, description="Schlagwörter (Liste von Texten).")
    partner_kinds: Any = Field(default=None, description="Gesuchte Partnerarten.")
    region_scope: Any = Field(default=None, description="Region (Pflicht).")
    radius_km: Any = Field(default=None, description="Umkreis in km (bei radius).")
    districts: Any = Field(default=None, description="Kreisschlüssel (bei districts).")
    maturity: Any = Field(default=None, description="Reifegrad.")
    expires_on: Any = Field(default=None, description="Gültig bis (JJJJ-MM-TT, Pflicht).")
    is_anonymous: Any = Field(default=None, description="Anonym veröffentlichen (true/false).")
    cross_cluster: Any = Field(default=None, description="Auch Partner anderer Cluster.")
    shared_with_other_clusters: Any = Field(
        default=None, description="Auch in den anderen Clustern zeigen (true/false)."
    )
    topics: Any = Field(default=None, description="Themenbereiche (Nummern), höchstens fünf.")


class ListingCreateIn(_ListingFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"description": _DATA_HELP})

    owner_actor: int | None = Field(
        default=None,
        ge=1,
        le=2**63 - 1,
        description="Kennung des anbietenden Akteurs; ohne Angabe die Organisation, die Sie "
        "vertreten (wenn es genau eine ist).",
    )
    submit: bool = Field(
        default=False, description="Gleich zur Prüfung einreichen (sonst bleibt es ein Entwurf)."
    )


class ListingPatchIn(_ListingFields):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "description": "Nur `version` ist Pflicht; weggelassene Felder bleiben unverändert. "
            "Ändert der Anbieter ein veröffentlichtes Inserat, geht es erneut in die Prüfung. "
            + _DATA_HELP
        },
    )

    version: int = Field(
        ge=1, description="Der Bearbeitungsstand, auf dem die Änderung beruht (`version`)."
    )


class ListingConflictOut(Schema):
    detail: str = Field(description="Grund (deutsch): jemand hat inzwischen gespeichert.")
    version: int = Field(description="Der aktuelle Bearbeitungsstand; damit erneut senden.")
    current: dict[str, Any] = Field(
        description="Die aktuell gespeicherten Inseratsdaten (im Eingabeformat), zum "
        "Zusammenführen mit den eigenen Änderungen."
    )


class ReturnIn(Schema):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(max_length=MAX_MESSAGE, description="Was der Anbieter ändern soll (Pflicht).")


class ListingHitOut(Schema):
    listing_id: int = Field(description="Kennung des passenden Inserats.")
    title: str = Field(description="Titel.")
    kind: str = Field(description="Art des Inserats.")
    kind_label: str = Field(description="Art, lesbar.")
    owner: OwnerOut | None = Field(description="Anbieter; null, solange anonym für Sie.")
    owner_label: str = Field(description="Name des Anbieters oder neutrale Bezeichnung.")
    score: float = Field(description="Passung (höher ist besser).")
    reasons: list[str] = Field(description="Was für das Inserat spricht.")
    explanation: str = Field(description="Die Gründe als ein Satz.")
    url: str = Field(description="Adresse der Seite des Inserats.")


class ListingMatchesOut(Schema):
    actors: list[ActorMatchOut] = Field(description="Passende Akteure, beste zuerst.")
    listings: list[ListingHitOut] = Field(
        description="Passende Inserate der Gegenseite (Angebot zu Gesuch und umgekehrt)."
    )


# --- interests -------------------------------------------------------------------------------


class InterestIn(Schema):
    model_config = ConfigDict(extra="forbid")

    actor: int | None = Field(
        default=None,
        ge=1,
        le=2**63 - 1,
        description="Kennung der Organisation, für die Sie Interesse bekunden; ohne Angabe die "
        "Organisation, die Sie vertreten (wenn es genau eine ist).",
    )
    message: str = Field(
        max_length=MAX_MESSAGE, description="Kurze Nachricht an den Anbieter (Pflicht)."
    )


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=MAX_MESSAGE, description="Antwort (freiwillig).")


class InterestContactOut(Schema):
    organisation: str = Field(description="Organisation.")
    organisation_url: str = Field(description="Adresse des Akteursprofils.")
    person: str = Field(description="Ansprechperson.")
    email: str = Field(description="E-Mail-Adresse.")


class InterestActorOut(Schema):
    id: int = Field(description="Kennung des Akteurs.")
    name: str = Field(description="Name des Akteurs.")


class InterestOut(Schema):
    id: int = Field(description="Kennung der Interessensbekundung.")
    listing_id: int = Field(description="Kennung des Inserats.")
    listing_title: str = Field(description="Titel des Inserats.")
    actor: InterestActorOut = Field(description="Die interessierte Organisation.")
    message: str = Field(description="Nachricht.")
    status: str = Field(description="pending, accepted, declined oder withdrawn.")
    status_label: str = Field(description="Status, lesbar.")
    created_at: datetime = Field(description="Gesendet am.")
    decided_at: datetime | None = Field(description="Entschieden am.")
    decision_note: str = Field(description="Antwort des Anbieters.")
    contacts: list[InterestContactOut] = Field(
        description="Kontaktdaten, die Sie nach der Annahme sehen (sonst leer)."
    )


# --- saved searches --------------------------------------------------------------------------


class SavedSearchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=120, description="Name der Suche (Pflicht).")
    query: str = Field(default="", max_length=300, description="Suchtext.")
    kinds: list[str] = Field(default_factory=list, description="Arten von Inseraten.")
    topic: str = Field(default="", max_length=20, description="Themenbereich, z. B. „4.4.2“.")
    digest: str = Field(
        default="weekly",
        max_length=10,
        description="weekly (wöchentliche E-Mail) oder never (nur in der Anwendung).",
    )


class SavedSearchOut(Schema):
    id: int = Field(description="Kennung der gespeicherten Suche.")
    name: str = Field(description="Name.")
    query: str = Field(description="Suchtext.")
    kinds: list[str] = Field(description="Arten von Inseraten.")
    topic: str = Field(description="Themenbereich (leer: alle).")
    digest: str = Field(description="weekly oder never.")
    created_at: datetime = Field(description="Angelegt am.")
    last_seen_at: datetime = Field(description="Treffer zuletzt angesehen am.")
    last_digest_at: datetime = Field(description="Zuletzt per E-Mail benachrichtigt am.")
    new_hits: int = Field(description="Neue Treffer seit dem letzten Ansehen.")
    url: str = Field(description="Adresse der Trefferseite.")


# --- pipeline --------------------------------------------------------------------------------


class PipelineMonthOut(Schema):
    month: str = Field(description="Monat (JJJJ-MM).")
    listings: int = Field(description="Veröffentlichte Inserate.")
    interests: int = Field(description="Gesendete Interessensbekundungen.")
    accepted: int = Field(description="Angenommene Interessensbekundungen (vermittelte Kontakte).")
    cooperation: int = Field(0, description="Ergebnis „Kooperation vereinbart“ (zuletzt erfasst).")
    project_idea: int = Field(0, description="Ergebnis „Projektidee“ (zuletzt erfasst).")
    no_need: int = Field(0, description="Ergebnis „kein Bedarf“ (zuletzt erfasst).")
