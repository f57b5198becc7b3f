"""The snapshot file format: front matter with a version's facts, then its normalised text."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from draftwatch.errors import DraftwatchError, StoreError
from draftwatch.versions.names import check_date, check_doc_name, check_label, check_source

VERSIONS_DIR = "versions"
SNAPSHOT_NAME = re.compile(r"^(\d{4,})\.(md|txt)$")
SNAPSHOT_PATH = re.compile(rf"^{VERSIONS_DIR}/(?P<doc>[^/]+)/(?P<number>\d{{4,}})\.(?:md|txt)$")
FORMAT_SUFFIX = {"markdown": "md", "text": "txt"}
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


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """Facts about one stored version (the snapshot's front matter)."""

    doc: str
    version: int
    label: str
    date: str
    source: str
    original_name: str
    format: str
    sha256: str
    added_at: str

    @property
    def ref(self) -> str:
        return f"{self.doc}@{self.version}"

    def to_json(self) -> dict[str, object]:
        return {"ref": self.ref, **asdict(self)}


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


def render_snapshot(info: VersionInfo, text: str) -> str:
    """Front matter as `key: <JSON value>` lines (valid YAML), then the text unchanged."""
    lines = ["---"]
    lines += [f"{name}: {json.dumps(getattr(info, name), ensure_ascii=False)}" for name in _FIELDS]
    lines.append("---")
    return "\n".join(lines) + "\n" + text


def parse_snapshot(content: str, path: Path) -> tuple[VersionInfo, str]:
    """Split a snapshot file into its facts and its text."""
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
    try:
        info = VersionInfo(**{name: values[name] for name in _FIELDS})  # type: ignore[arg-type]
    except KeyError as missing:
        raise StoreError(f"{path}: front matter lacks {missing}") from None
    _check_info(info, path)
    return info, content[end + 5 :]


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _check_info(info: VersionInfo, path: Path) -> None:
    """The front matter is outside text too (a branch may carry a hand-made snapshot): each
    field must pass the check of the option that sets it, so every view can trust its shape."""
    for name in _FIELDS:
        value = getattr(info, name)
        expected = int if name == "version" else str
        if type(value) is not expected:
            _bad_field(path, name, f"{value!r} is not a {expected.__name__}")
    checks = {
        "doc": check_doc_name,
        "date": check_date,
        "source": check_source,
        "added_at": check_source,
    }
    if info.label:
        checks["label"] = check_label
    for name, check in checks.items():
        try:
            check(getattr(info, name))
        except DraftwatchError as error:
            _bad_field(path, name, str(error))
    if info.version < 1:
        _bad_field(path, "version", f"{info.version!r} is not a version number (1, 2, ...)")
    if info.format not in FORMAT_SUFFIX:
        _bad_field(path, "format", f"{info.format!r} is not one of {', '.join(FORMAT_SUFFIX)}")
    if not _SHA256.fullmatch(info.sha256):
        _bad_field(path, "sha256", f"{info.sha256!r} is not 64 lowercase hex digits")
    named = SNAPSHOT_NAME.match(path.name)
    if named and (int(named.group(1)), path.parent.name) != (info.version, info.doc):
        where = f"{path.parent.name}@{int(named.group(1))}"
        _bad_field(path, "doc, version", f"{info.ref!r}, but its folder and file say {where!r}")


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
