"""The innovation prize's API under /api/v1/award/: one router that holds the parts' routers."""

from ninja import Router

from clusterwerk.award.api_applications import router as applications_router
from clusterwerk.award.api_editions import router as editions_router
from clusterwerk.award.api_jury import router as jury_router
from clusterwerk.award.api_scoring import router as scoring_router

router = Router(tags=["Innovationspreis"])
router.add_router("", editions_router)
router.add_router("", applications_router)
router.add_router("", jury_router)
router.add_router("", scoring_router)
