"""(filled by the b2b part)"""

from ninja import Router

router = Router()
