"""(filled by the checkin part)"""

from ninja import Router

router = Router()
