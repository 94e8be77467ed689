"""Reads of the public cluster profile: the profile itself, the team, and the parts composed
from the other apps (bodies, member organisations, events, prize winners, the masterplan at a
glance, the key figures).

Everything here is public: what the page shows is what everybody may see – public bodies and
their current members, counts of published member organisations, public events, published
prize winners who consented to publication. The parts are built the same for every reader
(the anonymous view of each app), so the page is the same for everybody.

Publication: until the management publishes the profile (`ClusterProfile.is_published`), the
page shows a neutral minimal profile – the cluster's name and its description
(`Cluster.description`) and the link to the open data, nothing the management has not
released. The management sees the full page as a preview with a notice.

Languages: `localized()` picks the English text of a `*_en` field on the English page and
falls back to the German one, marked so that the template wraps it in `lang="de"`; the page
lists what exists only in German (`ProfilePage.only_in_german`).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.accounts.permissions import has_all_rights, is_authenticated, manages_cluster
from clusterwerk.actors.models import Actor, ActorKind, ActorStatus
from clusterwerk.award.models import AwardEdition, Phase
from clusterwerk.award.queries import PRIZE_DECISIONS, published_applications
from clusterwerk.clusterprofile.models import ClusterProfile, TeamMember
from clusterwerk.core.dates import add_months
from clusterwerk.core.models import Cluster, ClusterFigure
from clusterwerk.events.models import EventLanguage, EventStatus
from clusterwerk.events.queries import visible_events
from clusterwerk.governance.models import Body, MemberFunction
from clusterwerk.governance.queries import with_current_members
from clusterwerk.masterplan.models import ActionField, KeyPoint
from clusterwerk.masterplan.queries import get_published_edition

MANAGEMENT_ONLY = gettext_lazy("Das Clusterprofil pflegt das Clustermanagement.")

# The texts of the profile that have an English counterpart, with the names the page uses
# when it says which of them exist only in German.
PROFILE_TEXTS = (
    ("tagline", gettext_lazy("Kurzbeschreibung")),
    ("about", gettext_lazy("Wer wir sind")),
    ("focus", gettext_lazy("Schwerpunkte")),
)
FUNCTION_ORDER = {
    MemberFunction.CHAIR: 0,
    MemberFunction.SPOKESPERSON: 1,
    MemberFunction.DEPUTY_CHAIR: 2,
    MemberFunction.MEMBER: 3,
    MemberFunction.GUEST: 4,
}
UPCOMING_EVENTS = 5
PAST_EVENTS = 6
PRIZE_YEARS = 3


# --- rights and funnels ------------------------------------------------------------------------


def manages_profile(user, cluster) -> bool:
    return is_authenticated(user) and (has_all_rights(user) or manages_cluster(user, cluster))


def require_manager(user, cluster) -> None:
    if not manages_profile(user, cluster):
        raise PermissionDenied(str(MANAGEMENT_ONLY))


def profile_of(cluster: Cluster) -> ClusterProfile | None:
    return ClusterProfile.objects.filter(cluster=cluster).first()


def profile_for_editing(user, cluster: Cluster) -> ClusterProfile:
    """The management's funnel: the cluster's profile (an unsaved empty one before the first
    save); 403 for everybody else."""
    require_manager(user, cluster)
    return profile_of(cluster) or ClusterProfile(cluster=cluster, version=0)


def team_of(cluster: Cluster):
    return TeamMember.objects.filter(cluster=cluster).order_by("order", "name", "pk")


def get_team_member_for_manager(user, cluster: Cluster, pk: int) -> TeamMember:
    """A person of `cluster`'s team for the management: 403 for others, 404 for a person of
    another cluster (or none)."""
    require_manager(user, cluster)
    member = TeamMember.objects.filter(cluster=cluster, pk=pk).first()
    if member is None:
        raise Http404(_("Diese Person gibt es im Team nicht."))
    return member


# --- texts in two languages --------------------------------------------------------------------


@dataclass(frozen=True)
class Localized:
    """A text as the page shows it; `fallback`: German on the English page (`lang="de"`)."""

    text: str
    fallback: bool = False

    @property
    def lang(self) -> str:
        return "de" if self.fallback else ""

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def localized(obj, name: str, english: bool) -> Localized:
    german = (getattr(obj, name, "") or "").strip()
    if not english:
        return Localized(german)
    translated = (getattr(obj, f"{name}_en", "") or "").strip()
    if translated:
        return Localized(translated)
    return Localized(german, fallback=bool(german))


def german(text: str, english: bool) -> Localized:
    """A text that exists in German only (titles of the plan, of events, of figures)."""
    return Localized(text or "", fallback=english and bool(text))


def focus_lines(text: str) -> list[str]:
    """The focus as a list: one topic per line, bullets and blank lines dropped."""
    lines = (line.strip().lstrip("-•*–").strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


# --- the parts of the page ---------------------------------------------------------------------


@dataclass
class MemberRow:
    name: str
    function: str
    function_key: str
    organisation: str


@dataclass
class BodyPart:
    name: Localized
    description: Localized
    kind: str
    chair: list[MemberRow]
    members: list[MemberRow]

    @property
    def is_fallback(self) -> bool:
        return self.name.fallback or self.description.fallback


def public_bodies(cluster: Cluster, *, english: bool) -> list[BodyPart]:
    """The cluster's public bodies with their current members, chair first (two queries)."""
    parts = []
    bodies = Body.objects.filter(cluster=cluster, is_public=True).order_by("order", "name")
    for body in with_current_members(bodies):
        rows = [
            MemberRow(
                name=member.name,
                function=member.get_function_display(),
                function_key=member.function,
                organisation=member.actor.name if member.actor_id else "",
            )
            for member in body.current
        ]
        rows.sort(key=lambda row: (FUNCTION_ORDER.get(row.function_key, 9), row.name))
        parts.append(
            BodyPart(
                name=localized(body, "name", english),
                description=localized(body, "description", english),
                kind=body.get_kind_display(),
                chair=[row for row in rows if row.function_key == MemberFunction.CHAIR],
                members=rows,
            )
        )
    return parts


