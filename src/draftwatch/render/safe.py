"""Output safety: outside text made inert before a person reads it.

Document text, titles, labels, sources, file names and document names come from outside. Written
raw to a terminal, an escape sequence in them can set the clipboard (OSC 52), plant a hyperlink
(OSC 8) or clear the screen; a bidi override can make text read differently from what it is; a
newline in a one-line field can fake extra output lines. Every human-readable view passes such
text through `safe_text` (a body: newlines and tabs kept) or `safe_line` (one field: they too are
escaped). Each character is shown as a visible escape (`\\x1b`, `\\x9b`, `\\u202e`), so nothing
is lost. JSON needs none of this (its encoder escapes control characters itself); `json_safe`
makes the C1 and bidi characters it leaves raw visible as `\\u` escapes too, which decode to the
same value.
"""

from __future__ import annotations

import re

#: C1 controls, DEL, and the bidi embeddings, overrides and isolates.
_C1_DEL_BIDI = "\x7f-\x9f\u202a-\u202e\u2066-\u2069"
#: In a body, every C0 control but tab and newline.
_UNSAFE_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f{_C1_DEL_BIDI}]")
#: In a one-line field, tab, newline and the Unicode line and paragraph separators too.
_UNSAFE_IN_LINE = re.compile(f"[\x00-\x1f{_C1_DEL_BIDI}\u2028\u2029]")
#: What JSON's encoder leaves raw (it escapes U+0000-U+001F itself).
_UNSAFE_IN_JSON = re.compile(f"[{_C1_DEL_BIDI}\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    """Text with line structure: every control or bidi character but newline and tab escaped."""
    return _UNSAFE_IN_TEXT.sub(_visible, text)


def safe_line(text: str) -> str:
    """A one-line field: newlines and tabs escaped too, so it cannot fake another line."""
    return _UNSAFE_IN_LINE.sub(_visible, text)


def json_safe(encoded: str) -> str:
    """JSON text with C1, bidi and line-separator characters as `\\uXXXX`: the same value."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", encoded)


#: In HTML: C0 controls but tab, newline and carriage return, DEL, and the bidi characters.
_UNSAFE_IN_HTML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_C1 = re.compile("[\x80-\x9f]")


def html_inert(escaped: str) -> str:
    """HTML text (already escaped) whose bytes hold no control character: a report committed to
    git and shown by `git diff` or `cat` cannot drive the terminal. C0 controls, DEL and bidi
    characters become numeric character references (a browser shows the same characters); C1
    controls, which HTML would read as other characters there, are shown as `\\x9b`."""
    escaped = _UNSAFE_IN_HTML.sub(lambda m: f"&#x{ord(m.group(0)):x};", escaped)
    return _C1.sub(_visible, escaped)
