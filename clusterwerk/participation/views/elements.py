"""The page of one plan element in a consultation: its text, the comment thread, the rating
and the amendment form; editing and deleting one's comment.

Every write goes through `services`; a contribution the phase, the audience or a block does not
allow (also a forged POST) answers 403 with the page and the German reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusterwerk.participation import queries, services
from clusterwerk.participation.forms import (
    AmendmentForm,
    CommentEditForm,
    CommentForm,
    RatingForm,
    add_service_errors,
)
from clusterwerk.participation.queries import comment_url, element_url
from clusterwerk.participation.services import ContributionNotAllowed

FORMS = ("comment", "rate", "amend")


def _forms(page, data=None, which: str = "", field: str = ""):
    rating_initial = (
        {"relevance": page.rating.relevance, "priority": page.rating.priority}
        if page.rating
        else {}
    )
    return {
        "comment_form": CommentForm(data if which == "comment" else None),
        "rating_form": RatingForm(data if which == "rate" else None, initial=rating_initial),
        "amendment_form": AmendmentForm(
            data if which == "amend" else None, fields=page.amendable_fields, chosen=field
        ),
    }


def _render(request, page, forms, *, status=200, refusal: str = ""):
    context = {"page": page, "consultation": page.consultation, "refusal": refusal, **forms}
    return render(request, "participation/element_page.html", context, status=status)


@require_http_methods(["GET", "POST"])
def element_page(request, slug, kind, lineage):
    consultation = queries.get_consultation_for_user(request.user, request.cluster, slug)
    page = queries.element_page_data(request.user, consultation, kind, lineage)
    if request.method == "GET":
        return _render(request, page, _forms(page, field=request.GET.get("feld", "")))
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    which = request.POST.get("form", "")
    if which not in FORMS:
        return _render(request, page, _forms(page), status=400)
    forms = _forms(page, request.POST, which)
    form = forms[
        {"comment": "comment_form", "rate": "rating_form", "amend": "amendment_form"}[which]
    ]
    if not form.is_valid():
        return _render(request, page, forms, status=400)
    try:
        anchor, message = _contribute(request.user, page, which, form.cleaned_data)
    except ContributionNotAllowed as refusal:
        return _render(request, page, forms, status=403, refusal=str(refusal))
    except ValidationError as error:
        add_service_errors(form, error, aliases={"element": "__all__"})
        return _render(request, page, forms, status=400)
    messages.success(request, message)
    return redirect(element_url(consultation, page.element, anchor))


def _contribute(user, page, which: str, data) -> tuple[str, str]:
    consultation, element = page.consultation, page.element
    if which == "comment":
        parent = None
        if data.get("parent"):
            parent = reply_parent(user, consultation, data["parent"])
        comment = services.add_comment(
            user=user,
            consultation=consultation,
            element_kind=element.kind,
            lineage=element.lineage,
            body=data["body"],
            parent=parent,
        )
        return f"kommentar-{comment.pk}", _("Danke! Ihr Kommentar ist veröffentlicht.")
    if which == "rate":
        services.rate(
            user=user,
            consultation=consultation,
            element_kind=element.kind,
            lineage=element.lineage,
            relevance=data["relevance"],
            priority=data["priority"],
        )
        return "bewertung", _("Ihre Bewertung ist gespeichert. Sie können sie jederzeit ändern.")
    proposal = services.propose_amendment(
        user=user,
        consultation=consultation,
        element_kind=element.kind,
        lineage=element.lineage,
        field=data["field"],
        text=data["text"],
        rationale=data.get("rationale", ""),
    )
    return f"vorschlag-{proposal.pk}", _("Danke! Ihr Änderungsvorschlag ist eingereicht.")


def reply_parent(user, consultation, pk: int):
    """The comment a reply answers: one of this consultation (a German error else)."""
    try:
        return queries.get_comment_for_user(
            user, consultation.cluster, pk, consultation=consultation
        )
    except Http404:
        raise ValidationError({"parent": [_("Diesen Kommentar gibt es nicht.")]}) from None


def _own_comment(request, slug, pk):
    consultation = queries.get_consultation_for_user(request.user, request.cluster, slug)
    comment = queries.get_comment_for_user(
        request.user, request.cluster, pk, consultation=consultation
    )
    element = queries.get_element_for_consultation(
        consultation, comment.element_kind, comment.element_lineage
    )
    return consultation, comment, element


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, slug, pk):
    consultation, comment, element = _own_comment(request, slug, pk)
    form = CommentEditForm(
        request.POST if request.method == "POST" else None, initial={"body": comment.body}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.edit_comment(
                    user=request.user, comment=comment, body=form.cleaned_data["body"]
                )
            except ContributionNotAllowed as refusal:
                status = 403
                form.add_error(None, str(refusal))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ihr Kommentar ist geändert."))
                return redirect(comment_url(consultation, comment))
    elif comment.author_id != request.user.pk:
        status = 403
        form.add_error(None, _("Nur die Autorin oder der Autor ändert einen Kommentar."))
    context = {
        "consultation": consultation,
        "comment": comment,
        "element": element,
        "element_label": queries.element_label(element),
        "back_url": comment_url(consultation, comment),
        "form": form,
    }
    return render(request, "participation/comment_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request, slug, pk):
    consultation, comment, element = _own_comment(request, slug, pk)
    back_url = comment_url(consultation, comment)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            services.delete_comment(user=request.user, comment=comment)
        except ValidationError as refusal:
            error, status = " ".join(refusal.messages), 400
        except PermissionDenied as refusal:
            error, status = str(refusal), 403
        else:
            messages.success(request, _("Ihr Kommentar ist gelöscht; Antworten bleiben stehen."))
            return redirect(back_url)
    context = {
        "consultation": consultation,
        "comment": comment,
        "element": element,
        "element_label": queries.element_label(element),
        "back_url": back_url,
        "error": error,
    }
    return render(request, "participation/comment_delete.html", context, status=status)
