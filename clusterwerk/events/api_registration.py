"""(filled by the registration part)"""

from ninja import Router

router = Router()
