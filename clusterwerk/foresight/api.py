"""The foresight's API under /api/v1/foresight/: one router that holds the parts' routers."""

from ninja import Router

from clusterwerk.foresight.api_cycles import router as cycles_router
from clusterwerk.foresight.api_ratings import router as ratings_router
from clusterwerk.foresight.api_results import router as results_router

router = Router(tags=["Foresight"])
router.add_router("", cycles_router)
router.add_router("", ratings_router)
router.add_router("", results_router)
