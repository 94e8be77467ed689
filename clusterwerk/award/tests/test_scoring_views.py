"""The juror's pages through the test client: the score form (radio groups with the labelled
scale), drafts, submitting, bad values with German errors, abstaining, comments, and the jury
block and review list that other parts' pages include. A conflicted juror finds nothing."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from clusterwerk.award.models import Comment, Phase, ReviewStatus
from clusterwerk.award.tests.factories import make_application, make_review
from clusterwerk.award.tests.scoring_support import ALL_FOUR, block, set_phase, snapshot
from clusterwerk.award.views.scoring import jury_block_context, my_reviews_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(edition, applicant):
    set_phase(edition, Phase.SCORING)
    return make_application(edition, applicant, title="Laserhybrid")


@pytest.fixture
def review(application, jurors):
    return make_review(application, jurors[1])


def login(client, member):
    client.force_login(member.user)
    return client


def url(name, application):
    return reverse(f"award:{name}", args=[application.uid])


def form_data(values, action="submit", comment=""):
    data = {f"score_{key}": value for key, value in values.items()}
    data.update(action=action, comment=comment)
    return data


def test_the_form_shows_radio_groups_with_the_labelled_scale(client, review, application, jurors):
    body = login(client, jurors[1]).get(url("review", application)).content.decode()
    assert body.count("<fieldset") >= 4
    assert "<legend><strong>Innovationshöhe</strong>" in body
    assert "5 – Neu auf dem Weltmarkt oder ein technischer Durchbruch." in body
    assert 'type="radio" name="score_innovation" value="0"' in body
    assert "Entwurf speichern" in body and "Mich enthalten" in body


def test_save_a_draft_then_submit(client, review, application, jurors):
    login(client, jurors[1])
    response = client.post(url("review", application), form_data({"innovation": 4}, "draft"))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT
    response = client.post(url("review", application), form_data(ALL_FOUR, comment="Stark"))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED and str(review.total) == "3.750"
    assert "Ihre Bewertung ist abgegeben." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("bad", ["7", "-1", "x"])
def test_a_value_outside_the_scale_is_refused(client, review, application, jurors, bad):
    login(client, jurors[1])
    before = snapshot(review)
    response = client.post(url("review", application), form_data({**ALL_FOUR, "innovation": bad}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Der Wert für „Innovationshöhe“ muss zwischen 0 und 5 liegen." in body
    assert 'value="3" checked' in body or 'value="3"\n' in body or "checked" in body  # kept
    assert snapshot(review) == before


def test_submitting_incomplete_shows_the_missing_criteria(client, review, application, jurors):
    login(client, jurors[1])
    response = client.post(url("review", application), form_data({"innovation": 4}))
    assert response.status_code == 400
    assert "Bitte bewerten Sie „Marktchancen“" in response.content.decode()
    review.refresh_from_db()
    assert review.status == ReviewStatus.ASSIGNED


def test_abstain(client, review, application, jurors):
    login(client, jurors[1])
    response = client.post(url("review-abstain", application), {"reason": ""})
    assert response.status_code == 400
    assert "Bitte begründen Sie, warum Sie sich enthalten." in response.content.decode()
    response = client.post(url("review-abstain", application), {"reason": "Kenne den Inhaber"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.ABSTAINED
    assert client.get(url("review-abstain", application)).status_code == 405


def test_who_reaches_the_form(client, review, application, jurors, cluster_manager, member):
    assert client.get(url("review", application)).status_code == 302  # login first
    login(client, jurors[2])  # a juror without this review
    assert client.get(url("review", application)).status_code == 404
    client.force_login(member)
    assert client.get(url("review", application)).status_code == 404
    client.force_login(cluster_manager)
    assert client.get(url("review", application)).status_code == 404
    block(jurors[1], application)
    login(client, jurors[1])
    assert client.get(url("review", application)).status_code == 404
    response = client.post(url("review", application), form_data(ALL_FOUR))
    assert response.status_code == 404
    assert not review.scores.exists()


def test_outside_the_phase_the_form_is_read_only(client, review, application, jurors, edition):
    set_phase(edition, Phase.PUBLISHED)
    login(client, jurors[1])
    body = client.get(url("review", application)).content.decode()
    assert "können Sie Ihre Bewertung nicht ändern" in body
    assert "Entwurf speichern" not in body
    assert client.post(url("review", application), form_data(ALL_FOUR)).status_code == 403
    assert not review.scores.exists()


def test_comment(client, review, application, jurors, edition):
    login(client, jurors[2])
    response = client.post(url("comment", application), {"text": "Zu früh"})
    assert response.status_code == 403 and not Comment.objects.exists()  # scoring phase
    set_phase(edition, Phase.DISCUSSION)
    response = client.post(url("comment", application), {"text": "Überzeugt mich."})
    assert response.status_code == 302 and response["Location"].endswith("#kommentare")
    assert Comment.objects.get().text == "Überzeugt mich."
    block(jurors[3], application)
    login(client, jurors[3])
    assert client.post(url("comment", application), {"text": "x"}).status_code == 404
    assert Comment.objects.count() == 1


def render_block(user, application):
    context = {"application": application, **jury_block_context(user, application)}
    return render_to_string("award/_jury_block.html", context)


def test_jury_block_is_blind_in_the_scoring_phase(application, jurors, edition, cluster_manager):
    make_review(application, jurors[1], scores=4, comment="Meine Sicht")
    make_review(application, jurors[2], scores=1, comment="Geheime Sicht")
    body = render_block(jurors[1].user, application)
    assert "Ihre Bewertung" in body and "Meine Sicht" not in body  # own comment on the form
    assert "Geheime Sicht" not in body and "juror3@jury.example" not in body
    assert "Geheime Sicht" in render_block(cluster_manager, application)
    set_phase(edition, Phase.DISCUSSION)
    body = render_block(jurors[1].user, application)
    assert "Geheime Sicht" in body and "Diskussion" in body
    Comment.objects.create(application=application, author=jurors[2].user, text="Nachfrage")
    assert "Nachfrage" in render_block(jurors[1].user, application)
    block(jurors[1], application)
    assert render_block(jurors[1].user, application).strip() == ""


def test_jury_block_is_empty_for_applicants(application, applicant_user):
    assert render_block(applicant_user, application).strip() == ""


def test_my_reviews(application, edition, applicant, jurors):
    make_review(application, jurors[1], scores=4)
    hidden = make_application(edition, applicant, title="Befangen")
    make_review(hidden, jurors[1])
    block(jurors[1], hidden)
    other = make_application(edition, applicant, title="Offen")
    make_review(other, jurors[1])
    context = {"edition": edition, **my_reviews_context(jurors[1].user, edition)}
    body = render_to_string("award/_my_reviews.html", context)
    assert "Laserhybrid" in body and "Offen" in body and "Befangen" not in body
    assert "1 von 2 Bewertungen erledigt." in body
    assert my_reviews_context(jurors[2].user, edition)["my_reviews"] == []
