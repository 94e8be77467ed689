"""The panel and rating pages: panel, matrix, accept, my list, the rating page with its
feedback partial and comments; bad input in German; who may see what."""

import pytest
from django.urls import reverse

from clusterwerk.foresight.models import Comment, Expertise, Panellist, Rating, Status
from clusterwerk.foresight.tests.factories import criterion, make_panellist, rate
from conftest import make_user

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"foresight:{name}", args=args)


def test_panel_page_lists_names_and_invites(client, cycle, panellists, cluster_manager, mailoutbox):
    client.force_login(cluster_manager)
    page = client.get(url("panel", cycle.slug)).content.decode()
    assert "panellist1@panel.example" in page and "Expert/in 01" in page
    response = client.post(
        url("panel", cycle.slug),
        {
            "action": "invite",
            "name": "Jan Meister",
            "email": "jan@handwerk.example",
            "stakeholder_group": "craft",
        },
    )
    assert response.status_code == 302
    assert Panellist.objects.get(email="jan@handwerk.example").pseudonym == "Expert/in 06"


def test_panel_invite_errors_re_render_in_german(client, cycle, panellists, cluster_manager):
    client.force_login(cluster_manager)
    response = client.post(
        url("panel", cycle.slug),
        {
            "action": "invite",
            "name": "",
            "email": "panellist1@panel.example",
            "stakeholder_group": "",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte den Namen angeben." in page and "Bitte die Gruppe wählen." in page


def test_panel_remind_and_remove(client, cycle, items, panellists, cluster_manager):
    client.force_login(cluster_manager)
    response = client.post(url("panel", cycle.slug), {"action": "remind"}, follow=True)
    assert "Erinnerungen an 5 Personen" in response.content.decode()
    rate(panellists[0], items[0], {"impact": 3})
    response = client.post(url("panellist_remove", cycle.slug, panellists[0].pk), follow=True)
    assert "hat schon bewertet" in response.content.decode()
    client.post(url("panellist_remove", cycle.slug, panellists[1].pk))
    assert not Panellist.objects.filter(pk=panellists[1].pk).exists()


@pytest.mark.parametrize("persona", ["other_cluster_manager", "outsider", "member"])
def test_panel_pages_are_closed_to_others(client, cycle, panellists, persona, request):
    client.force_login(request.getfixturevalue(persona))
    # The management's pages say why (403); the others do not exist for them (404).
    assert client.get(url("panel", cycle.slug)).status_code == 403
    assert client.post(url("panellist_remove", cycle.slug, panellists[0].pk)).status_code == 403
    assert client.get(url("matrix", cycle.slug)).status_code == 404
    assert client.get(url("rate", cycle.slug)).status_code == 404
    assert client.get(url("rate_item", cycle.slug, "W-01")).status_code == 404
    assert Panellist.objects.filter(pk=panellists[0].pk).exists()


def test_panellist_may_not_manage_the_panel(client, cycle, panellists):
    client.force_login(panellists[0].user)
    assert client.get(url("panel", cycle.slug)).status_code == 403
    assert client.post(url("panellist_remove", cycle.slug, panellists[1].pk)).status_code == 403


def test_anonymous_goes_to_login(client, cycle, items):
    for address in (
        url("rate", cycle.slug),
        url("rate_item", cycle.slug, "W-01"),
        url("accept", "x"),
    ):
        response = client.get(address)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_matrix_names_only_for_the_management(client, cycle, items, panellists, cluster_manager):
    rate(panellists[0], items[0], {"impact": 3}, expertise=4)
    client.force_login(cluster_manager)
    page = client.get(url("matrix", cycle.slug)).content.decode()
    assert "Panellist2" in page and "Expertise Ø 4" in page
    client.force_login(panellists[0].user)
    page = client.get(url("matrix", cycle.slug)).content.decode()
    assert "Panellist2" not in page and "4 Personen" in page


def test_accept_page(client, cycle, cluster_manager):
    seat = make_panellist(cycle, "neu@panel.example", user=None, accepted=False)
    stranger = make_user("fremd@example.org")
    client.force_login(stranger)
    assert "Einladung annehmen" in client.get(url("accept", seat.token)).content.decode()
    response = client.post(url("accept", seat.token))
    assert response.status_code == 403
    assert "andere E-Mail-Adresse" in response.content.decode()
    assert client.get(url("accept", "gibt-es-nicht")).status_code == 404
    person = make_user("neu@panel.example")
    client.force_login(person)
    response = client.post(url("accept", seat.token))
    assert response.status_code == 302 and response["Location"] == url("rate", cycle.slug)
    assert client.get(url("rate", cycle.slug)).status_code == 200


def test_rate_list_shows_progress(client, cycle, items, panellists):
    roles = list(cycle.criteria.values_list("role", flat=True))
    rate(panellists[0], items[0], dict.fromkeys(roles, 3))
    rate(panellists[0], items[1], {"impact": 3})
    client.force_login(panellists[0].user)
    page = client.get(url("rate", cycle.slug)).content.decode()
    assert "1 von 3 Items vollständig bewertet" in page
    assert "1 von 5 Kriterien beantwortet" in page


def test_rate_item_saves_only_what_changed(client, cycle, items, panellists):
    impact, horizon = criterion(cycle, "impact"), criterion(cycle, "horizon")
    seat = panellists[0]
    rate(seat, items[0], {"impact": 4, "horizon": 2}, reason="Früher Start.")
    Rating.objects.filter(criterion=horizon).update(reason="Früher Start.")
    client.force_login(seat.user)
    page = client.get(url("rate_item", cycle.slug, "W-01")).content.decode()
    assert (
        "kann ich nicht beurteilen" in page and "<legend>Wirkung auf das Cluster</legend>" in page
    )
    before = Rating.objects.get(criterion=horizon).updated_at
    data = {
        f"c{impact.pk}": "5",
        f"c{horizon.pk}": "2",
        f"reason_{impact.pk}": "Früher Start.",
        f"reason_{horizon.pk}": "Früher Start.",
        "expertise": "4",
    }
    response = client.post(url("rate_item", cycle.slug, "W-01"), data)
    assert response.status_code == 302
    assert Rating.objects.get(criterion=impact).value == 5
    assert Rating.objects.get(criterion=horizon).updated_at == before
    assert Rating.objects.filter(panellist=seat).count() == 2
    assert Expertise.objects.get(panellist=seat).level == 4


def test_rate_item_bad_input_in_german(client, cycle, items, panellists):
    impact = criterion(cycle, "impact")
    for seat in panellists[:3]:
        rate(seat, items[0], {"impact": 2})
    client.force_login(panellists[3].user)
    response = client.post(url("rate_item", cycle.slug, "W-01"), {f"c{impact.pk}": "9"})
    assert response.status_code == 400
    assert "Bitte eine Stufe der Skala wählen." in response.content.decode()
    response = client.post(url("rate_item", cycle.slug, "W-01"), {f"c{impact.pk}": "5"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "außerhalb des Quartilsabstands der Gruppe" in page
    assert f'id="reason-{impact.pk}" class="field field--error"' in page
    assert not Rating.objects.filter(panellist=panellists[3]).exists()


def test_rate_item_after_close_and_for_non_panellists(
    client, cycle, items, panellists, cluster_manager
):
    impact = criterion(cycle, "impact")
    client.force_login(cluster_manager)  # the management reads, without a form
    page = client.get(url("rate_item", cycle.slug, "W-01")).content.decode()
    assert "Ansicht des Clustermanagements" in page
    assert (
        client.post(url("rate_item", cycle.slug, "W-01"), {f"c{impact.pk}": "3"}).status_code == 403
    )
    cycle.status = Status.EVALUATION
    cycle.save()
    client.force_login(panellists[0].user)
    response = client.post(url("rate_item", cycle.slug, "W-01"), {f"c{impact.pk}": "3"})
    assert response.status_code == 400
    assert "Die Bewertung ist geschlossen." in response.content.decode()
    assert not Rating.objects.exists()


def test_feedback_partial_shows_median_iqr_and_reason_field(client, cycle, items, panellists):
    impact = criterion(cycle, "impact")
    for seat, value in zip(panellists[:3], (2, 3, 3), strict=True):
        rate(seat, items[0], {"impact": value}, reason="Zu teuer." if value == 2 else "")
    client.force_login(panellists[3].user)
    address = url("rate_feedback", cycle.slug, "W-01")
    response = client.get(address, {"criterion": impact.pk, f"c{impact.pk}": "5", "choice": "1"})
    page = response.content.decode()
    assert "Median 3, Quartilsabstand 2,5 bis 3 (IQR 0,5) aus 3 Antworten" in page
    assert "Ihre Antwort 5 liegt außerhalb des Quartilsabstands." in page
    assert "„Zu teuer.“" in page
    assert f'id="reason-{impact.pk}" class="field" hx-swap-oob="true"' in page
    response = client.get(address, {"criterion": impact.pk, f"c{impact.pk}": "3", "choice": "1"})
    assert (
        f'id="reason-{impact.pk}" class="field" hidden hx-swap-oob="true"'
        in response.content.decode()
    )
    assert client.get(address, {"criterion": "x"}).status_code == 404


def test_comments_and_hiding(client, cycle, items, panellists, cluster_manager):
    client.force_login(panellists[0].user)
    response = client.post(url("comment", cycle.slug, "W-01"), {"body": "Die Kosten sinken."})
    assert response.status_code == 302
    first = Comment.objects.get()
    client.post(url("comment", cycle.slug, "W-01"), {"body": "Stimmt.", "parent": first.pk})
    response = client.post(url("comment", cycle.slug, "W-01"), {"body": ""})
    assert response.status_code == 400
    assert "Bitte schreiben Sie einen Kommentar." in response.content.decode()
    client.force_login(panellists[1].user)
    page = client.get(url("rate_item", cycle.slug, "W-01")).content.decode()
    assert "Die Kosten sinken." in page and "Expert/in 01" in page and "Panellist1" not in page
    assert client.post(url("comment_hide", cycle.slug, "W-01", first.pk)).status_code == 403
    client.force_login(cluster_manager)
    client.post(url("comment_hide", cycle.slug, "W-01", first.pk))
    assert Comment.objects.get(pk=first.pk).is_hidden
    assert "Panellist1" in client.get(url("rate_item", cycle.slug, "W-01")).content.decode()
    client.force_login(panellists[1].user)
    assert (
        "Die Kosten sinken."
        not in client.get(url("rate_item", cycle.slug, "W-01")).content.decode()
    )
