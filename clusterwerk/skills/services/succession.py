"""Every write of the Nachfolgebörse (nexxt-change's way: the chamber releases, every contact
runs through the chamber, the seller stays anonymous until they agree).

- Cases: `create_case` (a representative of the company, or a representative of a chamber on
  the owner's behalf), `update_case`, `submit_case` (draft → at the chamber), `release_case`
  (only the case's chamber), `withdraw_case`, `mark_handed_over`.
- Searchers: `save_profile` (any member of the cluster, with consent), `erase_profile`.
- Interests: `express_interest` (on a released case, with one's own profile) goes to the
  chamber; `check_interest` (the case's chamber forwards it, or declines with a note);
  `answer_interest` (the owner agrees or declines; the chamber only for an owner without an
  account). Only an agreement tells both sides each other's contact, by e-mail to both and on
  the pages (`succession_queries.contact_for`). `withdraw_interest` for the searcher.
- Privacy: `erase_succession_data_of_user` (registered as an account eraser in `apps.py`).

Keyword-only, permission first, then state, then validation with German messages by field;
the changed row is locked.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.models import User
from clusterwerk.accounts.permissions import is_authenticated, is_cluster_member
from clusterwerk.actors.models import Actor, ActorKind, ActorRepresentative, District, SizeClass
from clusterwerk.core import versions
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.mail import send_email_later
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.skills.models import (
    CaseStatus,
    InterestStatus,
    SearcherKind,
    SuccessionCase,
    SuccessionInterest,
    SuccessionKind,
    SuccessorProfile,
)
from clusterwerk.skills.permissions import chambers_of, represented_actors
from clusterwerk.skills.succession_queries import (
    OPEN_INTEREST_STATUSES,
    acts_for_case_chamber,
    is_case_owner,
    owner_contact,
    searcher_contact,
)

MAX_TITLE = 200
MAX_TEXT = 5000
MAX_MESSAGE = 2000
MAX_SECTOR = 200
MAX_YEARS_AHEAD = 30
CASE_FIELDS = (
    "exit_year",
    "kind",
    "title",
    "listing_text",
    "sector",
    "size_class",
    "district",
    "owner_aged_55_plus",
    "radar_consent",
)
# What a released listing shows: changing it sends the case back to the chamber.
LISTING_FIELDS = ("title", "listing_text", "sector", "size_class", "district", "exit_year", "kind")


def _require_user(user) -> None:
    if not is_authenticated(user):
        raise PermissionDenied(_("Bitte melden Sie sich an."))


def _locked_case(case: SuccessionCase) -> SuccessionCase:
    return (
        SuccessionCase.objects.select_for_update(of=("self",))
        .select_related("cluster", "company", "chamber", "district", "owner")
        .get(pk=case.pk)
    )


def _locked_interest(interest: SuccessionInterest) -> SuccessionInterest:
    return (
        SuccessionInterest.objects.select_for_update(of=("self",))
        .select_related("case__cluster", "case__company", "case__owner", "profile__user")
        .get(pk=interest.pk)
    )


# --- Validation --------------------------------------------------------------------------------


def _identifying_words(company: Actor, owner: User | None) -> list[str]:
    """What must not appear in an anonymised listing: the company's name, street, postal
    code, e-mail and phone, the owner's name and e-mail."""
    words = [company.name, company.street, company.postal_code, company.email, company.phone]
    if owner is not None:
        words += [owner.email, owner.get_full_name(), owner.last_name]
    return [word.strip() for word in words if word and len(word.strip()) >= 4]


