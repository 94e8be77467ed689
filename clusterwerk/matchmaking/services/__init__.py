"""Every write in the Kooperationsbörse: listings through their review, expressions of interest
and their decision, saved searches, the demo listings. Keyword-only, permission-checked, in a
transaction; German errors keyed by field. Writes of a cluster's listings take the cluster
explicitly (the request's) or reach it through a listing found by the funnel of that cluster.

By module: `listing_data` (the listing format and its validation), `listings`, `interests`,
`saved_searches`, `demo` (bulk), `notifications` (the e-mails they send).
"""

from clusterwerk.matchmaking.services.demo import (
    DemoInterest,
    DemoListing,
    delete_demo_listings,
    replace_demo_listings,
)
from clusterwerk.matchmaking.services.interests import (
    accept_interest,
    decline_interest,
    send_interest,
    withdraw_interest,
)
from clusterwerk.matchmaking.services.listing_data import (
    MAX_DESCRIPTION,
    MAX_DISTRICTS,
    MAX_KEYWORD,
    MAX_KEYWORDS,
    MAX_MESSAGE,
    MAX_TITLE,
    MAX_TOPICS,
    MIN_DESCRIPTION,
    clean_listing,
    listing_data,
    listing_edit_conflict,
)
from clusterwerk.matchmaking.services.listings import (
    approve_listing,
    close_listing,
    create_listing,
    expire_listings,
    return_listing,
    submit_listing,
    update_listing,
)
from clusterwerk.matchmaking.services.saved_searches import (
    MAX_SAVED_SEARCHES,
    delete_saved_search,
    mark_search_seen,
    record_digest_sent,
    save_search,
)

__all__ = [
    "MAX_DESCRIPTION",
    "MAX_DISTRICTS",
    "MAX_KEYWORD",
    "MAX_KEYWORDS",
    "MAX_MESSAGE",
    "MAX_SAVED_SEARCHES",
    "MAX_TITLE",
    "MAX_TOPICS",
    "MIN_DESCRIPTION",
    "DemoInterest",
    "DemoListing",
    "accept_interest",
    "approve_listing",
    "clean_listing",
    "close_listing",
    "create_listing",
    "decline_interest",
    "delete_demo_listings",
    "delete_saved_search",
    "expire_listings",
    "listing_data",
    "listing_edit_conflict",
    "mark_search_seen",
    "record_digest_sent",
    "replace_demo_listings",
    "return_listing",
    "save_search",
    "send_interest",
    "submit_listing",
    "update_listing",
    "withdraw_interest",
]
