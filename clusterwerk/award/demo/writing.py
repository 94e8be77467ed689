"""Writing the award demo: editions with the default criteria and rules, the jury, the
applications with partners and formal check, the two pinned conflicts, the reviews with
scores, the discussion, the decisions with their audit entries and the follow-ups.

Rows are written directly (the dates are the past's, which the services refuse), with
`full_clean()` where a model has rules of its own. Timestamps that Django sets on creation are
moved into the past afterwards, as the events demo does.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from clusterwerk.accounts.models import Role
from clusterwerk.accounts.services import ensure_demo_login, system_user
from clusterwerk.award.defaults import DEFAULT_CRITERIA, DEFAULT_RULES
from clusterwerk.award.demo.world import World, write_planned_project
from clusterwerk.award.models import (
    Application,
    ApplicationPartner,
    ApplicationStatus,
    AuditAction,
    AuditEntry,
    AwardEdition,
    Comment,
    Conflict,
    ConflictKind,
    ConflictSource,
    ConflictStatus,
    Criterion,
    Decision,
    EligibilityRule,
    FollowUp,
    FollowUpOutcome,
    FormalCheck,
    JuryMember,
    Phase,
    Review,
    ReviewStatus,
    Score,
)
from clusterwerk.events.models import Event

BERLIN = ZoneInfo("Europe/Berlin")
HONOURED = (Decision.WINNER, Decision.SPECIAL_PRIZE)
SCORE_NOISE = 0.45  # standard deviation of a single score around the application's level
JUROR_BIAS = 0.3  # how much stricter or milder a juror is, at most (points)
DISSENT = 2.2  # how much lower the dissenting juror scores the disputed application
OUTCOME_NOTES = {
    FollowUpOutcome.ON_MARKET: "Demo: Die Innovation ist am Markt eingeführt.",
    FollowUpOutcome.DEVELOPING: "Demo: Wir entwickeln die Innovation mit ersten Kunden weiter.",
    FollowUpOutcome.LICENSED: "Demo: Die Rechte sind an einen Partner lizenziert.",
    FollowUpOutcome.STOPPED: "Demo: Wir haben die Entwicklung vorerst eingestellt.",
}


def moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BERLIN)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def weighted_total(criteria: list[Criterion], values: dict[str, int]) -> Decimal:
    """The weighted mean of the values on the 0–5 scale (3 places), as the scoring does."""
    weights = {criterion.key: criterion.weight for criterion in criteria}
    total = sum(weights[key] * value for key, value in values.items())
    return (Decimal(total) / sum(weights[key] for key in values)).quantize(Decimal("0.001"))


class Writer:
    """Writes one run of the demo; `audit` collects (entry, when) to date them at the end."""

    def __init__(self, cluster, data: dict, world: World, rng: random.Random, *, today, password):
        self.cluster = cluster
        self.data = data
        self.world = world
        self.rng = rng
        self.today = today
        self.password = password
        self.note = data["demo_note"]
        self.audit: list[tuple[int, datetime.datetime]] = []
        self.created: list[tuple[type, int, datetime.datetime]] = []

    # --- the whole run ------------------------------------------------------------------

    def write(self) -> None:
        world = self.world
        if world.shared_project is None and world.shared_project_planned is not None:
            chair = world.juror(self.data["conflicts"]["shared_project"]["juror"])
            spec = next(s for s in self.data["applications"] if s.get("shared_project"))
            world.shared_project = write_planned_project(
                self.cluster,
                world.shared_project_planned,
                chair.affiliation,
                world.applicants[spec["key"]],
            )
        users = {
            juror.key: ensure_demo_login(
                user=system_user(),
                email=juror.email,
                first_name=juror.first_name,
                last_name=juror.last_name,
                role=Role.JURY,
                cluster=self.cluster,
                password=self.password,
            )
            for juror in world.jurors
        }
        for spec in self.data["editions"]:
            self.edition(spec, users)
        for model, pk, when in self.created:
            model.objects.filter(pk=pk).update(created_at=when)
        for pk, when in self.audit:
            AuditEntry.objects.filter(pk=pk).update(created_at=when)

    def edition(self, spec: dict, users: dict) -> AwardEdition:
        deadline = moment(spec["deadline"])
        edition = AwardEdition(
            cluster=self.cluster,
            year=spec["year"],
            title=spec["title"],
            description=f"{spec['description']}\n\n*{self.note}*",
            phase=Phase.PUBLISHED,
            call_opens_at=moment(spec["call_opens_at"]),
            deadline=deadline,
            formal_check_until=datetime.date.fromisoformat(spec["formal_check_until"]),
            scoring_until=datetime.date.fromisoformat(spec["scoring_until"]),
            jury_meeting_on=datetime.date.fromisoformat(spec["jury_meeting_on"]),
            decision_on=datetime.date.fromisoformat(spec["decision_on"]),
            ceremony_on=datetime.date.fromisoformat(spec["ceremony_on"]),
            ceremony_event=ceremony_event(self.cluster, spec.get("ceremony_event")),
            results_published_at=moment(spec["results_published_at"]),
            is_demo=True,
        )
        edition.full_clean()
        edition.save()
        self.created.append(
            (AwardEdition, edition.pk, edition.call_opens_at - datetime.timedelta(days=14))
        )
        criteria = self.criteria(edition)
        members = self.jury(edition, users)
        applications = self.applications(edition, spec)
        self.phases(edition)
        conflicts = self.conflicts(edition, members, applications)
        reviewers = self.reviews(edition, criteria, members, applications, conflicts)
        self.discussion(edition, members, applications, reviewers)
        self.decisions(edition, applications)
        self.follow_ups(edition, applications)
        return edition

    # --- criteria, rules, jury ----------------------------------------------------------

    def criteria(self, edition) -> list[Criterion]:
        criteria = []
        for order, data in enumerate(DEFAULT_CRITERIA):
            criterion = Criterion(
                edition=edition,
                order=order,
                key=data["key"],
                title=str(data["title"]),
                description=str(data["description"]),
                weight=data["weight"],
                knock_out_below=data["knock_out_below"],
                scale_labels=[str(label) for label in data["scale_labels"]],
            )
            criterion.full_clean()
            criterion.save()
            criteria.append(criterion)
        for order, data in enumerate(DEFAULT_RULES):
            EligibilityRule.objects.create(
                edition=edition, order=order, kind=data["kind"], parameter=str(data["parameter"])
            )
        return criteria

    def jury(self, edition, users) -> dict[str, JuryMember]:
        members = {}
        accepted = edition.deadline - datetime.timedelta(days=21)
        for number, juror in enumerate(self.world.jurors):
            members[juror.key] = JuryMember.objects.create(
                edition=edition,
                user=users[juror.key],
                affiliation=juror.affiliation,
                function=juror.function,
                is_chair=juror.is_chair,
                confidentiality_accepted_at=accepted + datetime.timedelta(days=number, hours=3),
            )
        return members

    # --- applications -------------------------------------------------------------------

    def applications(self, edition, edition_spec) -> dict[str, tuple[Application, dict]]:
        result = {}
        manager = self.world.manager
        checked = at(edition.formal_check_until, 15)
        for spec in self.data["applications"]:
            if spec["year"] != edition.year:
                continue
            submitted = edition.deadline - datetime.timedelta(
                days=self.rng.randint(0, 30), hours=self.rng.randint(1, 9)
            )
            started = max(
                edition.call_opens_at + datetime.timedelta(days=1),
                submitted - datetime.timedelta(days=self.rng.randint(7, 45)),
            )
            status = spec.get("status", ApplicationStatus.SUBMITTED)
            application = Application(
                edition=edition,
                applicant=self.world.applicants[spec["key"]],
                title=spec["title"],
                summary=spec["summary"],
                description=f"{spec['description']}\n\n{self.note}",
                stage=spec["stage"],
                innovation_date=datetime.date.fromisoformat(spec["innovation_date"]),
                market=spec["market"],
                figures=spec["figures"],
                ip_declaration=True,
                publication_consent=spec.get("consent", True),
                status=status,
                submitted_at=submitted,
                decision_note=spec.get("decision_note", ""),
                is_demo=True,
            )
            if status == ApplicationStatus.WITHDRAWN:
                application.withdrawn_at = submitted + datetime.timedelta(
                    days=self.rng.randint(1, 5)
                )
                application.withdrawn_at = min(
                    application.withdrawn_at, edition.deadline - datetime.timedelta(hours=2)
                )
            else:
                verdict = spec.get("formal_check", FormalCheck.ELIGIBLE)
                application.formal_check = verdict
                application.formal_check_note = spec.get("formal_check_note", "")
                application.formal_checked_at = checked - datetime.timedelta(
                    days=self.rng.randint(1, 10)
                )
                application.formal_checked_by = manager
            application.full_clean(exclude=["created_by"])
            application.save()
            self.created.append((Application, application.pk, started))
            partner = self.world.partners.get(spec["key"])
            if partner is not None:
                ApplicationPartner.objects.create(
                    application=application, actor=partner, role=spec.get("partner_role", "")
                )
            if application.formal_check == FormalCheck.INELIGIBLE:
                self.record(
                    edition,
                    AuditAction.FORMAL_CHECK,
                    application.formal_checked_at,
                    application=application,
                    changes={"formal_check": [FormalCheck.PENDING, FormalCheck.INELIGIBLE]},
                    message=application.formal_check_note,
                )
            result[spec["key"]] = (application, spec)
        return result

    def phases(self, edition) -> None:
        steps = [
            (Phase.PREPARATION, Phase.CALL, edition.call_opens_at),
            (Phase.CALL, Phase.FORMAL_CHECK, edition.deadline + datetime.timedelta(hours=1)),
            (Phase.FORMAL_CHECK, Phase.SCORING, at(edition.formal_check_until, 17)),
            (Phase.SCORING, Phase.DISCUSSION, at(edition.scoring_until, 18)),
            (Phase.DISCUSSION, Phase.DECISION, at(edition.jury_meeting_on, 16)),
        ]
        for old, new, when in steps:
            self.record(edition, AuditAction.PHASE, when, changes={"phase": [old, new]})

    def record(self, edition, action, when, *, application=None, changes=None, message=""):
        entry = AuditEntry.objects.create(
            edition=edition,
            application=application,
            user=self.world.manager,
            action=action,
            changes=changes or {},
            message=message[:500],
        )
        self.audit.append((entry.pk, when))
        return entry

    # --- conflicts ----------------------------------------------------------------------

    def conflicts(self, edition, members, applications) -> dict[int, set[int]]:
        """The two detected conflicts of the 2020 edition, pinned by the management.
        Returns application pk → blocked jury member pks."""
        blocked: dict[int, set[int]] = {}
        spec = self.data["conflicts"]
        detected = edition.deadline + datetime.timedelta(days=2)
        decided = at(edition.formal_check_until, 11)
        rows = []
        for application, app_spec in applications.values():
            if app_spec.get("partner") == "conflict":
                juror = self.world.juror(spec["partner_organisation"]["juror"])
                evidence = (
                    f"Demo: {juror.affiliation.name} ist Partner der Bewerbung "
                    f"„{application.title}“ und die Organisation von "
                    f"{juror.first_name} {juror.last_name}."
                )
                rows.append(
                    (
                        members[juror.key],
                        application,
                        ConflictKind.INSTITUTIONAL,
                        ConflictSource.PARTNER_ORGANISATION,
                        evidence,
                        spec["partner_organisation"]["reason"],
                    )
                )
            if app_spec.get("shared_project") and self.world.shared_project is not None:
                juror = self.world.juror(spec["shared_project"]["juror"])
                project = self.world.shared_project
                years = "–".join(
                    str(day.year) for day in (project.start_date, project.end_date) if day
                )
                evidence = (
                    f"Demo: {juror.affiliation.name} (Organisation von {juror.first_name} "
                    f"{juror.last_name}) und {application.applicant.name} sind Partner im "
                    f"Projekt „{project.title}“ ({years})."
                )
                rows.append(
                    (
                        members[juror.key],
                        application,
                        ConflictKind.COLLABORATOR,
                        ConflictSource.SHARED_PROJECT,
                        evidence,
                        spec["shared_project"]["reason"],
                    )
                )
        for member, application, kind, source, evidence, reason in rows:
            conflict = Conflict.objects.create(
                jury_member=member,
                application=application,
                kind=kind,
                source=source,
                evidence=evidence[:500],
                status=ConflictStatus.PINNED,
                reason=reason,
                decided_by=self.world.manager,
                decided_at=decided,
            )
            Conflict.objects.filter(pk=conflict.pk).update(created_at=detected)
            blocked.setdefault(application.pk, set()).add(member.pk)
            self.record(
                edition,
                AuditAction.CONFLICT,
                decided,
                application=application,
                changes={"status": [ConflictStatus.PROPOSED, ConflictStatus.PINNED]},
                message=f"{member.user.get_full_name()}: {reason}",
            )
        return blocked

    # --- reviews ------------------------------------------------------------------------

    def reviews(self, edition, criteria, members, applications, blocked) -> dict[int, list]:
        """Three submitted reviews per application in the competition, balanced over the
        jurors, never by a conflicted one. Returns application pk → its reviewers."""
        rng = self.rng
        jury = list(members.values())
        load = {member.pk: 0 for member in jury}
        bias = {member.pk: rng.uniform(-JUROR_BIAS, JUROR_BIAS) for member in jury}
        abstain = self.data.get("abstain") or {}
        started = at(edition.formal_check_until, 18)
        span = max(1, (edition.scoring_until - edition.formal_check_until).days)
        reviewers: dict[int, list[JuryMember]] = {}
        for key, (application, spec) in applications.items():
            if not application.is_in_competition:
                continue
            abstainer = (
                members.get(abstain.get("juror")) if abstain.get("application") == key else None
            )
            eligible = [
                member
                for member in jury
                if member.pk not in blocked.get(application.pk, set()) and member != abstainer
            ]
            rng.shuffle(eligible)
            eligible.sort(key=lambda member: load[member.pk])
            chosen = eligible[: edition.reviews_per_application]
            for member in chosen:
                load[member.pk] += 1
            reviewers[application.pk] = chosen
            values = self.draw_scores(edition, criteria, spec, chosen, bias)
            for member in chosen:
                scores = values[member.pk]
                total = weighted_total(criteria, scores)
                review = Review.objects.create(
                    application=application,
                    jury_member=member,
                    status=ReviewStatus.SUBMITTED,
                    comment=self.review_comment(total),
                    total=total,
                    submitted_at=started
                    + datetime.timedelta(days=rng.randint(1, span), hours=rng.randint(0, 5)),
                )
                Score.objects.bulk_create(
                    Score(review=review, criterion=criterion, value=scores[criterion.key])
                    for criterion in criteria
                )
            if abstainer is not None:
                Review.objects.create(
                    application=application,
                    jury_member=abstainer,
                    status=ReviewStatus.ABSTAINED,
                    abstain_reason=abstain["reason"],
                )
        return reviewers

    def draw_scores(self, edition, criteria, spec, chosen, bias) -> dict[int, dict[str, int]]:
        """Plausible scores around the application's level; for the disputed application the
        first reviewer dissents, so that the totals spread wider than the threshold."""
        threshold = edition.disagreement_threshold
        disputed = spec.get("disagreement", False)
        for _attempt in range(20):
            values = {}
            for position, member in enumerate(chosen):
                offset = bias[member.pk] - (DISSENT if disputed and position == 0 else 0)
                values[member.pk] = {
                    criterion.key: self.score(criterion, spec, offset) for criterion in criteria
                }
            totals = [weighted_total(criteria, scores) for scores in values.values()]
            spread = max(totals) - min(totals)
            if (spread > threshold) == disputed:
                return values
        if disputed:  # lower the dissent until the spread is wide enough
            low = values[chosen[0].pk]
            for criterion in criteria:
                low[criterion.key] = 1 if criterion.knock_out_below else 0
        return values

    def score(self, criterion, spec, offset) -> int:
        level = spec["level"] + spec.get("profile", {}).get(criterion.key, 0) + offset
        value = round(level + self.rng.gauss(0, SCORE_NOISE))
        # Nobody in the demo is knocked out: the knock-out criterion stays at its threshold.
        lowest = criterion.knock_out_below or 0
        return max(lowest, min(5, value))

    def review_comment(self, total: Decimal) -> str:
        if self.rng.random() > 0.35:
            return ""
        pools = self.data["review_comments"]
        pool = pools["high"] if total >= 3.8 else pools["middle"] if total >= 2.8 else pools["low"]
        return self.rng.choice(pool)

    # --- discussion, decisions, follow-ups ----------------------------------------------

    def discussion(self, edition, members, applications, reviewers) -> None:
        chair = next((member for member in members.values() if member.is_chair), None)
        start = at(edition.scoring_until + datetime.timedelta(days=1), 9)
        first_winner = True
        for application, spec in applications.values():
            chosen = reviewers.get(application.pk)
            if not chosen:
                continue
            texts = spec.get("discussion", [])
            if not texts and spec.get("decision") == Decision.WINNER and first_winner:
                texts, first_winner = self.data["winner_comments"], False
            blocked = {c.jury_member_id for c in application.conflicts.all()}
            authors = [*chosen[:2], chair if chair and chair.pk not in blocked else chosen[-1]]
            for number, text in enumerate(texts):
                comment = Comment.objects.create(
                    application=application, author=authors[number % len(authors)].user, text=text
                )
                when = start + datetime.timedelta(days=number, hours=self.rng.randint(0, 8))
                Comment.objects.filter(pk=comment.pk).update(created_at=when)

    def decisions(self, edition, applications) -> None:
        decided = at(edition.decision_on, 14)
        for number, (application, spec) in enumerate(applications.values()):
            decision = spec.get("decision") or Decision.NONE
            if decision == Decision.NONE or not application.is_in_competition:
                continue
            Application.objects.filter(pk=application.pk).update(decision=decision)
            application.decision = decision
            self.record(
                edition,
                AuditAction.DECISION,
                decided + datetime.timedelta(minutes=number),
                application=application,
                changes={"decision": [Decision.NONE, decision]},
                message=spec.get("decision_note", ""),
            )
        self.record(
            edition,
            AuditAction.RELEASED,
            edition.results_published_at,
            changes={"phase": [Phase.DECISION, Phase.PUBLISHED]},
            message=self.note,
        )

    def follow_ups(self, edition, applications) -> None:
        """The questions one and three years after the ceremony that are due by today: the
        honoured applicants answered both, some others the first; the rest is not sent yet."""
        for application, spec in applications.values():
            if not application.is_in_competition:
                continue
            honoured = application.decision in HONOURED
            for years in (1, 3):
                due = add_years(edition.ceremony_on, years)
                if due >= self.today:
                    continue
                follow_up = FollowUp(application=application, years_after=years, due_on=due)
                answer = self.answer(spec, years, honoured)
                if answer is not None:
                    outcome, employees, note = answer
                    follow_up.sent_at = at(due, 8)
                    follow_up.answered_at = at(due + datetime.timedelta(self.rng.randint(3, 20)))
                    follow_up.outcome = outcome
                    follow_up.employees_added = employees
                    follow_up.note = note
                follow_up.full_clean()
                follow_up.save()

    def answer(self, spec, years, honoured):
        later = spec.get("follow_up")
        if honoured and later:
            if years == 3:
                return later["outcome"], later["employees_added"], later["note"]
            return (
                FollowUpOutcome.DEVELOPING,
                later["employees_added"] // 2,
                OUTCOME_NOTES[FollowUpOutcome.DEVELOPING],
            )
        if years == 1 and self.rng.random() < 0.5:
            outcome = self.rng.choice(
                [FollowUpOutcome.DEVELOPING, FollowUpOutcome.ON_MARKET, FollowUpOutcome.STOPPED]
            )
            employees = 0 if outcome == FollowUpOutcome.STOPPED else self.rng.randint(0, 2)
            return outcome, employees, OUTCOME_NOTES[outcome]
        return None


def ceremony_event(cluster, title: str | None) -> Event | None:
    """The demo event of the ceremony (the Clusterkonferenz of the year), if it exists."""
    if not title:
        return None
    return Event.objects.filter(cluster=cluster, is_demo=True, title=title).order_by("pk").first()
