"""`GET /api/search`: the one search (`portal.search`) for API clients.

Mounted by `config/api.py` at `/api` with this router's path `/search`, for the request's
cluster (`/c/<slug>/api/search` for another one). Reads only, without login; throttled like
the other free-text endpoints. Anonymous listings keep their owner hidden (`owner_label`).
"""

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from clusterwerk.core.api import error_responses
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.portal.search import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_QUERY_LENGTH,
    UnusableQuery,
    site_search,
)

router = Router(tags=["Suche"])


class SiteSearchItemOut(Schema):
    title: str = Field(description="Titel oder Name des Treffers.")
    url: str = Field(description="Adresse der Seite des Treffers.")
    snippet: str = Field(description="Textausschnitt mit dem gefundenen Begriff (reiner Text).")


class SiteSearchGroupOut(Schema):
    kind: str = Field(
        description="Bereich: masterplan, actors, projects, listings oder consultations."
    )
    label: str = Field(description="Name des Bereichs (deutsch).")
    count: int = Field(description="Anzahl aller Treffer im Bereich.")
    items: list[SiteSearchItemOut] = Field(description="Die besten Treffer, höchstens `limit`.")
    more_url: str = Field(description="Die Suche des Bereichs mit denselben Wörtern.")


class SiteSearchOut(Schema):
    query: str = Field(description="Der gesuchte Text (gekürzt, falls sehr lang).")
    total: int = Field(description="Summe der Treffer aller Bereiche.")
    groups: list[SiteSearchGroupOut]


@router.get(
    "/search",
    response={200: SiteSearchOut, **error_responses(422, 429)},
    throttle=[AnonRateThrottle("30/m"), AuthRateThrottle("120/m")],
    url_name="site-search",
    summary="Suche über alle Bereiche",
    description="Sucht im Cluster der Anfrage (`/c/<kürzel>/api/search`, ohne Präfix das "
    "Standard-Cluster) nach `q` – mit deutschen Wortformen, zusammengesetzten Wörtern und "
    "Synonymen – im veröffentlichten Masterplan, bei den Akteuren, den sichtbaren Projekten, "
    "den veröffentlichten Inseraten der Kooperationsbörse (anonyme Anbieter bleiben anonym) und "
    "den Beteiligungen. Antwortet mit Gruppen je Bereich: Anzahl, die besten Treffer und die "
    "Adresse der Suche des Bereichs. Ein zu kurzer Suchbegriff oder einer nur aus Füllwörtern "
    "ergibt 422 mit Begründung. Ohne Anmeldung; höchstens 30 Anfragen je Minute (angemeldet "
    "120), sonst 429.",
)
def search(
    request,
    q: str = Query(..., max_length=MAX_QUERY_LENGTH, description="Der Suchbegriff."),
    limit: int = Query(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Höchstens so viele Treffer je Bereich."
    ),
):
    try:
        result = site_search(request.user, request_cluster(request), q, limit=limit)
    except UnusableQuery as error:
        raise ValidationError({"q": [str(error)]}) from None
    return {
        "query": result.query,
        "total": result.total,
        "groups": [
            {
                "kind": group.kind,
                "label": group.label,
                "count": group.count,
                "items": [
                    {"title": item.title, "url": item.url, "snippet": item.snippet}
                    for item in group.items
                ],
                "more_url": group.more_url,
            }
            for group in result.groups
        ],
    }
