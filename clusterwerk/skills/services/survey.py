"""The yearly company survey: the management sets it up, opens, reminds and closes it; a
company answers it through a person who represents it.

- Management (`permissions.manages_skills`): `create_survey`, `update_survey`, `open_survey`,
  `close_survey`, `remind_survey` (the reminders are mailed from the task queue,
  `tasks.send_survey_reminders` → `send_reminders`).
- Companies: `save_response` – the figures per occupation of one member company
  (`BUSINESS_KINDS`, a member of the survey's cluster) whose representative the user is;
  only while the survey is open (status "open" and today within `opens_on`…`closes_on`).
- Rows: `{occupation_id: {field: value}}` with the fields in `FIELDS`; only the given keys
  change (an edit changes exactly what the person changed). The rules hold for the row as it
  will be stored (stored values merged with the changes): whole numbers ≥ 0, retirements
  within five years at most the employees, training places filled at most those offered,
  openings in 12 months at most those in 36 months ("in 36 Monaten" includes the first 12),
  difficulty 1–5 or empty, the topic area one of 6.x of the published plan. Errors are German,
  keyed "<occupation code>.<field>", naming the occupation and the field; nothing is saved
  when anything is wrong.
- Saves are optimistic: `expected_version` is the response's version the page loaded (0 for
  none yet); when somebody saved in between, `EditConflict` (409) with the stored state.
"""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.accounts.permissions import is_authenticated
from clusterwerk.actors.models import BUSINESS_KINDS, Actor, ActorRepresentative
from clusterwerk.core import validation, versions
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.mail import send_email_later
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.skills.models import (
    Occupation,
    ResponseStatus,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyStatus,
)
from clusterwerk.skills.permissions import manages_skills, represented_actors, represents

FIGURES = (
    "employees",
    "openings_12",
    "openings_36",
    "retirements_5y",
    "training_offered",
    "training_filled",
)
FIELDS = (*FIGURES, "difficulty", "topic_lineage")
FIELD_LABELS = {
    "employees": gettext_lazy("Beschäftigte heute"),
    "openings_12": gettext_lazy("Offene Stellen in den nächsten 12 Monaten"),
    "openings_36": gettext_lazy("Offene Stellen in den nächsten 36 Monaten"),
    "retirements_5y": gettext_lazy("Ruhestand in den nächsten fünf Jahren"),
    "training_offered": gettext_lazy("Ausbildungsplätze angeboten"),
    "training_filled": gettext_lazy("Ausbildungsplätze besetzt"),
    "difficulty": gettext_lazy("Schwierigkeit der Besetzung"),
    "topic_lineage": gettext_lazy("Themenbereich"),
}
FIGURE_MAX = 100_000
TITLE_MAX = 200
INTRODUCTION_MAX = 5000
MAX_OCCUPATIONS = 60
TOPIC_PREFIX = "6."  # Handlungsfeld 3 of the masterplan: chapter 6


class SurveyClosed(PermissionDenied):
    """The survey takes no answers now (403 with the reason)."""


# --- Reads ---------------------------------------------------------------------------------------


