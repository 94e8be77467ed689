"""Finding training offers (the read side of `services.supply`, re-exported there): offers
near a district (`NEAR_KM` between district centroids), the companies' search, and the offers
a person may see. Running and future offers come first, ended ones last."""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from clusterwerk.actors.models import District
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.skills.models import Occupation, TrainingOffer
from clusterwerk.skills.permissions import manages_skills

NEAR_KM = 40


def distance_km(a: District, b: District) -> float:
    """The great-circle distance between two districts' centroids."""
    lat1, lon1 = math.radians(a.centroid_latitude), math.radians(a.centroid_longitude)
    lat2, lon2 = math.radians(b.centroid_latitude), math.radians(b.centroid_longitude)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def districts_near(district: District, km: float = NEAR_KM) -> dict[int, float]:
    """District id → distance (km) for the district itself and all within `km`."""
    near = {district.pk: 0.0}
    for other in District.objects.exclude(pk=district.pk):
        distance = distance_km(district, other)
        if distance <= km:
            near[other.pk] = distance
    return near


def _current_first(offers, today, distances=None) -> list[TrainingOffer]:
    def key(offer):
        past = offer.ends_on is not None and offer.ends_on < today
        if past:
            return (1, -(offer.ends_on.toordinal()), 0.0, offer.title, offer.pk)
        start = offer.starts_on.toordinal() if offer.starts_on else 0
        distance = (distances or {}).get(offer.district_id, 0.0)
        return (0, start, distance, offer.title, offer.pk)

    return sorted(offers, key=key)


def published_offers(cluster):
    return (
        TrainingOffer.objects.filter(cluster=cluster, is_published=True)
        .select_related("provider", "occupation", "district")
        .prefetch_related("topic_areas")
    )


def offers_near(cluster, occupation: Occupation, district: District, *, today=None):
    """The published offers for `occupation` in `district` or in a district whose centroid is
    within NEAR_KM; running and future ones first (by start, then distance), ended ones
    last."""
    today = today or timezone.localdate()
    near = districts_near(district)
    offers = published_offers(cluster).filter(occupation=occupation, district_id__in=near)
    return _current_first(offers, today, near)


def visible_offers(user, cluster):
    """Published offers, plus the unpublished ones `user` may edit."""
    offers = TrainingOffer.objects.filter(cluster=cluster).select_related(
        "provider", "occupation", "district"
    )
    if manages_skills(user, cluster):
        return offers
    from clusterwerk.skills.services.supply import offer_providers

    providers = list(offer_providers(user, cluster).values_list("pk", flat=True))
    return offers.filter(Q(is_published=True) | Q(provider_id__in=providers))


@dataclass
class OfferQuery:
    occupation: str = ""  # a KldB code (prefix) or words of the title
    format: str = ""
    district: str = ""  # AGS: the district and those within NEAR_KM
    topic: str = ""  # a topic area number
    text: str = ""
    include_past: bool = False


def search_offers(cluster, query: OfferQuery, *, today=None) -> list[TrainingOffer]:
    """The companies' search over published offers (see OfferQuery); unknown filter values
    find nothing rather than everything."""
    today = today or timezone.localdate()
    offers = published_offers(cluster)
    distances = None
    occupation = (query.occupation or "").strip()
    if occupation:
        if occupation.isdigit():
            offers = offers.filter(occupation__code__startswith=occupation)
        else:
            offers = offers.filter(
                Q(occupation__title__icontains=occupation)
                | Q(occupation__short_title__icontains=occupation)
                | Q(competence__icontains=occupation)
            )
    if query.format:
        offers = offers.filter(format=query.format)
    if query.district:
        district = District.objects.filter(ags=query.district.strip()).first()
        if district is None:
            return []
        distances = districts_near(district)
        offers = offers.filter(district_id__in=distances)
    if query.topic:
        lineage = topic_catalogue(cluster).lineage_by_number.get(query.topic.strip())
        if lineage is None:
            return []
        offers = offers.filter(topic_areas__topic_lineage=lineage)
    for word in (query.text or "").split()[:8]:
        offers = offers.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(competence__icontains=word)
            | Q(provider__name__icontains=word)
            | Q(occupation__short_title__icontains=word)
            | Q(occupation__title__icontains=word)
        )
    if not query.include_past:
        offers = offers.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    return _current_first(offers.distinct(), today, distances)


def is_running_or_future(offer: TrainingOffer, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return offer.ends_on is None or offer.ends_on >= today
