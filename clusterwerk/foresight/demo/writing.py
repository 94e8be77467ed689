"""Writing the foresight demo: the cycles 2019 and 2021 with the default criteria, segments
and rings, their items (carried items keep key and lineage), the panel of demo logins and
the drawn answers. Rows are written with the ORM, not through the services: the dates are
the past's, and the cycles are published at once. Timestamps are moved into the past after
the rows exist (`auto_now_add` fields take no value on insert)."""

from __future__ import annotations

import datetime
import random
import secrets

from django.utils import timezone

from clusterwerk.accounts.services import ensure_demo_login, system_user
from clusterwerk.actors.models import District
from clusterwerk.foresight.defaults import DEFAULT_CRITERIA, DEFAULT_RINGS, DEFAULT_SEGMENTS
from clusterwerk.foresight.demo.answers import Drawn, draw
from clusterwerk.foresight.demo.data import (
    COMMENTS,
    CYCLE_2019,
    CYCLE_2021,
    ITEMS,
    PANEL,
    PANEL_2019,
    PANEL_EMAIL,
    ItemSpec,
)
from clusterwerk.foresight.models import (
    Comment,
    Criterion,
    Cycle,
    Expertise,
    Item,
    ItemTopicArea,
    Mode,
    Panellist,
    Rating,
    Ring,
    Segment,
    Source,
    SourceKind,
    Status,
)

HOME_STATE = "Brandenburg"


def moment(day: str, hour: int = 10) -> datetime.datetime:
    date = datetime.date.fromisoformat(day)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def items_of(year: int) -> list[tuple[ItemSpec, tuple]]:
    attribute = "profile_2019" if year == 2019 else "profile_2021"
    return [(spec, getattr(spec, attribute)) for spec in ITEMS if getattr(spec, attribute)]


def pseudonym(number: int) -> str:
    return f"Expert/in {number:02d}"


def panel_districts(cluster) -> list[District | None]:
    """The cluster's districts for the panel: its strongest districts first, then the other
    Brandenburg districts by Kreisschlüssel; [None] when there are no districts."""
    strongest = [row.get("ags") for row in (cluster.strongest_districts or {}).get("districts", [])]
    by_ags = {d.ags: d for d in District.objects.filter(state=HOME_STATE).order_by("ags")}
    ordered = [by_ags[ags] for ags in strongest if ags in by_ags]
    ordered += [d for ags, d in by_ags.items() if ags not in strongest]
    return ordered or [None]


