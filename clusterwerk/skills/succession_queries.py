"""Reads of the Nachfolgebörse: who may see which case, what of it, the contacts after an
agreement, the chamber's desk, the succession radar and the personal-data export.

Anonymity (nexxt-change's rule): a case's public face is its anonymised listing – title,
text, sector, size class, district, exit year and kind (`public_case`). Who the company and
the owner are is known only to the owner and the company's representatives, the case's
chamber and the cluster management (`knows_identity`); a searcher learns it only when the
owner agreed to their interest (`contact_for`). Every page and API answer goes through these
functions; nothing else hands out a case.

Funnels (`get_case_for_user`, `get_interest_for_user`) work in one cluster, the request's:
a case of another cluster, or one the user may not see, is a 404.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import is_authenticated, represented_actor_ids
from clusterwerk.skills.models import (
    K_ANONYMITY,
    CaseStatus,
    InterestStatus,
    SuccessionCase,
    SuccessionInterest,
    SuccessorProfile,
)
from clusterwerk.skills.permissions import chambers_of, manages_skills

ACTIVE_CASE_STATUSES = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RELEASED)
OPEN_INTEREST_STATUSES = (InterestStatus.SUBMITTED, InterestStatus.FORWARDED)
RADAR_HORIZON_YEARS = 5  # 6.3.8: succession starts at least five years before the exit


# --- Roles on a case -------------------------------------------------------------------------


def is_case_owner(user, case: SuccessionCase) -> bool:
    """The owner's account, or a representative of the company."""
    if not is_authenticated(user):
        return False
    return case.owner_id == user.pk or case.company_id in represented_actor_ids(user)


def acts_for_case_chamber(user, case: SuccessionCase) -> bool:
    """A representative of the case's chamber, which is a member of the case's cluster."""
    if not is_authenticated(user):
        return False
    return chambers_of(user, case.cluster).filter(pk=case.chamber_id).exists()


def knows_identity(user, case: SuccessionCase) -> bool:
    """Owner side, the case's chamber and the cluster management know who the company is."""
    return (
        is_case_owner(user, case)
        or acts_for_case_chamber(user, case)
        or manages_skills(user, case.cluster)
    )


def agreed_interest_of(user, case: SuccessionCase) -> SuccessionInterest | None:
    if not is_authenticated(user):
        return None
    return (
        case.interests.filter(profile__user=user, status=InterestStatus.AGREED)
        .select_related("profile")
        .first()
    )


# --- Funnels ---------------------------------------------------------------------------------


def released_cases(cluster) -> QuerySet[SuccessionCase]:
    return (
        SuccessionCase.objects.filter(cluster=cluster, status=CaseStatus.RELEASED)
        .select_related("district")
        .order_by("exit_year", "-released_at", "-id")
    )


def cases_of_owner(user, cluster) -> QuerySet[SuccessionCase]:
    if not is_authenticated(user):
        return SuccessionCase.objects.none()
    return (
        SuccessionCase.objects.filter(cluster=cluster)
        .filter(Q(owner=user) | Q(company_id__in=represented_actor_ids(user)))
        .select_related("company", "chamber", "district")
        .distinct()
    )


def get_case_for_user(user, cluster, uid) -> SuccessionCase:
    """A released case for anybody; any other for those who know its identity. 404 else."""
    try:
        case = SuccessionCase.objects.select_related(
            "cluster", "company", "chamber", "district", "owner"
        ).get(uid=uid, cluster=cluster)
    except (SuccessionCase.DoesNotExist, ValueError, TypeError) as error:
        raise Http404(_("Diesen Nachfolgefall gibt es nicht.")) from error
    if case.status == CaseStatus.RELEASED or knows_identity(user, case):
        return case
    if agreed_interest_of(user, case) is not None:
        return case
    raise Http404(_("Diesen Nachfolgefall gibt es nicht."))


def get_interest_for_user(user, cluster, pk) -> SuccessionInterest:
    """The searcher, the owner side (only once forwarded), the case's chamber, the
    management. 404 for everybody else and for another cluster."""
    if not is_authenticated(user):
        raise Http404
    try:
        interest = SuccessionInterest.objects.select_related(
            "case__cluster", "case__company", "case__chamber", "case__district", "profile__user"
        ).get(pk=pk, case__cluster=cluster)
    except (SuccessionInterest.DoesNotExist, ValueError, TypeError) as error:
        raise Http404(_("Dieses Interesse gibt es nicht.")) from error
    case = interest.case
    if interest.profile.user_id == user.pk:
        return interest
    if acts_for_case_chamber(user, case) or manages_skills(user, case.cluster):
        return interest
    if is_case_owner(user, case) and interest.status not in (
        InterestStatus.SUBMITTED,
        InterestStatus.DECLINED_BY_CHAMBER,
    ):
        return interest
    raise Http404(_("Dieses Interesse gibt es nicht."))


