"""Decode text bytes in any common encoding; refuse binary data."""

from __future__ import annotations

import re
import unicodedata

from draftwatch.errors import BadInputError

#: Control characters other than tab, newline, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = len(_CONTROL.findall(sample))
    return controls / len(sample) > 0.01


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 first; legacy encodings through charset-normalizer."""
    if b"\x00" in data[:65536]:
        raise BadInputError(f"{name}: looks like binary data, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise BadInputError(f"{name}: looks like binary data, not text") from None
        text, encoding = str(best), best.encoding
    if _looks_binary(text):
        raise BadInputError(f"{name}: looks like binary data, not text")
    return text, encoding


_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def normalize_snapshot_text(text: str) -> str:
    """The stored form: Unix newlines, NFC, no trailing spaces, exactly one final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("", text)
    return text.strip("\n") + "\n"
