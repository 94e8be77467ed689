"""A small structural check that an uploaded file is a PDF, before it is stored: the name
ends in .pdf, the browser did not call it something else, the content starts with the PDF
header (`%PDF-1.x`/`%PDF-2.0`, within the first 1024 bytes as readers allow) and ends with
`%%EOF` near the end. No PDF library is needed (pikepdf is a development tool only); the
file is never opened or rendered on the server and is handed out only as a download
(`Content-Disposition: attachment`, `X-Content-Type-Options: nosniff`). Used by the prize's
attachments and the foresight's source documents."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF_CONTENT_TYPES = {"application/pdf", "application/x-pdf", "application/octet-stream", ""}
HEADER = re.compile(rb"%PDF-[12]\.\d")
HEADER_WINDOW = 1024
EOF_WINDOW = 2048
MAX_NAME = 200


def clean_file_name(name: str, *, default: str = "anlage.pdf") -> str:
    """The file's own name (no folders, no control characters), at most 200 characters,
    ending in .pdf; `default` when nothing of it is left."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().strip(".") or default
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, "pdf"
    stem = stem[: MAX_NAME - len(extension) - 1]
    return f"{stem}.{extension}"


def check_pdf(*, name: str, content_type: str, data: bytes, max_bytes: int) -> None:
    """Raise a German ValidationError (field `file`) unless `data` looks like a PDF of at
    most `max_bytes`."""
    megabytes = max_bytes // (1024 * 1024)
    if not data:
        raise ValidationError({"file": [_("Die Datei ist leer.")]})
    if len(data) > max_bytes:
        raise ValidationError(
            {
                "file": [
                    _("Die Datei ist zu groß (%(size)s MB); erlaubt sind höchstens %(max)d MB.")
                    % {
                        "size": f"{len(data) / (1024 * 1024):.1f}".replace(".", ","),
                        "max": megabytes,
                    }
                ]
            }
        )
    not_pdf = _("Bitte laden Sie nur PDF-Dateien hoch; „%(name)s“ ist keine PDF-Datei.") % {
        "name": (name or "")[:80]
    }
    if not (name or "").lower().endswith(".pdf"):
        raise ValidationError({"file": [not_pdf]})
    if (content_type or "").split(";")[0].strip().lower() not in PDF_CONTENT_TYPES:
        raise ValidationError({"file": [not_pdf]})
    if not HEADER.search(data[:HEADER_WINDOW]):
        raise ValidationError({"file": [not_pdf]})
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise ValidationError(
            {
                "file": [
                    _(
                        "Die PDF-Datei „%(name)s“ ist unvollständig oder beschädigt; bitte "
                        "speichern Sie sie neu und laden Sie sie noch einmal hoch."
                    )
                    % {"name": (name or "")[:80]}
                ]
            }
        )
