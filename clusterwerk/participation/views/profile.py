"""The participant's own pages: the profile (display name, affiliation, digest) and the
in-app notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusterwerk.actors.models import District
from clusterwerk.participation import queries
from clusterwerk.participation.forms import ProfileForm, add_service_errors
from clusterwerk.participation.models import ParticipantProfile
from clusterwerk.participation.services import mark_notifications_read, save_participant_profile


def _initial(user) -> dict:
    profile = ParticipantProfile.objects.filter(user=user).select_related("district").first()
    if profile is None:
        return {"display_name": user.public_name, "digest": "weekly"}
    return {
        "display_name": profile.display_name,
        "affiliation_type": profile.affiliation_type,
        "district": profile.district.ags if profile.district else "",
        "digest": profile.digest,
    }


@login_required
@require_http_methods(["GET", "POST"])
def participant_profile(request):
    districts = list(District.objects.order_by("name").values_list("ags", "name"))
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(request.user),
        districts=districts,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                save_participant_profile(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ihr Beteiligungsprofil ist gespeichert."))
                return redirect("participation:profile")
    return render(request, "participation/profile.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request):
    if request.method == "POST":
        raw = request.POST.get("id", "")
        mark_notifications_read(
            user=request.user, notification_id=int(raw) if raw.isdigit() else None
        )
        messages.success(request, _("Als gelesen markiert."))
        return redirect("participation:notifications")
    context = {
        "notifications": queries.notifications_of(request.user),
        "unread": queries.unread_count(request.user),
    }
    return render(request, "participation/notifications.html", context)
