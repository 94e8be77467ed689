"""Services of the Beteiligung (`services.py`, `consultations.py`): phase and audience rules,
blocks, posting limit, the edit window, sanitising, ratings, amendments, and that comments stay
with their element by lineage."""

import datetime
from html import escape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusterwerk.masterplan.models import ElementKind, KeyPoint, TopicArea
from clusterwerk.masterplan.queries import find_by_lineage
from clusterwerk.masterplan.services import revise_edition, update_element
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation import queries, services
from clusterwerk.participation.models import (
    Audience,
    Comment,
    Invitation,
    ParticipationBlock,
    PhaseKind,
    Rating,
    Support,
)
from clusterwerk.participation.services import ContributionNotAllowed, PostingTooFast
from clusterwerk.participation.tests.factories import make_consultation
from conftest import make_user

pytestmark = pytest.mark.clock

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '"><svg onload=alert(1)>',
]


@pytest.fixture
def edition(cluster):
    return make_edition(cluster)


@pytest.fixture
def consultation(cluster, edition):
    return make_consultation(cluster, edition)


@pytest.fixture
def topic_area(edition):
    return TopicArea.objects.get(edition=edition, number="4.2.1")


def comment(user, consultation, element, body="Ein Beitrag.", parent=None):
    return services.add_comment(
        user=user,
        consultation=consultation,
        element_kind=element.kind,
        lineage=element.lineage,
        body=body,
        parent=parent,
    )


def amendment(user, consultation, element, text="Ein neuer Text.", field="goal"):
    return services.propose_amendment(
        user=user,
        consultation=consultation,
        element_kind=element.kind,
        lineage=element.lineage,
        field=field,
        text=text,
    )


def rate(user, consultation, element, relevance=3, priority=2):
    return services.rate(
        user=user,
        consultation=consultation,
        element_kind=element.kind,
        lineage=element.lineage,
        relevance=relevance,
        priority=priority,
    )


# --- Phases ----------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", [PhaseKind.INFORMATION, PhaseKind.EVALUATION, PhaseKind.RESULT])
def test_every_action_is_refused_outside_the_participation_phase(
    cluster, edition, topic_area, member, outsider, phase
):
    open_consultation = make_consultation(cluster, edition)
    proposal = amendment(member, open_consultation, topic_area)
    closed = make_consultation(cluster, edition, phase=phase)
    key_point = topic_area.key_point
    attempts = [
        lambda: comment(member, closed, topic_area),
        lambda: rate(member, closed, topic_area),
        lambda: amendment(member, closed, topic_area),
        lambda: services.propose_topic_area(
            user=member,
            consultation=closed,
            key_point_lineage=key_point.lineage,
            title="T",
            goal="Z",
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ContributionNotAllowed, match="In der aktuellen Phase"):
            attempt()
    # closing the participation phase of the open consultation stops supports, too
    open_consultation.phases.filter(kind=PhaseKind.PARTICIPATION).update(
        ends_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ContributionNotAllowed):
        services.support_proposal(user=outsider, proposal=proposal)
    with pytest.raises(ContributionNotAllowed):
        services.withdraw_support(user=outsider, proposal=proposal)


def test_a_phase_allows_only_what_it_declares(consultation, topic_area, member):
    consultation.phases.filter(kind=PhaseKind.PARTICIPATION).update(
        allows_rate=False, allows_propose=False
    )
    comment(member, consultation, topic_area)
    with pytest.raises(ContributionNotAllowed, match="keine Bewertungen"):
        rate(member, consultation, topic_area)
    with pytest.raises(ContributionNotAllowed, match="keine Vorschläge"):
        amendment(member, consultation, topic_area)


def test_no_phase_at_all_refuses(consultation, topic_area, member):
    consultation.phases.all().delete()
    with pytest.raises(ContributionNotAllowed):
        comment(member, consultation, topic_area)


# --- Audience, blocks, posting limit ---------------------------------------------------------


def test_members_only(cluster, edition, topic_area, member, outsider):
    consultation = make_consultation(cluster, edition, audience=Audience.MEMBERS)
    comment(member, consultation, topic_area)
    with pytest.raises(ContributionNotAllowed, match="nicht teilnehmen"):
        comment(outsider, consultation, topic_area)


def test_invited_only(cluster, edition, topic_area, member, outsider, cluster_manager):
    consultation = make_consultation(cluster, edition, audience=Audience.INVITED)
    with pytest.raises(ContributionNotAllowed):
        comment(outsider, consultation, topic_area)
    with pytest.raises(ContributionNotAllowed):
        comment(member, consultation, topic_area)
    Invitation.objects.create(consultation=consultation, user=outsider)
    comment(outsider, consultation, topic_area)
    comment(cluster_manager, consultation, topic_area)


def test_anyone_registered(consultation, topic_area, outsider):
    comment(outsider, consultation, topic_area)


def test_anonymous_is_asked_to_log_in(consultation, topic_area):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ContributionNotAllowed, match="melden Sie sich an"):
        comment(AnonymousUser(), consultation, topic_area)


