"""Validation of user-given names that end up in paths, tags and commit messages."""

from __future__ import annotations

import re
from datetime import date

from draftwatch.errors import BadInputError

_DOC_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
#: Control characters (C0, DEL, C1), line separators and bidi overrides: never in one line.
_NOT_IN_A_LINE = r"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_LABEL_FORBIDDEN = re.compile(rf"[{_NOT_IN_A_LINE}/\\]")
_SOURCE_FORBIDDEN = re.compile(f"[{_NOT_IN_A_LINE}]")


def check_doc_name(name: str) -> str:
    """A document name is one safe path segment: letters, digits, '.', '_', '-'."""
    if not _DOC_NAME.fullmatch(name) or ".." in name or name.endswith((".", ".lock")):
        raise BadInputError(
            f"invalid document name {name!r}: use letters, digits, '.', '_' or '-' "
            "(no slashes, no '..', at most 100 characters)"
        )
    return name


def check_label(label: str) -> str:
    """Labels are free text, but never path-like, multi-line, or mistakable for a number."""
    if (
        not label.strip()
        or label != label.strip()
        or len(label) > 200
        or _LABEL_FORBIDDEN.search(label)
        or ".." in label
        or label.isdigit()
        or label.startswith("latest")
    ):
        raise BadInputError(
            f"invalid label {label!r}: one line of at most 200 characters, without '/', '\\' "
            "or '..', not a bare number and not starting with 'latest'"
        )
    return label


def check_source(source: str) -> str:
    """Where a text came from (a URL, a sender, a file name): one line of plain characters, as
    it is shown in `log` and every report header."""
    if len(source) > 1000 or _SOURCE_FORBIDDEN.search(source):
        raise BadInputError(
            f"invalid source {source!r}: one line of at most 1000 characters, without control "
            "characters, line breaks or bidi overrides (for a file name with such characters, "
            "give --source)"
        )
    return source


def check_date(value: str) -> str:
    """Dates are ISO calendar dates (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(value).isoformat() if len(value) == 10 else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: str) -> str:
    raise BadInputError(f"invalid date {value!r}: use YYYY-MM-DD")


def check_new_doc_name(name: str, existing: tuple[str, ...]) -> str:
    """A new document may not differ from an existing one only in case: on macOS and Windows
    both would be the same folder."""
    for other in existing:
        if other != name and other.casefold() == name.casefold():
            raise BadInputError(
                f"document name {name!r} differs only in case from the existing document "
                f"{other!r} (they would collide on macOS and Windows); use --doc {other}"
            )
    return name
