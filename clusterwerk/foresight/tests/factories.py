"""Small builders for foresight tests (plain functions, no factory framework), written straight
to the database so that each test states only what it is about.

- `make_cycle(cluster, **overrides)` – a real-time cycle in the rating phase with the default
  criteria, segments and rings (`defaults.py`); `status=`, `mode=`, `year=`, `slug=`,
  `with_defaults=False` for a bare cycle.
- `make_item(cycle, key, **overrides)` – a technology item in the first segment; `topics=` a
  list of topic-area lineages.
- `make_panellist(cycle, email, **overrides)` – a user with an accepted seat (pseudonym
  "Expert/in NN", group Wirtschaft); `user=None, accepted=False` for an open invitation.
- `rate(panellist, item, values, **overrides)` – ratings by criterion role, e.g.
  `{"impact": 4, "horizon": 2}` (`None` = cannot judge); `round=`, `reason=`; `expertise=`.
- `criterion(cycle, role)` – the cycle's criterion with that role.
"""

import datetime
import secrets

from django.utils import timezone

from clusterwerk.foresight.defaults import DEFAULT_CRITERIA, DEFAULT_RINGS, DEFAULT_SEGMENTS
from clusterwerk.foresight.models import (
    Criterion,
    Cycle,
    Expertise,
    Item,
    ItemKind,
    ItemTopicArea,
    Mode,
    Panellist,
    Rating,
    Ring,
    Segment,
    StakeholderGroup,
    Status,
    Steep,
)
from conftest import make_user


def make_cycle(cluster, **overrides) -> Cycle:
    with_defaults = overrides.pop("with_defaults", True)
    year = overrides.pop("year", timezone.localdate().year)
    today = timezone.localdate()
    values = {
        "cluster": cluster,
        "year": year,
        "slug": f"foresight-{year}",
        "title": f"Foresight {year}",
        "description": "Welche Entwicklungen verändern die Metallbranche in Brandenburg?",
        "mode": Mode.REALTIME,
        "status": Status.RATING,
        "period_start": today - datetime.timedelta(days=7),
        "period_end": today + datetime.timedelta(days=21),
        "opened_at": timezone.now() - datetime.timedelta(days=7),
    }
    values.update(overrides)
    cycle = Cycle.objects.create(**values)
    if with_defaults:
        for order, data in enumerate(DEFAULT_CRITERIA):
            Criterion.objects.create(
                cycle=cycle,
                order=order,
                role=data["role"],
                name=str(data["name"]),
                question=str(data["question"]),
                labels=[str(label) for label in data["labels"]],
                consensus_iqr=data["consensus_iqr"],
            )
        for order, name in enumerate(DEFAULT_SEGMENTS):
            Segment.objects.create(cycle=cycle, name=str(name), order=order)
        for order, (name, upper) in enumerate(DEFAULT_RINGS):
            Ring.objects.create(cycle=cycle, name=str(name), upper=upper, order=order)
    return cycle


def criterion(cycle: Cycle, role: str) -> Criterion:
    return Criterion.objects.get(cycle=cycle, role=role)


def make_item(cycle: Cycle, key: str, **overrides) -> Item:
    topics = overrides.pop("topics", [])
    values = {
        "cycle": cycle,
        "key": key,
        "title": f"Item {key}",
        "description": "Eine Entwicklung, die das Panel einschätzt.",
        "kind": ItemKind.TECHNOLOGY,
        "steep": Steep.TECHNOLOGICAL,
        "segment": cycle.segments.first(),
    }
    values.update(overrides)
    item = Item.objects.create(**values)
    for lineage in topics:
        ItemTopicArea.objects.create(item=item, topic_lineage=lineage)
    return item


def make_panellist(cycle: Cycle, email: str, **overrides) -> Panellist:
    accepted = overrides.pop("accepted", True)
    user = overrides.pop("user") if "user" in overrides else make_user(email, cycle.cluster)
    number = Panellist.objects.filter(cycle=cycle).count() + 1
    values = {
        "cycle": cycle,
        "user": user,
        "name": email.split("@")[0].replace(".", " ").title(),
        "email": email,
        "pseudonym": f"Expert/in {number:02d}",
        "stakeholder_group": StakeholderGroup.BUSINESS,
        "token": secrets.token_urlsafe(24),
        "invited_at": timezone.now() - datetime.timedelta(days=10),
        "accepted_at": timezone.now() - datetime.timedelta(days=9) if accepted else None,
    }
    values.update(overrides)
    return Panellist.objects.create(**values)


def rate(panellist: Panellist, item: Item, values: dict, **overrides) -> list[Rating]:
    expertise = overrides.pop("expertise", None)
    round_number = overrides.pop("round", 1)
    reason = overrides.pop("reason", "")
    ratings = []
    for role, value in values.items():
        ratings.append(
            Rating.objects.update_or_create(
                item=item,
                criterion=criterion(item.cycle, role),
                panellist=panellist,
                round=round_number,
                defaults={
                    "value": value,
                    "cannot_judge": value is None,
                    "first_value": value,
                    "reason": reason,
                    **overrides,
                },
            )[0]
        )
    if expertise is not None:
        Expertise.objects.update_or_create(
            panellist=panellist, item=item, defaults={"level": expertise}
        )
    return ratings
