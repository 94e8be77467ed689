"""Pages of the Nachfolgebörse (part E), under /fachkraefte/nachfolge/.

- succession: the public, anonymised listings of released cases with filters (never the
  company, the owner or an address – `succession_queries.public_case` is all they show).
- succession_case (uid): a case; the public face for everybody, the company and the actions
  for the owner side, the chamber and the management; the interest form for searchers; the
  contact for a searcher whose interest the owner agreed to.
- succession_case_create / succession_case_edit (uid) / succession_case_action (uid, action):
  owners and chambers; actions submit, release, withdraw, handover (POST).
- succession_mine: "Meine Nachfolge" – own cases with their forwarded interests, own profile,
  interests sent, matching cases, the personal-data download.
- successor_profile: the searcher's profile (create, change, delete).
- succession_interest_create (uid, POST), succession_interest (pk): one interest with the
  chamber's check, the owner's answer, the searcher's withdrawal and – after agreement – the
  contact.
- chamber_desk: the chamber's cases to release and interests to check, with matching profiles.
- succession_radar: counts of consented cases per district and exit band (k-anonymous).
- succession_my_data: the user's Nachfolgebörse data as JSON.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterwerk.actors.models import Actor
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.skills import succession_queries as queries
from clusterwerk.skills.forms_succession import (
    AnswerForm,
    CaseForm,
    CheckForm,
    FilterForm,
    InterestForm,
    ProfileForm,
    add_service_errors,
    case_initial,
    member_chambers,
    member_companies,
    profile_initial,
)
from clusterwerk.skills.models import CaseStatus, InterestStatus
from clusterwerk.skills.permissions import chambers_of, manages_skills, represented_actors
from clusterwerk.skills.services import succession as services
from clusterwerk.skills.succession_matching import rank_cases_for_profile, rank_profiles_for_case

ACTIONS = {
    "einreichen": (
        services.submit_case,
        gettext_lazy("Der Fall liegt der Kammer zur Freigabe vor."),
    ),
    "freigeben": (services.release_case, gettext_lazy("Die anonyme Anzeige ist freigegeben.")),
    "zurueckziehen": (services.withdraw_case, gettext_lazy("Der Fall ist zurückgezogen.")),
    "uebergeben": (services.mark_handed_over, gettext_lazy("Die Übergabe ist vermerkt.")),
}


def _filtered(cluster, form: FilterForm):
    cases = queries.released_cases(cluster)
    if not form.is_valid():
        return cases
    data = form.cleaned_data
    if data.get("q"):
        for word in data["q"].split()[:5]:
            cases = cases.filter(
                Q(sector__icontains=word)
                | Q(title__icontains=word)
                | Q(listing_text__icontains=word)
            )
    if data.get("district"):
        cases = cases.filter(district__ags=data["district"])
    if data.get("size"):
        cases = cases.filter(size_class=data["size"])
    if data.get("kind"):
        cases = cases.filter(kind=data["kind"])
    if data.get("until"):
        cases = cases.filter(exit_year__lte=data["until"])
    return cases


@require_GET
def succession(request):
    cluster = request_cluster(request)
    form = FilterForm(request.GET or None)
    cases = [queries.public_case(case) for case in _filtered(cluster, form)[:200]]
    template = "skills/_succession_results.html" if request.htmx else "skills/succession_list.html"
    return render(request, template, {"cases": cases, "form": form})


def _case_context(request, case, interest_form=None):
    user = request.user
    insider = queries.knows_identity(user, case)
    profiles = list(queries.profiles_of(user, case.cluster).filter(is_active=True))
    own_interests = list(queries.interests_sent(user, case.cluster).filter(case=case))
    can_express = (
        case.status == CaseStatus.RELEASED
        and user.is_authenticated
        and not queries.is_case_owner(user, case)
        and any(p.pk not in {i.profile_id for i in own_interests} for p in profiles)
    )
    if can_express and interest_form is None:
        interest_form = InterestForm(
            profiles=[p for p in profiles if p.pk not in {i.profile_id for i in own_interests}]
        )
    context = {
        "case": case,
        "public": queries.public_case(case),
        "insider": insider,
        "is_owner": queries.is_case_owner(user, case),
        "is_chamber": queries.acts_for_case_chamber(user, case),
        "own_interests": [
            {"interest": i, "contact": queries.contact_for(user, i)} for i in own_interests
        ],
        "interest_form": interest_form if can_express else None,
        "has_profile": bool(profiles),
    }
    if insider:
        context["interests"] = [
            {"interest": i, "contact": queries.contact_for(user, i)}
            for i in case.interests.select_related("profile")
            if context["is_chamber"]
            or manages_skills(user, case.cluster)
            or i.status not in (InterestStatus.SUBMITTED, InterestStatus.DECLINED_BY_CHAMBER)
        ]
    if context["is_chamber"] or manages_skills(user, case.cluster):
        context["profile_matches"] = rank_profiles_for_case(case)
    return context


@require_GET
def succession_case(request, uid):
    case = queries.get_case_for_user(request.user, request_cluster(request), uid)
    return render(request, "skills/succession_case.html", _case_context(request, case))


@login_required
@require_POST
def succession_interest_create(request, uid):
    cluster = request_cluster(request)
    case = queries.get_case_for_user(request.user, cluster, uid)
    profiles = list(queries.profiles_of(request.user, cluster))
    form = InterestForm(request.POST, profiles=profiles)
    if form.is_valid():
        profile = next(p for p in profiles if str(p.pk) == form.cleaned_data["profile"])
        try:
            interest = services.express_interest(
                user=request.user, case=case, profile=profile, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Ihr Interesse liegt bei der Kammer. Sie hören von ihr, sobald sie es "
                    "geprüft hat."
                ),
            )
            return redirect("skills:succession_interest", interest.pk)
    context = _case_context(request, case, interest_form=form)
    context["interest_form"] = form
    return render(request, "skills/succession_case.html", context, status=400)


def _case_form_options(user, cluster):
    """(companies, chambers, by_chamber) the user may create a case with."""
    own = represented_actors(user, cluster).exclude(kind="chamber")
    chambers = chambers_of(user, cluster)
    if chambers.exists():
        return member_companies(cluster), chambers, True
    if own.exists():
        return own, member_chambers(cluster), False
    raise PermissionDenied(
        _(
            "Einen Nachfolgefall legen Vertreterinnen und Vertreter eines Mitgliedsbetriebs an "
            "oder die Kammer in ihrem Auftrag."
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def succession_case_create(request):
    cluster = request_cluster(request)
    companies, chambers, by_chamber = _case_form_options(request.user, cluster)
    kwargs = {"companies": companies, "chambers": chambers, "by_chamber": by_chamber}
    if request.method == "GET":
        form = CaseForm(**kwargs)
        return render(request, "skills/succession_case_form.html", {"form": form})
    form = CaseForm(request.POST, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            case = services.create_case(
                user=request.user,
                cluster=cluster,
                company=Actor.objects.get(pk=data["company"]),
                chamber=Actor.objects.get(pk=data["chamber"]),
                data=data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Der Nachfolgefall ist als Entwurf angelegt."))
            return redirect("skills:succession_case", case.uid)
    return render(request, "skills/succession_case_form.html", {"form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def succession_case_edit(request, uid):
    cluster = request_cluster(request)
    case = queries.get_case_for_user(request.user, cluster, uid)
    if not (
        queries.is_case_owner(request.user, case)
        or queries.acts_for_case_chamber(request.user, case)
    ):
        raise PermissionDenied(
            _("Nur die Inhaberin/der Inhaber und die zuständige Kammer ändern diesen Fall.")
        )
    context = {"case": case}
    if request.method == "GET":
        context["form"] = CaseForm(initial=case_initial(case), edit=True)
        context["version"] = case.version
        return render(request, "skills/succession_case_form.html", context)
    form = CaseForm(request.POST, edit=True)
    if form.is_valid():
        try:
            version = int(request.POST.get("version") or 0) or None
        except ValueError:
            version = None
        try:
            case = services.update_case(
                user=request.user, case=case, data=form.cleaned_data, expected_version=version
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, _("Der Nachfolgefall ist gespeichert."))
            return redirect("skills:succession_case", case.uid)
    context.update(form=form, version=case.version)
    return render(request, "skills/succession_case_form.html", context, status=400)


@login_required
@require_POST
def succession_case_action(request, uid, action):
    if action not in ACTIONS:
        raise Http404
    case = queries.get_case_for_user(request.user, request_cluster(request), uid)
    act, success = ACTIONS[action]
    try:
        act(user=request.user, case=case)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("skills:succession_case", case.uid)


@login_required
@require_GET
def succession_mine(request):
    cluster = request_cluster(request)
    user = request.user
    profiles = list(queries.profiles_of(user, cluster))
    received = list(queries.interests_for_owner(user, cluster))
    return render(
        request,
        "skills/succession_mine.html",
        {
            "cases": list(queries.cases_of_owner(user, cluster)),
            "received": [
                {"interest": i, "contact": queries.contact_for(user, i)} for i in received
            ],
            "profiles": profiles,
            "sent": [
                {"interest": i, "contact": queries.contact_for(user, i)}
                for i in queries.interests_sent(user, cluster)
            ],
            "matches": [m for p in profiles if p.is_active for m in rank_cases_for_profile(p)],
            "can_create": represented_actors(user, cluster).exists(),
            "is_chamber": chambers_of(user, cluster).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def successor_profile(request):
    cluster = request_cluster(request)
    user = request.user
    profile = queries.profiles_of(user, cluster).first()
    companies = represented_actors(user, cluster).exclude(kind="chamber")
    if request.method == "POST" and request.POST.get("delete") and profile is not None:
        services.erase_profile(user=user, profile=profile)
        messages.success(request, _("Ihr Profil und Ihre Interessen sind gelöscht."))
        return redirect("skills:succession_mine")
    if request.method == "GET":
        initial = profile_initial(profile) if profile else {"kind": "person", "is_active": True}
        form = ProfileForm(initial=initial, companies=companies)
        return render(request, "skills/successor_profile.html", {"form": form, "profile": profile})
    form = ProfileForm(request.POST, companies=companies)
    if form.is_valid():
        try:
            services.save_profile(
                user=user, cluster=cluster, data=form.cleaned_data, profile=profile
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ihr Profil ist gespeichert."))
            return redirect("skills:succession_mine")
    return render(
        request, "skills/successor_profile.html", {"form": form, "profile": profile}, status=400
    )


def _interest_context(request, interest, check_form=None):
    user = request.user
    case = interest.case
    is_chamber = queries.acts_for_case_chamber(user, case)
    is_owner = queries.is_case_owner(user, case)
    is_searcher = interest.profile.user_id == user.pk
    may_answer = (is_owner or (is_chamber and case.owner_id is None)) and (
        interest.status == InterestStatus.FORWARDED
    )
    return {
        "interest": interest,
        "case": case,
        "public": queries.public_case(case),
        "is_chamber": is_chamber,
        "is_owner": is_owner,
        "is_searcher": is_searcher,
        "show_company": queries.knows_identity(user, case),
        "show_searcher": is_chamber or manages_skills(user, case.cluster),
        "contact": queries.contact_for(user, interest),
        "check_form": (check_form or CheckForm())
        if is_chamber and interest.status == InterestStatus.SUBMITTED
        else None,
        "may_answer": may_answer,
        "may_withdraw": is_searcher and interest.status in queries.OPEN_INTEREST_STATUSES,
    }


@login_required
@require_http_methods(["GET", "POST"])
def succession_interest(request, pk):
    interest = queries.get_interest_for_user(request.user, request_cluster(request), pk)
    if request.method == "GET":
        return render(request, "skills/interest_detail.html", _interest_context(request, interest))
    action = request.POST.get("action")
    try:
        if action == "check":
            form = CheckForm(request.POST)
            if not form.is_valid():
                context = _interest_context(request, interest, check_form=form)
                return render(request, "skills/interest_detail.html", context, status=400)
            try:
                services.check_interest(
                    user=request.user,
                    interest=interest,
                    forward=form.cleaned_data["decision"] == "forward",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
                context = _interest_context(request, interest, check_form=form)
                return render(request, "skills/interest_detail.html", context, status=400)
            messages.success(request, _("Ihre Prüfung ist gespeichert."))
        elif action == "answer":
            form = AnswerForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Bitte stimmen Sie zu oder lehnen Sie ab."))
            agree = form.cleaned_data["decision"] == "agree"
            services.answer_interest(user=request.user, interest=interest, agree=agree)
            messages.success(
                request,
                _("Sie haben zugestimmt; beide Seiten sehen jetzt den Kontakt.")
                if agree
                else _("Sie haben abgelehnt; Ihr Betrieb bleibt anonym."),
            )
        elif action == "withdraw":
            services.withdraw_interest(user=request.user, interest=interest)
            messages.success(request, _("Ihr Interesse ist zurückgezogen."))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("skills:succession_interest", interest.pk)


@login_required
@require_GET
def chamber_desk(request):
    cluster = request_cluster(request)
    desk = queries.chamber_desk(request.user, cluster)
    matches = {case.pk: rank_profiles_for_case(case, limit=3) for case in desk["released"]}
    return render(
        request,
        "skills/succession_desk.html",
        {**desk, "released_rows": [(c, matches[c.pk]) for c in desk["released"]]},
    )


@login_required
@require_GET
def succession_radar(request):
    radar = queries.succession_radar(request.user, request_cluster(request))
    return render(request, "skills/succession_radar.html", {"radar": radar})


@login_required
@require_GET
def succession_my_data(request):
    data = queries.succession_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="nachfolgeboerse-meine-daten.json"'
    return response


urlpatterns = [
    path("fachkraefte/nachfolge/", succession, name="succession"),
    path("fachkraefte/nachfolge/neu/", succession_case_create, name="succession_case_create"),
    path("fachkraefte/nachfolge/meine/", succession_mine, name="succession_mine"),
    path("fachkraefte/nachfolge/meine-daten/", succession_my_data, name="succession_my_data"),
    path("fachkraefte/nachfolge/profil/", successor_profile, name="successor_profile"),
    path("fachkraefte/nachfolge/kammer/", chamber_desk, name="chamber_desk"),
    path("fachkraefte/nachfolge/radar/", succession_radar, name="succession_radar"),
    path(
        "fachkraefte/nachfolge/interesse/<int:pk>/",
        succession_interest,
        name="succession_interest",
    ),
    path("fachkraefte/nachfolge/<uuid:uid>/", succession_case, name="succession_case"),
    path(
        "fachkraefte/nachfolge/<uuid:uid>/bearbeiten/",
        succession_case_edit,
        name="succession_case_edit",
    ),
    path(
        "fachkraefte/nachfolge/<uuid:uid>/interesse/",
        succession_interest_create,
        name="succession_interest_create",
    ),
    path(
        "fachkraefte/nachfolge/<uuid:uid>/<slug:action>/",
        succession_case_action,
        name="succession_case_action",
    ),
]


def case_url(case) -> str:
    return reverse("skills:succession_case", args=[case.uid])
