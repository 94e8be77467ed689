"""JSON-LD for a page: data as the text of a <script type="application/ld+json"> element."""

import json

from django.utils.safestring import SafeString, mark_safe


def json_ld_script(data: dict) -> SafeString:
    """`data` as JSON that is safe inside the script element: "</script>" (or any markup) in a
    value must not end it, so <, > and & are written as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)
