"""Exceptions every app raises the same way."""

from collections.abc import Callable


class EditConflict(Exception):
    """Somebody saved the object since the editor loaded it; nothing was overwritten.

    Every versioned save (`UPDATE … WHERE version = <loaded version>` touching no row) raises
    it with a German message and what a client needs to merge: `obj` (the stored object, for
    pages), `version` (the stored version) and `current` – the stored state in the app's data
    format, either a dict or a function of the person asking (so that it shows only what they
    may see). `details` go into the API's 409 body as they are (e.g. who changed it when)."""

    def __init__(
        self,
        message: str,
        *,
        obj=None,
        version: int | None = None,
        current: dict | Callable[[object], dict] | None = None,
        details: dict | None = None,
    ):
        super().__init__(message)
        self.obj = obj
        self.version = version
        self.current = current
        self.details = details or {}

    def current_for(self, user) -> dict | None:
        return self.current(user) if callable(self.current) else self.current

    def body(self, user) -> dict:
        """The API's 409 body: the reason, the stored version and state, and the details."""
        body = {"detail": str(self), "current": self.current_for(user)}
        if self.version is not None:
            body["version"] = self.version
        body.update(self.details)
        return body
