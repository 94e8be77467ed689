"""The innovation prize's API: scoring (mounted at /api/v1/award/, see api.py)."""

from ninja import Router

router = Router()
