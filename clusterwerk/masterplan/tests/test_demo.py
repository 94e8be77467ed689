from io import StringIO

import pytest
from django.core.management import call_command

from clusterwerk.accounts.models import User
from clusterwerk.masterplan.models import Edition, Revision
from clusterwerk.masterplan.reference import load_all_reference_data

pytestmark = pytest.mark.django_db


def test_reference_data_and_demo_are_idempotent(settings):
    settings.DEBUG = True
    # All reference data, so that every cluster with demo data (the second one included)
    # exists before the first seed_demo.
    call_command("load_reference_data", stdout=StringIO())
    first = StringIO()
    call_command("seed_demo", "--scale", "0.02", stdout=first)
    # People only: the system user appears with the first system write (here the projects'
    # reference data in load_reference_data), once.
    people = User.objects.filter(is_system=False)
    counts = (people.count(), Edition.objects.count(), Revision.objects.count())
    call_command("load_reference_data", stdout=StringIO())
    call_command("seed_demo", "--scale", "0.02", stdout=StringIO())
    assert (people.count(), Edition.objects.count(), Revision.objects.count()) == counts
    assert User.objects.filter(is_system=True).count() == 1
    assert "clustermanagement@example.org" in first.getvalue()
    draft = Edition.objects.get(label="Fortschreibung 2026")
    assert draft.topic_areas.filter(title__startswith="Datenräume").exists()


def test_demo_refuses_production(settings):
    from django.core.management import CommandError

    settings.DEBUG = False
    load_all_reference_data()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", "--scale", "0.02", stdout=StringIO())
