"""What the masterplan's pages share – also the portal's composed topic-area page: the
frame of every page of an edition."""

from clusterwerk.accounts.permissions import can_manage_masterplan
from clusterwerk.core import versions
from clusterwerk.masterplan import queries


def edition_context(request, edition, element=None) -> dict:
    """What every page of an edition shows: the switcher and the user's rights."""
    editions = list(queries.visible_editions(request.user, edition.cluster))
    can_manage = can_manage_masterplan(request.user, edition.cluster)
    return {
        "cluster": edition.cluster,
        "edition": edition,
        "editions": editions,
        "element": element,
        "can_manage": can_manage,
        "can_edit": edition.is_draft and can_manage,
    }


def cached_tree(edition):
    """`queries.load_tree(edition)` from the cache, per masterplan data version (every change
    of an edition's tree goes through the services, which bump it)."""
    return versions.get_or_set(
        "edition-tree",
        edition.cluster_id,
        [versions.MASTERPLAN],
        lambda: queries.load_tree(edition),
        edition.pk,
        daily=False,
    )