def test_blocked_user_contributes_nothing(consultation, topic_area, member, cluster, outsider):
    proposal = amendment(outsider, consultation, topic_area)
    ParticipationBlock.objects.create(cluster=cluster, user=member, reason="Spam")
    for attempt in (
        lambda: comment(member, consultation, topic_area),
        lambda: rate(member, consultation, topic_area),
        lambda: amendment(member, consultation, topic_area),
        lambda: services.support_proposal(user=member, proposal=proposal),
    ):
        with pytest.raises(ContributionNotAllowed, match="gesperrt"):
            attempt()


def test_posting_limit(consultation, topic_area, member):
    for index in range(services.POSTING_LIMIT):
        comment(member, consultation, topic_area, body=f"Beitrag {index}")
    with pytest.raises(PostingTooFast):
        comment(member, consultation, topic_area)
    with pytest.raises(PostingTooFast):
        amendment(member, consultation, topic_area)
    rate(member, consultation, topic_area)  # ratings are not limited


# --- Comments --------------------------------------------------------------------------------


def test_edit_window_of_15_minutes(consultation, topic_area, member, outsider):
    own = comment(member, consultation, topic_area, body="Erst")
    services.edit_comment(user=member, comment=own, body="Dann")
    own.refresh_from_db()
    assert own.body == "Dann" and own.edited_at is not None
    with pytest.raises(PermissionDenied):
        services.edit_comment(user=outsider, comment=own, body="Fremd")
    Comment.objects.filter(pk=own.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=15, seconds=5)
    )
    own.refresh_from_db()
    with pytest.raises(ValidationError, match="15 Minuten"):
        services.edit_comment(user=member, comment=own, body="Zu spät")


def test_delete_keeps_the_place_in_the_thread(client, consultation, topic_area, member, outsider):
    parent = comment(member, consultation, topic_area, body="Frage an alle")
    reply = comment(outsider, consultation, topic_area, body="Antwort darauf", parent=parent)
    with pytest.raises(PermissionDenied):
        services.delete_comment(user=outsider, comment=parent)
    services.delete_comment(user=member, comment=parent)
    parent.refresh_from_db()
    assert parent.is_deleted and parent.body == "" and parent.body_html == ""
    assert Comment.objects.filter(pk=reply.pk, parent=parent).exists()
    thread = queries.comment_thread(member, consultation, topic_area.lineage)
    assert thread == [parent] and thread[0].reply_list == [reply]
    page = client.get(
        reverse("participation:element", args=[consultation.slug, "topic_area", topic_area.lineage])
    ).content.decode()
    assert "Kommentar gelöscht" in page and "Antwort darauf" in page
    assert "Frage an alle" not in page


