"""The snapshot file format: front matter with a version's facts, then its normalised text."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from draftwatch.errors import StoreError

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
    return info, content[end + 5 :]
