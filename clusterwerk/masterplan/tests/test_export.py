import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clusterwerk.masterplan.export import edition_as_dict

pytestmark = pytest.mark.django_db


def export(*args) -> str:
    out = StringIO()
    call_command("export_masterplan", *args, stdout=out)
    return out.getvalue()


def test_json_export_of_the_published_edition_by_default(published, draft):
    data = json.loads(export("--format", "json"))
    assert data["edition"]["label"] == "2020"
    topic_area = data["action_fields"][0]["key_points"][0]["topic_areas"][0]
    assert set(topic_area) >= {"number", "title", "goal", "relevance", "potential", "keywords"}
    assert topic_area["number"] == "4.2.1"
    assert topic_area["keywords"] == ["Leichtbau", "Werkstoffe", "Recyclingfähigkeit"]


def test_markdown_export_of_a_chosen_edition(published, draft):
    markdown = export("--edition", "2026", "--format", "markdown")
    assert markdown.startswith("# Masterplan")
    assert "## 4 Handlungsfeld Innovationswerkstatt Metall Brandenburg" in markdown
    assert "**Ziel:** Produkte mit besseren Eigenschaften, vor allem durch Leichtbau." in markdown


def test_export_to_a_file(published, tmp_path):
    target = tmp_path / "plan.json"
    call_command("export_masterplan", "--output", str(target), stderr=StringIO())
    assert json.loads(target.read_text(encoding="utf-8"))["edition"]["slug"] == "2020"


def test_unknown_edition_names_the_existing_ones(published):
    with pytest.raises(CommandError, match="vorhanden: 2020"):
        export("--edition", "1999")


def test_export_queries_are_constant(published, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        edition_as_dict(published)
