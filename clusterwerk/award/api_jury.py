"""The innovation prize's API: jury (mounted at /api/v1/award/, see api.py)."""

from ninja import Router

router = Router()
