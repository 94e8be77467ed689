"""The foresight API: cycles."""

from ninja import Router

router = Router()
