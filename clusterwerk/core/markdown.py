"""A small, safe Markdown subset for what people write (comments in the participation, the
minutes of an event), rendered on the server; templates use the `markdown` filter.

Safe by construction: the whole text is HTML-escaped first, then a few patterns of the escaped
text become tags we write ourselves. Nothing the author typed can become a tag or attribute
of their own, so script and HTML payloads stay visible text.

Supported: paragraphs (blank line), line breaks, **bold**, *italic*, `code`, lists with "- "
or "* ", and links [text](https://…) or bare https:// addresses (http/https only, opened with
rel="nofollow ugc noopener").
"""

import re
from html import escape

MAX_LINK_LENGTH = 500

# The text is escaped already: an address ends before an escaped quote or angle bracket.
_URL_CHAR = r"(?:(?!&(?:quot|lt|gt|#x27);)[^\s<>\"'])"
_LINK = re.compile(
    rf"\[([^\[\]\n]{{1,200}})\]\((https?://(?:(?![()]){_URL_CHAR}){{1,{MAX_LINK_LENGTH}}})\)"
)
_BARE_URL = re.compile(rf"(?<![\"=/\w])(https?://{_URL_CHAR}{{1,{MAX_LINK_LENGTH}}})")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_CODE = re.compile(r"`([^`\n]{1,200})`")
_LIST_ITEM = re.compile(r"^\s*[-*]\s+(.*)$")
_TRAILING_PUNCTUATION = ".,;:!?)"


def _anchor(url: str, text: str) -> str:
    return f'<a href="{url}" rel="nofollow ugc noopener">{text}</a>'


def _bare_link(match: re.Match) -> str:
    url = match.group(1)
    tail = ""
    while url and url[-1] in _TRAILING_PUNCTUATION:
        url, tail = url[:-1], url[-1] + tail
    return _anchor(url, url) + tail


def _inline_text(part: str) -> str:
    """Links are set aside as placeholders first, so emphasis cannot break their markup."""
    links: list[str] = []

    def keep(html: str) -> str:
        links.append(html)
        return f"\x00{len(links) - 1}\x00"

    part = _LINK.sub(lambda m: keep(_anchor(m.group(2), m.group(1))), part)
    part = _BARE_URL.sub(lambda m: keep(_bare_link(m)), part)
    part = _BOLD.sub(r"<strong>\1</strong>", part)
    part = _ITALIC.sub(r"<em>\1</em>", part)
    return re.sub(r"\x00(\d+)\x00", lambda m: links[int(m.group(1))], part)


def _inline(escaped: str) -> str:
    """Inline markup of one escaped line; code spans are kept out of the other rules."""
    parts = _CODE.split(escaped)
    rendered = []
    for index, part in enumerate(parts):
        if index % 2:
            rendered.append(f"<code>{part}</code>")
            continue
        rendered.append(_inline_text(part))
    return "".join(rendered)


def _block(lines: list[str]) -> str:
    items = [_LIST_ITEM.match(line) for line in lines]
    if all(items):
        return "<ul>" + "".join(f"<li>{_inline(m.group(1))}</li>" for m in items) + "</ul>"
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def render(text: str) -> str:
    """The comment as HTML of the supported subset; the input is never trusted."""
    escaped = escape((text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", ""))
    blocks = [block for block in re.split(r"\n\s*\n", escaped) if block.strip()]
    return "\n".join(
        _block([line.rstrip() for line in block.strip().split("\n")]) for block in blocks
    )
