"""One error type for everything a user can be told about, rendered by one handler."""

from __future__ import annotations


class SandboxError(Exception):
    """A problem the user can act on; `message` is shown to them, in their language."""

    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(str(message))
        self.message = message
        if status is not None:
            self.status = status


class NotFound(SandboxError):
    status = 404


class Unauthorized(SandboxError):
    """Credentials were given and are wrong (an API token that is not valid)."""

    status = 401


class Forbidden(SandboxError):
    status = 403


class TooLarge(SandboxError):
    status = 413


class Conflict(SandboxError):
    status = 409
