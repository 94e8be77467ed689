from django.conf import settings


def site(request):
    return {"DEFAULT_CLUSTER_SLUG": settings.DEFAULT_CLUSTER_SLUG, "DEBUG": settings.DEBUG}