def clean_case_data(
    data: dict, *, company: Actor, owner: User | None, today: datetime.date
) -> dict:
    """The case's fields from `data`, or a ValidationError with German messages by field."""
    errors = PayloadErrors()
    values: dict = {}
    try:
        exit_year = int(data.get("exit_year"))
    except (TypeError, ValueError):
        errors.add("exit_year", _("Bitte geben Sie das geplante Ausstiegsjahr als Zahl an."))
    else:
        if exit_year < today.year:
            errors.add("exit_year", _("Das Ausstiegsjahr darf nicht in der Vergangenheit liegen."))
        elif exit_year > today.year + MAX_YEARS_AHEAD:
            errors.add(
                "exit_year",
                _("Das Ausstiegsjahr liegt mehr als %(years)d Jahre in der Zukunft.")
                % {"years": MAX_YEARS_AHEAD},
            )
        values["exit_year"] = exit_year
    kind = data.get("kind") or ""
    if kind not in SuccessionKind.values:
        errors.add("kind", _("Bitte wählen Sie die Art der Nachfolge."))
    values["kind"] = kind
    for field, maximum, label in (
        ("title", MAX_TITLE, _("eine Überschrift")),
        ("listing_text", MAX_TEXT, _("eine Beschreibung")),
        ("sector", MAX_SECTOR, _("die Branche")),
    ):
        text = str(data.get(field) or "").strip()
        if not text:
            errors.add(field, _("Bitte geben Sie %(what)s an.") % {"what": label})
        elif len(text) > maximum:
            errors.add(field, _("Höchstens %(max)d Zeichen.") % {"max": maximum})
        values[field] = text
    for field in ("title", "listing_text", "sector"):
        lowered = values.get(field, "").casefold()
        for word in _identifying_words(company, owner):
            if word.casefold() in lowered:
                errors.add(
                    field,
                    _(
                        "Die Anzeige ist anonym: „%(word)s“ lässt den Betrieb erkennen. "
                        "Bitte lassen Sie Namen, Adresse und Kontaktdaten weg."
                    )
                    % {"word": word},
                )
                break
    size_class = data.get("size_class") or ""
    if size_class not in SizeClass.values:
        errors.add("size_class", _("Bitte wählen Sie die Größe des Betriebs."))
    values["size_class"] = size_class
    district = data.get("district")
    if isinstance(district, District):
        values["district"] = district
    else:
        found = District.objects.filter(ags=str(district or "")).first()
        if found is None:
            errors.add("district", _("Bitte wählen Sie den Landkreis oder die kreisfreie Stadt."))
        values["district"] = found
    values["owner_aged_55_plus"] = bool(data.get("owner_aged_55_plus"))
    values["radar_consent"] = bool(data.get("radar_consent"))
    errors.raise_if_any()
    return values


def _owner_from(data: dict, company: Actor) -> User | None:
    """A chamber names the owner by the e-mail of their account – a representative of the
    company – or leaves it empty (an owner without an account; the chamber answers for them)."""
    email = str(data.get("owner_email") or "").strip()
    if not email:
        return None
    link = (
        ActorRepresentative.objects.filter(actor=company, user__email__iexact=email)
        .select_related("user")
        .first()
    )
    if link is None:
        raise ValidationError(
            {
                "owner_email": _(
                    "Unter dieser Adresse ist niemand als Vertretung des Betriebs eingetragen."
                )
            }
        )
    return link.user


# --- Cases -----------------------------------------------------------------------------------


@changes(versions.SKILLS)
@transaction.atomic
def create_case(*, user, cluster, company: Actor, chamber: Actor, data: dict) -> SuccessionCase:
    """A new case in draft. The owner (a representative of `company`) creates it for
    themself; a representative of `chamber` may create it on the owner's behalf."""
    _require_user(user)
    own = represented_actors(user, cluster).filter(pk=company.pk).exists()
    by_chamber = chambers_of(user, cluster).filter(pk=chamber.pk).exists()
    if not own and not by_chamber:
        raise PermissionDenied(
            _(
                "Einen Nachfolgefall legt die Inhaberin oder der Inhaber des Betriebs an "
                "oder die zuständige Kammer in ihrem Auftrag."
            )
        )
    errors = {}
    if (
        company.kind == ActorKind.CHAMBER
        or not company.memberships.filter(cluster=cluster).exists()
    ):
        errors["company"] = _("Bitte wählen Sie einen Betrieb aus dem Cluster.")
    if (
        chamber.kind != ActorKind.CHAMBER
        or not chamber.memberships.filter(cluster=cluster).exists()
    ):
        errors["chamber"] = _("Bitte wählen Sie eine Kammer aus dem Cluster.")
    if errors:
        raise ValidationError(errors)
    owner = user if own else _owner_from(data, company)
    values = clean_case_data(data, company=company, owner=owner, today=timezone.localdate())
    case = SuccessionCase(
        cluster=cluster, company=company, chamber=chamber, owner=owner, created_by=user, **values
    )
    if case.radar_consent:
        case.consent_given_at = timezone.now()
    case.save()
    return case


def _may_edit(user, case: SuccessionCase) -> bool:
    return is_case_owner(user, case) or acts_for_case_chamber(user, case)


