from io import StringIO

from django.core.management import call_command

from clusterwerk.actors.models import Actor
from clusterwerk.masterplan.models import TopicArea


def test_reindex_rebuilds_actor_and_plan_terms(actor_a, plan):
    Actor.objects.filter(pk=actor_a.pk).update(search_document="", search_competences="")
    TopicArea.objects.filter(edition=plan).update(search_document="")
    out = StringIO()
    call_command("reindex_search", stdout=out)
    actor_a.refresh_from_db()
    assert "pulverbeschicht" in actor_a.search_competences
    assert "havelland" in actor_a.search_document
    assert not TopicArea.objects.filter(edition=plan, search_document="").exists()
    assert "1 Akteure" in out.getvalue()
