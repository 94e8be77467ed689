"""Template filters shared by all apps."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from clusterwerk.core.markdown import render as render_markdown

register = template.Library()

BULLET = "•"


@register.filter
def plan_text(text: str) -> str:
    """Plain text with blank-line paragraphs (and "• " list items) as HTML, escaped."""
    html = []
    items: list[str] = []
    for paragraph in (text or "").split("\n\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if paragraph.startswith(BULLET):
            items.append(escape(paragraph.lstrip(BULLET).strip()))
            continue
        if items:
            html.append(list_html(items))
            items = []
        html.append("<p>" + escape(paragraph).replace("\n", "<br>") + "</p>")
    if items:
        html.append(list_html(items))
    return mark_safe("".join(html))  # every piece is escaped above


def list_html(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


@register.filter
def markdown(text: str) -> str:
    """Text in the safe Markdown subset (`core.markdown`) as HTML."""
    return mark_safe(render_markdown(text))  # escaped first, only our own tags added