@dataclass
class MemberCounts:
    total: int
    by_kind: list[tuple[str, int]]
    by_district: list[tuple[str, int]]


def member_organisations(cluster: Cluster) -> MemberCounts:
    """Published organisations that are members of the cluster (`ClusterMembership`), counted
    by kind and by district: counts only, no names (two queries)."""
    members = Actor.objects.filter(status=ActorStatus.PUBLISHED, memberships__cluster=cluster)
    kinds = Counter(
        {
            row["kind"]: row["n"]
            for row in members.values("kind").annotate(n=Count("pk", distinct=True)).order_by()
        }
    )
    districts = Counter()
    for row in members.values("district__name").annotate(n=Count("pk", distinct=True)).order_by():
        districts[row["district__name"] or ""] += row["n"]
    labels = dict(ActorKind.choices)
    by_kind = [(str(labels.get(kind, kind)), n) for kind, n in kinds.most_common()]
    by_district = sorted(
        ((name, n) for name, n in districts.items() if name), key=lambda item: (-item[1], item[0])
    )
    if districts.get(""):
        by_district.append((_("ohne Angabe"), districts[""]))
    return MemberCounts(total=sum(kinds.values()), by_kind=by_kind, by_district=by_district)


@dataclass
class KeyPointPart:
    number: str
    title: Localized
    topic_areas: int


@dataclass
class ActionFieldPart:
    number: str
    title: Localized
    key_points: list[KeyPointPart] = field(default_factory=list)

    @property
    def topic_areas(self) -> int:
        return sum(point.topic_areas for point in self.key_points)


@dataclass
class MasterplanGlance:
    edition: object
    action_fields: list[ActionFieldPart]

    @property
    def key_point_count(self) -> int:
        return sum(len(field.key_points) for field in self.action_fields)

    @property
    def topic_area_count(self) -> int:
        return sum(field.topic_areas for field in self.action_fields)


