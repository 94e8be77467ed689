"""Logging filters, wired in `config.settings.LOGGING`."""

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    """A 403 is an answer, not an error: one warning line with the path, the person and the
    reason, no traceback.

    Django's `django.request` logger writes a `PermissionDenied` raised by a view as a warning
    *with* the exception's traceback, which buries real errors in the log. This filter, on
    that logger, rewrites 403 records to "Forbidden (…): /path – user 42 – reason"; every
    other record (404, 500 with its traceback) passes unchanged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        reason = ""
        if record.exc_info and record.exc_info[1] is not None:
            reason = str(record.exc_info[1])
        parts = [record.getMessage(), f"user {_user_id(getattr(record, 'request', None))}"]
        if reason:
            parts.append(reason)
        record.msg = " – ".join(part.replace("%", "%%") for part in parts)
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def _user_id(request) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    return str(user.pk)
