"""The Fachkräftematrix API: succession."""

from ninja import Router

router = Router()
