import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "consultation",
    "comment",
    "proposal",
    "participantprofile",
    "contentreport",
    "participationblock",
    "moderationlogentry",
    "interview",
    "workshop",
]


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_admin_lists_open(admin_client, model):
    response = admin_client.get(reverse(f"admin:participation_{model}_changelist"))
    assert response.status_code == 200


def test_managers_invite_people_in_the_consultation_admin(admin_client):
    from clusterwerk.masterplan.reference import load_all_reference_data
    from clusterwerk.participation.tests.factories import make_consultation

    (reference,) = load_all_reference_data()
    consultation = make_consultation(reference.cluster, reference.edition, audience="invited")
    page = admin_client.get(
        reverse("admin:participation_consultation_change", args=[consultation.pk])
    )
    assert page.status_code == 200
    assert b"invitations-TOTAL_FORMS" in page.content
