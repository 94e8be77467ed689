"""Pages of the innovation prize: publication (see urls.py) – the public winners and nominees
of a published edition, the certificate PDF, and the follow-up question to an applicant one
and three years after the ceremony."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clusterwerk.award import phases, queries
from clusterwerk.award.certificate import certificate_file_name, certificate_pdf
from clusterwerk.award.jsonld import results_json_ld
from clusterwerk.award.models import FollowUpOutcome, Phase
from clusterwerk.award.permissions import manages_award
from clusterwerk.award.services import follow_ups as services
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.masterplan.queries import topic_catalogue

# --- winners and nominees ----------------------------------------------------------------------


def winners(request, year):
    cluster = request_cluster(request)
    edition = queries.get_published_edition(cluster, year)
    results = queries.published_results(edition)
    catalogue = topic_catalogue(cluster)
    for application in results.applications:
        numbers = catalogue.numbers_of(topic.lineage for topic in application.topics.all())
        application.topic_labels = [(number, catalogue.label(number)) for number in numbers]
    context = {
        "edition": edition,
        "results": results,
        "json_ld": results_json_ld(results, request),
        "can_manage": manages_award(request.user, cluster),
    }
    return render(request, "award/winners.html", context)


# --- certificate -------------------------------------------------------------------------------


def certificate(request, year, uid):
    cluster = request_cluster(request)
    application = queries.get_certificate_application(request.user, cluster, year, uid)
    response = HttpResponse(certificate_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate_file_name(application)}"'
    if application.edition.phase != Phase.PUBLISHED or not application.publication_consent:
        response["Cache-Control"] = "private, no-store"
    return response


# --- follow-up question ------------------------------------------------------------------------


class FollowUpForm(forms.Form):
    """The inputs; the service checks them all at once (so every mistake shows together)."""

    outcome = forms.ChoiceField(
        label=gettext_lazy("Was ist aus der Innovation geworden?"),
        choices=FollowUpOutcome.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Bitte wählen Sie eine der angebotenen Antworten."),
        },
    )
    employees_added = forms.CharField(
        label=gettext_lazy("Wie viele neue Arbeitsplätze sind dadurch entstanden?"),
        required=False,
        help_text=gettext_lazy("Eine ganze Zahl; leer lassen, wenn Sie es nicht wissen."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Was möchten Sie uns noch mitteilen?"),
        required=False,
        max_length=services.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _add_service_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages_ in error.message_dict.items():
        field = key if key in form.fields else None
        for message in messages_:
            form.add_error(field, message)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request, pk):
    cluster = request_cluster(request)
    item = queries.get_follow_up_for_user(request.user, cluster, pk)
    application = item.application
    edition = application.edition
    is_due = item.due_on <= timezone.localdate()
    can_answer = is_due and phases.allowed(edition, phases.FOLLOW_UP)
    initial = {
        "outcome": item.outcome,
        "employees_added": "" if item.employees_added is None else str(item.employees_added),
        "note": item.note,
    }
    form = FollowUpForm(initial=initial)
    status = 200
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                services.answer_follow_up(
                    user=request.user, cluster=cluster, follow_up=item, data=form.cleaned_data
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("Danke! Ihre Antwort ist gespeichert."))
                return redirect(reverse("award:follow-up", args=[item.pk]))
        status = 400
    context = {
        "follow_up": item,
        "application": application,
        "edition": edition,
        "form": form,
        "is_due": is_due,
        "can_answer": can_answer,
    }
    return render(request, "award/follow_up.html", context, status=status)


urlpatterns = [
    path("innovationspreis/<int:year>/preistraeger/", winners, name="winners"),
    path(
        "innovationspreis/<int:year>/urkunde/<uuid:uid>.pdf",
        certificate,
        name="certificate",
    ),
    path("innovationspreis/nachfrage/<int:pk>/", follow_up, name="follow-up"),
]
