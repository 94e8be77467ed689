"""The participant's own profile: how they appear in consultations (display name, a pseudonym
is fine), their affiliation type and district for the results, and the e-mail digest. A
profile is the person's, not a cluster's: it applies in every cluster's consultations."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import is_authenticated
from clusterwerk.actors.models import District
from clusterwerk.core import validation, versions
from clusterwerk.core.models import DigestFrequency
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.participation.models import AffiliationType, ParticipantProfile


def profile_values(
    *, display_name, affiliation_type="", district="", digest=DigestFrequency.WEEKLY, errors
) -> dict:
    """The cleaned fields of a profile; `district` is the Kreisschlüssel (AGS) or empty."""
    values = {
        "display_name": validation.text(
            display_name, "display_name", errors, max_length=60, required=True
        ),
        "affiliation_type": validation.choice(
            affiliation_type, "affiliation_type", errors, AffiliationType
        ),
        "digest": validation.choice(
            digest, "digest", errors, DigestFrequency, default=DigestFrequency.WEEKLY
        ),
        "district": None,
    }
    ags = validation.text(district, "district", errors, max_length=12)
    if ags:
        values["district"] = District.objects.filter(ags=ags).first()
        if values["district"] is None:
            errors.add("district", _("Diesen Landkreis gibt es nicht."))
    return values


@changes(versions.PARTICIPATION, shared=True)
@transaction.atomic
def save_participant_profile(
    *,
    user,
    display_name: str,
    affiliation_type: str = "",
    district: str = "",
    digest: str = DigestFrequency.WEEKLY,
) -> ParticipantProfile:
    """Create or change the profile; `district` is the Kreisschlüssel (AGS) or empty."""
    if not is_authenticated(user):
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    errors = PayloadErrors()
    values = profile_values(
        display_name=display_name,
        affiliation_type=affiliation_type,
        district=district,
        digest=digest,
        errors=errors,
    )
    errors.raise_if_any()
    profile, _created = ParticipantProfile.objects.update_or_create(user=user, defaults=values)
    return profile
