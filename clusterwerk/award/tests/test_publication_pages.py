"""The public results page of an edition: nothing before the release, then winners (with
their equal share of the prize money), the special prize (no money) and the nominees – only
with the applicant's consent – linked to their directory profile, with valid JSON-LD."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from clusterwerk.award import queries
from clusterwerk.award.models import ApplicationStatus, Decision, Phase
from clusterwerk.award.tests.factories import make_application

pytestmark = pytest.mark.django_db


def publish(edition):
    edition.phase = Phase.PUBLISHED
    edition.save()
    return edition


def json_ld(response) -> dict:
    text = response.content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.fixture
def results(edition, applicant, institute, berlin_company, cluster):
    """Two winners (one without consent), a special prize, a nominee, a shortlisted one."""
    winner = make_application(
        edition,
        applicant,
        title="Laserhybridschweißen für Dickbleche",
        decision=Decision.WINNER,
        partners=[institute],
    )
    make_application(
        edition,
        berlin_company,
        title="Geheime Presse",
        decision=Decision.WINNER,
        publication_consent=False,
    )
    special = make_application(
        edition, institute, title="Fügen ohne Wärme", decision=Decision.SPECIAL_PRIZE
    )
    nominee = make_application(
        edition, berlin_company, title="Blechroboter", decision=Decision.NOMINEE
    )
    make_application(edition, applicant, title="Knapp vorbei", decision=Decision.SHORTLISTED)
    make_application(
        edition,
        applicant,
        title="Zurückgezogen",
        decision=Decision.NOMINEE,
        status=ApplicationStatus.WITHDRAWN,
    )
    return {"winner": winner, "special": special, "nominee": nominee}


def test_nothing_is_public_before_the_release(client, manager_client, edition, results):
    url = reverse("award:winners", args=[edition.year])
    for phase in (Phase.CALL, Phase.SCORING, Phase.DECISION):
        edition.phase = phase
        edition.save()
        assert client.get(url).status_code == 404
        assert manager_client.get(url).status_code == 404
    assert queries.published_results(edition).is_empty


def test_after_the_release_everybody_sees_winners_special_prize_and_nominees(
    client, edition, results
):
    publish(edition)
    response = client.get(reverse("award:winners", args=[edition.year]))
    assert response.status_code == 200
    text = response.content.decode()
    for title in ("Laserhybridschweißen für Dickbleche", "Fügen ohne Wärme", "Blechroboter"):
        assert title in text
    assert "Ein Verfahren, das Nähte in einem Zug schweißt." in text  # the summary
    assert "Institut für Fügetechnik Cottbus" in text  # the partner
    # No consent, not public decision, withdrawn: not shown.
    for title in ("Geheime Presse", "Knapp vorbei", "Zurückgezogen"):
        assert title not in text
    # The prize money is shared by both winners, also the one not shown: 5.000 Euro each.
    assert "5.000,00 Euro je Preisträger" in text
    assert "ohne Preisgeld" in text


def test_the_share_is_the_prize_money_divided_by_the_number_of_winners(edition, applicant):
    publish(edition)
    edition.prize_money = Decimal("10000.00")
    edition.save()
    for number in range(3):
        make_application(edition, applicant, title=f"Sieger {number}", decision=Decision.WINNER)
    results = queries.published_results(edition)
    assert results.share == Decimal("3333.33")
    assert [group[0] for group in results.groups] == ["winners"]


def test_the_applicant_links_to_its_directory_profile(client, edition, results, applicant):
    publish(edition)
    response = client.get(reverse("award:winners", args=[edition.year]))
    profile = reverse("actors:by-id", args=[applicant.pk])
    assert f'href="{profile}"' in response.content.decode()
    assert client.get(profile).status_code == 302


def test_the_json_ld_is_an_item_list_of_organisations(client, edition, results, applicant):
    publish(edition)
    response = client.get(reverse("award:winners", args=[edition.year]))
    data = json_ld(response)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ItemList"
    assert data["numberOfItems"] == 3
    items = [element["item"] for element in data["itemListElement"]]
    assert [element["position"] for element in data["itemListElement"]] == [1, 2, 3]
    assert {item["@type"] for item in items} == {"Organization"}
    names = [item["name"] for item in items]
    assert names == [
        "Metallbau Havelland GmbH",
        "Institut für Fügetechnik Cottbus",
        "Spreeblech Berlin GmbH",
    ]
    assert items[0]["award"].endswith("Preisträger")
    assert items[0]["url"].endswith(reverse("actors:by-id", args=[applicant.pk]))
    assert items[1]["award"].endswith("Sonderpreis der Jury")
    assert "award" not in items[2]
    assert "Geheime Presse" not in json.dumps(data, ensure_ascii=False)


def test_the_json_ld_cannot_end_its_script_element(client, edition, applicant):
    publish(edition)
    make_application(edition, applicant, title="</script><b>Trick</b>", decision=Decision.WINNER)
    response = client.get(reverse("award:winners", args=[edition.year]))
    assert "</script><b>" not in response.content.decode()
    assert json_ld(response)["itemListElement"][0]["item"]["description"] == (
        "</script><b>Trick</b>"
    )


def test_another_clusters_edition_is_not_found(other_cluster, edition, results):
    publish(edition)
    with pytest.raises(Exception) as error:
        queries.get_published_edition(other_cluster, edition.year)
    assert error.type.__name__ == "Http404"


def test_the_block_for_the_edition_page_renders_only_when_published(edition, results):
    from django.template.loader import render_to_string

    assert render_to_string("award/_winners.html", {}).strip() == ""
    assert (
        render_to_string(
            "award/_winners.html", {"results": queries.published_results(edition)}
        ).strip()
        == ""
    )
    publish(edition)
    html = render_to_string(
        "award/_winners.html", {"results": queries.published_results(edition), "level": 2}
    )
    assert "Laserhybridschweißen für Dickbleche" in html
    assert "Geheime Presse" not in html
    assert reverse("award:winners", args=[edition.year]) in html
