"""Badges next to contributions in consultations: a contributor's function in one of the
cluster's bodies ("Mitglied – Strategischer Beirat"), shown only where the person chose so.

Participation sits below the bodies (governance), so the bodies register a badge source here
in their `AppConfig.ready`: a callable `(cluster, user_ids) -> {user_id: [label, …]}` that
answers for all users at once (one or two queries, whatever the number of contributions)."""

from collections.abc import Callable, Iterable

BadgeSource = Callable[[object, set[int]], dict[int, list[str]]]

_sources: list[BadgeSource] = []


def register_badge_source(source: BadgeSource) -> None:
    if source not in _sources:
        _sources.append(source)


def badges_for(cluster, user_ids: Iterable[int | None]) -> dict[int, list[str]]:
    """The labels to show per author of `cluster`'s contributions (empty dict when none)."""
    ids = {pk for pk in user_ids if pk}
    result: dict[int, list[str]] = {}
    if not ids:
        return result
    for source in _sources:
        for user_id, labels in source(cluster, ids).items():
            result.setdefault(user_id, []).extend(labels)
    return result


def attach_badges(cluster, items: Iterable) -> None:
    """Sets `author_badges` on each contribution (anything with `author_id`): one call of
    `badges_for` for all their authors."""
    items = list(items)
    found = badges_for(cluster, {item.author_id for item in items})
    for item in items:
        item.author_badges = found.get(item.author_id, [])
