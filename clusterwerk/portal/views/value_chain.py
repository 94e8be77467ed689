"""The value-chain view (Wertschöpfungsanalyse, gap analysis of masterplan 5.1.3) of the
request's cluster: the directory's competences against the topic areas of its masterplan.

Everyone may read it: it shows published directory data only. Unusable input (an unknown topic
area, a keyword without searchable words) is answered with the form, the German reason and
status 400.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from clusterwerk.portal.value_chain import (
    BRANDENBURG_DISTRICTS,
    NEIGHBOUR_STATES,
    SHOWN_CANDIDATES,
    SHOWN_HITS,
    value_chain_page,
)


def value_chain(request: HttpRequest) -> HttpResponse:
    if not request.cluster:
        raise Http404(_("Dieses Cluster gibt es nicht."))
    page = value_chain_page(request.cluster, request.GET)
    return render(
        request,
        "portal/value_chain.html",
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