def test_reply_must_belong_to_the_same_element(consultation, topic_area, edition, member):
    other = TopicArea.objects.get(edition=edition, number="6.3.2")
    parent = comment(member, consultation, other)
    with pytest.raises(ValidationError):
        comment(member, consultation, topic_area, parent=parent)


def test_reply_notifies_the_parent_author(consultation, topic_area, member, outsider):
    parent = comment(member, consultation, topic_area)
    comment(outsider, consultation, topic_area, body="Antwort", parent=parent)
    assert member.participation_notes.count() == 1


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markup_payloads_are_inert(consultation, topic_area, member, payload):
    """Payloads stay visible text: escaped in body_html and in the page, never a tag, an
    event attribute or a javascript: link."""
    saved = comment(member, consultation, topic_area, body=f"Vorher {payload} nachher")
    html = saved.body_html
    assert html == f"<p>Vorher {escape(payload)} nachher</p>"
    assert "<a " not in html
    page = Client().get(
        reverse("participation:element", args=[consultation.slug, "topic_area", topic_area.lineage])
    )
    body = page.content.decode()
    assert escape(payload) in body
    for dangerous in ("<script>alert", "<img src=x", "<svg onload", 'href="javascript:'):
        assert dangerous not in body


def test_markdown_subset_renders(consultation, topic_area, member):
    saved = comment(
        member, consultation, topic_area, body="**fett** und [Link](https://example.org)"
    )
    assert "<strong>fett</strong>" in saved.body_html
    assert 'href="https://example.org" rel="nofollow ugc noopener"' in saved.body_html


def test_comment_outside_the_scope_is_refused(cluster, edition, topic_area, member):
    other = TopicArea.objects.get(edition=edition, number="6.3.2")
    scoped = make_consultation(cluster, edition, scope=[topic_area.key_point])
    comment(member, scoped, topic_area)
    with pytest.raises(ValidationError):
        comment(member, scoped, other)
    tree = queries.scope_tree(scoped)
    assert [af.number for af in tree] == ["4"]
    assert not tree[0].in_scope and tree[0].scope_key_points[0].in_scope
    assert tree[0].scope_key_points[0].scope_topic_areas[0].counts.comments == 1


# --- Ratings ---------------------------------------------------------------------------------


def test_rating_is_unique_and_changeable(consultation, topic_area, member, outsider):
    rate(member, consultation, topic_area, relevance=5, priority=3)
    rate(member, consultation, topic_area, relevance=2, priority=1)
    rate(outsider, consultation, topic_area, relevance=4, priority=3)
    assert Rating.objects.filter(user=member).count() == 1
    assert Rating.objects.get(user=member).relevance == 2
    summary = queries.rating_summary(consultation, topic_area.lineage)
    assert summary.count == 2 and summary.average_relevance == 3.0
    assert dict(summary.priorities) == {"niedrig": 1, "mittel": 0, "hoch": 1}


@pytest.mark.parametrize("relevance,priority", [(0, 2), (6, 2), ("x", 2), (3, 0), (3, 4)])
def test_rating_values_are_checked(consultation, topic_area, member, relevance, priority):
    with pytest.raises(ValidationError):
        rate(member, consultation, topic_area, relevance=relevance, priority=priority)


# --- Proposals and supports ------------------------------------------------------------------


def test_amendment_equal_to_the_current_text_is_rejected(consultation, topic_area, member):
    with pytest.raises(ValidationError, match="gleicht dem bisherigen Text"):
        amendment(member, consultation, topic_area, text=f"  {topic_area.goal}  ")
    with pytest.raises(ValidationError):
        amendment(member, consultation, topic_area, field="keywords")
    proposal = amendment(member, consultation, topic_area, text="Leichte Produkte.")
    assert proposal.original_text == topic_area.goal


def test_support_rules(consultation, topic_area, member, outsider):
    proposal = amendment(member, consultation, topic_area)
    with pytest.raises(ValidationError, match="Eigene"):
        services.support_proposal(user=member, proposal=proposal)
    services.support_proposal(user=outsider, proposal=proposal)
    services.support_proposal(user=outsider, proposal=proposal)
    assert Support.objects.count() == 1
    services.withdraw_support(user=outsider, proposal=proposal)
    assert not Support.objects.exists()


