"""save_rating, the group feedback and comments: real time and classic rounds, "kann ich nicht
beurteilen", expertise, the reason rule, and the four bad inputs of the issue in German."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterwerk.foresight import feedback
from clusterwerk.foresight.models import Comment, Expertise, Mode, Rating, Status
from clusterwerk.foresight.permissions import forget_seat_cache
from clusterwerk.foresight.services.rating import (
    add_comment,
    hide_comment,
    progress,
    save_rating,
    visible_comments,
)
from clusterwerk.foresight.tests.factories import (
    criterion,
    make_cycle,
    make_item,
    make_panellist,
    rate,
)

pytestmark = pytest.mark.django_db


def impact(cycle):
    return criterion(cycle, "impact")


def messages_of(error) -> str:
    return " ".join(error.value.messages)


def test_realtime_writes_round_one_and_keeps_the_first_value(cycle, items, panellists):
    seat = panellists[0]
    crit = impact(cycle)
    (rating,) = save_rating(user=seat.user, item=items[0], answers={crit.pk: 4}, expertise=3)
    assert (rating.round, rating.value, rating.first_value, rating.cannot_judge) == (1, 4, 4, False)
    assert Expertise.objects.get(panellist=seat, item=items[0]).level == 3
    save_rating(user=seat.user, item=items[0], answers={crit.pk: 2})
    rating.refresh_from_db()
    assert (rating.value, rating.first_value) == (2, 4)
    assert Rating.objects.filter(panellist=seat).count() == 1


def test_cannot_judge_is_stored_without_a_value(cycle, items, panellists):
    crit = impact(cycle)
    (rating,) = save_rating(user=panellists[0].user, item=items[0], answers={crit.pk: None})
    assert (rating.value, rating.cannot_judge) == (None, True)
    stats = feedback.group_stats(items[0], crit, round=1)
    assert (stats.n, stats.cannot_judge) == (0, 1)


def test_classic_mode_writes_the_current_round_and_shows_the_previous(cluster):
    cycle = make_cycle(cluster, mode=Mode.ROUNDS, current_round=1)
    item = make_item(cycle, "K-01")
    seats = [make_panellist(cycle, f"k{n}@panel.example") for n in range(4)]
    for seat, value in zip(seats[:3], (2, 3, 3), strict=True):
        rate(seat, item, {"impact": value}, round=1)
    crit = impact(cycle)
    fb = feedback.item_feedback(item, seats[3])[crit.pk]
    assert not fb.shown  # round 1: no feedback in classic mode
    cycle.current_round = 2
    cycle.save()
    item.refresh_from_db()
    (rating,) = save_rating(user=seats[3].user, item=item, answers={crit.pk: 3})
    assert rating.round == 2
    fb = feedback.item_feedback(item, seats[3])[crit.pk]
    assert fb.shown and fb.round == 1 and fb.stats.median == 3 and fb.own == 3


def test_the_group_feedback_needs_min_answers(cycle, items, panellists):
    crit = impact(cycle)
    rate(panellists[0], items[0], {"impact": 3})
    rate(panellists[1], items[0], {"impact": 4})
    assert not feedback.item_feedback(items[0], panellists[2])[crit.pk].shown
    rate(panellists[2], items[0], {"impact": 4}, reason="Weil es so ist.")
    fb = feedback.item_feedback(items[0], panellists[3])[crit.pk]
    assert fb.shown and fb.stats.n == 3 and fb.stats.median == 4
    assert [other.reason for other in fb.reasons] == ["Weil es so ist."]
    # One's own reason is not among the others'.
    assert feedback.item_feedback(items[0], panellists[2])[crit.pk].reasons == []


def test_a_reason_is_required_outside_the_iqr_of_the_others(cycle, items, panellists):
    crit = impact(cycle)
    for seat, value in zip(panellists[:3], (3, 3, 4), strict=True):
        rate(seat, items[0], {"impact": value})
    with pytest.raises(ValidationError) as error:
        save_rating(user=panellists[3].user, item=items[0], answers={crit.pk: 1})
    assert "außerhalb des Quartilsabstands" in messages_of(error)
    assert f"reason_{crit.pk}" in error.value.message_dict
    assert not Rating.objects.filter(panellist=panellists[3]).exists()
    (rating,) = save_rating(
        user=panellists[3].user,
        item=items[0],
        answers={crit.pk: 1},
        reasons={crit.pk: "Wasserstoff bleibt für kleine Betriebe zu teuer."},
    )
    assert rating.reason.startswith("Wasserstoff")
    # Inside the IQR no reason is needed; the rule can be switched off.
    save_rating(user=panellists[4].user, item=items[0], answers={crit.pk: 3})
    cycle.reason_outside_iqr = False
    cycle.save()
    items[1].cycle = cycle
    for seat, value in zip(panellists[:3], (3, 3, 3), strict=True):
        rate(seat, items[1], {"impact": value})
    save_rating(user=panellists[3].user, item=items[1], answers={crit.pk: 5})


def test_a_kept_reason_satisfies_the_rule(cycle, items, panellists):
    crit = impact(cycle)
    for seat, value in zip(panellists[:3], (3, 3, 3), strict=True):
        rate(seat, items[0], {"impact": value})
    save_rating(
        user=panellists[3].user, item=items[0], answers={crit.pk: 5}, reasons={crit.pk: "Weil."}
    )
    save_rating(user=panellists[3].user, item=items[0], answers={crit.pk: 1})
    with pytest.raises(ValidationError):
        save_rating(
            user=panellists[3].user, item=items[0], answers={crit.pk: 1}, reasons={crit.pk: " "}
        )


def test_value_outside_the_scale_is_refused_in_german(cycle, items, panellists):
    crit = criterion(cycle, "horizon")  # four steps
    for bad in (0, 5, "viel", 2.5, True):
        with pytest.raises(ValidationError) as error:
            save_rating(user=panellists[0].user, item=items[0], answers={crit.pk: bad})
        assert "Bitte eine Stufe von 1 bis 4 wählen" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        save_rating(user=panellists[0].user, item=items[0], answers={999999: 3}, expertise=9)
    assert "gehört nicht zu diesem Zyklus" in messages_of(error)
    assert "Expertise" in messages_of(error)
    assert not Rating.objects.exists()


def test_rating_after_the_round_closed_is_refused(cycle, items, panellists):
    crit = impact(cycle)
    cycle.status = Status.EVALUATION
    cycle.save()
    items[0].cycle = cycle
    with pytest.raises(PermissionDenied, match=r"Die Bewertung ist geschlossen\."):
        save_rating(user=panellists[0].user, item=items[0], answers={crit.pk: 3})


@pytest.mark.clock
def test_rating_after_the_period_is_refused(cluster):
    cycle = make_cycle(cluster, period_end=timezone.localdate() - datetime.timedelta(days=1))
    item = make_item(cycle, "W-01")
    seat = make_panellist(cycle, "spaet@panel.example")
    with pytest.raises(PermissionDenied, match="sie ist geschlossen"):
        save_rating(user=seat.user, item=item, answers={impact(cycle).pk: 3})


def test_a_non_panellist_may_not_rate(cycle, items, panellists, cluster_manager, outsider):
    crit = impact(cycle)
    invited = make_panellist(cycle, "offen@panel.example", accepted=False)
    for user in (cluster_manager, outsider, invited.user):
        with pytest.raises(PermissionDenied, match="Bewerten können nur eingeladene Mitglieder"):
            save_rating(user=user, item=items[0], answers={crit.pk: 3})


def test_an_edit_changes_exactly_what_the_person_changed(cycle, items, panellists):
    seat = panellists[0]
    impact_c, horizon_c = impact(cycle), criterion(cycle, "horizon")
    save_rating(
        user=seat.user,
        item=items[0],
        answers={impact_c.pk: 4, horizon_c.pk: 2},
        reasons={horizon_c.pk: "Förderprogramme laufen an."},
        expertise=4,
    )
    before = {r.criterion_id: (r.value, r.reason, r.updated_at) for r in Rating.objects.all()}
    save_rating(user=seat.user, item=items[0], answers={impact_c.pk: 5})
    after = {r.criterion_id: (r.value, r.reason, r.updated_at) for r in Rating.objects.all()}
    assert after[horizon_c.pk] == before[horizon_c.pk]
    assert after[impact_c.pk][0] == 5
    assert Expertise.objects.get(panellist=seat).level == 4
    assert progress(seat)["answered"] == {items[0].pk: 2}


def test_comments_are_anonymous_with_one_level_of_replies(
    cycle, items, panellists, cluster_manager, other_cluster_manager
):
    first = add_comment(user=panellists[0].user, item=items[0], body="  Teuer!  ")
    assert first.body == "Teuer!" and first.panellist == panellists[0]
    reply = add_comment(user=panellists[1].user, item=items[0], body="Sinkt.", parent=first)
    with pytest.raises(ValidationError, match="nicht auf Antworten"):
        add_comment(user=panellists[2].user, item=items[0], body="Und?", parent=reply)
    with pytest.raises(ValidationError, match="Bitte schreiben Sie einen Kommentar"):
        add_comment(user=panellists[2].user, item=items[0], body="   ")
    with pytest.raises(PermissionDenied):
        add_comment(user=cluster_manager, item=items[0], body="Hallo")
    with pytest.raises(PermissionDenied):
        hide_comment(user=panellists[0].user, comment=first)
    with pytest.raises(PermissionDenied):
        hide_comment(user=other_cluster_manager, comment=first)
    hide_comment(user=cluster_manager, comment=first)
    assert Comment.objects.get(pk=first.pk).is_hidden
    assert visible_comments(items[0], manager=False) == []
    shown = visible_comments(items[0], manager=True)
    assert shown == [first] and shown[0].shown_replies == [reply]


def test_a_removed_seat_user_cannot_rate_any_more(cycle, items, panellists):
    seat = panellists[0]
    user = seat.user
    seat.accepted_at = None
    seat.save()
    forget_seat_cache(user)
    with pytest.raises(PermissionDenied):
        save_rating(user=user, item=items[0], answers={impact(cycle).pk: 3})