@changes(versions.SKILLS)
@transaction.atomic
def update_case(
    *, user, case: SuccessionCase, data: dict, expected_version: int | None = None
) -> SuccessionCase:
    """Change the case's fields. A change of the listing by the owner side sends a released
    case back to the chamber for release."""
    _require_user(user)
    if not _may_edit(user, case):
        raise PermissionDenied(
            _("Nur die Inhaberin/der Inhaber und die zuständige Kammer ändern diesen Fall.")
        )
    case = _locked_case(case)
    if case.status in (CaseStatus.HANDED_OVER, CaseStatus.WITHDRAWN):
        raise ValidationError(_("Ein abgeschlossener Nachfolgefall lässt sich nicht mehr ändern."))
    if expected_version is not None and case.version != expected_version:
        raise EditConflict(
            _("Jemand hat diesen Fall inzwischen geändert. Bitte laden Sie die Seite neu."),
            obj=case,
            version=case.version,
        )
    values = clean_case_data(
        data, company=case.company, owner=case.owner, today=timezone.localdate()
    )
    changed = [field for field in CASE_FIELDS if getattr(case, field) != values[field]]
    if not changed:
        return case
    for field in changed:
        setattr(case, field, values[field])
    if "radar_consent" in changed:
        case.consent_given_at = timezone.now() if case.radar_consent else None
    update_fields = [*changed, "consent_given_at", "version", "updated_at"]
    listing_changed = any(field in LISTING_FIELDS for field in changed)
    if (
        listing_changed
        and case.status == CaseStatus.RELEASED
        and not acts_for_case_chamber(user, case)
    ):
        case.status = CaseStatus.SUBMITTED
        case.released_at = None
        case.released_by = None
        update_fields += ["status", "released_at", "released_by"]
    case.version = F("version") + 1
    case.save(update_fields=update_fields)
    case.refresh_from_db()
    return case


@changes(versions.SKILLS)
@transaction.atomic
def submit_case(*, user, case: SuccessionCase) -> SuccessionCase:
    _require_user(user)
    if not _may_edit(user, case):
        raise PermissionDenied(
            _("Nur die Inhaberin/der Inhaber reicht den Fall bei der Kammer ein.")
        )
    case = _locked_case(case)
    if case.status != CaseStatus.DRAFT:
        raise ValidationError(_("Nur ein Entwurf lässt sich zur Freigabe einreichen."))
    _set_status(case, CaseStatus.SUBMITTED)
    _mail_chamber(
        case,
        "skills/succession_email_case_submitted.txt",
        {"url": cluster_url(case.cluster, reverse("skills:chamber_desk"))},
    )
    return case


@changes(versions.SKILLS)
@transaction.atomic
def release_case(*, user, case: SuccessionCase) -> SuccessionCase:
    """The case's chamber publishes the anonymised listing."""
    _require_user(user)
    if not acts_for_case_chamber(user, case):
        raise PermissionDenied(_("Nur die zuständige Kammer gibt diesen Nachfolgefall frei."))
    case = _locked_case(case)
    if case.status not in (CaseStatus.DRAFT, CaseStatus.SUBMITTED):
        raise ValidationError(_("Freigeben lässt sich nur ein Fall, der auf die Freigabe wartet."))
    if case.exit_year < timezone.localdate().year:
        raise ValidationError(
            {"exit_year": _("Das Ausstiegsjahr liegt in der Vergangenheit; bitte anpassen.")}
        )
    case.released_at = timezone.now()
    case.released_by = user
    _set_status(case, CaseStatus.RELEASED, "released_at", "released_by")
    return case


@changes(versions.SKILLS)
@transaction.atomic
def withdraw_case(*, user, case: SuccessionCase) -> SuccessionCase:
    """Take the case off the exchange; open interests are withdrawn with it."""
    _require_user(user)
    if not _may_edit(user, case):
        raise PermissionDenied(
            _("Nur die Inhaberin/der Inhaber und die zuständige Kammer ziehen den Fall zurück.")
        )
    case = _locked_case(case)
    if case.status in (CaseStatus.HANDED_OVER, CaseStatus.WITHDRAWN):
        raise ValidationError(_("Dieser Nachfolgefall ist bereits abgeschlossen."))
    _set_status(case, CaseStatus.WITHDRAWN)
    case.interests.filter(status__in=OPEN_INTEREST_STATUSES).update(
        status=InterestStatus.WITHDRAWN, answered_at=timezone.now()
    )
    return case


