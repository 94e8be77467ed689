from django.urls import path

from clusterwerk.matchmaking.views import (
    conversations,
    interests,
    listings,
    pipeline,
    review,
    saved,
    search,
)

app_name = "matchmaking"

urlpatterns = [
    path("kooperation/", listings.listing_list, name="listing-list"),
    path("kooperation/neu/", listings.listing_create, name="listing-create"),
    path("kooperation/meine/", listings.my_listings, name="my-listings"),
    path("kooperation/export.csv", saved.listing_export, name="listing-export"),
    path("kooperation/partnersuche/", search.partner_search, name="partner-search"),
    path("kooperation/pruefung/", review.review_queue, name="review-queue"),
    path("kooperation/vermittlung/", pipeline.brokerage_pipeline, name="pipeline"),
    path("kooperation/suchen/", saved.saved_search_list, name="saved-search-list"),
    path("kooperation/suchen/neu/", saved.saved_search_create, name="saved-search-create"),
    path("kooperation/suchen/<int:pk>/", saved.saved_search_hits, name="saved-search-hits"),
    path(
        "kooperation/suchen/<int:pk>/loeschen/",
        saved.saved_search_delete,
        name="saved-search-delete",
    ),
    path(
        "kooperation/gespraech/<int:pk>/",
        conversations.conversation_detail,
        name="conversation",
    ),
    path(
        "kooperation/gespraech/<int:pk>/nachricht/",
        conversations.message_send,
        name="message-send",
    ),
    path(
        "kooperation/gespraech/<int:pk>/termin/",
        conversations.meeting_propose,
        name="meeting-propose",
    ),
    path(
        "kooperation/gespraech/<int:pk>/ergebnis/",
        conversations.outcome_record,
        name="outcome-record",
    ),
    path(
        "kooperation/termin/<int:pk>/zusagen/", conversations.meeting_accept, name="meeting-accept"
    ),
    path(
        "kooperation/termin/<int:pk>/absagen/",
        conversations.meeting_decline,
        name="meeting-decline",
    ),
    path(
        "kooperation/termin/<int:pk>/termin.ics",
        conversations.meeting_calendar,
        name="meeting-ics",
    ),
    path(
        "kooperation/nachrichten/moderation/",
        conversations.message_moderation,
        name="message-moderation",
    ),
    path(
        "kooperation/nachricht/<int:pk>/melden/",
        conversations.message_report,
        name="message-report",
    ),
    path(
        "kooperation/nachricht/<int:pk>/ausblenden/",
        conversations.message_hide,
        name="message-hide",
    ),
    path(
        "kooperation/nachricht/<int:pk>/meldungen-verwerfen/",
        conversations.message_dismiss,
        name="message-dismiss",
    ),
    path("kooperation/<int:pk>/", listings.listing_detail, name="listing-detail"),
    path("kooperation/<int:pk>/bearbeiten/", listings.listing_edit, name="listing-edit"),
    path("kooperation/<int:pk>/einreichen/", listings.listing_submit, name="listing-submit"),
    path("kooperation/<int:pk>/beenden/", listings.listing_close, name="listing-close"),
    path("kooperation/<int:pk>/freigeben/", review.listing_approve, name="listing-approve"),
    path("kooperation/<int:pk>/zurueckgeben/", review.listing_return, name="listing-return"),
    path("kooperation/<int:pk>/interesse/", interests.interest_send, name="interest-send"),
    path(
        "kooperation/interesse/<int:pk>/annehmen/",
        interests.interest_accept,
        name="interest-accept",
    ),
    path(
        "kooperation/interesse/<int:pk>/ablehnen/",
        interests.interest_decline,
        name="interest-decline",
    ),
    path(
        "kooperation/interesse/<int:pk>/zurueckziehen/",
        interests.interest_withdraw,
        name="interest-withdraw",
    ),
]
