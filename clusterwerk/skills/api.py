"""The Fachkräftematrix API under /api/v1/skills/: one router that holds the parts' routers."""

from ninja import Router

from clusterwerk.skills.api_matrix import router as matrix_router
from clusterwerk.skills.api_occupations import router as occupations_router
from clusterwerk.skills.api_succession import router as succession_router
from clusterwerk.skills.api_supply import router as supply_router
from clusterwerk.skills.api_survey import router as survey_router

router = Router(tags=["Fachkräftematrix"])
router.add_router("", occupations_router)
router.add_router("", survey_router)
router.add_router("", supply_router)
router.add_router("", matrix_router)
router.add_router("", succession_router)
