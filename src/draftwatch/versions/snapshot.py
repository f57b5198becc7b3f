"""The snapshot file format: front matter with a version's facts, then its normalised text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, cast

from draftwatch.errors import DraftwatchError, StoreError
from draftwatch.model import Version
from draftwatch.versions.names import check_date, check_doc_name, check_label, check_source

VERSIONS_DIR = "versions"
SNAPSHOT_NAME = re.compile(r"^(\d{4,})\.(md|txt)$")
SNAPSHOT_PATH = re.compile(rf"^{VERSIONS_DIR}/(?P<doc>[^/]+)/(?P<number>\d{{4,}})\.(?:md|txt)$")
FORMAT_SUFFIX = {"markdown": "md", "text": "txt"}
#: Front-matter keys in the order they are written; `version` holds Version.number.
_FIELDS = (
    "doc",
    "version",
    "label",
    "date",
    "source",
    "original_name",
    "format",
    "sha256",
    "added_at",
)
#: Written only when set, so snapshots made before they existed read (and render) unchanged.
_OPTIONAL_FIELDS = ("original_file", "original_sha256", "fetched_at")
_ORIGINAL_FILE = re.compile(r"^\d{4,}\.[a-z0-9]{1,8}$")


def snapshot_file_name(version: int, fmt: str) -> str:
    return f"{version:04d}.{FORMAT_SUFFIX[fmt]}"


def earlier_snapshot_paths(path: str) -> list[str]:
    """`versions/<doc>/0003.md` -> where its earlier versions may be, nearest first (`.md` or
    `.txt`); empty for a path that is not a snapshot or is version 1."""
    match = SNAPSHOT_PATH.match(path)
    if match is None:
        return []
    folder = f"{VERSIONS_DIR}/{match.group('doc')}"
    return [
        f"{folder}/{snapshot_file_name(number, fmt)}"
        for number in range(int(match.group("number")) - 1, 0, -1)
        for fmt in FORMAT_SUFFIX
    ]


def _attribute(name: str) -> str:
    return "number" if name == "version" else name


def render_snapshot(version: Version) -> str:
    """Front matter as `key: <JSON value>` lines (valid YAML), then the text unchanged."""
    lines = ["---"]
    lines += [
        f"{name}: {json.dumps(getattr(version, _attribute(name)), ensure_ascii=False)}"
        for name in _FIELDS
    ]
    lines += [
        f"{name}: {json.dumps(getattr(version, name), ensure_ascii=False)}"
        for name in _OPTIONAL_FIELDS
        if getattr(version, name)
    ]
    lines.append("---")
    return "\n".join(lines) + "\n" + version.text


def parse_snapshot(content: str, path: Path) -> Version:
    """A snapshot file's facts and text, checked."""
    if not content.startswith("---\n"):
        raise StoreError(f"{path}: not a draftwatch snapshot (no front matter)")
    end = content.find("\n---\n", 3)
    if end < 0:
        raise StoreError(f"{path}: not a draftwatch snapshot (front matter not closed)")
    values: dict[str, object] = {}
    for line in content[4:end].split("\n"):
        key, sep, raw = line.partition(": ")
        if not sep:
            continue
        try:
            values[key] = json.loads(raw)
        except json.JSONDecodeError:
            raise StoreError(f"{path}: unreadable front matter line {line!r}") from None
    missing = [name for name in _FIELDS if name not in values]
    if missing:
        raise StoreError(f"{path}: front matter lacks {missing[0]!r}")
    _check_fields(values, path)
    facts = {_attribute(name): values[name] for name in _FIELDS}
    facts.update({name: values[name] for name in _OPTIONAL_FIELDS if name in values})
    return Version(text=content[end + 5 :], **facts)  # type: ignore[arg-type]


def read_front_matter(path: Path) -> Version:
    """A snapshot's facts without its text (`text` is empty): reads the file's first bytes only,
    so listing a long history does not read every text."""
    try:
        with open(path, "rb") as handle:
            head = b""
            while b"\n---\n" not in head[3:]:
                chunk = handle.read(8192)
                if not chunk:
                    break
                head += chunk
        end = head.find(b"\n---\n", 3)
        content = (head[: end + 5] if end >= 0 else head).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(f"{path}: cannot read snapshot ({error})") from None
    return parse_snapshot(content, path)


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _check_fields(values: dict[str, object], path: Path) -> None:
    """The front matter is outside text too (a branch may carry a hand-made snapshot): each
    field must pass the check of the option that sets it, so every view can trust its shape."""
    for name in _FIELDS:
        value = values[name]
        expected = int if name == "version" else str
        if type(value) is not expected:
            _bad_field(path, name, f"{value!r} is not a {expected.__name__}")
    checks = {
        "doc": check_doc_name,
        "date": check_date,
        "source": check_source,
        "added_at": check_source,
    }
    checked = cast(dict[str, Any], values)  # every field has its type, checked above
    if checked["label"]:
        checks["label"] = check_label
    for name, check in checks.items():
        try:
            check(checked[name])
        except DraftwatchError as error:
            _bad_field(path, name, str(error))
    number, fmt, sha256 = checked["version"], checked["format"], checked["sha256"]
    if number < 1:
        _bad_field(path, "version", f"{number!r} is not a version number (1, 2, ...)")
    if fmt not in FORMAT_SUFFIX:
        _bad_field(path, "format", f"{fmt!r} is not one of {', '.join(FORMAT_SUFFIX)}")
    if not _SHA256.fullmatch(sha256):
        _bad_field(path, "sha256", f"{sha256!r} is not 64 lowercase hex digits")
    for name in _OPTIONAL_FIELDS:
        if name in values and type(values[name]) is not str:
            _bad_field(path, name, f"{values[name]!r} is not a str")
    if "original_file" in values and not _ORIGINAL_FILE.match(checked["original_file"]):
        _bad_field(path, "original_file", f"{checked['original_file']!r} is not NNNN.suffix")
    if "original_sha256" in values and not _SHA256.fullmatch(checked["original_sha256"]):
        _bad_field(path, "original_sha256", "not 64 lowercase hex digits")
    if "fetched_at" in values:
        try:
            check_source(checked["fetched_at"])
        except DraftwatchError as error:
            _bad_field(path, "fetched_at", str(error))
    named = SNAPSHOT_NAME.match(path.name)
    if named and (int(named.group(1)), path.parent.name) != (number, values["doc"]):
        where = f"{path.parent.name}@{int(named.group(1))}"
        claimed = f"{values['doc']}@{number}"
        _bad_field(path, "doc, version", f"{claimed!r}, but its folder and file say {where!r}")


def _bad_field(path: Path, name: str, reason: str) -> None:
    shown = reason if len(reason) <= 500 else reason[:500] + "…"  # a value may be huge
    raise StoreError(f"{path}: invalid snapshot front matter, field {name}: {shown}")


def strip_front_matter(data: bytes) -> bytes:
    """A snapshot read from git keeps only its text, like a snapshot read from disk."""
    if data.startswith(b"---\n"):
        end = data.find(b"\n---\n", 3)
        if end >= 0 and b"\nsha256: " in data[:end]:
            return data[end + 5 :]
    return data
