"""The Fachkräftematrix API: training offers (mounted at /api/v1/skills/, see api.py).

Reading is public: published offers, filtered like the search page (an unpublished offer is
a 404 except for those who may edit it). Writing needs the session (`core.api.session_auth`,
with the CSRF token) and a provider's representative or the cluster management; the services
decide (403 with the German reason), invalid data answers 422 with messages by field, and a
change based on an outdated `version` answers 409 with the stored state.
"""

import datetime
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue
from clusterwerk.skills.models import TrainingOffer
from clusterwerk.skills.services import supply as services

router = Router(tags=["Fachkräftematrix"])


class SkillsOfferProviderOut(Schema):
    slug: str = Field(description="Adresse des Bildungsträgers im Verzeichnis.")
    name: str
    url: str = Field(description="Profil im Verzeichnis.")


class SkillsOfferOut(Schema):
    id: int
    title: str
    description: str
    format: str = Field(
        description="apprenticeship, joint_apprenticeship, further_training, "
        "additional_qualification oder study."
    )
    format_label: str
    provider: SkillsOfferProviderOut
    occupation: str | None = Field(description="KldB-2010-Schlüssel.")
    occupation_label: str | None
    competence: str
    district: str = Field(description="Kreisschlüssel (AGS).")
    district_name: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    url: str
    topics: list[str] = Field(description="Nummern der Themenbereiche des Masterplans.")
    is_published: bool
    is_demo: bool
    version: int = Field(description="Bearbeitungsstand, für Änderungen mitsenden.")
    page: str = Field(description="Adresse der Seite des Angebots.")


class SkillsOfferFilter(Schema):
    occupation: str = Field("", description="KldB-Schlüssel (auch Anfang) oder Wörter.")
    format: str = Field("", description="Format (siehe `format`).")
    district: str = Field("", description="Kreisschlüssel; mit Angeboten bis 40 km entfernt.")
    topic: str = Field("", description="Nummer eines Themenbereichs, z. B. 6.3.2.")
    q: str = Field("", description="Suchwörter.", max_length=200)
    past: bool = Field(False, description="Auch beendete Angebote.")


class _SkillsOfferFields(Schema):
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=20_000)
    format: str | None = None
    occupation: str | None = Field(None, description="KldB-2010-Schlüssel.")
    competence: str | None = Field(None, max_length=200)
    district: str | None = Field(None, description="Kreisschlüssel; leer: der des Trägers.")
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    url: str | None = Field(None, max_length=500)
    is_published: bool | None = None
    topics: list[str] | None = Field(None, description='Nummern, z. B. ["6.3.2"].')


class SkillsOfferIn(_SkillsOfferFields):
    model_config = ConfigDict(extra="forbid")
    provider: str = Field(description="Adresse (slug) des Bildungsträgers im Verzeichnis.")
    title: str = Field(max_length=200)
    format: str


class SkillsOfferPatchIn(_SkillsOfferFields):
    model_config = ConfigDict(extra="forbid")
    version: int = Field(description="Der Bearbeitungsstand, auf dem die Änderung beruht.")
    provider: str | None = None


class SkillsOfferConflictOut(Schema):
    detail: str = Field(description="Grund (deutsch): jemand hat inzwischen gespeichert.")
    version: int = Field(description="Der aktuelle Bearbeitungsstand; damit erneut senden.")
    current: dict[str, Any] = Field(description="Die aktuell gespeicherten Angebotsdaten.")


def offer_dict(offer: TrainingOffer, catalogue: TopicCatalogue) -> dict:
    return {
        "id": offer.pk,
        "title": offer.title,
        "description": offer.description,
        "format": offer.format,
        "format_label": str(offer.get_format_display()),
        "provider": {
            "slug": offer.provider.slug,
            "name": offer.provider.name,
            "url": offer.provider.get_absolute_url(),
        },
        "occupation": offer.occupation.code if offer.occupation_id else None,
        "occupation_label": offer.occupation.label if offer.occupation_id else None,
        "competence": offer.competence,
        "district": offer.district.ags,
        "district_name": offer.district.name,
        "starts_on": offer.starts_on,
        "ends_on": offer.ends_on,
        "url": offer.url,
        "topics": catalogue.numbers_of(t.topic_lineage for t in offer.topic_areas.all()),
        "is_published": offer.is_published,
        "is_demo": offer.is_demo,
        "version": offer.version,
        "page": f"/fachkraefte/angebote/{offer.pk}/",
    }


