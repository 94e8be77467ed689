from django.urls import path

from clusterwerk.actors.views import directory, district_map, joining, profile, transfer

app_name = "actors"

urlpatterns = [
    path("willkommen/", joining.welcome, name="welcome"),
    path("willkommen/neue-organisation/", joining.register, name="register"),
    path("willkommen/organisation/<int:pk>/", joining.claim_create, name="claim-create"),
    path(
        "willkommen/antrag/<int:pk>/zurueckziehen/", joining.claim_withdraw, name="claim-withdraw"
    ),
    path("einladung/<str:token>/", joining.invitation_accept, name="invitation-accept"),
    path("akteure/zuordnungen/", joining.claim_queue, name="claim-queue"),
    path("akteure/zuordnungen/<int:pk>/", joining.claim_detail, name="claim-detail"),
    path("akteure/einladungen/", joining.invitations, name="invitations"),
    path("akteure/", directory.actor_directory, name="directory"),
    path("akteure/export.<str:file_format>", directory.directory_export, name="directory-export"),
    path("akteure/karte/", district_map.district_map, name="map"),
    path("akteure/import/", transfer.import_actors, name="import"),
    path("akteure/import/<uuid:job_id>/", transfer.import_job, name="import-job"),
    path("akteure/import/vorlage.csv", transfer.import_template, name="import-template"),
    path("akteure/neu/", profile.actor_create, name="create"),
    path("akteure/pruefung/", profile.review_queue, name="review-queue"),
    path("akteure/pruefung/<int:request_id>/", profile.review_change, name="review"),
    path("akteure/<int:pk>/", profile.actor_redirect, name="by-id"),
    # The profile page itself (with projects) is the portal's: "portal:actor-profile".
    path("akteure/<int:pk>/<slug:slug>/bearbeiten/", profile.actor_edit, name="edit"),
    path("akteure/<int:pk>/<slug:slug>/verlauf/", profile.actor_history, name="history"),
    path("akteure/<int:pk>/<slug:slug>/zusammenfuehren/", profile.actor_merge, name="merge"),
    path("akteure/<int:pk>/<slug:slug>/archivieren/", profile.actor_archive, name="archive"),
    path(
        "akteure/ansprechperson/<int:contact_id>/daten/",
        profile.contact_data_export,
        name="contact-export",
    ),
    path(
        "akteure/ansprechperson/<int:contact_id>/anonymisieren/",
        profile.contact_erase,
        name="contact-erase",
    ),
]
