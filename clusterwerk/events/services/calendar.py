"""The secret address of a person's calendar feed: created on first use, renewed on request
(the old address stops working at once)."""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import is_authenticated
from clusterwerk.events.models import CalendarFeedToken

TOKEN_BYTES = 32


@transaction.atomic
def renew_feed_token(*, user) -> CalendarFeedToken:
    """A new feed address for `user` (the first, or one that replaces the old)."""
    if not is_authenticated(user):
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    feed = CalendarFeedToken.objects.select_for_update().filter(user=user).first()
    if feed is None:
        feed = CalendarFeedToken(user=user)
    feed.token = secrets.token_urlsafe(TOKEN_BYTES)
    feed.created_at = timezone.now()
    feed.full_clean()
    feed.save()
    return feed
