"""Matching in the Nachfolgebörse: released cases for a searcher's profile, and profiles for
a case (the latter for the chamber and the management only – profiles are personal data).

The matchmaking engine ranks actors and listings against a full-text index; its reusable
pieces are the German text normalisation it indexes with (`core.text.index_terms`: stems,
compound parts, synonym groups) and its geography (`matchmaking.engine.geography`:
haversine distance and closeness). The score of a pair is a documented weighted sum of four
parts, each between 0 and 1:

- **Branche** (weight 0.4): the share of the profile's sectors (comma-separated phrases; none
  given → its title) of which a word meets the case's sector, title or text (same index term).
- **Ort** (0.3): 1 when the case's district is one the profile names; otherwise the engine's
  closeness to the nearest named district (1 / (1 + km / 50)); 0.5 when the profile names none.
- **Zeitpunkt** (0.2): when the searcher can take over (`available_from`) against the exit year:
  1 from five years before the exit (6.3.8: succession starts five years ahead) to one year
  after it, 0.5 up to three years outside that window, else 0; 0.5 when open.
- **Größe** (0.1): 1 when the profile names the case's size class, 0.5 for a neighbouring one
  or when it names none, else 0.

Each match carries its reasons in German ("Branche: Metallbau", "Ort: 32 km entfernt", …).
"""

from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from clusterwerk.actors.models import SizeClass
from clusterwerk.core.text import index_terms
from clusterwerk.matchmaking.engine.geography import closeness, distance_km
from clusterwerk.skills.models import CaseStatus, SuccessionCase, SuccessorProfile

WEIGHTS = {"sector": 0.4, "district": 0.3, "timing": 0.2, "size": 0.1}
NEUTRAL = 0.5
SIZE_ORDER = [SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE]
MIN_SCORE = 0.25  # below this a pair is no match worth showing
DEFAULT_LIMIT = 10


@dataclass
class SuccessionMatch:
    case: SuccessionCase
    profile: SuccessorProfile
    score: float
    parts: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _terms(text: str) -> set[str]:
    return index_terms(text or "")


def _phrases(profile: SuccessorProfile) -> list[str]:
    phrases = [part.strip() for part in (profile.sectors or "").split(",") if part.strip()]
    return phrases or ([profile.title] if profile.title else [])


def sector_part(case: SuccessionCase, profile: SuccessorProfile) -> tuple[float, list[str]]:
    case_terms = _terms(f"{case.sector} {case.title} {case.listing_text}")
    phrases = _phrases(profile)
    if not phrases:
        return NEUTRAL, []
    met = [phrase for phrase in phrases if _terms(phrase) & case_terms]
    return len(met) / len(phrases), met


def district_part(case: SuccessionCase, profile: SuccessorProfile) -> tuple[float, int | None]:
    """(part, kilometres to the nearest named district or None)."""
    districts = list(profile.districts.all())
    if not districts:
        return NEUTRAL, None
    if any(district.pk == case.district_id for district in districts):
        return 1.0, 0
    origin = (case.district.centroid_latitude, case.district.centroid_longitude)
    nearest = min(
        distance_km(origin, (d.centroid_latitude, d.centroid_longitude)) for d in districts
    )
    return closeness(nearest), round(nearest)


def timing_part(case: SuccessionCase, profile: SuccessorProfile) -> float:
    if profile.available_from is None:
        return NEUTRAL
    late = profile.available_from - case.exit_year
    if -5 <= late <= 1:
        return 1.0
    if -8 <= late <= 3:
        return 0.5
    return 0.0


def size_part(case: SuccessionCase, profile: SuccessorProfile) -> float:
    wanted = list(profile.size_classes or [])
    if not wanted:
        return NEUTRAL
    if case.size_class in wanted:
        return 1.0
    if case.size_class in SIZE_ORDER:
        position = SIZE_ORDER.index(case.size_class)
        neighbours = {SIZE_ORDER[i] for i in (position - 1, position + 1) if 0 <= i < 4}
        if neighbours & set(wanted):
            return 0.5
    return 0.0


def score_pair(case: SuccessionCase, profile: SuccessorProfile) -> SuccessionMatch:
    sector, met = sector_part(case, profile)
    place, kilometres = district_part(case, profile)
    timing = timing_part(case, profile)
    size = size_part(case, profile)
    parts = {"sector": sector, "district": place, "timing": timing, "size": size}
    score = sum(WEIGHTS[name] * value for name, value in parts.items())
    reasons = []
    if met:
        reasons.append(_("Branche: %(sectors)s") % {"sectors": ", ".join(met)})
    if kilometres == 0:
        reasons.append(_("Ort: %(district)s ist gesucht") % {"district": case.district.name})
    elif kilometres is not None and place >= NEUTRAL:
        reasons.append(
            _("Ort: %(district)s, etwa %(km)d km vom gesuchten Gebiet")
            % {"district": case.district.name, "km": kilometres}
        )
    if timing == 1.0 and profile.available_from is not None:
        reasons.append(
            _("Zeitpunkt: Übernahme ab %(year)d passt zum Ausstieg %(exit)d")
            % {"year": profile.available_from, "exit": case.exit_year}
        )
    if size == 1.0:
        reasons.append(_("Größe: %(size)s") % {"size": case.get_size_class_display()})
    return SuccessionMatch(case, profile, score, parts, reasons)


def rank_cases_for_profile(
    profile: SuccessorProfile, *, limit: int = DEFAULT_LIMIT
) -> list[SuccessionMatch]:
    """Released cases of the profile's cluster, best first (not the searcher's own company)."""
    prefetch_related_objects([profile], "districts")  # read once, not once per case
    cases = SuccessionCase.objects.filter(
        cluster_id=profile.cluster_id, status=CaseStatus.RELEASED
    ).select_related("district")
    if profile.company_id:
        cases = cases.exclude(company_id=profile.company_id)
    cases = cases.exclude(owner_id=profile.user_id)
    matches = [score_pair(case, profile) for case in cases]
    matches = [match for match in matches if match.score >= MIN_SCORE]
    matches.sort(key=lambda match: (-match.score, match.case.exit_year, match.case.pk))
    return matches[:limit]


def rank_profiles_for_case(
    case: SuccessionCase, *, limit: int = DEFAULT_LIMIT
) -> list[SuccessionMatch]:
    """Active, consented profiles of the case's cluster, best first (for the chamber)."""
    profiles = (
        SuccessorProfile.objects.filter(
            cluster_id=case.cluster_id, is_active=True, consent_given_at__isnull=False
        )
        .exclude(user_id=case.owner_id)
        .exclude(company_id=case.company_id)
        .select_related("user")
        .prefetch_related("districts")
    )
    matches = [score_pair(case, profile) for profile in profiles]
    matches = [match for match in matches if match.score >= MIN_SCORE]
    matches.sort(key=lambda match: (-match.score, match.profile.pk))
    return matches[:limit]
