"""Shared builders for the check-in tests: an event that runs now (the pinned clock), an
organiser, a confirmed registration with a ticket."""

import datetime
import re

from django.utils import timezone

from clusterwerk.events.tests.factories import make_event, make_registration


def running_event(cluster, **overrides):
    """An event that started half an hour ago (check-in open)."""
    starts_at = timezone.now() - datetime.timedelta(minutes=30)
    return make_event(cluster, starts_at=starts_at, **overrides)


def ticket(event, **overrides):
    return make_registration(event, **overrides)


def svg_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules (x, y) of a segno SVG: its one path draws each run of dark modules
    in a row as a horizontal line ("M x y.5 h n m dx dy …", relative after the first move)."""
    path = re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHhVv])([-\d. ]+)", path):
        values = [float(value) for value in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        elif command == "h":
            for column in range(round(values[0])):
                dark.add((int(x) + column, int(y)))
            x += values[0]
        else:  # pragma: no cover - segno draws rows only
            raise AssertionError(f"unexpected path command {command}")
    return dark


def matrix_modules(matrix, border: int = 4) -> set[tuple[int, int]]:
    return {
        (x + border, y + border)
        for y, row in enumerate(matrix)
        for x, value in enumerate(row)
        if value & 1
    }
