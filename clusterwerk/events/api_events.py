"""(filled by the events part)"""

from ninja import Router

router = Router()
