from django.urls import path

from clusterwerk.participation.views import (
    consultations,
    decisions,
    elements,
    moderation,
    profile,
    proposals,
    records,
    results,
)

app_name = "participation"

S = "beteiligung/<slug:slug>"

urlpatterns = [
    path("beteiligung/", consultations.consultation_list, name="list"),
    path("beteiligung/neu/", consultations.consultation_create, name="create"),
    path("beteiligung/profil/", profile.participant_profile, name="profile"),
    path("beteiligung/benachrichtigungen/", profile.notification_list, name="notifications"),
    path("beteiligung/interviews/", records.interview_list, name="interviews"),
    path("beteiligung/interviews/neu/", records.interview_create, name="interview-create"),
    path("beteiligung/interviews/<int:pk>/", records.interview_edit, name="interview-edit"),
    path("beteiligung/workshops/", records.workshop_list, name="workshops"),
    path("beteiligung/workshops/neu/", records.workshop_create, name="workshop-create"),
    path("beteiligung/workshops/<int:pk>/", records.workshop_edit, name="workshop-edit"),
    path(f"{S}/", consultations.consultation_detail, name="detail"),
    path(f"{S}/bearbeiten/", consultations.consultation_edit, name="edit"),
    path(f"{S}/phase-beenden/", consultations.phase_close, name="phase-close"),
    path(f"{S}/folgen/", consultations.follow_toggle, name="follow"),
    path(f"{S}/<str:kind>/<uuid:lineage>/", elements.element_page, name="element"),
    path(f"{S}/kommentar/<int:pk>/bearbeiten/", elements.comment_edit, name="comment-edit"),
    path(f"{S}/kommentar/<int:pk>/loeschen/", elements.comment_delete, name="comment-delete"),
    path(f"{S}/vorschlag/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path(
        f"{S}/vorschlag/neu/<uuid:key_point>/",
        proposals.topic_area_proposal,
        name="proposal-new-topic",
    ),
    path(f"{S}/vorschlag/<int:pk>/unterstuetzen/", proposals.support_toggle, name="support"),
    path(f"{S}/vorschlag/<int:pk>/entscheiden/", decisions.proposal_decide, name="decide"),
    path(f"{S}/vorschlag/<int:pk>/uebernehmen/", decisions.proposal_apply, name="apply"),
    path(f"{S}/melden/<str:target>/<int:pk>/", moderation.report_content, name="report"),
    path(f"{S}/moderation/", moderation.moderation_queue, name="moderation"),
    path(
        f"{S}/moderation/<str:action>/<str:target>/<int:pk>/",
        moderation.moderate_content,
        name="moderate",
    ),
    path(f"{S}/moderation/sperre/<int:user_id>/", moderation.block_toggle, name="block"),
    path(f"{S}/ergebnisse/", results.results_page, name="results"),
    path(f"{S}/export/<str:what>.<str:file_format>", results.results_export, name="export"),
]
