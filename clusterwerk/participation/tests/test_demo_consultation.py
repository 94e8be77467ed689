from io import StringIO

import pytest
from django.core.management import call_command

from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.reference import load_all_reference_data
from clusterwerk.participation.demo import DEMO_SLUG, generate_demo_consultation
from clusterwerk.participation.models import (
    Comment,
    Consultation,
    Interview,
    PhaseKind,
    Proposal,
    ProposalKind,
    Workshop,
)
from clusterwerk.participation.queries import consultation_results, current_phase


@pytest.fixture
def reference(db):
    load_all_reference_data()
    return Cluster.objects.get(slug="metall")


def test_demo_consultation(reference):
    report = generate_demo_consultation(cluster=reference)
    consultation = report.consultation
    assert consultation.is_demo and consultation.slug == DEMO_SLUG
    assert current_phase(consultation).kind == PhaseKind.PARTICIPATION
    assert report.comments == 40 and report.ratings == 60 and report.proposals == 6
    assert Comment.objects.filter(consultation=consultation, parent__isnull=False).count() >= 5
    kinds = set(Proposal.objects.filter(consultation=consultation).values_list("kind", flat=True))
    assert kinds == {ProposalKind.AMENDMENT, ProposalKind.NEW_TOPIC_AREA}
    assert report.supports > 10
    assert report.workshops == 1
    results = consultation_results(consultation)
    assert results.participants == 12 and results.comments == 40
    assert sum(element.comments for element in results.elements) == 40
    # a reply sits on its parent's element
    for reply in Comment.objects.filter(consultation=consultation, parent__isnull=False):
        assert reply.element_lineage == reply.parent.element_lineage
    # idempotent: a second run keeps everything
    again = generate_demo_consultation(cluster=reference)
    assert again.skipped and again.consultation.pk == consultation.pk
    assert Consultation.objects.filter(slug=DEMO_SLUG).count() == 1


def test_seed_demo_adds_the_consultation_with_interviews(reference, settings):
    settings.DEBUG = True
    call_command("load_reference_data", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", "--scale", "0.02", stdout=out)
    assert "Demo-Beteiligung" in out.getvalue(), out.getvalue()
    consultation = Consultation.objects.get(slug=DEMO_SLUG)
    assert Interview.objects.filter(consultation=consultation).count() == 3
    assert Workshop.objects.get(consultation=consultation).participants.count() == 3
    # a new seed regenerates demo actors: the interviews must not block it
    call_command("seed_demo", "--scale", "0.03", stdout=StringIO())
    assert Consultation.objects.filter(slug=DEMO_SLUG).count() == 1