def masterplan_glance(cluster: Cluster, *, english: bool) -> MasterplanGlance | None:
    """The published edition's action fields and key points with their numbers of topic
    areas (three queries); None without a published edition."""
    edition = get_published_edition(cluster)
    if edition is None:
        return None
    fields = {
        action_field.pk: ActionFieldPart(action_field.number, german(action_field.title, english))
        for action_field in ActionField.objects.filter(edition=edition).order_by("order")
    }
    points = (
        KeyPoint.objects.filter(edition=edition)
        .annotate(topic_count=Count("topic_areas"))
        .order_by("order")
    )
    for point in points:
        if point.action_field_id in fields:
            fields[point.action_field_id].key_points.append(
                KeyPointPart(point.number, german(point.title, english), point.topic_count)
            )
    return MasterplanGlance(edition=edition, action_fields=list(fields.values()))


@dataclass
class EventPart:
    title: Localized
    starts_at: datetime.datetime
    place: str
    url: str
    cancelled: bool = False


def public_events(cluster: Cluster, *, english: bool, now=None) -> tuple[list, list]:
    """Public events of the cluster (what an anonymous visitor sees): the next upcoming ones
    and those of the past twelve months, newest first (two queries)."""
    now = now or timezone.now()
    since = timezone.make_aware(
        datetime.datetime.combine(add_months(timezone.localdate(now), -12), datetime.time())
    )
    events = visible_events(AnonymousUser(), cluster).exclude(
        status__in=(EventStatus.DRAFT, EventStatus.CANCELLED)
    )

    def part(event) -> EventPart:
        in_english = event.language in (EventLanguage.ENGLISH, EventLanguage.GERMAN_ENGLISH)
        return EventPart(
            title=Localized(event.title) if in_english else german(event.title, english),
            starts_at=event.starts_at,
            place=event.municipality or event.venue_name,
            url=event.get_absolute_url(),
        )

    upcoming = [part(e) for e in events.filter(starts_at__gte=now).order_by("starts_at")[:9]]
    past = [
        part(e)
        for e in events.filter(starts_at__lt=now, starts_at__gte=since).order_by("-starts_at")
    ]
    return upcoming[:UPCOMING_EVENTS], past[:PAST_EVENTS]


@dataclass
class WinnerPart:
    year: int
    title: Localized
    organisation: str
    decision: str
    url: str


def prize_winners(cluster: Cluster, *, english: bool) -> list[WinnerPart]:
    """Winners and special prizes of the last published editions, those who consented to
    publication (`award.queries.published_applications`): one query per edition."""
    from django.urls import reverse

    winners = []
    editions = AwardEdition.objects.filter(cluster=cluster, phase=Phase.PUBLISHED).order_by(
        "-year"
    )[:PRIZE_YEARS]
    for edition in editions:
        url = reverse("award:winners", args=[edition.year])
        for application in published_applications(edition).filter(decision__in=PRIZE_DECISIONS):
            winners.append(
                WinnerPart(
                    year=edition.year,
                    title=german(application.title, english),
                    organisation=application.applicant.name,
                    decision=application.get_decision_display(),
                    url=url,
                )
            )
    return winners


@dataclass
class FigurePart:
    label: Localized
    value: object
    unit: str
    year: int
    source: str
    note: Localized


def key_figures(cluster: Cluster, *, english: bool) -> list[FigurePart]:
    return [
        FigurePart(
            label=german(figure.label, english),
            value=figure.value,
            unit=figure.unit,
            year=figure.year,
            source=figure.source,
            note=german(figure.note, english),
        )
        for figure in ClusterFigure.objects.filter(cluster=cluster).order_by("order", "key")
    ]


# --- the page ----------------------------------------------------------------------------------


@dataclass
class TeamPart:
    name: str
    role: Localized
    email: str
    phone: str


