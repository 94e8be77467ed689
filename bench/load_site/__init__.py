"""The server side of `bench/load.py`: the project's settings with one bench-only URL
(`/__bare__/`), its WSGI module for gunicorn, the pages under load and the in-process timing.

A package rather than `bench/load_*.py` files, since `make bench` runs every `bench/*.py`.
Nothing here is part of the product: `config.urls` stays as it is.
"""
