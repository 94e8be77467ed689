"""`{% calendar_feed %}`: the box with the address of the person's calendar feed (for
"Meine Veranstaltungen" and "Mein Bereich"); it needs `request` in the context."""

from django import template

register = template.Library()


@register.inclusion_tag("events/_calendar_feed.html", takes_context=True)
def calendar_feed(context):
    from clusterwerk.events.views.calendar import feed_context

    request = context["request"]
    return {**feed_context(request), "request": request, "csrf_token": context.get("csrf_token")}