@changes(versions.SKILLS)
@transaction.atomic
def mark_handed_over(*, user, case: SuccessionCase) -> SuccessionCase:
    _require_user(user)
    if not _may_edit(user, case):
        raise PermissionDenied(
            _("Nur die Inhaberin/der Inhaber und die zuständige Kammer melden die Übergabe.")
        )
    case = _locked_case(case)
    if case.status != CaseStatus.RELEASED:
        raise ValidationError(_("Als übergeben melden lässt sich nur ein freigegebener Fall."))
    case.handed_over_at = timezone.now()
    _set_status(case, CaseStatus.HANDED_OVER, "handed_over_at")
    case.interests.filter(status__in=OPEN_INTEREST_STATUSES).update(
        status=InterestStatus.WITHDRAWN, answered_at=timezone.now()
    )
    return case


def _set_status(case: SuccessionCase, status: str, *fields: str) -> None:
    case.status = status
    case.version = F("version") + 1
    case.save(update_fields=["status", "version", "updated_at", *fields])
    case.refresh_from_db()


# --- Searchers' profiles ---------------------------------------------------------------------


@changes(versions.SKILLS)
@transaction.atomic
def save_profile(
    *, user, cluster, data: dict, profile: SuccessorProfile | None = None
) -> SuccessorProfile:
    """Create (`profile=None`) or change a searcher's profile. Any member of the cluster;
    the profile is kept only with consent."""
    _require_user(user)
    if not is_cluster_member(user, cluster):
        raise PermissionDenied(_("Ein Profil für die Nachfolge legen Mitglieder des Clusters an."))
    if profile is not None:
        if profile.user_id != user.pk or profile.cluster_id != cluster.pk:
            raise PermissionDenied(_("Das ist nicht Ihr Profil."))
        profile = SuccessorProfile.objects.select_for_update().get(pk=profile.pk)
    errors = PayloadErrors()
    kind = data.get("kind") or SearcherKind.PERSON
    if kind not in SearcherKind.values:
        errors.add("kind", _("Bitte wählen Sie, ob Sie als Person oder als Unternehmen suchen."))
    company = None
    if kind == SearcherKind.COMPANY:
        company_id = data.get("company")
        company = represented_actors(user, cluster).filter(pk=company_id or 0).first()
        if company is None:
            errors.add("company", _("Bitte wählen Sie ein Unternehmen, das Sie vertreten."))
    title = str(data.get("title") or "").strip()
    if not title:
        errors.add("title", _("Bitte geben Sie eine Überschrift an."))
    elif len(title) > MAX_TITLE:
        errors.add("title", _("Höchstens %(max)d Zeichen.") % {"max": MAX_TITLE})
    description = str(data.get("description") or "").strip()
    if not description:
        errors.add("description", _("Bitte beschreiben Sie, was Sie suchen und mitbringen."))
    elif len(description) > MAX_TEXT:
        errors.add("description", _("Höchstens %(max)d Zeichen.") % {"max": MAX_TEXT})
    sectors = str(data.get("sectors") or "").strip()
    if len(sectors) > 300:
        errors.add("sectors", _("Höchstens %(max)d Zeichen.") % {"max": 300})
    size_classes = list(data.get("size_classes") or [])
    if any(value not in SizeClass.values for value in size_classes):
        errors.add("size_classes", _("Bitte wählen Sie nur angebotene Größen."))
    agss = [str(value) for value in data.get("districts") or []]
    districts = list(District.objects.filter(ags__in=agss))
    if len(districts) != len(set(agss)):
        errors.add("districts", _("Bitte wählen Sie nur angebotene Landkreise und Städte."))
    available_from = data.get("available_from")
    if available_from in ("", None):
        available_from = None
    else:
        try:
            available_from = int(available_from)
        except (TypeError, ValueError):
            errors.add("available_from", _("Bitte geben Sie ein Jahr an."))
            available_from = None
        else:
            this_year = timezone.localdate().year
            if not this_year - 1 <= available_from <= this_year + MAX_YEARS_AHEAD:
                errors.add(
                    "available_from",
                    _("Bitte geben Sie ein Jahr zwischen %(first)d und %(last)d an.")
                    % {"first": this_year, "last": this_year + MAX_YEARS_AHEAD},
                )
    if not data.get("consent"):
        errors.add(
            "consent",
            _("Ohne Ihre Einwilligung können wir das Profil nicht speichern."),
        )
    errors.raise_if_any()
    if profile is None:
        profile = SuccessorProfile(cluster=cluster, user=user)
    profile.kind = kind
    profile.company = company
    profile.title = title
    profile.description = description
    profile.sectors = sectors
    profile.size_classes = size_classes
    profile.available_from = available_from
    profile.is_active = bool(data.get("is_active", True))
    profile.consent_given_at = profile.consent_given_at or timezone.now()
    profile.save()
    profile.districts.set(districts)
    return profile


