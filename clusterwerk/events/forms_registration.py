"""Forms of the registration pages: register for an event (contingent, organisation, name and
address, the event's questions, consent), and the organisers' decline with a reason.

The organisation is one of three: an organisation the person represents, one found in the
cluster's directory by a search (a "Suchen" button re-renders the form with the matches; no
JavaScript needed), or a name typed in for an organisation that is not in the directory.
"""

from django import forms
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clusterwerk.accounts.permissions import is_authenticated, represented_actor_ids
from clusterwerk.actors.models import Actor
from clusterwerk.actors.queries import visible_actors
from clusterwerk.events.models import Audience, Event, QuestionKind, TicketType
from clusterwerk.events.queries import ticket_types_with_counts
from clusterwerk.events.services.registration import fits_audience

SEARCH_RESULTS = 12
OTHER = "other"
YES_NO_CHOICES = [("yes", _("ja")), ("no", _("nein"))]


def add_service_errors(form: forms.Form, error) -> None:
    """The services' errors on the matching inputs (`question_<id>` included), the rest on
    top of the form."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        name = key.split(".")[0]
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


def contingent_label(ticket_type: TicketType) -> str:
    audience = (
        ""
        if ticket_type.audience == Audience.OPEN
        else gettext(" (für %(audience)s)") % {"audience": ticket_type.get_audience_display()}
    )
    taken = getattr(ticket_type, "taken", 0)
    if taken < ticket_type.capacity:
        state = gettext("Plätze frei")
    elif ticket_type.waitlist_enabled:
        state = gettext("ausgebucht – Warteliste")
    else:
        state = gettext("ausgebucht")
    return f"{ticket_type.name}{audience} – {state}"


def offered_contingents(event: Event, user) -> list[TicketType]:
    """The contingents shown to a person: all but the co-organisers' reserved seats, which
    only their representatives see."""
    shown = []
    for ticket_type in ticket_types_with_counts(event):
        if ticket_type.audience == Audience.CO_ORGANISERS and not fits_audience(
            ticket_type, user=user, actor=None
        ):
            continue
        shown.append(ticket_type)
    return shown


class RegistrationForm(forms.Form):
    ticket_type = forms.ModelChoiceField(
        label=_("Kontingent"),
        queryset=TicketType.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Bitte wählen Sie ein Kontingent."),
            "invalid_choice": _("Bitte wählen Sie eines der angebotenen Kontingente."),
        },
    )
    first_name = forms.CharField(
        label=_("Vorname"),
        max_length=100,
        error_messages={"required": _("Bitte geben Sie Ihren Vornamen an.")},
    )
    last_name = forms.CharField(
        label=_("Nachname"),
        max_length=100,
        error_messages={"required": _("Bitte geben Sie Ihren Nachnamen an.")},
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an."),
        },
    )
    actor = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("So zählt Ihre Teilnahme für Ihre Organisation im Akteursverzeichnis."),
    )
    organisation_search = forms.CharField(
        label=_("Organisation im Verzeichnis suchen"),
        required=False,
        max_length=100,
        help_text=_("Name oder Ort eingeben und „Suchen“ wählen."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation (nicht im Verzeichnis)"),
        required=False,
        max_length=300,
        help_text=_("Nur wenn Ihre Organisation oben nicht zu finden ist."),
    )
    privacy = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass meine Angaben für die Durchführung der Veranstaltung "
            "verarbeitet werden. Sie werden danach nur für die Auswertung nach Organisationen "
            "aufbewahrt."
        ),
        error_messages={"required": _("Ohne Ihr Einverständnis ist keine Anmeldung möglich.")},
    )
    consent_participant_list = forms.BooleanField(
        label=_("Mein Name und meine Organisation dürfen in der Teilnehmendenliste erscheinen."),
        required=False,
    )

    def __init__(self, *args, event: Event, user, cluster, **kwargs):
        self.event = event
        self.user = user
        self.cluster = cluster
        initial = kwargs.setdefault("initial", {})
        if is_authenticated(user):
            initial.setdefault("first_name", user.first_name)
            initial.setdefault("last_name", user.last_name)
            initial.setdefault("email", user.email)
        super().__init__(*args, **kwargs)
        contingents = offered_contingents(event, user)
        field = self.fields["ticket_type"]
        field.queryset = event.ticket_types.filter(pk__in=[t.pk for t in contingents])
        field.choices = [(t.pk, contingent_label(t)) for t in contingents]
        if len(contingents) == 1:
            self.initial.setdefault("ticket_type", contingents[0].pk)
        self.directory = visible_actors(user, cluster)
        self.represented = list(
            self.directory.filter(pk__in=represented_actor_ids(user)).order_by("name")
        )
        self.search_results = self._search()
        choices = [(str(a.pk), a.name) for a in self.represented]
        choices += [(str(a.pk), a.name) for a in self.search_results if a not in self.represented]
        chosen = self._chosen_actor() or self._initial_actor()
        if chosen is not None and str(chosen.pk) not in {c[0] for c in choices}:
            choices.append((str(chosen.pk), chosen.name))
        choices.append((OTHER, gettext("nicht im Verzeichnis / keine Organisation")))
        self.fields["actor"].choices = choices
        if self.represented:
            self.initial.setdefault("actor", str(self.represented[0].pk))
        for question in event.questions.all():
            self.fields[f"question_{question.pk}"] = self._question_field(question)

    # -- organisation --

    def _search(self) -> list[Actor]:
        term = (self.data.get("organisation_search") or "").strip() if self.is_bound else ""
        if len(term) < 2:
            return []
        return list(
            self.directory.filter(
                Q(name__icontains=term)
                | Q(short_name__icontains=term)
                | Q(municipality__icontains=term)
            ).order_by("name")[:SEARCH_RESULTS]
        )

    def _initial_actor(self) -> Actor | None:
        value = self.initial.get("actor")
        if not value or value == OTHER:
            return None
        return self.directory.filter(pk=int(value)).first()

    def _chosen_actor(self) -> Actor | None:
        value = self.data.get("actor") if self.is_bound else None
        if not value or value == OTHER or not str(value).isdigit():
            return None
        return self.directory.filter(pk=int(value)).first()

    @property
    def searched(self) -> bool:
        return bool(self.is_bound and self.data.get("search"))

    def clean_actor(self) -> Actor | None:
        value = self.cleaned_data.get("actor")
        if not value or value == OTHER:
            return None
        actor = self._chosen_actor()
        if actor is None:
            raise forms.ValidationError(gettext("Bitte wählen Sie eine Organisation der Liste."))
        return actor

    # -- questions --

    def _question_field(self, question) -> forms.Field:
        required_message = gettext("Bitte beantworten Sie diese Frage.")
        common = {
            "label": question.label,
            "required": question.required,
            "error_messages": {
                "required": required_message,
                "invalid_choice": gettext("Bitte wählen Sie eine der angebotenen Möglichkeiten."),
            },
        }
        if question.kind == QuestionKind.CHOICE:
            return forms.ChoiceField(
                choices=[(str(c), str(c)) for c in question.choices],
                widget=forms.RadioSelect,
                **common,
            )
        if question.kind == QuestionKind.YES_NO:
            return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
        return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **common)

    def question_fields(self):
        return [self[name] for name in self.fields if name.startswith("question_")]

    def answers(self) -> dict:
        return {
            name.removeprefix("question_"): self.cleaned_data.get(name)
            for name in self.fields
            if name.startswith("question_") and self.cleaned_data.get(name) not in (None, "")
        }

    def full_clean(self):
        if self.searched:
            # Only looking up an organisation: the form comes back as typed, without errors.
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def clean(self):
        cleaned = super().clean()
        no_organisation = cleaned.get("actor") is None and not cleaned.get("organisation_name")
        if no_organisation and self.data.get("actor") != OTHER and "actor" not in self.errors:
            self.add_error(
                "actor",
                gettext(
                    "Bitte wählen Sie Ihre Organisation oder „nicht im Verzeichnis“ "
                    "und nennen Sie sie."
                ),
            )
        return cleaned


def answer_initial(question, value):
    if question.kind == QuestionKind.YES_NO and isinstance(value, bool):
        return "yes" if value else "no"
    return value


class RegistrationEditForm(RegistrationForm):
    """The person's details of a registration (not its contingent), prefilled from it; the
    view passes on only what was changed against the values shown (`changes()`)."""

    def __init__(self, *args, registration, user, cluster, **kwargs):
        self.registration = registration
        event = registration.event
        questions = {str(q.pk): q for q in event.questions.all()}
        initial = {
            "first_name": registration.first_name,
            "last_name": registration.last_name,
            "email": registration.email,
            "actor": str(registration.actor_id) if registration.actor_id else OTHER,
            "organisation_name": registration.organisation_name,
            "consent_participant_list": registration.consent_participant_list,
        }
        for key, value in (registration.answers or {}).items():
            if key in questions:
                initial[f"question_{key}"] = answer_initial(questions[key], value)
        super().__init__(*args, event=event, user=user, cluster=cluster, initial=initial, **kwargs)
        del self.fields["ticket_type"]
        del self.fields["privacy"]
        # The values as shown travel along (`initial-<name>`, rendered by the template), so
        # that a change made by somebody else in between is not overwritten by this form.
        for field in self.fields.values():
            field.show_hidden_initial = True

    def changes(self) -> dict:
        changed = set(self.changed_data)
        result = {}
        for name in ("first_name", "last_name", "email", "consent_participant_list"):
            if name in changed:
                result[name] = self.cleaned_data[name]
        if "actor" in changed or "organisation_name" in changed:
            actor = self.cleaned_data.get("actor")
            result["actor"] = actor
            result["organisation_name"] = "" if actor else self.cleaned_data["organisation_name"]
        if any(name.startswith("question_") for name in changed):
            result["answers"] = self.answers()
        return result


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund (wird der Person mitgeteilt)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Bitte nennen Sie einen Grund.")},
    )
