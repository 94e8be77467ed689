"""The Fachkräftematrix API: occupations."""

from ninja import Router

router = Router()
