"""The "neue Treffer" count of the user's saved searches in the request's cluster, for the
navigation in `base.html`."""

from clusterwerk.accounts.permissions import is_authenticated
from clusterwerk.matchmaking.saved_searches import cached_new_hit_count


def new_hits(request) -> dict:
    user = getattr(request, "user", None)
    cluster = getattr(request, "cluster", None)
    if not is_authenticated(user) or not cluster:
        return {}
    return {"matchmaking_new_hits": cached_new_hit_count(user, cluster)}
