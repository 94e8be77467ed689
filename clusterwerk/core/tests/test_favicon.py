"""The site icon: /favicon.ico at the root, the SVG icon linked from every page."""

import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from clusterwerk.core import favicon

BASE_DIR = Path(settings.BASE_DIR)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
def test_favicon_ico_is_served_at_the_root(db, settings, debug):
    settings.DEBUG = debug
    response = Client().get("/favicon.ico")  # a new client: WhiteNoise reads DEBUG at start
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    body = _body(response)
    reserved, kind, count = struct.unpack("<HHH", body[:6])
    assert (reserved, kind, count) == (0, 1, len(favicon.ICO_SIZES))
    assert body[6 + 16 * count :].startswith(b"\x89PNG")


def test_every_page_links_both_icons(client, cluster):
    response = client.get("/")
    page = response.content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in page
    assert 'href="/static/img/favicon.svg" type="image/svg+xml"' in page


def test_svg_icon_is_a_static_file():
    assert finders.find("img/favicon.svg")


def test_committed_icons_are_what_the_module_draws():
    """Run `python -m clusterwerk.core.favicon` after changing the design."""
    assert (BASE_DIR / "public" / "favicon.ico").read_bytes() == favicon.ico()
    assert (BASE_DIR / "static" / "img" / "favicon.svg").read_text(encoding="utf-8") == favicon.SVG


def test_icon_is_brand_blue_with_a_white_ring_and_transparent_corners():
    pixels = favicon.pixels(32)
    assert pixels[0][0][3] == 0  # outside the rounded corner
    assert pixels[2][16][:3] == favicon.BRAND  # top edge: background
    assert pixels[16][8][:3] == favicon.WHITE  # left side of the "C"
    assert pixels[16][28][:3] == favicon.BRAND  # the opening on the right
