"""The bodies' badge source for participation (registered in `apps.py`)."""

from clusterwerk.governance.models import BodyMember, in_term


def body_badges(cluster, user_ids: set[int]) -> dict[int, list[str]]:
    """Active memberships in `cluster`'s bodies of members who chose to show them."""
    members = (
        BodyMember.objects.filter(
            in_term(), body__cluster=cluster, user_id__in=user_ids, show_badge=True
        )
        .select_related("body")
        .order_by("body__order", "body__name")
    )
    result: dict[int, list[str]] = {}
    for member in members:
        result.setdefault(member.user_id, []).append(member.badge)
    return result
