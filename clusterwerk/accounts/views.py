"""'Meine Daten': see, download and correct one's own data, or delete the account."""

from allauth.core.ratelimit import consume_or_429
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from clusterwerk.accounts import queries, services
from clusterwerk.accounts.forms import DeleteAccountForm, ProfileForm

EXPORT_FILENAME = "clusterwerk-meine-daten.json"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.update_profile(user=user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Ihre Angaben wurden gespeichert."))
                return redirect("accounts:my-data")
        user.refresh_from_db()
    else:
        form = ProfileForm(
            initial={
                "display_name": user.display_name,
                "first_name": user.first_name,
                "last_name": user.last_name,
            }
        )
    context = {
        "profile_form": form,
        "role_assignments": queries.role_assignments_of(user),
        "stored_counts": queries.personal_data_counts(user),
    }
    return render(request, "accounts/my_data.html", context)


@never_cache
@login_required
@require_GET
def my_data_export(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        services.export_personal_data(request.user),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        # Password guesses here count like re-authentication attempts (allauth's rate limit).
        throttled = consume_or_429(request, action="reauthenticate", user=request.user)
        if throttled:
            return throttled
        if form.is_valid():
            try:
                services.delete_account(user=request.user, password=form.cleaned_data["password"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                logout(request)
                messages.success(request, _("Ihr Konto wurde gelöscht. Sie sind abgemeldet."))
                return redirect("masterplan:landing")
    context = {
        "form": form,
        "role_assignments": queries.role_assignments_of(request.user),
    }
    return render(request, "accounts/delete_account.html", context)
