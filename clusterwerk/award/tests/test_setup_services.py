"""Editions through their set-up: create with the defaults, edit exactly what was given,
criteria and rules validated with German messages, each precondition of each phase change,
and the formal check."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from clusterwerk.award import phases
from clusterwerk.award.models import (
    ApplicationStatus,
    AuditAction,
    AuditEntry,
    AwardEdition,
    Criterion,
    EligibilityRule,
    FormalCheck,
    Phase,
    RuleKind,
    Stage,
)
from clusterwerk.award.services import editions as services
from clusterwerk.award.services.formal_check import record_formal_check
from clusterwerk.award.tests.factories import (
    make_application,
    make_award_edition,
    make_juror,
    make_review,
)
from clusterwerk.events.tests.factories import make_event

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def messages_of(error: ValidationError) -> str:
    return " ".join(error.value.messages)


def labels(step: str = "") -> list[str]:
    return [f"Stufe {value}{step}" for value in range(6)]


# --- create and update -------------------------------------------------------------------------


def test_create_copies_the_default_criteria_and_rules(cluster, cluster_manager):
    deadline = timezone.now() + datetime.timedelta(days=60)
    edition = services.create_edition(
        user=cluster_manager,
        cluster=cluster,
        year=2031,
        title="Innovationspreis 2031",
        deadline=deadline,
        prize_money="12000",
    )
    assert edition.phase == Phase.PREPARATION
    assert edition.prize_money == Decimal("12000.00")
    assert list(edition.criteria.values_list("key", flat=True)) == [
        "innovation",
        "market",
        "relevance",
        "social",
    ]
    assert edition.criteria.get(key="innovation").knock_out_below == 1
    assert list(edition.rules.values_list("kind", flat=True)) == [
        RuleKind.SITE_IN_BRANDENBURG,
        RuleKind.MIN_STAGE,
        RuleKind.MAX_AGE_YEARS,
        RuleKind.MAX_ENTRIES,
        RuleKind.RESEARCH_NEEDS_COMPANY,
    ]


def test_a_year_is_unique_per_cluster(cluster, other_cluster, cluster_manager, edition):
    deadline = timezone.now() + datetime.timedelta(days=60)
    with pytest.raises(ValidationError) as error:
        services.create_edition(
            user=cluster_manager,
            cluster=cluster,
            year=edition.year,
            title="Noch einmal",
            deadline=deadline,
        )
    assert error.value.message_dict["year"] == [
        f"Für {edition.year} gibt es in diesem Cluster schon einen Preisjahrgang."
    ]
    assert AwardEdition.objects.filter(cluster=cluster).count() == 1
    # Another cluster may have the same year.
    make_award_edition(other_cluster, year=edition.year)


def test_create_reports_every_bad_field_at_once(cluster, cluster_manager):
    with pytest.raises(ValidationError) as error:
        services.create_edition(
            user=cluster_manager,
            cluster=cluster,
            year="zwanzig",
            title="",
            deadline="morgen",
            max_winners=0,
        )
    fields = error.value.message_dict
    assert set(fields) >= {"year", "title", "deadline", "max_winners"}
    assert "JJJJ-MM-TTTHH:MM" in fields["deadline"][0]
    assert not AwardEdition.objects.exists()


def test_only_the_management_creates(cluster, member, other_cluster_manager):
    for user in (member, other_cluster_manager):
        with pytest.raises(PermissionDenied):
            services.create_edition(
                user=user,
                cluster=cluster,
                year=2031,
                title="X",
                deadline=timezone.now() + datetime.timedelta(days=3),
            )


def test_update_changes_exactly_what_was_given(cluster, cluster_manager, edition):
    before = AwardEdition.objects.values().get(pk=edition.pk)
    services.update_edition(
        user=cluster_manager,
        cluster=cluster,
        edition=edition,
        data={"title": "Neuer Titel", "prize_money": "9000,50"},
    )
    after = AwardEdition.objects.values().get(pk=edition.pk)
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"title", "prize_money", "updated_at"}
    assert after["prize_money"] == Decimal("9000.50")


def test_the_ceremony_is_an_event_of_the_same_cluster(
    cluster, other_cluster, cluster_manager, edition
):
    conference = make_event(cluster, title="Clusterkonferenz")
    foreign = make_event(other_cluster, title="Fremde Konferenz")
    with pytest.raises(ValidationError) as error:
        services.update_edition(
            user=cluster_manager,
            cluster=cluster,
            edition=edition,
            data={"ceremony_event": foreign.pk},
        )
    assert error.value.message_dict["ceremony_event"] == [
        "Diese Veranstaltung gibt es in diesem Cluster nicht."
    ]
    services.update_edition(
        user=cluster_manager,
        cluster=cluster,
        edition=edition,
        data={"ceremony_event": conference.pk},
    )
    edition.refresh_from_db()
    assert edition.ceremony_event == conference


def test_the_timeline_is_in_order(cluster, cluster_manager, edition):
    deadline_day = timezone.localtime(edition.deadline).date()
    with pytest.raises(ValidationError) as error:
        services.update_edition(
            user=cluster_manager,
            cluster=cluster,
            edition=edition,
            data={
                "formal_check_until": (deadline_day - datetime.timedelta(days=1)).isoformat(),
                "ceremony_on": (deadline_day + datetime.timedelta(days=10)).isoformat(),
                "decision_on": (deadline_day + datetime.timedelta(days=20)).isoformat(),
            },
        )
    assert error.value.message_dict == {
        "formal_check_until": ["Die formale Prüfung endet vor dem Einsendeschluss."],
        "ceremony_on": ["Die Preisverleihung liegt vor der Entscheidung."],
    }


def test_update_is_closed_after_the_call(cluster, cluster_manager, edition):
    edition.phase = Phase.FORMAL_CHECK
    edition.save()
    with pytest.raises(phases.PhaseClosed):
        services.update_edition(
            user=cluster_manager, cluster=cluster, edition=edition, data={"title": "Zu spät"}
        )


def test_another_clusters_edition_is_not_found(other_cluster, other_cluster_manager, edition):
    with pytest.raises(Http404):
        services.update_edition(
            user=other_cluster_manager, cluster=other_cluster, edition=edition, data={}
        )


# --- criteria ----------------------------------------------------------------------------------


def criteria_list(edition) -> list[dict]:
    return [
        {
            "id": c.pk,
            "key": c.key,
            "title": c.title,
            "description": c.description,
            "weight": str(c.weight),
            "is_required": c.is_required,
            "knock_out_below": c.knock_out_below,
            "scale_labels": c.scale_labels,
        }
        for c in edition.criteria.all()
    ]


def test_criteria_are_added_changed_and_removed(cluster, cluster_manager, edition):
    items = criteria_list(edition)
    social = Criterion.objects.get(edition=edition, key="social")
    items = [item for item in items if item["key"] != "social"]
    items[1]["weight"] = "0,5"
    items.append(
        {
            "title": "Nachhaltigkeit",
            "weight": "0.2",
            "knock_out_below": "",
            "scale_labels": labels(),
        }
    )
    untouched = Criterion.objects.values().get(edition=edition, key="innovation")
    services.save_criteria(user=cluster_manager, cluster=cluster, edition=edition, criteria=items)
    assert list(edition.criteria.values_list("key", "weight")) == [
        ("innovation", Decimal("0.35")),
        ("market", Decimal("0.50")),
        ("relevance", Decimal("0.25")),
        ("nachhaltigkeit", Decimal("0.20")),
    ]
    assert not Criterion.objects.filter(pk=social.pk).exists()
    assert Criterion.objects.values().get(edition=edition, key="innovation") == untouched


def test_criteria_errors_name_the_item_and_write_nothing(cluster, cluster_manager, edition):
    items = criteria_list(edition)
    items[0]["weight"] = "-1"
    items[1]["scale_labels"] = labels()[:5]
    items[2]["knock_out_below"] = 6
    items[3]["key"] = "innovation"
    before = list(Criterion.objects.values())
    with pytest.raises(ValidationError) as error:
        services.save_criteria(
            user=cluster_manager, cluster=cluster, edition=edition, criteria=items
        )
    fields = error.value.message_dict
    assert fields["criteria.0.weight"] == ["Bitte eine Zahl von 0 bis 999."]
    assert fields["criteria.1.scale_labels"] == ["Jede Stufe von 0 bis 5 braucht einen Satz."]
    assert fields["criteria.2.knock_out_below"] == ["Bitte eine Zahl von 0 bis 5."]
    assert fields["criteria.3.key"] == ["Die Kennung „innovation“ kommt zweimal vor."]
    assert list(Criterion.objects.values()) == before


def test_the_weights_add_up_to_more_than_zero(cluster, cluster_manager, edition):
    items = criteria_list(edition)
    for item in items:
        item["weight"] = "0"
    with pytest.raises(ValidationError) as error:
        services.save_criteria(
            user=cluster_manager, cluster=cluster, edition=edition, criteria=items
        )
    assert "Gewicht über 0" in messages_of(error)


def test_keys_may_be_swapped(cluster, cluster_manager, edition):
    items = criteria_list(edition)
    items[0]["key"], items[1]["key"] = items[1]["key"], items[0]["key"]
    services.save_criteria(user=cluster_manager, cluster=cluster, edition=edition, criteria=items)
    assert list(edition.criteria.values_list("key", "title")[:2]) == [
        ("market", "Innovationshöhe"),
        ("innovation", "Marktchancen"),
    ]


# --- rules -------------------------------------------------------------------------------------


def test_rules_are_saved_with_their_parameters(cluster, cluster_manager, edition):
    services.save_rules(
        user=cluster_manager,
        cluster=cluster,
        edition=edition,
        rules=[
            {"kind": RuleKind.MIN_STAGE, "parameter": Stage.PROTOTYPE},
            {"kind": RuleKind.MAX_AGE_YEARS, "parameter": "5"},
            {"kind": RuleKind.APPLICANT_KINDS, "parameter": ["company", "craft_business"]},
        ],
    )
    assert list(edition.rules.values_list("kind", "parameter")) == [
        (RuleKind.MIN_STAGE, "prototype"),
        (RuleKind.MAX_AGE_YEARS, "5"),
        (RuleKind.APPLICANT_KINDS, "company,craft_business"),
    ]


def test_bad_rule_parameters_are_refused(cluster, cluster_manager, edition):
    before = list(EligibilityRule.objects.values())
    with pytest.raises(ValidationError) as error:
        services.save_rules(
            user=cluster_manager,
            cluster=cluster,
            edition=edition,
            rules=[
                {"kind": RuleKind.MIN_STAGE, "parameter": "fertig"},
                {"kind": RuleKind.MAX_AGE_YEARS, "parameter": "0"},
                {"kind": RuleKind.MAX_ENTRIES, "parameter": "drei"},
                {"kind": RuleKind.APPLICANT_KINDS, "parameter": "company,alien"},
                {"kind": RuleKind.MIN_STAGE, "parameter": "idea"},
                {"kind": "astrology", "parameter": ""},
            ],
        )
    fields = error.value.message_dict
    assert fields["rules.0.parameter"] == ["„fertig“ ist keine gültige Auswahl."]
    assert fields["rules.1.parameter"] == ["Bitte eine Zahl von 1 bis 100."]
    assert fields["rules.2.parameter"] == ["Bitte eine ganze Zahl angeben."]
    assert fields["rules.3.parameter"] == ["Unbekannte Art von Bewerbern: alien."]
    assert "kommt zweimal vor" in fields["rules.4.kind"][0]
    assert fields["rules.5.kind"] == ["„astrology“ ist keine gültige Auswahl."]
    assert list(EligibilityRule.objects.values()) == before


# --- phases ------------------------------------------------------------------------------------


def advance(user, cluster, edition):
    return services.advance_phase(user=user, cluster=cluster, edition=edition)


def test_the_call_needs_a_criterion_and_a_future_deadline(cluster, cluster_manager):
    edition = make_award_edition(
        cluster,
        phase=Phase.PREPARATION,
        with_defaults=False,
        deadline=timezone.now() - datetime.timedelta(minutes=5),
    )
    with pytest.raises(ValidationError) as error:
        advance(cluster_manager, cluster, edition)
    text = messages_of(error)
    assert "Es gibt noch kein Bewertungskriterium." in text
    assert "ist schon vorbei" in text
    edition.refresh_from_db()
    assert edition.phase == Phase.PREPARATION
    assert not AuditEntry.objects.exists()


def test_preparation_to_call_writes_the_audit(cluster, cluster_manager):
    edition = make_award_edition(cluster, phase=Phase.PREPARATION)
    advance(cluster_manager, cluster, edition)
    edition.refresh_from_db()
    assert edition.phase == Phase.CALL
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.PHASE
    assert entry.changes == {"phase": ["preparation", "call"]}
    assert entry.user == cluster_manager


def test_the_formal_check_starts_at_the_deadline(cluster, cluster_manager, edition):
    with pytest.raises(ValidationError) as error:
        advance(cluster_manager, cluster, edition)
    assert "ist noch nicht erreicht" in messages_of(error)
    edition.deadline = timezone.now() - datetime.timedelta(seconds=1)
    edition.save()
    assert advance(cluster_manager, cluster, edition).phase == Phase.FORMAL_CHECK


def test_scoring_needs_checks_reviews_and_declarations(
    cluster, cluster_manager, applicant, institute, jurors
):
    edition = jurors[0].edition
    edition.phase = Phase.FORMAL_CHECK
    edition.deadline = timezone.now() - datetime.timedelta(days=1)
    edition.reviews_per_application = 2
    edition.save()
    first = make_application(edition, applicant, title="Erste")
    second = make_application(edition, applicant, title="Zweite")
    make_application(edition, applicant, title="Entwurf", status=ApplicationStatus.DRAFT)
    late = make_juror(edition, "spaet@jury.example", accepted=False)
    make_review(first, jurors[1])
    with pytest.raises(ValidationError) as error:
        advance(cluster_manager, cluster, edition)
    text = messages_of(error)
    assert "2 eingereichte Bewerbung(en) sind noch nicht formal geprüft." in text
    assert "2 Bewerbung(en) haben weniger als 2 zugewiesene Bewertungen." in text
    assert "1 Jurymitglied(er) haben die Vertraulichkeitserklärung noch nicht angenommen." in text

    first.formal_check = FormalCheck.ELIGIBLE
    first.save()
    second.formal_check = FormalCheck.INELIGIBLE  # out of the competition: needs no reviews
    second.save()
    make_review(first, jurors[2])
    with pytest.raises(ValidationError) as error:
        advance(cluster_manager, cluster, edition)
    assert messages_of(error) == (
        "1 Jurymitglied(er) haben die Vertraulichkeitserklärung noch nicht angenommen."
    )
    late.confidentiality_accepted_at = timezone.now()
    late.save()
    assert advance(cluster_manager, cluster, edition).phase == Phase.SCORING


def test_discussion_and_decision_follow_at_any_time_but_never_publication(
    cluster, cluster_manager, edition
):
    edition.phase = Phase.SCORING
    edition.save()
    assert advance(cluster_manager, cluster, edition).phase == Phase.DISCUSSION
    assert advance(cluster_manager, cluster, edition).phase == Phase.DECISION
    with pytest.raises(ValidationError) as error:
        advance(cluster_manager, cluster, edition)
    assert "Entscheidungen veröffentlichen" in messages_of(error)
    edition.refresh_from_db()
    assert edition.phase == Phase.DECISION
    assert AuditEntry.objects.filter(action=AuditAction.PHASE).count() == 2


def test_only_the_management_advances(cluster, member, edition, other_cluster_manager):
    with pytest.raises(PermissionDenied):
        advance(member, cluster, edition)
    with pytest.raises(PermissionDenied):
        advance(other_cluster_manager, cluster, edition)


# --- formal check ------------------------------------------------------------------------------


@pytest.fixture
def checking(edition):
    edition.phase = Phase.FORMAL_CHECK
    edition.deadline = timezone.now() - datetime.timedelta(days=1)
    edition.save()
    return edition


def test_record_a_verdict_with_audit(cluster, cluster_manager, checking, applicant):
    application = make_application(checking, applicant)
    record_formal_check(
        user=cluster_manager,
        cluster=cluster,
        application=application,
        verdict=FormalCheck.ELIGIBLE,
        note="",
    )
    application.refresh_from_db()
    assert application.formal_check == FormalCheck.ELIGIBLE
    assert application.formal_checked_by == cluster_manager
    entry = AuditEntry.objects.get(action=AuditAction.FORMAL_CHECK)
    assert entry.application == application
    assert entry.changes == {"formal_check": ["pending", "eligible"]}


def test_ineligible_needs_a_note(cluster, cluster_manager, checking, applicant):
    application = make_application(checking, applicant)
    with pytest.raises(ValidationError) as error:
        record_formal_check(
            user=cluster_manager,
            cluster=cluster,
            application=application,
            verdict=FormalCheck.INELIGIBLE,
            note="  ",
        )
    assert error.value.message_dict == {
        "note": ["Bitte begründen Sie, warum die Bewerbung nicht zugelassen wird."]
    }
    application.refresh_from_db()
    assert application.formal_check == FormalCheck.PENDING
    assert not AuditEntry.objects.exists()


def test_formal_check_only_in_its_phase_and_on_submitted(
    cluster, cluster_manager, edition, applicant
):
    application = make_application(edition, applicant)
    with pytest.raises(phases.PhaseClosed):
        record_formal_check(
            user=cluster_manager,
            cluster=cluster,
            application=application,
            verdict=FormalCheck.ELIGIBLE,
            note="",
        )
    edition.phase = Phase.FORMAL_CHECK
    edition.save()
    draft = make_application(edition, applicant, status=ApplicationStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        record_formal_check(
            user=cluster_manager,
            cluster=cluster,
            application=draft,
            verdict=FormalCheck.ELIGIBLE,
            note="",
        )
    assert "nur eingereichte" in messages_of(error)


def test_formal_check_is_the_managements(
    cluster, member, other_cluster, other_cluster_manager, checking, applicant
):
    application = make_application(checking, applicant)
    with pytest.raises(PermissionDenied):
        record_formal_check(
            user=member,
            cluster=cluster,
            application=application,
            verdict=FormalCheck.ELIGIBLE,
            note="",
        )
    with pytest.raises(Http404):
        record_formal_check(
            user=other_cluster_manager,
            cluster=other_cluster,
            application=application,
            verdict=FormalCheck.ELIGIBLE,
            note="",
        )