@dataclass
class ProfilePage:
    cluster: Cluster
    profile: ClusterProfile | None
    english: bool
    is_public: bool  # published: the full profile for everybody
    is_preview: bool = False  # not published, shown in full to the management
    tagline: Localized = Localized("")
    about: Localized = Localized("")
    focus: list[str] = field(default_factory=list)
    focus_fallback: bool = False
    description: Localized = Localized("")
    figures: list[FigurePart] = field(default_factory=list)
    masterplan: MasterplanGlance | None = None
    bodies: list[BodyPart] = field(default_factory=list)
    team: list[TeamPart] = field(default_factory=list)
    members: MemberCounts | None = None
    upcoming: list[EventPart] = field(default_factory=list)
    past: list[EventPart] = field(default_factory=list)
    winners: list[WinnerPart] = field(default_factory=list)
    only_in_german: list[str] = field(default_factory=list)

    @property
    def full(self) -> bool:
        return self.is_public or self.is_preview


def profile_page(cluster: Cluster, *, user=None, english: bool = False) -> ProfilePage:
    """Everything the profile page shows, in German or English (about twenty queries, whatever
    the size of the directory)."""
    profile = profile_of(cluster)
    is_public = bool(profile and profile.is_published)
    is_preview = not is_public and profile is not None and manages_profile(user, cluster)
    page = ProfilePage(
        cluster=cluster,
        profile=profile,
        english=english,
        is_public=is_public,
        is_preview=is_preview,
        description=german(cluster.description, english),
    )
    if not page.full:
        if page.description.fallback:
            page.only_in_german.append(_("Beschreibung des Clusters"))
        return page
    missing = []
    for name, label in PROFILE_TEXTS:
        text = localized(profile, name, english)
        if text.fallback:
            missing.append(str(label))
        if name == "focus":
            page.focus = focus_lines(text.text)
            page.focus_fallback = text.fallback
        else:
            setattr(page, name, text)
    page.figures = key_figures(cluster, english=english)
    page.masterplan = masterplan_glance(cluster, english=english)
    page.bodies = public_bodies(cluster, english=english)
    page.team = [
        TeamPart(member.name, localized(member, "role", english), member.email, member.phone)
        for member in team_of(cluster)
    ]
    page.members = member_organisations(cluster)
    page.upcoming, page.past = public_events(cluster, english=english)
    page.winners = prize_winners(cluster, english=english)
    if english:
        checks = (
            (any(f.label.fallback for f in page.figures), _("Bezeichnungen der Kennzahlen")),
            (page.masterplan is not None, _("Titel des Masterplans")),
            (any(b.is_fallback for b in page.bodies), _("Namen und Aufgaben von Gremien")),
            (any(t.role.fallback for t in page.team), _("Aufgaben im Clustermanagement")),
            (
                any(e.title.fallback for e in (*page.upcoming, *page.past)),
                _("Titel von Veranstaltungen"),
            ),
            (any(w.title.fallback for w in page.winners), _("Titel der Preisträger-Innovationen")),
        )
        missing += [str(label) for condition, label in checks if condition]
    page.only_in_german = missing
    return page


def has_published_profile(cluster: Cluster) -> bool:
    return ClusterProfile.objects.filter(cluster=cluster, is_published=True).exists()


def profile_texts(profile: ClusterProfile | None) -> dict:
    """The profile's texts in both languages, as the API gives them."""
    names = [name for name, _label in PROFILE_TEXTS]
    return {
        "de": {name: getattr(profile, name, "") if profile else "" for name in names},
        "en": {name: getattr(profile, f"{name}_en", "") if profile else "" for name in names},
    }


def english_missing(profile: ClusterProfile | None) -> list[str]:
    """The keys of the profile's texts that have German but no English."""
    if profile is None:
        return []
    return [
        name
        for name, _label in PROFILE_TEXTS
        if getattr(profile, name).strip() and not getattr(profile, f"{name}_en").strip()
    ]
