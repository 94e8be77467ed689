"""The public cluster profile: `/profil/` in German, `/profil/en/` in English (UI strings in
English, the content from the `*_en` fields with the German text – marked `lang="de"` – where
there is no English). Public for everybody; until published a neutral minimal profile (see
`queries`)."""

from django.shortcuts import render
from django.urls import path, reverse
from django.utils import translation

from clusterwerk.clusterprofile.jsonld import organization_json_ld
from clusterwerk.clusterprofile.opendata import DATASETS
from clusterwerk.clusterprofile.queries import manages_profile, profile_page
from clusterwerk.core.jsonld import json_ld_script
from clusterwerk.core.tenancy import request_cluster


def _render(request, *, english: bool):
    cluster = request_cluster(request)
    language = "en" if english else "de"
    with translation.override(language):
        page = profile_page(cluster, user=request.user, english=english)
        url = request.build_absolute_uri(
            reverse("clusterprofile:profile-en" if english else "clusterprofile:profile")
        )
        context = {
            "page": page,
            "can_edit": manages_profile(request.user, cluster),
            "datasets": DATASETS.values(),
            "url_de": request.build_absolute_uri(reverse("clusterprofile:profile")),
            "url_en": request.build_absolute_uri(reverse("clusterprofile:profile-en")),
            "json_ld": json_ld_script(organization_json_ld(page, url=url)),
        }
        response = render(request, "clusterprofile/profile.html", context)
    response["Content-Language"] = language
    return response


def profile(request):
    return _render(request, english=False)


def profile_en(request):
    return _render(request, english=True)


urlpatterns = [
    path("profil/", profile, name="profile"),
    path("profil/en/", profile_en, name="profile-en"),
]
