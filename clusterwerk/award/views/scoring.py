"""Pages of the innovation prize: scoring, discussion, ranking, decision, audit (see urls.py).

- Jurors: the score form of their review (`award:review`), abstaining (`award:review-abstain`),
  comments in the discussion (`award:comment`); the jury block on the application page
  (`jury_block_context`) and the list of their reviews on jury-home (`my_reviews_context`).
- Management: the ranking (raw and z-score side by side, disagreements, alpha, jurors), its
  XLSX export, the decisions with the release, the audit log.

A conflicted juror finds nothing: every application comes through
`queries.get_application_for_user`, every ranking through `ranking.ranking_for_user`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterwerk.award import phases, queries, ranking
from clusterwerk.award.forms_scoring import (
    DRAFT,
    SUBMIT,
    AbstainForm,
    CommentForm,
    DecisionForm,
    ReleaseForm,
    ReviewForm,
    initial_for,
)
from clusterwerk.award.models import (
    Application,
    AuditAction,
    AuditEntry,
    Decision,
    Phase,
    ReviewStatus,
)
from clusterwerk.award.permissions import blocked_application_ids, jury_member, manages_award
from clusterwerk.award.services import decisions as decision_services
from clusterwerk.award.services import scoring as services
from clusterwerk.core.exports import XLSX_CONTENT_TYPE, xlsx_bytes
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.participation.forms import add_service_errors

# --- context for the other parts' pages -----------------------------------------------------


def jury_block_context(user, application: Application) -> dict:
    """What `award/_jury_block.html` shows on the application page (the caller has passed the
    application's funnel): the viewer's own review, the reviews the phase lets them see
    (`queries.visible_reviews`) with their scores, and the discussion."""
    edition = application.edition
    is_manager = manages_award(user, edition.cluster_id)
    member = jury_member(user, edition)
    is_juror = member is not None and member.has_accepted_confidentiality
    if not (is_manager or is_juror) or application.pk in blocked_application_ids(user, edition):
        return {"jury_block": None}
    reviews = list(
        queries.visible_reviews(user, application)
        .prefetch_related("scores__criterion")
        .order_by("jury_member__id")
    )
    own = next((r for r in reviews if member and r.jury_member_id == member.pk), None)
    criteria = list(edition.criteria.all())
    for review in reviews:
        values = {score.criterion_id: score.value for score in review.scores.all()}
        review.score_rows = [(criterion, values.get(criterion.pk)) for criterion in criteria]
    can_comment = phases.allowed(edition, phases.COMMENT)
    return {
        "jury_block": {
            "own_review": own,
            "other_reviews": [r for r in reviews if r is not own],
            "can_score": own is not None and phases.allowed(edition, phases.SCORE),
            "comments": list(queries.visible_comments(user, application)),
            "show_comments": phases.is_at_least(edition, Phase.DISCUSSION),
            "can_comment": can_comment,
            "comment_form": CommentForm() if can_comment else None,
            "is_manager": is_manager,
        }
    }


def my_reviews_context(user, edition) -> dict:
    """What `award/_my_reviews.html` shows on jury-home."""
    reviews = list(queries.my_reviews(user, edition))
    done = sum(r.status in (ReviewStatus.SUBMITTED, ReviewStatus.ABSTAINED) for r in reviews)
    return {
        "my_reviews": reviews,
        "my_reviews_done": done,
        "my_reviews_open": len(reviews) - done,
        "can_score": phases.allowed(edition, phases.SCORE),
    }


def _application_url(application) -> str:
    """The application page (part "applications"); the score form until that page exists."""
    try:
        return application.get_absolute_url()
    except NoReverseMatch:
        return reverse("award:review", args=[application.uid])


# --- jurors -------------------------------------------------------------------------------


def _own_review(request, uid):
    application = queries.get_application_for_user(request.user, request_cluster(request), uid)
    member = jury_member(request.user, application.edition)
    review = application.reviews.filter(jury_member=member).first() if member is not None else None
    if review is None:
        raise Http404(_("Diese Bewerbung ist Ihnen nicht zur Bewertung zugewiesen."))
    review.application = application
    return application, review


def _render_review(request, application, review, *, form=None, abstain_form=None, status=200):
    criteria = list(application.edition.criteria.all())
    context = {
        "application": application,
        "edition": application.edition,
        "review": review,
        "form": form or ReviewForm(criteria=criteria, initial=initial_for(review)),
        "abstain_form": abstain_form or AbstainForm(),
        "can_score": phases.allowed(application.edition, phases.SCORE),
    }
    return render(request, "award/review_form.html", context, status=status)


@login_required
def review_form(request, uid):
    application, review = _own_review(request, uid)
    if request.method != "POST":
        return _render_review(request, application, review)
    form = ReviewForm(request.POST, criteria=application.edition.criteria.all())
    submit = request.POST.get("action", DRAFT) == SUBMIT
    if form.is_valid():
        try:
            services.save_review(
                user=request.user,
                cluster=request_cluster(request),
                review=review,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                submit=submit,
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases=form.aliases)
        else:
            if submit:
                messages.success(request, _("Ihre Bewertung ist abgegeben."))
            else:
                messages.success(request, _("Ihr Entwurf ist gespeichert."))
            return redirect(reverse("award:review", args=[application.uid]))
    review.refresh_from_db()
    return _render_review(request, application, review, form=form, status=400)


@login_required
@require_POST
def review_abstain(request, uid):
    application, review = _own_review(request, uid)
    form = AbstainForm(request.POST)
    if form.is_valid():
        try:
            services.abstain(
                user=request.user,
                cluster=request_cluster(request),
                review=review,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sie haben sich bei dieser Bewerbung enthalten."))
            return redirect(reverse("award:review", args=[application.uid]))
    return _render_review(request, application, review, abstain_form=form, status=400)


@login_required
@require_POST
def comment(request, uid):
    cluster = request_cluster(request)
    application = queries.get_application_for_user(request.user, cluster, uid)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(
                user=request.user,
                cluster=cluster,
                application=application,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Ihr Kommentar ist gespeichert."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(_application_url(application) + "#kommentare")


# --- management ---------------------------------------------------------------------------


def _managed_edition(request, year):
    return queries.get_edition_for_user(request.user, request_cluster(request), year, manage=True)


@login_required
def ranking_page(request, year):
    edition = _managed_edition(request, year)
    rows = ranking.ranking_for_user(request.user, edition)
    alpha = ranking.edition_alpha(edition)
    by_z = sorted(
        [row for row in rows if row.z_rank is not None], key=lambda row: (row.z_rank, row.title)
    )
    context = {
        "edition": edition,
        "rows": rows,
        "by_z": by_z,
        "agenda": [row for row in rows if row.disagreement],
        "alpha": alpha,
        "alpha_meaning": ranking.alpha_meaning(alpha),
        "jurors": ranking.juror_table(edition),
        "by_median": edition.aggregation == "median",
    }
    return render(request, "award/ranking.html", context)


MAX_AUDIT = 1000
EXPORT_HEADER = [
    "Rang",
    "Rang (z-Werte)",
    "Bewerbung",
    "Bewerber",
    "Bewertungen",
    "Enthaltungen",
    "Mittelwert",
    "Median",
    "mittlerer z-Wert",
    "Spannweite",
    "Uneinigkeit",
    "K.-o.",
    "Entscheidung",
]


def _number(value):
    return round(value, 3) if value is not None else None


@login_required
def ranking_export(request, year):
    edition = _managed_edition(request, year)

    labels = dict(Decision.choices)
    rows = [
        [
            row.rank,
            row.z_rank,
            row.title,
            row.applicant,
            row.n,
            row.abstained,
            _number(row.mean),
            _number(row.median),
            _number(row.z_mean),
            _number(row.spread),
            _("ja") if row.disagreement else _("nein"),
            ", ".join(row.knocked_out_by),
            str(labels.get(row.decision, "")) if row.decision else "",
        ]
        for row in ranking.ranking_for_user(request.user, edition)
    ]
    content = xlsx_bytes(rows, header=EXPORT_HEADER, title=_("Rangfolge"))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="innovationspreis-{edition.year}-rangfolge.xlsx"'
    )
    return response


def _render_decisions(request, edition, *, bound=None, release_form=None, status=200):
    rows = ranking.ranking_for_user(request.user, edition)
    notes = dict(
        Application.objects.filter(pk__in=[row.id for row in rows]).values_list(
            "pk", "decision_note"
        )
    )
    items = []
    for row in rows:
        if bound is not None and bound[0] == row.id:
            form = bound[1]
        else:
            form = DecisionForm(
                edition=edition,
                prefix=f"a{row.id}",
                initial={"decision": row.decision, "note": notes.get(row.id, "")},
            )
        items.append((row, form))
    context = {
        "edition": edition,
        "items": items,
        "can_decide": phases.allowed(edition, phases.DECIDE),
        "can_release": phases.allowed(edition, phases.RELEASE),
        "release_form": release_form or ReleaseForm(),
        "winners": sum(row.decision == "winner" for row in rows),
    }
    return render(request, "award/decisions.html", context, status=status)


@login_required
def decisions_page(request, year):
    edition = _managed_edition(request, year)
    if request.method != "POST":
        return _render_decisions(request, edition)
    cluster = request_cluster(request)
    try:
        application_id = int(request.POST.get("application", ""))
    except ValueError:
        raise Http404(_("Diese Bewerbung gibt es nicht oder sie ist nicht sichtbar.")) from None
    application = queries.get_application_by_pk_for_user(request.user, cluster, application_id)
    if application.edition_id != edition.pk:
        raise Http404(_("Diese Bewerbung gibt es nicht oder sie ist nicht sichtbar."))
    form = DecisionForm(request.POST, edition=edition, prefix=f"a{application.pk}")
    if form.is_valid():
        try:
            decision_services.set_decision(
                user=request.user,
                cluster=cluster,
                application=application,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Die Entscheidung zu „%(title)s“ ist gespeichert.")
                % {"title": application.title},
            )
            return redirect(reverse("award:decisions", args=[edition.year]) + f"#a{application.pk}")
    return _render_decisions(request, edition, bound=(application.pk, form), status=400)


@login_required
@require_POST
def release(request, year):
    edition = _managed_edition(request, year)
    form = ReleaseForm(request.POST)
    if form.is_valid():
        try:
            decision_services.release_decisions(
                user=request.user, cluster=request_cluster(request), edition=edition
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Die Entscheidungen sind veröffentlicht. Herzlichen Glückwunsch!")
            )
            return redirect(reverse("award:decisions", args=[edition.year]))
    return _render_decisions(request, edition, release_form=form, status=400)


@login_required
def audit_page(request, year):
    edition = _managed_edition(request, year)
    entries = AuditEntry.objects.filter(edition=edition).select_related("user", "application")
    blocked = blocked_application_ids(request.user, edition)
    if blocked:
        entries = entries.exclude(application_id__in=blocked)
    entries = list(entries[:MAX_AUDIT])
    labels = dict(AuditAction.choices)
    for entry in entries:
        entry.action_label = labels.get(entry.action, entry.action)
        entry.change_rows = [
            (key, value[0], value[1], True)
            if isinstance(value, list) and len(value) == 2 and key != "winners"
            else (
                key,
                ", ".join(map(str, value)) if isinstance(value, list) else value,
                None,
                False,
            )
            for key, value in (entry.changes or {}).items()
        ]
    context = {"edition": edition, "entries": entries}
    return render(request, "award/audit.html", context)


urlpatterns = [
    path("innovationspreis/bewerbung/<uuid:uid>/bewertung/", review_form, name="review"),
    path(
        "innovationspreis/bewerbung/<uuid:uid>/bewertung/enthalten/",
        review_abstain,
        name="review-abstain",
    ),
    path("innovationspreis/bewerbung/<uuid:uid>/kommentare/", comment, name="comment"),
    path("innovationspreis/<int:year>/verwaltung/rangfolge/", ranking_page, name="ranking"),
    path(
        "innovationspreis/<int:year>/verwaltung/rangfolge.xlsx",
        ranking_export,
        name="ranking-export",
    ),
    path(
        "innovationspreis/<int:year>/verwaltung/entscheidung/",
        decisions_page,
        name="decisions",
    ),
    path("innovationspreis/<int:year>/verwaltung/freigeben/", release, name="release"),
    path("innovationspreis/<int:year>/verwaltung/protokoll/", audit_page, name="audit"),
]
