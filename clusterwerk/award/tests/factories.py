"""Small builders for award tests (plain functions, no factory framework), written straight
to the database so that each test states only what it is about.

- `make_award_edition(cluster, **overrides)` – an edition in the call phase, deadline in 30
  days, with the default criteria and rules (`defaults.py`); `phase=`, `deadline=`, `year=`.
- `make_application(edition, applicant, **overrides)` – a submitted, formally pending
  application of `applicant` (an Actor), innovation a prototype from a year ago; `partners=`
  a list of actors, `status=`, `created_by=`.
- `make_juror(edition, email, **overrides)` – a user with the role `jury` in the edition's
  cluster and a jury seat that accepted the confidentiality declaration (`accepted=False`
  for one who did not); `affiliation=` an actor.
- `make_review(application, member, scores=None, **overrides)` – an assignment; with
  `scores={"innovation": 4, …}` (all criteria when a plain int is given) a submitted review
  with its weighted total.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from clusterwerk.accounts.models import Role, RoleAssignment
from clusterwerk.award.defaults import DEFAULT_CRITERIA, DEFAULT_RULES
from clusterwerk.award.models import (
    Application,
    ApplicationPartner,
    ApplicationStatus,
    AwardEdition,
    Criterion,
    EligibilityRule,
    JuryMember,
    Phase,
    Review,
    ReviewStatus,
    Score,
    Stage,
)
from conftest import make_user


def make_award_edition(cluster, **overrides) -> AwardEdition:
    with_defaults = overrides.pop("with_defaults", True)
    year = overrides.pop("year", timezone.localdate().year)
    values = {
        "cluster": cluster,
        "year": year,
        "title": f"Brandenburger Innovationspreis Metall {year}",
        "description": "Gesucht sind innovative Produkte, Verfahren und Dienstleistungen.",
        "phase": Phase.CALL,
        "call_opens_at": timezone.now() - datetime.timedelta(days=30),
        "deadline": timezone.now() + datetime.timedelta(days=30),
    }
    values.update(overrides)
    edition = AwardEdition.objects.create(**values)
    if with_defaults:
        for order, data in enumerate(DEFAULT_CRITERIA):
            Criterion.objects.create(
                edition=edition,
                order=order,
                key=data["key"],
                title=str(data["title"]),
                description=str(data["description"]),
                weight=data["weight"],
                knock_out_below=data["knock_out_below"],
                scale_labels=[str(label) for label in data["scale_labels"]],
            )
        for order, data in enumerate(DEFAULT_RULES):
            EligibilityRule.objects.create(
                edition=edition, order=order, kind=data["kind"], parameter=str(data["parameter"])
            )
    return edition


def make_application(edition, applicant, **overrides) -> Application:
    partners = overrides.pop("partners", [])
    status = overrides.pop("status", ApplicationStatus.SUBMITTED)
    values = {
        "edition": edition,
        "applicant": applicant,
        "title": "Laserhybridschweißen für Dickbleche",
        "summary": "Ein Verfahren, das Nähte in einem Zug schweißt.",
        "description": "Unser Verfahren verbindet Laser- und Lichtbogenschweißen.",
        "stage": Stage.PROTOTYPE,
        "innovation_date": timezone.localdate() - datetime.timedelta(days=365),
        "market": "Stahlbau und Schiffbau in Norddeutschland.",
        "figures": "12 Beschäftigte, 1,2 Mio. Euro Umsatz",
        "ip_declaration": True,
        "publication_consent": True,
        "status": status,
    }
    if status in (ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN):
        values["submitted_at"] = timezone.now() - datetime.timedelta(days=1)
    values.update(overrides)
    application = Application.objects.create(**values)
    for partner in partners:
        ApplicationPartner.objects.create(application=application, actor=partner)
    return application


def make_juror(edition, email: str, **overrides) -> JuryMember:
    accepted = overrides.pop("accepted", True)
    user = overrides.pop("user", None) or make_user(email, edition.cluster, Role.JURY)
    RoleAssignment.objects.get_or_create(user=user, cluster=edition.cluster, role=Role.JURY)
    values = {
        "edition": edition,
        "user": user,
        "function": "Jurymitglied",
        "confidentiality_accepted_at": timezone.now() if accepted else None,
    }
    values.update(overrides)
    return JuryMember.objects.create(**values)


def weighted_total(edition, values: dict[str, int]) -> Decimal:
    """The weighted mean of the values on the 0–5 scale (the weights need not add up to 1)."""
    criteria = {criterion.key: criterion for criterion in edition.criteria.all()}
    weight_sum = sum(criteria[key].weight for key in values)
    total = sum(criteria[key].weight * value for key, value in values.items())
    return (Decimal(total) / weight_sum).quantize(Decimal("0.001"))


def make_review(application, member, scores=None, **overrides) -> Review:
    edition = application.edition
    values = {"application": application, "jury_member": member}
    if scores is not None:
        if isinstance(scores, int):
            scores = {criterion.key: scores for criterion in edition.criteria.all()}
        values.update(
            status=ReviewStatus.SUBMITTED,
            submitted_at=timezone.now(),
            total=weighted_total(edition, scores),
        )
    values.update(overrides)
    review = Review.objects.create(**values)
    if scores:
        criteria = {criterion.key: criterion for criterion in edition.criteria.all()}
        for key, value in scores.items():
            Score.objects.create(review=review, criterion=criteria[key], value=value)
    return review
