"""The Fachkräftematrix API: matrix."""

from ninja import Router

router = Router()
