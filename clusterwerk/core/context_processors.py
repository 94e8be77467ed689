from django.conf import settings


def site(request):
    # The slug of the request's cluster without a query for the default cluster (the prefix
    # middleware has loaded a prefixed one already).
    if getattr(request, "cluster_prefixed", False):
        cluster_slug = request.cluster.slug
    else:
        cluster_slug = settings.DEFAULT_CLUSTER_SLUG
    return {
        "cluster_slug": cluster_slug,
        "DEFAULT_CLUSTER_SLUG": settings.DEFAULT_CLUSTER_SLUG,
        "DEBUG": settings.DEBUG,
    }
