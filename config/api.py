"""The REST API (django-ninja); OpenAPI docs at /api/docs."""

from ninja import NinjaAPI

from clusterwerk.masterplan.api import router as masterplan_router

api = NinjaAPI(
    title="Clusterwerk API",
    version="1",
    description="Lesender und schreibender Zugriff auf den Masterplan und seine Ausgaben.",
    urls_namespace="api",
)
api.add_router("/masterplan", masterplan_router)