def profiles_of(user, cluster) -> QuerySet[SuccessorProfile]:
    if not is_authenticated(user):
        return SuccessorProfile.objects.none()
    return SuccessorProfile.objects.filter(user=user, cluster=cluster).prefetch_related("districts")


def interests_sent(user, cluster) -> QuerySet[SuccessionInterest]:
    if not is_authenticated(user):
        return SuccessionInterest.objects.none()
    return SuccessionInterest.objects.filter(
        profile__user=user, case__cluster=cluster
    ).select_related("case__district", "profile")


def interests_for_owner(user, cluster) -> QuerySet[SuccessionInterest]:
    """Interests the chamber forwarded to the owner side (and what came of them)."""
    return (
        SuccessionInterest.objects.filter(case__in=cases_of_owner(user, cluster))
        .exclude(status__in=[InterestStatus.SUBMITTED, InterestStatus.DECLINED_BY_CHAMBER])
        .select_related("case", "profile")
    )


# --- Public face and contacts ------------------------------------------------------------------


def public_case(case: SuccessionCase) -> dict:
    """The anonymised listing: never the company, the owner, the chamber's files or an
    address. The district is the only place named."""
    return {
        "uid": str(case.uid),
        "title": case.title,
        "listing_text": case.listing_text,
        "sector": case.sector,
        "size_class": case.size_class,
        "size_class_label": str(case.get_size_class_display()),
        "district": case.district.ags,
        "district_name": case.district.name,
        "exit_year": case.exit_year,
        "kind": case.kind,
        "kind_label": str(case.get_kind_display()),
        "status": case.status,
        "status_label": str(case.get_status_display()),
        "released_at": case.released_at,
        "is_demo": case.is_demo,
    }


@dataclass(frozen=True)
class Contact:
    role: str  # German: "Inhaber/in", "Nachfolgeinteressent/in"
    name: str
    email: str
    organisation: str = ""


def owner_contact(case: SuccessionCase) -> Contact:
    owner = case.owner
    company = case.company
    return Contact(
        role=_("Inhaber/in"),
        name=(owner.get_full_name() or owner.email) if owner else company.name,
        email=(owner.email if owner else "") or company.email,
        organisation=company.name,
    )


def searcher_contact(interest: SuccessionInterest) -> Contact:
    profile = interest.profile
    person = profile.user
    return Contact(
        role=_("Nachfolgeinteressent/in"),
        name=person.get_full_name() or person.email,
        email=person.email,
        organisation=profile.company.name if profile.company_id else "",
    )


def contact_for(user, interest: SuccessionInterest) -> Contact | None:
    """The other side's contact – only after the owner agreed. The chamber and the management
    see both (they return the owner's side as the more useful)."""
    if interest.status != InterestStatus.AGREED or not is_authenticated(user):
        return None
    case = interest.case
    if interest.profile.user_id == user.pk:
        return owner_contact(case)
    if is_case_owner(user, case):
        return searcher_contact(interest)
    if acts_for_case_chamber(user, case) or manages_skills(user, case.cluster):
        return searcher_contact(interest)
    return None


# --- The chamber's desk --------------------------------------------------------------------


def chamber_desk(user, cluster) -> dict:
    """Cases waiting for release and interests waiting for the check, of the user's
    chambers; the management sees all of the cluster."""
    if manages_skills(user, cluster):
        cases = SuccessionCase.objects.filter(cluster=cluster)
    else:
        chambers = list(chambers_of(user, cluster).values_list("pk", flat=True))
        if not chambers:
            raise Http404
        cases = SuccessionCase.objects.filter(cluster=cluster, chamber_id__in=chambers)
    cases = cases.select_related("company", "chamber", "district")
    return {
        "to_release": list(cases.filter(status=CaseStatus.SUBMITTED).order_by("created_at")),
        "drafts": list(cases.filter(status=CaseStatus.DRAFT).order_by("created_at")),
        "released": list(cases.filter(status=CaseStatus.RELEASED).order_by("exit_year")),
        "to_check": list(
            SuccessionInterest.objects.filter(case__in=cases, status=InterestStatus.SUBMITTED)
            .select_related("case__district", "case__company", "profile__user")
            .order_by("created_at")
        ),
        "forwarded": list(
            SuccessionInterest.objects.filter(case__in=cases, status=InterestStatus.FORWARDED)
            .select_related("case__district", "case__company", "profile__user")
            .order_by("created_at")
        ),
    }


def can_use_desk(user, cluster) -> bool:
    return manages_skills(user, cluster) or chambers_of(user, cluster).exists()


# --- The succession radar --------------------------------------------------------------------