# --- Lineage: comments stay attached ---------------------------------------------------------


def test_comments_stay_attached_when_the_draft_text_changes(
    cluster, edition, cluster_manager, member
):
    draft = revise_edition(source=edition, label="2026", user=cluster_manager)
    consultation = make_consultation(cluster, draft)
    element = TopicArea.objects.get(edition=draft, number="4.2.1")
    saved = comment(member, consultation, element, body="Bitte Recycling ergänzen.")
    update_element(
        element=element,
        user=cluster_manager,
        expected_version=element.version,
        values={"title": "Leichte Produkte mit Kreislauf", "goal": "Ganz anderer Text."},
    )
    page = queries.element_page_data(member, consultation, "topic_area", element.lineage)
    assert page.element.title == "Leichte Produkte mit Kreislauf"
    assert [c.pk for c in page.comments] == [saved.pk]


def test_comments_follow_their_element_into_the_next_edition(
    cluster, edition, cluster_manager, member
):
    consultation = make_consultation(cluster, edition)
    element = TopicArea.objects.get(edition=edition, number="4.2.1")
    saved = comment(member, consultation, element)
    draft = revise_edition(source=edition, label="2026", user=cluster_manager)
    successor = find_by_lineage(draft, ElementKind.TOPIC_AREA, str(saved.element_lineage))
    assert successor is not None and successor.pk != element.pk
    assert successor.title == element.title


# --- Running consultations -------------------------------------------------------------------


def phases_from(start, kinds=("information", "participation", "evaluation", "result")):
    result = []
    for kind in kinds:
        result.append(
            {"kind": kind, "starts_at": start, "ends_at": start + datetime.timedelta(days=7)}
        )
        start += datetime.timedelta(days=7)
    return result


def test_create_consultation_with_defaults(cluster, edition, cluster_manager):
    start = timezone.now() - datetime.timedelta(days=8)
    consultation = services.create_consultation(
        user=cluster_manager,
        cluster=cluster,
        edition=edition,
        title="Masterplan 2026: Ihre Meinung",
        phases=phases_from(start),
    )
    assert consultation.slug == "masterplan-2026-ihre-meinung"
    phases = list(consultation.phases.order_by("starts_at"))
    assert [p.kind for p in phases] == ["information", "participation", "evaluation", "result"]
    assert phases[1].allows_comment and phases[1].allows_support
    assert not phases[0].allows_comment and not phases[2].allows_rate
    assert queries.current_phase(consultation).kind == "participation"


def test_only_managers_create(cluster, edition, member):
    with pytest.raises(PermissionDenied):
        services.create_consultation(
            user=member,
            cluster=cluster,
            edition=edition,
            title="X",
            phases=phases_from(timezone.now()),
        )


@pytest.mark.parametrize("slug", sorted(services.RESERVED_SLUGS))
def test_reserved_slugs(cluster, edition, cluster_manager, slug):
    with pytest.raises(ValidationError) as error:
        services.create_consultation(
            user=cluster_manager,
            cluster=cluster,
            edition=edition,
            title="X",
            slug=slug,
            phases=phases_from(timezone.now()),
        )
    assert "slug" in error.value.message_dict


def test_phase_validation(cluster, edition, cluster_manager):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    bad = [
        [],
        [{"kind": "participation", "starts_at": now, "ends_at": now}],
        [{"kind": "participation", "starts_at": now, "ends_at": now - day}],
        [{"kind": "nonsense", "starts_at": now, "ends_at": now + day}],
        [
            {"kind": "participation", "starts_at": now, "ends_at": now + 2 * day},
            {"kind": "evaluation", "starts_at": now + day, "ends_at": now + 3 * day},
        ],
        [
            {"kind": "evaluation", "starts_at": now, "ends_at": now + day},
            {"kind": "participation", "starts_at": now + day, "ends_at": now + 2 * day},
        ],
    ]
    for phases in bad:
        with pytest.raises(ValidationError) as error:
            services.create_consultation(
                user=cluster_manager, cluster=cluster, edition=edition, title="X", phases=phases
            )
        assert "phases" in error.value.message_dict


