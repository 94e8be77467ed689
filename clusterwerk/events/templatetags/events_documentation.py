"""`{% public_follow_ups event as items %}`: an event's follow-ups with the addresses of the
linked objects the reader may open (for `events/_documentation_public.html`)."""

from django import template

from clusterwerk.events.queries_documentation import follow_up_items

register = template.Library()


@register.simple_tag(takes_context=True)
def public_follow_ups(context, event):
    request = context.get("request")
    user = getattr(request, "user", None)
    return follow_up_items(user, event)
