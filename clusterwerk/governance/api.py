"""The bodies' API under /api/v1/governance/: one router that holds the parts' routers."""

from ninja import Router

from clusterwerk.governance.api_bodies import router as bodies_router
from clusterwerk.governance.api_meetings import router as meetings_router

router = Router(tags=["Gremien"])
router.add_router("", bodies_router)
router.add_router("", meetings_router)
