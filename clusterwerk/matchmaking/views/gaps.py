"""The value-chain view (Wertschöpfungsanalyse, gap analysis of masterplan 5.1.3).

Everyone may read it: it shows published directory data only. Unusable input (an unknown topic
area, a keyword without searchable words) is answered with the form, the German reason and
status 400.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clusterwerk.matchmaking.value_chain import (
    BRANDENBURG_DISTRICTS,
    NEIGHBOUR_STATES,
    SHOWN_CANDIDATES,
    SHOWN_HITS,
    value_chain_page,
)


def value_chain(request: HttpRequest) -> HttpResponse:
    page = value_chain_page(request.GET)
    return render(
        request,
        "matchmaking/value_chain.html",
        {
            "page": page,
            "query": page.query,
            "result": page.result,
            "coverage": page.coverage,
            "district_total": BRANDENBURG_DISTRICTS,
            "neighbour_states": [str(label) for _code, label in NEIGHBOUR_STATES],
            "shown_hits": SHOWN_HITS,
            "shown_candidates": SHOWN_CANDIDATES,
        },
        status=200 if page.query.is_valid else 400,
    )
