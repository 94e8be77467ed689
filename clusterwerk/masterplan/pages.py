"""What the masterplan's pages share – also the portal's composed topic-area page: the
request's cluster and the frame of every page of an edition."""

from django.http import Http404
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import can_manage_masterplan
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan import queries


def request_cluster(request) -> Cluster:
    """The cluster the request is for (`ClusterMiddleware`); 404 on an instance without one."""
    if not request.cluster:
        raise Http404(_("Dieses Cluster gibt es nicht."))
    return request.cluster


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
