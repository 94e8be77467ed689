"""The bodies' badge source for participation (registered in `apps.py`)."""

from django.db.models import Q
from django.utils import timezone

from clusterwerk.governance.models import BodyMember


def body_badges(cluster, user_ids: set[int]) -> dict[int, list[str]]:
    """Active memberships in `cluster`'s bodies of members who chose to show them."""
    today = timezone.localdate()
    members = (
        BodyMember.objects.filter(
            body__cluster=cluster, user_id__in=user_ids, show_badge=True, term_start__lte=today
        )
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .select_related("body")
        .order_by("body__order", "body__name")
    )
    result: dict[int, list[str]] = {}
    for member in members:
        result.setdefault(member.user_id, []).append(member.badge)
    return result