class Writer:
    """Writes one run of the demo (both cycles) for `cluster`."""

    def __init__(
        self, cluster, *, topics: dict[str, object], rng: random.Random, manager, password
    ):
        self.cluster = cluster
        self.topics = topics  # topic-area number -> lineage (of the plan edition)
        self.rng = rng
        self.manager = manager
        self.password = password

    def write(self) -> tuple[Cycle, Cycle]:
        users = self.panel_users()
        districts = panel_districts(self.cluster)
        earlier = self.cycle(CYCLE_2019, users[:PANEL_2019], districts, previous=None)
        later = self.cycle(CYCLE_2021, users, districts, previous=earlier)
        return earlier, later

    def panel_users(self):
        system = system_user()
        users = []
        for number, (name, _group) in enumerate(PANEL, start=1):
            first_name, last_name = name.split(" ", 1)
            users.append(
                ensure_demo_login(
                    user=system,
                    email=PANEL_EMAIL.format(number),
                    first_name=first_name,
                    last_name=last_name,
                    role=None,
                    cluster=self.cluster,
                    password=self.password,
                )
            )
        return users

    # --- one cycle ---------------------------------------------------------------------------

    def cycle(self, spec: dict, users, districts, *, previous: Cycle | None) -> Cycle:
        rounds = spec["rounds"]
        opened = moment(rounds[0][0], 9)
        closed = moment(rounds[-1][1], 18)
        published = moment(spec["published"], 11)
        cycle = Cycle.objects.create(
            cluster=self.cluster,
            slug=spec["slug"],
            title=spec["title"],
            year=spec["year"],
            description=spec["description"],
            period_start=datetime.date.fromisoformat(spec["period"][0]),
            period_end=datetime.date.fromisoformat(spec["period"][1]),
            mode=Mode.ROUNDS,
            status=Status.PUBLISHED,
            rounds_planned=len(rounds),
            current_round=len(rounds),
            previous=previous,
            opened_at=opened,
            closed_at=closed,
            published_at=published,
            created_by=self.manager,
            is_demo=True,
        )
        criteria = self.defaults(cycle)
        items = self.items(cycle, spec["year"], previous)
        seats = self.panel(cycle, users, districts, invited=opened - datetime.timedelta(days=14))
        groups = [seat.stakeholder_group for seat in seats]
        drawn = draw(self.rng, items_of(spec["year"]), groups, rounds=len(rounds))
        self.answers(cycle, drawn, items, criteria, seats, rounds)
        if spec["year"] == CYCLE_2021["year"]:
            self.comments(items, seats, rounds)
        created = opened - datetime.timedelta(days=30)
        Cycle.objects.filter(pk=cycle.pk).update(created_at=created, updated_at=published)
        Item.objects.filter(cycle=cycle).update(created_at=created, updated_at=created)
        return cycle

    def defaults(self, cycle) -> dict[str, Criterion]:
        criteria = {}
        for order, data in enumerate(DEFAULT_CRITERIA):
            criteria[str(data["role"])] = Criterion.objects.create(
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
        return criteria

    def items(self, cycle, year: int, previous: Cycle | None) -> dict[str, Item]:
        segments = list(cycle.segments.order_by("order"))
        carried = {item.key: item for item in previous.items.all()} if previous else {}
        items = {}
        for spec, _profile in items_of(year):
            origin = carried.get(spec.key)
            item = Item(
                cycle=cycle,
                key=spec.key,
                title=spec.title,
                description=spec.description,
                kind=spec.kind,
                steep=spec.steep,
                segment=segments[spec.segment] if spec.segment < len(segments) else None,
                tags=list(spec.tags),
                carried_from=origin,
            )
            if origin is not None:
                item.lineage = origin.lineage
            item.save()
            for number in spec.topics:
                lineage = self.topics.get(number)
                if lineage is not None:
                    ItemTopicArea.objects.create(item=item, topic_lineage=lineage)
            for title, url, published in spec.sources:
                if published <= year:
                    Source.objects.create(item=item, kind=SourceKind.LINK, title=title, url=url)
            items[spec.key] = item
        return items

    def panel(self, cycle, users, districts, *, invited) -> list[Panellist]:
        seats = []
        for index, user in enumerate(users):
            name, group = PANEL[index]
            seats.append(
                Panellist.objects.create(
                    cycle=cycle,
                    user=user,
                    name=name,
                    email=user.email,
                    pseudonym=pseudonym(index + 1),
                    stakeholder_group=group,
                    district=districts[index % len(districts)],
                    token=secrets.token_urlsafe(24),
                    invited_at=invited,
                    accepted_at=invited + datetime.timedelta(days=1 + index % 5),
                    is_demo=True,
                )
            )
        return seats

    def answers(self, cycle, drawn: Drawn, items, criteria, seats, rounds) -> None:
        first = {(a.key, a.seat, a.role): a.value for a in drawn.answers if a.round == 1}
        Rating.objects.bulk_create(
            [
                Rating(
                    item=items[answer.key],
                    criterion=criteria[answer.role],
                    panellist=seats[answer.seat],
                    round=answer.round,
                    value=answer.value,
                    cannot_judge=answer.value is None,
                    first_value=first[(answer.key, answer.seat, answer.role)],
                    reason=answer.reason,
                )
                for answer in drawn.answers
            ],
            batch_size=500,
        )
        Expertise.objects.bulk_create(
            [
                Expertise(panellist=seats[seat], item=items[key], level=level)
                for (key, seat), level in drawn.expertise.items()
            ],
            batch_size=500,
        )
        # Each panellist answered a round on one day of the round's period.
        for number, (start, end) in enumerate(rounds, start=1):
            first_day, last_day = moment(start), moment(end)
            days = max(1, (last_day - first_day).days)
            for seat in seats:
                when = first_day + datetime.timedelta(
                    days=self.rng.randrange(days), hours=self.rng.randrange(9)
                )
                Rating.objects.filter(panellist=seat, round=number).update(
                    created_at=when, updated_at=when
                )

    def comments(self, items, seats, rounds) -> None:
        start = moment(rounds[0][0])
        written = []
        for index, (key, seat, body, reply_to) in enumerate(COMMENTS):
            if key not in items or seat >= len(seats):
                written.append(None)
                continue
            parent = written[reply_to] if reply_to is not None else None
            comment = Comment.objects.create(
                item=items[key], panellist=seats[seat], parent=parent, body=body
            )
            Comment.objects.filter(pk=comment.pk).update(
                created_at=start + datetime.timedelta(days=3 + index * 2, hours=index % 7)
            )
            written.append(comment)