@dataclass(frozen=True)
class RadarBand:
    key: str
    label: str
    first: int | None  # years from now, inclusive
    last: int | None


def radar_bands(year: int) -> list[RadarBand]:
    return [
        RadarBand("0-2", _("Ausstieg bis %(year)d") % {"year": year + 2}, None, 2),
        RadarBand(
            "3-5",
            _("Ausstieg %(first)d–%(last)d") % {"first": year + 3, "last": year + 5},
            3,
            5,
        ),
        RadarBand("6+", _("Ausstieg später (Inhaber/in 55+)"), 6, None),
    ]


@dataclass
class RadarRow:
    district_ags: str
    district_name: str
    cells: list[int | None]  # per band; None = fewer than K_ANONYMITY cases, not shown
    total: int  # sum of the shown cells only


@dataclass
class Radar:
    year: int
    bands: list[RadarBand]
    rows: list[RadarRow]
    band_totals: list[int]  # sums of shown cells only
    total: int
    k: int = K_ANONYMITY


def _band_index(bands: list[RadarBand], years_ahead: int) -> int:
    for index, band in enumerate(bands):
        low = band.first if band.first is not None else -10_000
        high = band.last if band.last is not None else 10_000
        if low <= years_ahead <= high:
            return index
    return len(bands) - 1


def radar_cases(cluster, year: int) -> QuerySet[SuccessionCase]:
    """Consented, still active cases of owners aged 55+ or with an exit within five years."""
    return SuccessionCase.objects.filter(
        cluster=cluster,
        radar_consent=True,
        status__in=ACTIVE_CASE_STATUSES,
    ).filter(Q(owner_aged_55_plus=True) | Q(exit_year__lte=year + RADAR_HORIZON_YEARS))


def succession_radar(user, cluster, *, today: datetime.date | None = None) -> Radar:
    """Counts per district and exit-year band, for the chambers and the management.

    Only cells of at least `K_ANONYMITY` cases are shown; every total is the sum of shown
    cells only, so no hidden cell can be recovered by subtracting one total from another.
    """
    if not can_use_desk(user, cluster):
        raise Http404
    year = (today or timezone.localdate()).year
    bands = radar_bands(year)
    counts: dict[tuple[str, str], list[int]] = {}
    for ags, name, exit_year in radar_cases(cluster, year).values_list(
        "district__ags", "district__name", "exit_year"
    ):
        cells = counts.setdefault((ags, name), [0] * len(bands))
        cells[_band_index(bands, exit_year - year)] += 1
    rows = []
    for (ags, name), cells in sorted(counts.items(), key=lambda item: item[0][1]):
        shown = [count if count >= K_ANONYMITY else None for count in cells]
        rows.append(RadarRow(ags, name, shown, sum(count or 0 for count in shown)))
    band_totals = [sum(row.cells[index] or 0 for row in rows) for index in range(len(bands))]
    return Radar(year, bands, rows, band_totals, sum(band_totals))


# --- Personal data ---------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def succession_personal_data(user) -> dict:
    """Everything the Nachfolgebörse stores about `user`: cases they own, their profiles and
    the interests sent with them (for the person's data request, like a contact's)."""
    cases = SuccessionCase.objects.filter(owner=user).select_related("company", "district")
    profiles = SuccessorProfile.objects.filter(user=user).prefetch_related("districts")
    interests = SuccessionInterest.objects.filter(profile__user=user).select_related("case")
    return {
        "format": "clusterwerk-nachfolge/1",
        "cases": [
            {
                "uid": str(case.uid),
                "company": case.company.name,
                "title": case.title,
                "listing_text": case.listing_text,
                "sector": case.sector,
                "district": case.district.ags,
                "exit_year": case.exit_year,
                "kind": case.kind,
                "status": case.status,
                "owner_aged_55_plus": case.owner_aged_55_plus,
                "radar_consent": case.radar_consent,
                "consent_given_at": _iso(case.consent_given_at),
                "created_at": _iso(case.created_at),
            }
            for case in cases
        ],
        "profiles": [
            {
                "id": profile.pk,
                "kind": profile.kind,
                "title": profile.title,
                "description": profile.description,
                "sectors": profile.sectors,
                "size_classes": list(profile.size_classes or []),
                "districts": sorted(d.ags for d in profile.districts.all()),
                "available_from": profile.available_from,
                "is_active": profile.is_active,
                "consent_given_at": _iso(profile.consent_given_at),
                "created_at": _iso(profile.created_at),
            }
            for profile in profiles
        ],
        "interests": [
            {
                "id": interest.pk,
                "case": str(interest.case.uid),
                "profile": interest.profile_id,
                "message": interest.message,
                "status": interest.status,
                "created_at": _iso(interest.created_at),
            }
            for interest in interests
        ],
    }
