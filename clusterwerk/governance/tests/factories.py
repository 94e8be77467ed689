"""Small builders for governance tests (plain functions), written straight to the database.

- `make_body(cluster, **overrides)` – the Strategischer Beirat ("beirat"), public.
- `make_member(body, email_or_user, **overrides)` – an active member (term since a year ago);
  `email_or_user=None` for a member without an account.
- `make_meeting(body, **overrides)` – a meeting in two weeks, 10–13 h, in preparation.
- `make_decision(meeting, **overrides)`, `make_action_item(meeting, owner, **overrides)`.
- `pdf_bytes()` – a small valid PDF.
"""

import datetime

from django.utils import timezone

from clusterwerk.governance.models import (
    ActionItem,
    Body,
    BodyKind,
    BodyMember,
    Decision,
    DecisionMode,
    Meeting,
    MemberFunction,
)
from conftest import make_user


def make_body(cluster, **overrides) -> Body:
    values = {
        "cluster": cluster,
        "kind": BodyKind.ADVISORY_BOARD,
        "slug": "beirat",
        "name": "Strategischer Beirat",
        "name_en": "Strategic Advisory Board",
        "name_genitive": "des Strategischen Beirats",
        "description": "Berät das Clustermanagement bei der Umsetzung des Masterplans.",
        "is_public": True,
    }
    values.update(overrides)
    return Body.objects.create(**values)


def make_member(body, email_or_user=None, **overrides) -> BodyMember:
    user = email_or_user
    if isinstance(email_or_user, str):
        user = make_user(email_or_user)
    values = {
        "body": body,
        "user": user,
        "name": overrides.pop("name", None)
        or (user.get_full_name() if user else "")
        or (user.email if user else "Mitglied"),
        "function": MemberFunction.MEMBER,
        "term_start": timezone.localdate() - datetime.timedelta(days=365),
    }
    values.update(overrides)
    return BodyMember.objects.create(**values)


def make_meeting(body, **overrides) -> Meeting:
    day = timezone.localdate() + datetime.timedelta(days=14)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    values = {
        "body": body,
        "title": f"{body.name}: Sitzung {day:%d.%m.%Y}",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
        "place": "ZAB, Babelsberger Straße 21, 14473 Potsdam",
    }
    values.update(overrides)
    return Meeting.objects.create(**values)


def make_decision(meeting, **overrides) -> Decision:
    values = {
        "meeting": meeting,
        "text": "Der Beirat empfiehlt, die Fachkräftesicherung zu stärken.",
        "mode": DecisionMode.CONSENSUS,
    }
    values.update(overrides)
    return Decision.objects.create(**values)


def make_action_item(meeting, owner, **overrides) -> ActionItem:
    values = {
        "meeting": meeting,
        "title": "Entwurf der Stellungnahme verschicken",
        "owner": owner,
        "owner_name": owner.get_full_name() or owner.email,
        "due_on": meeting.starts_at.date() + datetime.timedelta(days=30),
    }
    values.update(overrides)
    return ActionItem.objects.create(**values)


PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf_bytes() -> bytes:
    """A minimal PDF that passes `core.pdf_check.check_pdf`."""
    return PDF
