"""Writes of a body's members-only space: documents (PDFs) and the discussion.

- `upload_document`: the one upload of the bodies' documents. The body's members and the
  management upload PDFs to the space; only the management uploads a meeting's documents
  (`meeting` given). Checked with `core.pdf_check` (at most `MAX_DOCUMENT_MB`), stored in the
  database, handed out only through `queries.get_document_for_user` as a download.
- `delete_document`: the uploader (still in the space) or the management.
- `post`, `edit_post`, `delete_post`: members and the management write in the discussion; an
  answer to an answer joins its thread. The author edits; the author or the management
  deletes (with its answers).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core import validation
from clusterwerk.core.pdf_check import check_pdf, clean_file_name
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.governance.models import MAX_DOCUMENT_MB, Body, Document, Meeting, Post
from clusterwerk.governance.permissions import can_enter_space, manages_bodies
from clusterwerk.governance.services.common import require_management, require_same_cluster

MAX_POST = 5000
MAX_TITLE = 300


def _require_space(user, cluster, body: Body) -> None:
    require_same_cluster(body.cluster_id, cluster)
    if not can_enter_space(user, body):
        raise PermissionDenied(_("Nur für Mitglieder des Gremiums und das Clustermanagement."))


@transaction.atomic
def upload_document(
    user,
    cluster,
    body: Body,
    *,
    title: str,
    name: str,
    content_type: str,
    data: bytes,
    meeting: Meeting | None = None,
) -> Document:
    """Store a PDF in the body's space, or – for the management – with one of its meetings
    (`meeting`, of this body)."""
    _require_space(user, cluster, body)
    if meeting is not None:
        require_management(
            user, cluster, _("Unterlagen einer Sitzung lädt das Clustermanagement hoch.")
        )
        meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        if meeting.body_id != body.pk:
            raise PermissionDenied(_("Diese Sitzung gehört zu einem anderen Gremium."))
    check_pdf(
        name=name,
        content_type=content_type,
        data=data,
        max_bytes=MAX_DOCUMENT_MB * 1024 * 1024,
    )
    filename = clean_file_name(name, default="dokument.pdf")
    errors = PayloadErrors()
    title = validation.text(title, "title", errors, max_length=MAX_TITLE)
    errors.raise_if_any()
    return Document.objects.create(
        body=body,
        meeting=meeting,
        title=title or filename.rsplit(".", 1)[0],
        filename=filename,
        content=data,
        size=len(data),
        uploaded_by=user,
    )


@transaction.atomic
def delete_document(*, user, cluster, document: Document) -> None:
    body = document.body
    _require_space(user, cluster, body)
    if not (manages_bodies(user, cluster) or document.uploaded_by_id == user.pk):
        raise PermissionDenied(
            _("Ein Dokument entfernt, wer es hochgeladen hat, oder das Clustermanagement.")
        )
    document.delete()


def _text(text) -> str:
    errors = PayloadErrors()
    value = validation.text(
        text,
        "text",
        errors,
        max_length=MAX_POST,
        required=True,
    )
    if "text" in errors and not (text or "").strip():
        errors.messages["text"] = [_("Bitte schreiben Sie einen Beitrag.")]
    errors.raise_if_any()
    return value


@transaction.atomic
def post(*, user, cluster, body: Body, text: str, reply_to: Post | None = None) -> Post:
    """A contribution to the body's discussion, or an answer (`reply_to`)."""
    _require_space(user, cluster, body)
    if reply_to is not None:
        if reply_to.body_id != body.pk:
            raise ValidationError(
                {"reply_to": [_("Diesen Beitrag gibt es in diesem Gremium nicht.")]}
            )
        if reply_to.reply_to_id:
            reply_to = reply_to.reply_to
    return Post.objects.create(body=body, reply_to=reply_to, author=user, text=_text(text))


@transaction.atomic
def edit_post(*, user, cluster, post: Post, text: str) -> Post:
    _require_space(user, cluster, post.body)
    if post.author_id != user.pk:
        raise PermissionDenied(_("Einen Beitrag ändert nur, wer ihn geschrieben hat."))
    post = Post.objects.select_for_update().get(pk=post.pk)
    value = _text(text)
    if value != post.text:
        post.text = value
        post.edited_at = timezone.now()
        post.save(update_fields=["text", "edited_at"])
    return post


@transaction.atomic
def delete_post(*, user, cluster, post: Post) -> None:
    """Remove a contribution with its answers: its author or the management."""
    _require_space(user, cluster, post.body)
    if not (manages_bodies(user, cluster) or post.author_id == user.pk):
        raise PermissionDenied(
            _("Einen Beitrag entfernt, wer ihn geschrieben hat, oder das Clustermanagement.")
        )
    post.delete()
