"""Reads of a consultation's proposals as a whole: the sortable list on the consultation page
(and in the API), and the data of one proposal's page with its comment thread.

Visibility: a proposal hidden by the moderation is left out of the consultation's list for
everybody but the moderators (the cluster management of the consultation's cluster) and its
author, who see it marked as hidden with the public reason. (The API's list keeps hidden
proposals in their place without their texts, as documented there.)

Every read runs a fixed number of queries, whatever the number of proposals: the proposals
with their counts (one), the user's supports (one), the plan elements (one per element kind)
and the authors' badges (one call of `badges_for` for all of them).
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q

from clusterwerk.masterplan.models import number_sort_key
from clusterwerk.participation.badges import attach_badges
from clusterwerk.participation.models import Proposal
from clusterwerk.participation.permissions import can_moderate
from clusterwerk.participation.queries.contributions import (
    comment_thread,
    proposals_with_supports,
    thread_comments,
)

SUPPORT, NEWEST, ELEMENT = "support", "newest", "element"
SORTS = (SUPPORT, NEWEST, ELEMENT)
# The page's GET parameter `sortierung` in German, the API's `sort` in English.
PAGE_SORTS = {"unterstuetzung": SUPPORT, "neueste": NEWEST, "element": ELEMENT}
DEFAULT_PAGE_SORT = "unterstuetzung"
PAGE_SIZE = 20
# Sorting beyond the plan's numbers: a proposal whose element is not in the edition.
_NO_NUMBER = (10**6,)


def sort_proposals(proposals: list[Proposal], sort: str) -> list[Proposal]:
    """`proposals` (newest first, from `proposals_with_supports`) in the order `sort`:
    most supported first, newest first, or by element in the masterplan's order (a new topic
    area under its key point). Ties keep the newest first."""
    if sort == SUPPORT:
        return sorted(proposals, key=lambda proposal: -proposal.support_count)
    if sort == ELEMENT:
        return sorted(
            proposals,
            key=lambda proposal: (
                number_sort_key(proposal.element.number) if proposal.element else _NO_NUMBER
            ),
        )
    return list(proposals)


def consultation_proposals(
    user, consultation, *, sort: str = SUPPORT, keep_hidden: bool = False
) -> list[Proposal]:
    """All proposals of the consultation the person may see in the list, sorted, each with
    `support_count`, `comment_count`, `supported_by_user`, `author_name`, `element` and
    `headline` (see `proposals_with_supports`). `keep_hidden`: hidden proposals stay for
    everybody (the API shows them without texts)."""
    proposals = Proposal.objects.filter(consultation=consultation)
    if not keep_hidden and not can_moderate(user, consultation):
        shown = Q(hidden_at__isnull=True)
        if user.is_authenticated:
            shown |= Q(author=user)
        proposals = proposals.filter(shown)
    return sort_proposals(proposals_with_supports(user, proposals), sort)


@dataclass
class ProposalList:
    sort: str  # the page's value of `sortierung`
    page: Page  # the proposals of this page, with `author_badges`
    total: int
    show_all: bool

    @property
    def proposals(self) -> list[Proposal]:
        return list(self.page.object_list)


def proposal_list(user, consultation, params) -> ProposalList:
    """The consultation page's list from its GET parameters: `sortierung` (unterstuetzung,
    neueste, element; anything else the default), `seite` (the page, 20 per page) and `alle`
    (every proposal on one page)."""
    sort = params.get("sortierung", "")
    if sort not in PAGE_SORTS:
        sort = DEFAULT_PAGE_SORT
    proposals = consultation_proposals(user, consultation, sort=PAGE_SORTS[sort])
    show_all = params.get("alle") == "1"
    paginator = Paginator(proposals, max(len(proposals), 1) if show_all else PAGE_SIZE)
    page = paginator.get_page(params.get("seite"))
    attach_badges(consultation.cluster, page.object_list)
    return ProposalList(sort=sort, page=page, total=len(proposals), show_all=show_all)


def proposal_comments(user, consultation, proposal, *, can_comment: bool) -> list:
    """The comment thread of a proposal; the badges of its authors and of the proposal's
    author are loaded at once (the proposal gets `author_badges` too)."""
    comments = comment_thread(
        user,
        consultation,
        proposal.element_lineage,
        can_comment=can_comment,
        proposal=proposal,
    )
    attach_badges(consultation.cluster, [proposal, *thread_comments(comments)])
    return comments
