"""Services of the Nachfolgebörse: every rule, every permission (also another chamber and
another cluster), the e-mails and the anonymity until the owner agrees."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterwerk.actors.models import SizeClass
from clusterwerk.skills.models import (
    CaseStatus,
    InterestStatus,
    SuccessionCase,
    SuccessionInterest,
)
from clusterwerk.skills.services import succession as services
from clusterwerk.skills.succession_queries import contact_for
from clusterwerk.skills.tests.factories import make_case, make_chamber, make_searcher

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def case_data(**overrides):
    data = {
        "exit_year": YEAR + 4,
        "kind": "external",
        "title": "Metallbaubetrieb sucht Nachfolge",
        "listing_text": "Eingeführter Betrieb im Stahlbau mit treuer Kundschaft.",
        "sector": "Metallbau",
        "size_class": SizeClass.SMALL,
        "district": "12069",
        "owner_aged_55_plus": True,
        "radar_consent": True,
    }
    data.update(overrides)
    return data


def profile_data(**overrides):
    data = {
        "kind": "person",
        "title": "Metallbaumeister sucht Betrieb",
        "description": "Meister im Metallbau, zehn Jahre Erfahrung.",
        "sectors": "Metallbau",
        "size_classes": [SizeClass.SMALL],
        "districts": ["12069"],
        "available_from": YEAR + 3,
        "consent": True,
    }
    data.update(overrides)
    return data


@pytest.fixture
def searcher(cluster):
    return make_searcher("sucht@nachfolge.example", cluster)


@pytest.fixture
def profile(cluster, searcher, districts):
    return services.save_profile(user=searcher, cluster=cluster, data=profile_data())


@pytest.fixture
def released(cluster, companies, chamber):
    return make_case(
        cluster, companies[0], chamber, status=CaseStatus.RELEASED, released_at=timezone.now()
    )


# --- Cases ---------------------------------------------------------------------------------


def test_owner_creates_a_draft(cluster, companies, chamber):
    company = companies[0]
    case = services.create_case(
        user=company.user, cluster=cluster, company=company, chamber=chamber, data=case_data()
    )
    assert case.status == CaseStatus.DRAFT
    assert case.owner == company.user
    assert case.created_by == company.user
    assert case.radar_consent and case.consent_given_at is not None
    assert case.district.ags == "12069"


def test_chamber_creates_on_the_owners_behalf(cluster, companies, chamber):
    company = companies[1]
    case = services.create_case(
        user=chamber.user,
        cluster=cluster,
        company=company,
        chamber=chamber,
        data=case_data(owner_email=company.user.email),
    )
    assert case.owner == company.user
    assert case.created_by == chamber.user
    without = services.create_case(
        user=chamber.user, cluster=cluster, company=company, chamber=chamber, data=case_data()
    )
    assert without.owner is None


def test_chamber_names_only_a_representative_as_owner(cluster, companies, chamber, member):
    with pytest.raises(ValidationError) as error:
        services.create_case(
            user=chamber.user,
            cluster=cluster,
            company=companies[1],
            chamber=chamber,
            data=case_data(owner_email=member.email),
        )
    assert "niemand als Vertretung" in error.value.message_dict["owner_email"][0]


def test_strangers_create_no_case(cluster, companies, chamber, member, other_cluster_manager):
    for user in (member, companies[1].user, other_cluster_manager):
        with pytest.raises(PermissionDenied, match="Inhaber"):
            services.create_case(
                user=user, cluster=cluster, company=companies[0], chamber=chamber, data=case_data()
            )


def test_a_chamber_of_another_cluster_creates_no_case(
    cluster, other_cluster, companies, chamber, districts
):
    foreign = make_chamber(other_cluster, "IHK Fremd", districts["12054"])
    with pytest.raises(PermissionDenied):
        services.create_case(
            user=foreign.user,
            cluster=cluster,
            company=companies[0],
            chamber=foreign,
            data=case_data(),
        )
    with pytest.raises(ValidationError) as error:
        services.create_case(
            user=companies[0].user,
            cluster=cluster,
            company=companies[0],
            chamber=foreign,
            data=case_data(),
        )
    assert "Kammer aus dem Cluster" in error.value.message_dict["chamber"][0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("exit_year", YEAR - 1, "nicht in der Vergangenheit"),
        ("exit_year", "bald", "als Zahl"),
        ("exit_year", YEAR + 31, "mehr als 30 Jahre"),
        ("kind", "sale", "Art der Nachfolge"),
        ("title", "  ", "Überschrift"),
        ("listing_text", "", "Beschreibung"),
        ("size_class", "huge", "Größe"),
        ("district", "99999", "Landkreis"),
        ("title", "Betrieb 1 sucht Nachfolge", "„Betrieb 1“ lässt den Betrieb erkennen"),
    ],
)
def test_bad_case_input_writes_nothing(cluster, companies, chamber, field, value, message):
    company = companies[0]
    with pytest.raises(ValidationError) as error:
        services.create_case(
            user=company.user,
            cluster=cluster,
            company=company,
            chamber=chamber,
            data=case_data(**{field: value}),
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not SuccessionCase.objects.exists()


def test_an_edit_changes_exactly_what_was_changed(cluster, companies, chamber):
    case = make_case(cluster, companies[0], chamber)
    before = {f: getattr(case, f) for f in services.CASE_FIELDS}
    data = {**before, "district": case.district.ags, "title": "Neue Überschrift"}
    case = services.update_case(user=companies[0].user, case=case, data=data)
    after = {f: getattr(case, f) for f in services.CASE_FIELDS}
    assert {f for f in before if before[f] != after[f]} == {"title"}
    assert case.version == 2


def test_an_owners_change_to_a_released_listing_goes_back_to_the_chamber(released, companies):
    data = services.clean_case_data(
        {**vars(released), "district": released.district, "sector": "Stahlbau"},
        company=released.company,
        owner=released.owner,
        today=timezone.localdate(),
    )
    case = services.update_case(user=companies[0].user, case=released, data=data)
    assert case.status == CaseStatus.SUBMITTED and case.released_at is None


def test_a_stale_edit_is_a_conflict(cluster, companies, chamber):
    from clusterwerk.core.exceptions import EditConflict

    case = make_case(cluster, companies[0], chamber)
    data = {f: getattr(case, f) for f in services.CASE_FIELDS}
    with pytest.raises(EditConflict):
        services.update_case(
            user=companies[0].user, case=case, data=data | {"title": "X Y Z"}, expected_version=7
        )


def test_submit_and_release(
    cluster, companies, chamber, mailoutbox, django_capture_on_commit_callbacks
):
    case = make_case(cluster, companies[0], chamber)
    with django_capture_on_commit_callbacks(execute=True):
        case = services.submit_case(user=companies[0].user, case=case)
    assert case.status == CaseStatus.SUBMITTED
    assert [m.to for m in mailoutbox] == [[chamber.user.email]]
    with pytest.raises(ValidationError, match="Nur ein Entwurf"):
        services.submit_case(user=companies[0].user, case=case)
    case = services.release_case(user=chamber.user, case=case)
    assert case.status == CaseStatus.RELEASED and case.released_by == chamber.user
    with pytest.raises(ValidationError, match="wartet"):
        services.release_case(user=chamber.user, case=case)


def test_only_the_cases_chamber_releases(
    cluster, companies, chamber, districts, cluster_manager, other_cluster_manager
):
    other = make_chamber(cluster, "IHK Ostbrandenburg", districts["12052"])
    case = make_case(cluster, companies[0], chamber, status=CaseStatus.SUBMITTED)
    for user in (other.user, companies[0].user, cluster_manager, other_cluster_manager):
        with pytest.raises(PermissionDenied, match="zuständige Kammer"):
            services.release_case(user=user, case=case)


def test_withdraw_and_hand_over(cluster, companies, chamber, released, profile):
    interest = services.express_interest(
        user=profile.user, case=released, profile=profile, message="Hallo"
    )
    with pytest.raises(ValidationError, match="freigegebener"):
        services.mark_handed_over(
            user=companies[0].user, case=make_case(cluster, companies[0], chamber)
        )
    case = services.mark_handed_over(user=chamber.user, case=released)
    assert case.status == CaseStatus.HANDED_OVER and case.handed_over_at
    interest.refresh_from_db()
    assert interest.status == InterestStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="abgeschlossen"):
        services.withdraw_case(user=companies[0].user, case=case)
    with pytest.raises(PermissionDenied):
        services.withdraw_case(user=profile.user, case=case)


# --- Profiles ------------------------------------------------------------------------------


def test_profile_needs_consent_and_membership(cluster, searcher, outsider, districts):
    with pytest.raises(ValidationError) as error:
        services.save_profile(user=searcher, cluster=cluster, data=profile_data(consent=False))
    assert "Einwilligung" in error.value.message_dict["consent"][0]
    with pytest.raises(PermissionDenied, match="Mitglieder"):
        services.save_profile(user=outsider, cluster=cluster, data=profile_data())


def test_profile_bad_input(cluster, searcher, districts):
    with pytest.raises(ValidationError) as error:
        services.save_profile(
            user=searcher,
            cluster=cluster,
            data=profile_data(
                title="", districts=["00000"], size_classes=["giant"], available_from="x"
            ),
        )
    assert set(error.value.message_dict) == {"title", "districts", "size_classes", "available_from"}


def test_company_profile_needs_a_represented_company(cluster, searcher, companies, districts):
    with pytest.raises(ValidationError, match="vertreten"):
        services.save_profile(
            user=searcher,
            cluster=cluster,
            data=profile_data(kind="company", company=companies[0].pk),
        )
    profile = services.save_profile(
        user=companies[8].user,
        cluster=cluster,
        data=profile_data(kind="company", company=companies[8].pk),
    )
    assert profile.company == companies[8]


# --- Interests -----------------------------------------------------------------------------


def test_interest_needs_a_released_case(cluster, companies, chamber, profile):
    draft = make_case(cluster, companies[0], chamber)
    with pytest.raises(ValidationError, match="nicht \\(mehr\\) freigegeben"):
        services.express_interest(user=profile.user, case=draft, profile=profile, message="Hi")


def test_interest_rules(released, profile, companies, member):
    with pytest.raises(PermissionDenied, match="eigenen Profil"):
        services.express_interest(user=member, case=released, profile=profile, message="Hi")
    with pytest.raises(ValidationError, match="kurze Nachricht"):
        services.express_interest(user=profile.user, case=released, profile=profile, message=" ")
    services.express_interest(user=profile.user, case=released, profile=profile, message="Hi")
    with pytest.raises(ValidationError, match="bereits Interesse"):
        services.express_interest(user=profile.user, case=released, profile=profile, message="Hi")


def test_owner_cannot_show_interest_in_own_case(cluster, released, companies, districts):
    own = services.save_profile(user=companies[0].user, cluster=cluster, data=profile_data())
    with pytest.raises(ValidationError, match="eigener"):
        services.express_interest(user=companies[0].user, case=released, profile=own, message="x")


def test_profile_of_another_cluster(released, other_cluster, other_cluster_member, districts):
    foreign = services.save_profile(
        user=other_cluster_member, cluster=other_cluster, data=profile_data()
    )
    with pytest.raises(PermissionDenied, match="anderen Cluster"):
        services.express_interest(
            user=other_cluster_member, case=released, profile=foreign, message="x"
        )


def test_the_whole_mediation(
    released, profile, chamber, companies, mailoutbox, django_capture_on_commit_callbacks
):
    owner = companies[0].user
    with django_capture_on_commit_callbacks(execute=True):
        interest = services.express_interest(
            user=profile.user, case=released, profile=profile, message="Ich bin Meisterin."
        )
    assert mailoutbox[-1].to == [chamber.user.email]
    # The owner may not answer before the chamber forwarded it.
    with pytest.raises(ValidationError, match="bereits entschieden"):
        services.answer_interest(user=owner, interest=interest, agree=True)
    with django_capture_on_commit_callbacks(execute=True):
        interest = services.check_interest(user=chamber.user, interest=interest, forward=True)
    forwarded = mailoutbox[-1]
    assert forwarded.to == [owner.email]
    assert profile.user.email not in forwarded.body
    assert contact_for(profile.user, interest) is None
    assert contact_for(owner, interest) is None
    with django_capture_on_commit_callbacks(execute=True):
        interest = services.answer_interest(user=owner, interest=interest, agree=True)
    assert interest.status == InterestStatus.AGREED
    to_searcher = next(m for m in mailoutbox if m.to == [profile.user.email])
    assert "Betrieb 1" in to_searcher.body and owner.email in to_searcher.body
    to_owner = next(m for m in mailoutbox if owner.email in m.to and "Kontakt" in m.subject)
    assert profile.user.email in to_owner.body
    assert contact_for(profile.user, interest).organisation == "Betrieb 1"
    assert contact_for(owner, interest).email == profile.user.email


def test_chamber_declines_with_a_note(
    released, profile, chamber, mailoutbox, django_capture_on_commit_callbacks
):
    interest = services.express_interest(
        user=profile.user, case=released, profile=profile, message="x"
    )
    with pytest.raises(ValidationError) as error:
        services.check_interest(user=chamber.user, interest=interest, forward=False, note=" ")
    assert "begründen" in error.value.message_dict["note"][0]
    with django_capture_on_commit_callbacks(execute=True):
        services.check_interest(
            user=chamber.user, interest=interest, forward=False, note="Passt nicht zur Größe."
        )
    mail = mailoutbox[-1]
    assert mail.to == [profile.user.email]
    assert "Passt nicht zur Größe." in mail.body and "Betrieb 1" not in mail.body
    with pytest.raises(ValidationError, match="bereits geprüft"):
        services.check_interest(user=chamber.user, interest=interest, forward=True)


def test_only_the_cases_chamber_checks(
    cluster, released, profile, districts, cluster_manager, other_cluster_manager, companies
):
    other = make_chamber(cluster, "IHK Cottbus", districts["12052"])
    interest = services.express_interest(
        user=profile.user, case=released, profile=profile, message="x"
    )
    for user in (
        other.user,
        cluster_manager,
        other_cluster_manager,
        companies[0].user,
        profile.user,
    ):
        with pytest.raises(PermissionDenied):
            services.check_interest(user=user, interest=interest, forward=True)


def test_only_the_owner_answers(released, profile, chamber, companies, cluster_manager):
    interest = services.express_interest(
        user=profile.user, case=released, profile=profile, message="x"
    )
    interest = services.check_interest(user=chamber.user, interest=interest, forward=True)
    for user in (chamber.user, cluster_manager, profile.user, companies[1].user):
        with pytest.raises(PermissionDenied, match="Inhaber"):
            services.answer_interest(user=user, interest=interest, agree=True)
    interest = services.answer_interest(user=companies[0].user, interest=interest, agree=False)
    assert interest.status == InterestStatus.DECLINED_BY_OWNER
    assert contact_for(profile.user, interest) is None


def test_the_chamber_answers_for_an_owner_without_account(cluster, companies, chamber, profile):
    case = make_case(cluster, companies[2], chamber, owner=None, status=CaseStatus.RELEASED)
    interest = services.express_interest(user=profile.user, case=case, profile=profile, message="x")
    interest = services.check_interest(user=chamber.user, interest=interest, forward=True)
    interest = services.answer_interest(user=chamber.user, interest=interest, agree=True)
    assert contact_for(profile.user, interest).organisation == "Betrieb 3"


def test_withdraw_interest(released, profile, member):
    interest = services.express_interest(
        user=profile.user, case=released, profile=profile, message="x"
    )
    with pytest.raises(PermissionDenied):
        services.withdraw_interest(user=member, interest=interest)
    interest = services.withdraw_interest(user=profile.user, interest=interest)
    assert interest.status == InterestStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="offenes"):
        services.withdraw_interest(user=profile.user, interest=interest)
    assert SuccessionInterest.objects.count() == 1