def is_open(survey: Survey, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return survey.status == SurveyStatus.OPEN and survey.opens_on <= today <= survey.closes_on


def closed_reason(survey: Survey) -> str:
    """Why the survey takes no answers now, in German; "" while it is open."""
    today = timezone.localdate()
    if is_open(survey, today):
        return ""
    if survey.status == SurveyStatus.DRAFT:
        return _("Die Befragung ist noch nicht eröffnet.")
    if survey.status == SurveyStatus.CLOSED:
        return _("Die Befragung ist abgeschlossen; Antworten sind nicht mehr möglich.")
    if today < survey.opens_on:
        return _("Die Befragung beginnt am %(date)s.") % {
            "date": survey.opens_on.strftime("%d.%m.%Y")
        }
    return _("Die Befragung endete am %(date)s; Antworten sind nicht mehr möglich.") % {
        "date": survey.closes_on.strftime("%d.%m.%Y")
    }


def require_open(survey: Survey) -> None:
    reason = closed_reason(survey)
    if reason:
        raise SurveyClosed(reason)


def answering_companies(user, cluster) -> list[Actor]:
    """The member companies of `cluster` the user represents (those it may answer for)."""
    return list(represented_actors(user, cluster, kinds=BUSINESS_KINDS).order_by("name"))


def survey_occupations(survey: Survey) -> list[Occupation]:
    return list(survey.occupations.order_by("code"))


def topic_choices(cluster) -> list[tuple[str, str]]:
    """The topic areas 6.x of the cluster's published plan: (lineage, "6.3.2 Title")."""
    catalogue = topic_catalogue(cluster)
    return [
        (catalogue.lineage_by_number[number], catalogue.label(number))
        for number in catalogue.numbers()
        if number.startswith(TOPIC_PREFIX)
    ]


def response_of(survey: Survey, actor: Actor) -> SurveyResponse | None:
    return SurveyResponse.objects.filter(survey=survey, actor=actor).first()


def answer_values(answer: SurveyAnswer | None) -> dict:
    if answer is None:
        return {}
    values = {name: getattr(answer, name) for name in FIELDS}
    values["topic_lineage"] = str(answer.topic_lineage) if answer.topic_lineage else None
    return values


def response_data(response: SurveyResponse | None) -> dict:
    """The stored state in the API's format (also the `current` of an edit conflict)."""
    if response is None:
        return {"version": 0, "status": "", "rows": {}}
    return {
        "version": response.version,
        "status": response.status,
        "submitted_at": response.submitted_at.isoformat() if response.submitted_at else None,
        "rows": {
            str(answer.occupation_id): answer_values(answer)
            for answer in response.answers.order_by("occupation__code")
        },
    }


def district_counts(survey: Survey) -> list[dict]:
    """Submitted and draft responses per district (counts only: not sensitive)."""
    rows = (
        SurveyResponse.objects.filter(survey=survey)
        .values("district__ags", "district__name")
        .annotate(
            submitted=Count("pk", filter=Q(status=ResponseStatus.SUBMITTED)),
            drafts=Count("pk", filter=Q(status=ResponseStatus.DRAFT)),
        )
        .order_by("district__name")
    )
    return [
        {
            "ags": row["district__ags"] or "",
            "name": row["district__name"] or _("ohne Kreis"),
            "submitted": row["submitted"],
            "drafts": row["drafts"],
        }
        for row in rows
    ]


def member_companies(cluster):
    return Actor.objects.filter(memberships__cluster=cluster, kind__in=BUSINESS_KINDS).distinct()


def companies_to_remind(survey: Survey) -> list[int]:
    """Member companies with a representative and without a submitted response."""
    submitted = SurveyResponse.objects.filter(
        survey=survey, status=ResponseStatus.SUBMITTED
    ).values("actor_id")
    return list(
        member_companies(survey.cluster)
        .filter(representatives__isnull=False)
        .exclude(pk__in=submitted)
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )


# --- Checks --------------------------------------------------------------------------------------


def _check_manager(user, cluster) -> None:
    if not manages_skills(user, cluster):
        raise PermissionDenied(_("Die Betriebsbefragung verwaltet das Clustermanagement."))


def _check_company(user, survey: Survey, actor: Actor) -> None:
    if not is_authenticated(user):
        raise PermissionDenied(_("Bitte melden Sie sich an, um an der Befragung teilzunehmen."))
    if not isinstance(actor, Actor) or not represents(user, actor):
        raise PermissionDenied(
            _(
                "Sie vertreten diesen Betrieb nicht im Akteursverzeichnis; antworten kann nur, "
                "wer den Betrieb vertritt."
            )
        )
    if (
        actor.kind not in BUSINESS_KINDS
        or not actor.memberships.filter(cluster_id=survey.cluster_id).exists()
    ):
        raise PermissionDenied(
            _(
                "%(name)s ist kein Mitgliedsbetrieb dieses Clusters; an der Befragung nehmen "
                "nur Mitgliedsbetriebe teil."
            )
            % {"name": actor.name}
        )


def _clean_survey_fields(
    data: dict, errors: PayloadErrors, *, creating: bool, survey=None, cluster=None
) -> dict:
    values: dict = {}
    if creating or "year" in data:
        values["year"] = validation.integer(
            data.get("year"), "year", errors, minimum=2000, maximum=2100
        )
        if values["year"] is None and "year" not in errors:
            errors.add("year", _("Bitte geben Sie das Jahr an."))
    if creating or "title" in data:
        values["title"] = validation.text(
            data.get("title"), "title", errors, max_length=TITLE_MAX, required=True
        )
        if not values["title"] and "title" in errors:
            errors.messages["title"] = [_("Bitte geben Sie der Befragung einen Titel.")]
    if creating or "introduction" in data:
        values["introduction"] = validation.text(
            data.get("introduction"), "introduction", errors, max_length=INTRODUCTION_MAX
        )
    for name, message in (
        ("opens_on", _("Bitte geben Sie an, ab wann die Befragung offen ist.")),
        ("closes_on", _("Bitte geben Sie an, bis wann die Befragung offen ist.")),
    ):
        if creating or name in data:
            values[name] = validation.date(
                data.get(name), name, errors, required=True, required_message=message
            )
    opens = values.get("opens_on", getattr(survey, "opens_on", None))
    closes = values.get("closes_on", getattr(survey, "closes_on", None))
    if opens and closes and closes < opens:
        errors.add("closes_on", _("Das Ende liegt vor dem Beginn der Befragung."))
    if creating or "occupation_codes" in data:
        values["occupations"] = _occupations(data.get("occupation_codes"), errors)
    return values


def _occupations(value, errors: PayloadErrors) -> list[Occupation]:
    codes = validation.string_list(value, "occupation_codes", errors, max_items=MAX_OCCUPATIONS)
    if not codes:
        if "occupation_codes" not in errors:
            errors.add("occupation_codes", _("Bitte wählen Sie mindestens einen Beruf."))
        return []
    found = {
        occupation.code: occupation for occupation in Occupation.objects.filter(code__in=codes)
    }
    for code in codes:
        if code not in found:
            errors.add(
                "occupation_codes",
                _("Den Schlüssel „%(code)s“ gibt es in der KldB 2010 (hier geladen) nicht.")
                % {"code": code[:20]},
            )
    return [found[code] for code in codes if code in found]


# --- Management --------------------------------------------------------------------------------


@changes(versions.SKILLS)
@transaction.atomic
def create_survey(
    *, user, cluster, year, title, opens_on, closes_on, occupation_codes, introduction=""
) -> Survey:
    """A new survey (draft) of `cluster` for `year`, asking about `occupation_codes`."""
    _check_manager(user, cluster)
    errors = PayloadErrors()
    values = _clean_survey_fields(
        {
            "year": year,
            "title": title,
            "introduction": introduction,
            "opens_on": opens_on,
            "closes_on": closes_on,
            "occupation_codes": occupation_codes,
        },
        errors,
        creating=True,
        cluster=cluster,
    )
    if values.get("year") and Survey.objects.filter(cluster=cluster, year=values["year"]).exists():
        errors.add(
            "year", _("Für %(year)d gibt es schon eine Befragung.") % {"year": values["year"]}
        )
    errors.raise_if_any()
    occupations = values.pop("occupations")
    survey = Survey.objects.create(cluster=cluster, status=SurveyStatus.DRAFT, **values)
    survey.occupations.set(occupations)
    return survey


def _answered_occupation_ids(survey: Survey) -> set[int]:
    return set(
        SurveyAnswer.objects.filter(response__survey=survey).values_list("occupation_id", flat=True)
    )


@changes(versions.SKILLS)
@transaction.atomic
def update_survey(*, user, survey: Survey, data: dict) -> Survey:
    """Change the given keys of `data` (title, introduction, opens_on, closes_on,
    occupation_codes); the year stays. A closed survey is not changed any more; an occupation
    that companies answered for stays in the survey."""
    _check_manager(user, survey.cluster)
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zur Befragung als Objekt senden."))
    fresh = (
        Survey.objects.select_for_update(of=("self",)).select_related("cluster").get(pk=survey.pk)
    )
    if fresh.status == SurveyStatus.CLOSED:
        raise ValidationError(_("Eine abgeschlossene Befragung lässt sich nicht mehr ändern."))
    errors = PayloadErrors()
    data = {key: value for key, value in data.items() if key != "year"}
    values = _clean_survey_fields(data, errors, creating=False, survey=fresh)
    occupations = values.pop("occupations", None)
    if occupations is not None:
        kept = {occupation.pk for occupation in occupations}
        dropped = _answered_occupation_ids(fresh) - kept
        for occupation in Occupation.objects.filter(pk__in=dropped).order_by("code"):
            errors.add(
                "occupation_codes",
                _("%(occupation)s bleibt in der Befragung: Betriebe haben dazu schon geantwortet.")
                % {"occupation": occupation.label},
            )
    errors.raise_if_any()
    changed = [name for name, value in values.items() if getattr(fresh, name) != value]
    for name in changed:
        setattr(fresh, name, values[name])
    if changed:
        fresh.save(update_fields=[*changed, "updated_at"])
    if occupations is not None:
        current = set(fresh.occupations.values_list("pk", flat=True))
        if current != {occupation.pk for occupation in occupations}:
            fresh.occupations.set(occupations)
            Survey.objects.filter(pk=fresh.pk).update(updated_at=timezone.now())
    return fresh


def _locked_survey(survey: Survey) -> Survey:
    return (
        Survey.objects.select_for_update(of=("self",)).select_related("cluster").get(pk=survey.pk)
    )


@changes(versions.SKILLS)
@transaction.atomic
def open_survey(*, user, survey: Survey) -> Survey:
    """Open a draft (or reopen a closed survey) for answers; its end must not be past."""
    _check_manager(user, survey.cluster)
    fresh = _locked_survey(survey)
    if fresh.status == SurveyStatus.OPEN:
        raise ValidationError(_("Die Befragung ist bereits eröffnet."))
    if not fresh.occupations.exists():
        raise ValidationError(
            {"occupation_codes": [_("Die Befragung braucht mindestens einen Beruf.")]}
        )
    if fresh.closes_on < timezone.localdate():
        raise ValidationError(
            {
                "closes_on": [
                    _(
                        "Das Ende der Befragung (%(date)s) ist vorbei; bitte verlängern Sie "
                        "sie zuerst."
                    )
                    % {"date": fresh.closes_on.strftime("%d.%m.%Y")}
                ]
            }
        )
    fresh.status = SurveyStatus.OPEN
    fresh.save(update_fields=["status", "updated_at"])
    return fresh


@changes(versions.SKILLS)
@transaction.atomic
def close_survey(*, user, survey: Survey) -> Survey:
    """Close an open survey: no more answers; drafts stay drafts (they are not counted)."""
    _check_manager(user, survey.cluster)
    fresh = _locked_survey(survey)
    if fresh.status != SurveyStatus.OPEN:
        raise ValidationError(_("Nur eine offene Befragung lässt sich abschließen."))
    fresh.status = SurveyStatus.CLOSED
    fresh.save(update_fields=["status", "updated_at"])
    return fresh


@changes(versions.SKILLS)
@transaction.atomic
def remind_survey(*, user, survey: Survey) -> int:
    """Remind the representatives of every member company without a submitted response;
    the mails go out from the task queue after the commit. Returns how many companies."""
    from clusterwerk.skills.tasks import send_survey_reminders

    _check_manager(user, survey.cluster)
    fresh = _locked_survey(survey)
    require_open(fresh)
    actor_ids = companies_to_remind(fresh)
    if actor_ids:
        survey_id = fresh.pk
        transaction.on_commit(
            lambda: send_survey_reminders.enqueue(survey_id=survey_id, actor_ids=actor_ids)
        )
    fresh.reminded_at = timezone.now()
    fresh.save(update_fields=["reminded_at", "updated_at"])
    return len(actor_ids)


def answer_url(survey: Survey, actor: Actor | None = None) -> str:
    path = reverse("skills:survey_answer", args=[survey.year])
    if actor is not None:
        path += f"?betrieb={actor.pk}"
    return cluster_url(survey.cluster, path)


def send_reminders(*, survey_id: int, actor_ids: list[int]) -> int:
    """Mail the reminders (run by the task) to the representatives of those companies that
    still have not submitted. Returns the number of mails."""
    survey = Survey.objects.select_related("cluster").filter(pk=survey_id).first()
    if survey is None or not is_open(survey):
        return 0
    still_open = set(companies_to_remind(survey)) & set(actor_ids)
    sent = 0
    for link in (
        ActorRepresentative.objects.filter(actor_id__in=still_open)
        .select_related("actor", "user")
        .order_by("actor__name", "user_id")
    ):
        person = link.user
        if not person.email or not person.is_active:
            continue
        name = " ".join(part for part in (person.first_name, person.last_name) if part)
        text = render_to_string(
            "skills/email/survey_reminder.txt",
            {
                "survey": survey,
                "company": link.actor.name,
                "name": name,
                "url": answer_url(survey, link.actor),
                "closes_on": survey.closes_on.strftime("%d.%m.%Y"),
            },
        )
        subject, _blank, body = text.strip().partition("\n\n")
        send_email_later(subject=subject.strip(), body=body.strip() + "\n", to=[person.email])
        sent += 1
    return sent


# --- The company's answer ----------------------------------------------------------------------


def _message(occupation: Occupation, field: str, text: str) -> str:
    return _("%(occupation)s – %(field)s: %(text)s") % {
        "occupation": occupation.label,
        "field": FIELD_LABELS[field],
        "text": text,
    }


def _figure(value, key, occupation, field, errors: PayloadErrors) -> int | None:
    """A whole number ≥ 0 (empty = 0)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    number = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            number = int(text)
    if number is None:
        errors.add(key, _message(occupation, field, _("Bitte eine ganze Zahl angeben.")))
        return None
    if number < 0:
        errors.add(key, _message(occupation, field, _("Die Zahl darf nicht negativ sein.")))
        return None
    if number > FIGURE_MAX:
        errors.add(
            key,
            _message(occupation, field, _("Höchstens %(max)d.") % {"max": FIGURE_MAX}),
        )
        return None
    return number


def _difficulty(value, key, occupation, errors: PayloadErrors) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value.strip())
    if number is None or not 1 <= number <= 5:
        errors.add(
            key,
            _message(
                occupation,
                "difficulty",
                _("Bitte eine Stufe von 1 (leicht) bis 5 (sehr schwer) wählen oder leer lassen."),
            ),
        )
        return None
    return number


def _topic(value, key, occupation, allowed: set[str], stored, errors) -> uuid.UUID | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip() if isinstance(value, str | uuid.UUID) else ""
    if text and (text in allowed or (stored and text == str(stored))):
        return uuid.UUID(text)
    errors.add(
        key,
        _message(
            occupation,
            "topic_lineage",
            _("Bitte einen Themenbereich 6.x des veröffentlichten Masterplans wählen."),
        ),
    )
    return None


def _clean_rows(survey: Survey, rows, stored: dict[int, SurveyAnswer], errors) -> dict:
    """The changes per occupation id, checked on the merged row."""
    if not isinstance(rows, dict):
        errors.add("rows", _("Bitte die Angaben je Beruf als Objekt senden."))
        return {}
    occupations = {occupation.pk: occupation for occupation in survey.occupations.all()}
    allowed_topics = {lineage for lineage, _label in topic_choices(survey.cluster)}
    cleaned: dict[int, dict] = {}
    for raw_id, row in rows.items():
        occupation_id = None
        if isinstance(raw_id, int) and not isinstance(raw_id, bool):
            occupation_id = raw_id
        elif isinstance(raw_id, str) and raw_id.strip().isdigit():
            occupation_id = int(raw_id.strip())
        occupation = occupations.get(occupation_id)
        if occupation is None:
            errors.add(
                "rows",
                _("Der Beruf „%(id)s“ gehört nicht zu dieser Befragung.")
                % {"id": str(raw_id)[:20]},
            )
            continue
        prefix = occupation.code
        if not isinstance(row, dict):
            errors.add(
                prefix,
                _("%(occupation)s: Bitte die Angaben als Objekt senden.")
                % {"occupation": occupation.label},
            )
            continue
        unknown = sorted(str(key) for key in row if key not in FIELDS)
        if unknown:
            errors.add(
                prefix,
                _("%(occupation)s: unbekannte Angabe „%(field)s“.")
                % {"occupation": occupation.label, "field": unknown[0][:40]},
            )
        answer = stored.get(occupation.pk)
        values: dict = {}
        bad: set[str] = set()
        for name in FIGURES:
            if name in row:
                number = _figure(row[name], f"{prefix}.{name}", occupation, name, errors)
                if number is None:
                    bad.add(name)
                else:
                    values[name] = number
        if "difficulty" in row:
            key = f"{prefix}.difficulty"
            before = len(errors.messages.get(key, []))
            values["difficulty"] = _difficulty(row["difficulty"], key, occupation, errors)
            if len(errors.messages.get(key, [])) > before:
                bad.add("difficulty")
        if "topic_lineage" in row:
            values["topic_lineage"] = _topic(
                row["topic_lineage"],
                f"{prefix}.topic_lineage",
                occupation,
                allowed_topics,
                answer.topic_lineage if answer else None,
                errors,
            )
        merged = {name: getattr(answer, name) if answer else 0 for name in FIGURES}
        merged.update({name: value for name, value in values.items() if name in FIGURES})
        _cross_checks(occupation, merged, bad, errors)
        cleaned[occupation.pk] = values
    return cleaned


def _cross_checks(occupation, merged: dict, bad: set[str], errors: PayloadErrors) -> None:
    prefix = occupation.code
    if not {"retirements_5y", "employees"} & bad and merged["retirements_5y"] > merged["employees"]:
        errors.add(
            f"{prefix}.retirements_5y",
            _message(
                occupation,
                "retirements_5y",
                _("%(retirements)d Ruhestände sind mehr als die %(employees)d Beschäftigten heute.")
                % {"retirements": merged["retirements_5y"], "employees": merged["employees"]},
            ),
        )
    if (
        not {"training_filled", "training_offered"} & bad
        and merged["training_filled"] > merged["training_offered"]
    ):
        errors.add(
            f"{prefix}.training_filled",
            _message(
                occupation,
                "training_filled",
                _("%(filled)d besetzte sind mehr als die %(offered)d angebotenen Plätze.")
                % {"filled": merged["training_filled"], "offered": merged["training_offered"]},
            ),
        )
    if not {"openings_12", "openings_36"} & bad and merged["openings_12"] > merged["openings_36"]:
        errors.add(
            f"{prefix}.openings_12",
            _message(
                occupation,
                "openings_12",
                _(
                    "%(first)d offene Stellen in 12 Monaten sind mehr als die %(later)d in 36 "
                    "Monaten; die 36 Monate schließen die ersten 12 ein."
                )
                % {"first": merged["openings_12"], "later": merged["openings_36"]},
            ),
        )


def edit_conflict(response: SurveyResponse) -> EditConflict:
    when = timezone.localtime(response.updated_at).strftime("%H:%M")
    return EditConflict(
        _(
            "Die Antwort Ihres Betriebs wurde inzwischen an anderer Stelle geändert (um "
            "%(time)s Uhr). Ihre Eingaben sind nicht gespeichert: bitte laden Sie die Seite neu "
            "und tragen Sie Ihre Änderungen erneut ein."
        )
        % {"time": when},
        obj=response,
        version=response.version,
        current=lambda _viewer: response_data(response),
    )


@changes(versions.SKILLS)
@transaction.atomic
def save_response(
    *, user, survey: Survey, actor: Actor, rows: dict, expected_version=None, submit=False
) -> SurveyResponse:
    """Save the company's figures (only the given keys of the given rows change) and, with
    `submit`, hand the answer in. `expected_version`: the version the editor loaded (0 when
    there was no answer yet); None skips the check."""
    _check_company(user, survey, actor)
    survey = _locked_survey(survey)
    require_open(survey)
    if expected_version is not None and (
        isinstance(expected_version, bool) or not isinstance(expected_version, int)
    ):
        raise ValidationError({"version": [_("Der Bearbeitungsstand (version) ist ungültig.")]})
    response = (
        SurveyResponse.objects.select_for_update(of=("self",))
        .filter(survey=survey, actor=actor)
        .first()
    )
    stored_version = response.version if response else 0
    if expected_version is not None and expected_version != stored_version:
        if response is None:
            raise EditConflict(
                _("Die Antwort Ihres Betriebs gibt es nicht mehr; bitte laden Sie die Seite neu."),
                version=0,
                current=response_data(None),
            )
        raise edit_conflict(response)
    stored = {answer.occupation_id: answer for answer in response.answers.all()} if response else {}
    errors = PayloadErrors()
    cleaned = _clean_rows(survey, rows, stored, errors)
    if submit and not errors:
        has_rows = bool(stored) or any(
            values or occupation_id in stored for occupation_id, values in cleaned.items()
        )
        if not has_rows:
            errors.add(
                "rows", _("Bitte tragen Sie vor dem Abgeben mindestens für einen Beruf Zahlen ein.")
            )
    errors.raise_if_any()
    now = timezone.now()
    if response is None:
        response = SurveyResponse.objects.create(
            survey=survey,
            actor=actor,
            district=actor.district,
            status=ResponseStatus.DRAFT,
            is_demo=survey.is_demo,
            version=1,
        )
        changed = True
    else:
        changed = False
    for occupation_id, values in cleaned.items():
        answer = stored.get(occupation_id)
        if answer is None:
            if values:
                SurveyAnswer.objects.create(
                    response=response, occupation_id=occupation_id, **values
                )
                changed = True
            continue
        diff = {name: value for name, value in values.items() if getattr(answer, name) != value}
        if diff:
            SurveyAnswer.objects.filter(pk=answer.pk).update(**diff)
            changed = True
    updates: dict = {}
    if submit:
        updates.update(
            status=ResponseStatus.SUBMITTED,
            submitted_by=user,
            submitted_at=now,
            district=actor.district,
        )
    if changed or updates:
        if stored_version:
            updated = SurveyResponse.objects.filter(pk=response.pk, version=stored_version).update(
                **updates, version=F("version") + 1, updated_at=now
            )
            if not updated:
                raise edit_conflict(SurveyResponse.objects.get(pk=response.pk))
        elif updates:
            SurveyResponse.objects.filter(pk=response.pk).update(**updates, updated_at=now)
        else:
            SurveyResponse.objects.filter(pk=response.pk).update(updated_at=now)
    return SurveyResponse.objects.select_related("survey", "actor", "district").get(pk=response.pk)
