"""The one error hierarchy: every refusal a user can act on is a DraftwatchError."""

from __future__ import annotations


class DraftwatchError(Exception):
    """A problem with the user's input or workspace; the CLI prints it as one line, exit 2."""


class BadInputError(DraftwatchError):
    """The text or file given cannot be used (missing, empty, binary, unsupported)."""


class NotFoundError(DraftwatchError):
    """A document, version or reference does not exist."""


class StoreError(DraftwatchError):
    """The snapshot store or its git repository refused an operation."""