@changes(versions.SKILLS)
@transaction.atomic
def erase_profile(*, user, profile: SuccessorProfile) -> None:
    """Delete a profile and the interests sent with it (consent withdrawn)."""
    _require_user(user)
    if profile.user_id != user.pk:
        raise PermissionDenied(_("Das ist nicht Ihr Profil."))
    profile.delete()


# --- Interests -------------------------------------------------------------------------------


@changes(versions.SKILLS)
@transaction.atomic
def express_interest(
    *, user, case: SuccessionCase, profile: SuccessorProfile, message: str
) -> SuccessionInterest:
    """A searcher's interest goes to the case's chamber – never straight to the owner."""
    _require_user(user)
    if profile.user_id != user.pk:
        raise PermissionDenied(_("Interesse bekunden Sie mit Ihrem eigenen Profil."))
    if profile.cluster_id != case.cluster_id:
        raise PermissionDenied(_("Ihr Profil gehört zu einem anderen Cluster."))
    case = _locked_case(case)
    if case.status != CaseStatus.RELEASED:
        raise ValidationError(_("Dieser Nachfolgefall ist nicht (mehr) freigegeben."))
    if is_case_owner(user, case):
        raise ValidationError(_("Das ist Ihr eigener Nachfolgefall."))
    if not profile.is_active:
        raise ValidationError({"profile": _("Ihr Profil ist nicht aktiv.")})
    message = (message or "").strip()
    if not message:
        raise ValidationError(
            {"message": _("Bitte schreiben Sie der Kammer eine kurze Nachricht.")}
        )
    if len(message) > MAX_MESSAGE:
        raise ValidationError({"message": _("Höchstens %(max)d Zeichen.") % {"max": MAX_MESSAGE}})
    if SuccessionInterest.objects.filter(case=case, profile=profile).exists():
        raise ValidationError(
            {"profile": _("Mit diesem Profil haben Sie an diesem Fall bereits Interesse bekundet.")}
        )
    interest = SuccessionInterest.objects.create(case=case, profile=profile, message=message)
    _mail_chamber(
        case,
        "skills/succession_email_interest_received.txt",
        {"url": _interest_url(interest)},
    )
    return interest


@changes(versions.SKILLS)
@transaction.atomic
def check_interest(
    *, user, interest: SuccessionInterest, forward: bool, note: str = ""
) -> SuccessionInterest:
    """The chamber forwards the interest to the owner (still without the searcher's name) or
    declines it with a note to the searcher."""
    _require_user(user)
    if not acts_for_case_chamber(user, interest.case):
        raise PermissionDenied(_("Nur die zuständige Kammer prüft Interessen an diesem Fall."))
    interest = _locked_interest(interest)
    if interest.status != InterestStatus.SUBMITTED:
        raise ValidationError(_("Dieses Interesse ist bereits geprüft."))
    note = (note or "").strip()
    if len(note) > MAX_MESSAGE:
        raise ValidationError({"note": _("Höchstens %(max)d Zeichen.") % {"max": MAX_MESSAGE}})
    if forward and interest.case.status != CaseStatus.RELEASED:
        raise ValidationError(_("Der Nachfolgefall ist nicht mehr freigegeben."))
    if not forward and not note:
        raise ValidationError(
            {"note": _("Bitte begründen Sie der/dem Suchenden kurz, warum Sie ablehnen.")}
        )
    interest.status = InterestStatus.FORWARDED if forward else InterestStatus.DECLINED_BY_CHAMBER
    interest.chamber_note = note
    interest.checked_at = timezone.now()
    interest.checked_by = user
    interest.save(update_fields=["status", "chamber_note", "checked_at", "checked_by"])
    context = {"interest": interest, "case": interest.case, "url": _interest_url(interest)}
    if forward:
        _mail(_owner_addresses(interest.case), "skills/succession_email_forwarded.txt", context)
    else:
        _mail(
            [interest.profile.user.email],
            "skills/succession_email_declined_by_chamber.txt",
            context,
        )
    return interest


