"""Small builders for participation test data (plain functions, no factory framework)."""

import datetime
import itertools

from django.utils import timezone

from clusterwerk.participation.models import (
    DEFAULT_ALLOWED,
    Audience,
    Consultation,
    ConsultationScope,
    Phase,
    PhaseKind,
)

PHASE_ORDER = (
    PhaseKind.INFORMATION,
    PhaseKind.PARTICIPATION,
    PhaseKind.EVALUATION,
    PhaseKind.RESULT,
)
PHASE_LENGTH = datetime.timedelta(days=14)
_numbers = itertools.count(1)


def make_phases(consultation: Consultation, current: str = PhaseKind.PARTICIPATION) -> list[Phase]:
    """The four phases in order, dated so that `current` runs now (it began a day ago); the
    ones before it are over, the ones after it lie in the future."""
    index = PHASE_ORDER.index(current)
    now = timezone.now()
    start = now - datetime.timedelta(days=1) - index * PHASE_LENGTH
    phases = []
    for kind in PHASE_ORDER:
        end = start + (PHASE_LENGTH if kind != PhaseKind.RESULT else datetime.timedelta(days=365))
        allowed = DEFAULT_ALLOWED[kind]
        phases.append(
            Phase.objects.create(
                consultation=consultation,
                kind=kind,
                starts_at=start,
                ends_at=end,
                **{
                    f"allows_{action}": action in allowed
                    for action in ("comment", "rate", "propose", "support")
                },
            )
        )
        start = end
    return phases


def make_consultation(
    cluster,
    edition,
    *,
    phase: str = PhaseKind.PARTICIPATION,
    audience: str = Audience.REGISTERED,
    title: str = "Fortschreibung des Masterplans",
    slug: str | None = None,
    scope: list | None = None,
    created_by=None,
) -> Consultation:
    """A consultation on `edition` whose phase `phase` runs now. `scope` is a list of plan
    elements; without it the consultation covers the whole plan."""
    consultation = Consultation.objects.create(
        cluster=cluster,
        edition=edition,
        title=title,
        slug=slug or f"beteiligung-{next(_numbers)}",
        description="Wie soll der Masterplan weiterentwickelt werden?",
        audience=audience,
        whole_plan=not scope,
        created_by=created_by,
    )
    for element in scope or []:
        ConsultationScope.objects.create(
            consultation=consultation, element_kind=element.kind, lineage=element.lineage
        )
    make_phases(consultation, phase)
    return consultation
