"""The Fachkräftematrix API: supply."""

from ninja import Router

router = Router()