@changes(versions.SKILLS)
@transaction.atomic
def answer_interest(*, user, interest: SuccessionInterest, agree: bool) -> SuccessionInterest:
    """The owner agrees to the contact (both sides learn each other's contact, by e-mail and
    on the pages) or declines (the owner stays anonymous). For an owner without an account,
    the chamber records the answer the owner gave it."""
    _require_user(user)
    case = interest.case
    by_chamber = case.owner_id is None and acts_for_case_chamber(user, case)
    if not is_case_owner(user, case) and not by_chamber:
        raise PermissionDenied(
            _("Über die Kontaktaufnahme entscheidet die Inhaberin oder der Inhaber.")
        )
    interest = _locked_interest(interest)
    if interest.status != InterestStatus.FORWARDED:
        raise ValidationError(_("Über dieses Interesse ist bereits entschieden."))
    if interest.case.status != CaseStatus.RELEASED:
        raise ValidationError(_("Der Nachfolgefall ist nicht mehr freigegeben."))
    interest.status = InterestStatus.AGREED if agree else InterestStatus.DECLINED_BY_OWNER
    interest.answered_at = timezone.now()
    interest.save(update_fields=["status", "answered_at"])
    url = _interest_url(interest)
    searcher = interest.profile.user
    if agree:
        _mail(
            [searcher.email],
            "skills/succession_email_agreed.txt",
            {"interest": interest, "contact": owner_contact(interest.case), "url": url},
        )
        _mail(
            _owner_addresses(interest.case) + _chamber_addresses(interest.case),
            "skills/succession_email_agreed.txt",
            {"interest": interest, "contact": searcher_contact(interest), "url": url},
        )
    else:
        _mail(
            [searcher.email],
            "skills/succession_email_declined_by_owner.txt",
            {"interest": interest, "url": url},
        )
    return interest


@changes(versions.SKILLS)
@transaction.atomic
def withdraw_interest(*, user, interest: SuccessionInterest) -> SuccessionInterest:
    _require_user(user)
    if interest.profile.user_id != user.pk:
        raise PermissionDenied(_("Nur wer das Interesse bekundet hat, zieht es zurück."))
    interest = _locked_interest(interest)
    if interest.status not in OPEN_INTEREST_STATUSES:
        raise ValidationError(_("Nur ein offenes Interesse lässt sich zurückziehen."))
    interest.status = InterestStatus.WITHDRAWN
    interest.answered_at = timezone.now()
    interest.save(update_fields=["status", "answered_at"])
    return interest


# --- Privacy ---------------------------------------------------------------------------------


@changes(versions.SKILLS)
@transaction.atomic
def erase_succession_data_of_user(user) -> int:
    """Account eraser: the person's profiles go with the interests sent from them; cases
    they own lose the age and the radar consent, and open ones are withdrawn (nobody is left
    to agree to a contact). Returns the number of rows changed or deleted."""
    now = timezone.now()
    count, _deleted = SuccessorProfile.objects.filter(user=user).delete()
    cases = SuccessionCase.objects.select_for_update().filter(owner=user)
    open_cases = cases.filter(
        status__in=[CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RELEASED]
    )
    SuccessionInterest.objects.filter(
        case__in=open_cases, status__in=OPEN_INTEREST_STATUSES
    ).update(status=InterestStatus.WITHDRAWN, answered_at=now)
    open_cases.update(status=CaseStatus.WITHDRAWN, version=F("version") + 1)
    count += cases.update(
        owner_aged_55_plus=False, radar_consent=False, consent_given_at=None, owner=None
    )
    return count


# --- E-mails ---------------------------------------------------------------------------------


def _interest_url(interest: SuccessionInterest) -> str:
    return cluster_url(
        interest.case.cluster, reverse("skills:succession_interest", args=[interest.pk])
    )


def _chamber_addresses(case: SuccessionCase) -> list[str]:
    return sorted(
        {
            link.user.email
            for link in ActorRepresentative.objects.filter(actor=case.chamber_id).select_related(
                "user"
            )
            if link.user.email and link.user.is_active
        }
    )


def _owner_addresses(case: SuccessionCase) -> list[str]:
    emails = set()
    if case.owner_id and case.owner.email:
        emails.add(case.owner.email)
    else:
        emails.update(_chamber_addresses(case))  # the chamber asks an owner without account
    return sorted(emails)


def _mail_chamber(case: SuccessionCase, template: str, context: dict) -> None:
    _mail(_chamber_addresses(case), template, {"case": case, **context})


def _mail(recipients: list[str], template: str, context: dict) -> None:
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    body = render_to_string(template, context)
    subject, _blank, text = body.partition("\n\n")
    send_email_later(subject=subject.strip(), body=text.strip() + "\n", to=recipients)