def test_scope_and_duplicate_slug(cluster, edition, cluster_manager):
    key_point = KeyPoint.objects.get(edition=edition, number="4.2")
    consultation = services.create_consultation(
        user=cluster_manager,
        cluster=cluster,
        edition=edition,
        title="Nur 4.2",
        whole_plan=False,
        scope=[key_point],
        phases=phases_from(timezone.now()),
    )
    assert list(consultation.scope.values_list("lineage", flat=True)) == [key_point.lineage]
    with pytest.raises(ValidationError) as error:
        services.create_consultation(
            user=cluster_manager,
            cluster=cluster,
            edition=edition,
            title="Nur 4.2",
            whole_plan=False,
            scope=[],
            phases=phases_from(timezone.now()),
        )
    assert {"slug", "scope"} <= set(error.value.message_dict)


def test_update_consultation(consultation, cluster_manager, member):
    with pytest.raises(PermissionDenied):
        services.update_consultation(
            user=member, consultation=consultation, title="X", phases=phases_from(timezone.now())
        )
    services.update_consultation(
        user=cluster_manager,
        consultation=consultation,
        title="Neuer Titel",
        audience=Audience.MEMBERS,
        phases=phases_from(timezone.now(), kinds=("participation", "result")),
    )
    consultation.refresh_from_db()
    assert consultation.title == "Neuer Titel" and consultation.audience == "members"
    assert consultation.phases.count() == 2


def test_close_current_phase_moves_on(consultation, cluster_manager, member):
    with pytest.raises(PermissionDenied):
        services.close_current_phase(user=member, consultation=consultation)
    upcoming = services.close_current_phase(user=cluster_manager, consultation=consultation)
    assert upcoming.kind == "evaluation"
    assert queries.current_phase(consultation).kind == "evaluation"
    assert services.close_current_phase(user=cluster_manager, consultation=consultation).kind == (
        "result"
    )
    assert services.close_current_phase(user=cluster_manager, consultation=consultation) is None
    with pytest.raises(ValidationError):
        services.close_current_phase(user=cluster_manager, consultation=consultation)


def test_follow_and_profile(consultation, member):
    services.follow(user=member, consultation=consultation)
    services.follow(user=member, consultation=consultation)
    assert queries.is_following(member, consultation)
    services.unfollow(user=member, consultation=consultation)
    assert not queries.is_following(member, consultation)
    assert queries.display_name(member) == member.public_name
    services.save_participant_profile(
        user=member, display_name="Dreherei", affiliation_type="company"
    )
    assert queries.display_name(member) == "Dreherei"
    with pytest.raises(ValidationError) as error:
        services.save_participant_profile(
            user=member, display_name="", affiliation_type="nonsense", district="99999", digest="x"
        )
    assert set(error.value.message_dict) == {
        "display_name",
        "affiliation_type",
        "district",
        "digest",
    }


def test_funnel(cluster, consultation, member, cluster_manager):
    # The funnel takes the request's cluster (the tenant) since the re-floor.
    from django.http import Http404

    slug = consultation.slug
    assert queries.get_consultation_for_user(member, cluster, slug) == consultation
    with pytest.raises(PermissionDenied):
        queries.get_consultation_for_user(member, cluster, slug, write=True)
    assert queries.get_consultation_for_user(cluster_manager, cluster, slug, write=True)
    with pytest.raises(Http404):
        queries.get_consultation_for_user(member, cluster, "gibt-es-nicht")
    other = make_user("dritte@clusterwerk.test")
    assert queries.display_name(other) == "dritte"
