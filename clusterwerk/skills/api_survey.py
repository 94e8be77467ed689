"""The Fachkräftematrix API: survey."""

from ninja import Router

router = Router()
