"""The foresight API: results."""

from ninja import Router

router = Router()
