"""The events API under /api/events/: one router that holds the parts' routers."""

from ninja import Router

from clusterwerk.events.api_b2b import router as b2b_router
from clusterwerk.events.api_checkin import router as checkin_router
from clusterwerk.events.api_events import router as events_router
from clusterwerk.events.api_registration import router as registration_router

router = Router(tags=["Veranstaltungen"])
router.add_router("", events_router)
router.add_router("", registration_router)
router.add_router("", checkin_router)
router.add_router("", b2b_router)
