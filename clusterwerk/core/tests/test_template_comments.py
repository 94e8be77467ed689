"""Django's `{# … #}` comments end at the line's end: one left open prints its text on the page."""

import re
from pathlib import Path

from django.conf import settings

OPEN_COMMENT = re.compile(r"\{#(?!.*#\})")


def template_files():
    roots = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "clusterwerk"]
    for root in roots:
        for suffix in ("*.html", "*.txt", "*.xml"):
            yield from root.rglob(suffix)


def test_no_template_comment_spans_lines():
    open_comments = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in template_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OPEN_COMMENT.search(line)
    ]
    assert open_comments == [], "use {% comment %} for comments over several lines"


def test_the_page_shows_no_comment_text(client, cluster):
    page = client.get("/").content.decode()
    assert "htmx swaps 4xx answers" not in page
