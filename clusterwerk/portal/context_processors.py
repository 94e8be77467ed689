from clusterwerk.accounts.permissions import is_authenticated, manages_cluster


def dashboards(request) -> dict:
    """`manages_request_cluster` for the navigation's "Aufgaben" link; asked only when a
    template uses it, and only for people who are logged in."""

    def manages_request_cluster() -> bool:
        user = getattr(request, "user", None)
        if not is_authenticated(user):
            return False
        cluster = getattr(request, "cluster", None)
        return bool(cluster) and manages_cluster(user, cluster)

    return {"manages_request_cluster": manages_request_cluster}
