"""The grouped picker (clusterwerk/core/widgets.py): rendered in folding groups, the choice
kept when a form comes back with errors, and a plain form POST (no JavaScript) that changes
exactly the chosen topic areas."""

import re

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from clusterwerk.actors.queries import district_choice_groups
from clusterwerk.actors.reference import load_actor_reference_data
from clusterwerk.actors.tests.form_support import page_form
from clusterwerk.core.widgets import GroupedPicker, GroupedRadioPicker, use_picker
from clusterwerk.masterplan.forms import use_topic_picker
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.queries import topic_catalogue, topic_choice_groups
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.matchmaking.models import Listing
from clusterwerk.matchmaking.tests.factories import make_listing, make_market

GROUPS = [
    ("Metalle", [("steel", "Stahl"), ("alu", "Aluminium")]),
    ("Kunststoffe", [("pe", "Polyethylen"), ("pa", "Polyamid")]),
]


class MaterialForm(forms.Form):
    name = forms.CharField(label="Name")
    materials = forms.MultipleChoiceField(label="Werkstoffe", required=False)
    main = forms.ChoiceField(label="Hauptwerkstoff", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self.fields["materials"], GROUPS, headings={"Metalle": "Werkstoffe"})
        use_picker(self.fields["main"], [("", "keiner"), *GROUPS])


def checked_values(html: str) -> list[str]:
    return re.findall(
        r'<input type="(?:checkbox|radio)" name="\w+" value="(\w*)"[^>]*checked', html
    )


def test_the_picker_renders_folding_groups_with_their_heading():
    form = MaterialForm()
    assert isinstance(form.fields["materials"].widget, GroupedPicker)
    assert isinstance(form.fields["main"].widget, GroupedRadioPicker)
    html = str(form["materials"])
    assert html.count("<details") == 2
    assert "<summary>Metalle</summary>" in html
    assert '<p class="picker__heading" data-picker-heading>Werkstoffe</p>' in html
    assert html.index("Werkstoffe") < html.index("Metalle") < html.index("Kunststoffe")
    assert html.count('type="checkbox"') == 4
    assert "Noch nichts ausgewählt." in html
    assert " open" not in html  # nothing chosen: every group folded
    radio = str(form["main"])
    assert radio.count('type="radio"') == 5
    # The ungrouped choice comes first, outside the groups.
    assert radio.index('value=""') < radio.index("<details")


def test_a_form_with_errors_keeps_the_choice_and_opens_its_group():
    form = MaterialForm({"name": "", "materials": ["pa", "steel"], "main": "alu"})
    assert not form.is_valid()
    assert "name" in form.errors
    html = str(form["materials"])
    assert sorted(checked_values(html)) == ["pa", "steel"]
    # Both groups hold a choice: both open, each says how many.
    assert html.count('<details class="picker__group" data-picker-group open>') == 2
    assert "(1 ausgewählt)" in html
    assert "<strong>Ausgewählt:</strong> Stahl; Polyamid" in html
    assert checked_values(str(form["main"])) == ["alu"]


def test_the_picker_validates_like_the_plain_field():
    form = MaterialForm({"name": "x", "materials": ["steel", "gold"]})
    assert not form.is_valid()
    assert "materials" in form.errors
    form = MaterialForm({"name": "x", "materials": ["steel", "pe"], "main": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["materials"] == ["steel", "pe"]


@pytest.mark.django_db
def test_topic_areas_group_by_key_point_under_their_action_field(cluster):
    make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    groups, headings = topic_choice_groups(topic_catalogue(cluster))
    labels = [label for label, _options in groups]
    assert labels[0].startswith("4.2 ") and labels[-1].startswith("6.3 ")
    assert [value for value, _label in groups[0][1]] == ["4.2.1"]
    assert headings[labels[0]].startswith("4 Innovationswerkstatt")
    assert labels[1] not in headings  # 4.4 is under the same Handlungsfeld

    field = forms.MultipleChoiceField()
    use_topic_picker(field, topic_catalogue(cluster))
    assert field.valid_value("4.4.2") and not field.valid_value("9.9.9")


@pytest.mark.django_db
def test_districts_group_brandenburg_first():
    load_actor_reference_data()
    groups = dict(district_choice_groups())
    labels = list(groups)
    assert labels[:2] == ["Landkreise in Brandenburg", "Kreisfreie Städte in Brandenburg"]
    assert len(groups["Landkreise in Brandenburg"]) == 14
    assert ("12054", "Potsdam") in groups["Kreisfreie Städte in Brandenburg"]
    assert sum(len(options) for options in groups.values()) == 24


@pytest.mark.django_db
@pytest.mark.clock
def test_a_plain_post_of_the_listing_form_changes_exactly_the_chosen_topic_areas(cluster):
    market = make_market(cluster)
    listing = make_listing(
        market.owner, created_by=market.owner_user, topics=["4.4.2"], keywords=["Edelstahl"]
    )
    browser = Client()
    browser.force_login(market.owner_user)
    url = reverse("matchmaking:listing-edit", args=[listing.pk])
    page = browser.get(url).content.decode()
    assert 'data-picker data-filter-label="Themenbereiche filtern"' in page
    data = page_form(browser, url, button="action")
    assert data["topics"] == ["4.4.2"]
    before = Listing.objects.get(pk=listing.pk)
    data["topics"] = ["4.4.2", "6.3.2"]
    browser.post(url, data)
    after = Listing.objects.get(pk=listing.pk)
    catalogue = topic_catalogue(cluster)
    assert catalogue.numbers_of(after.topics.values_list("lineage", flat=True)) == [
        "4.4.2",
        "6.3.2",
    ]
    assert (after.title, after.description, after.keywords) == (
        before.title,
        before.description,
        before.keywords,
    )
    assert sorted(after.districts.values_list("ags", flat=True)) == sorted(
        before.districts.values_list("ags", flat=True)
    )