def _offer(request, cluster, offer_id: int) -> TrainingOffer:
    offer = (
        services.visible_offers(request.user, cluster)
        .prefetch_related("topic_areas")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None:
        raise Http404(_("Dieses Bildungsangebot gibt es nicht."))
    return offer


WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422, conflict=SkillsOfferConflictOut)


@router.get(
    "/training-offers",
    response={200: list[SkillsOfferOut], **error_responses(422)},
    summary="Bildungsangebote",
    description="Veröffentlichte Bildungsangebote der Bildungsträger des Clusters, laufende und "
    "künftige zuerst; Filter wie auf der Suchseite.",
)
def list_offers(request, filters: Query[SkillsOfferFilter]):
    cluster = request_cluster(request)
    query = services.OfferQuery(
        occupation=filters.occupation,
        format=filters.format,
        district=filters.district,
        topic=filters.topic,
        text=filters.q,
        include_past=filters.past,
    )
    catalogue = topic_catalogue(cluster)
    return [offer_dict(offer, catalogue) for offer in services.search_offers(cluster, query)]


@router.get(
    "/training-offers/{int:offer_id}",
    response={200: SkillsOfferOut, **error_responses(404, 422)},
    summary="Bildungsangebot",
    description="Ein Angebot; ein unveröffentlichtes nur für den Bildungsträger und das "
    "Clustermanagement (sonst 404).",
)
def get_offer(request, offer_id: int):
    cluster = request_cluster(request)
    return offer_dict(_offer(request, cluster, offer_id), topic_catalogue(cluster))


@router.post(
    "/training-offers",
    auth=session_auth,
    response={201: SkillsOfferOut, **error_responses(400, 401, 403, 422)},
    summary="Bildungsangebot anlegen",
    description="Für Vertreterinnen und Vertreter des Bildungsträgers (eines Mitglieds des "
    "Clusters im Verzeichnis) und das Clustermanagement. Fehlerhafte Angaben ergeben 422 mit "
    "deutschen Meldungen je Feld.",
)
def create_offer(request, payload: SkillsOfferIn):
    cluster = request_cluster(request)
    data = _service_data(payload.model_dump(exclude_unset=True))
    offer = services.create_offer(user=request.user, cluster=cluster, data=data)
    return Status(201, offer_dict(_offer(request, cluster, offer.pk), topic_catalogue(cluster)))


@router.patch(
    "/training-offers/{int:offer_id}",
    auth=session_auth,
    response={200: SkillsOfferOut, **WRITE_ERRORS},
    summary="Bildungsangebot ändern",
    description="Ändert die gesendeten Felder. `version` ist der Bearbeitungsstand, auf dem die "
    "Änderung beruht; hat jemand inzwischen gespeichert, antwortet die API mit 409 und dem "
    "aktuellen Stand, und nichts wird geändert.",
)
def patch_offer(request, payload: SkillsOfferPatchIn, offer_id: int):
    cluster = request_cluster(request)
    offer = _offer(request, cluster, offer_id)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    services.update_offer(
        user=request.user, offer=offer, data=_service_data(data), expected_version=version
    )
    return offer_dict(_offer(request, cluster, offer_id), topic_catalogue(cluster))


@router.delete(
    "/training-offers/{int:offer_id}",
    auth=session_auth,
    response={204: None, **error_responses(400, 401, 403, 404, 422)},
    summary="Bildungsangebot löschen",
)
def delete_offer(request, offer_id: int):
    cluster = request_cluster(request)
    services.delete_offer(user=request.user, offer=_offer(request, cluster, offer_id))
    return Status(204, None)


def _service_data(data: dict) -> dict:
    for name in ("starts_on", "ends_on"):
        if isinstance(data.get(name), datetime.date):
            data[name] = data[name].isoformat()
    return data
