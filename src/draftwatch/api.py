"""The library API behind the CLI: compare resolved versions."""

from __future__ import annotations

from draftwatch.engine import compare
from draftwatch.model import Comparison, VersionMeta
from draftwatch.refs import ResolvedVersion


def meta_of(version: ResolvedVersion) -> VersionMeta:
    return VersionMeta(
        ref=version.ref,
        label=version.label,
        date=version.date,
        source=version.source,
        sha256=version.sha256,
    )


def compare_versions(
    old: ResolvedVersion, new: ResolvedVersion, *, raw: bool = False
) -> Comparison:
    """Compare two versions as read (`raw`: their source as it is)."""
    return compare(
        old.text,
        new.text,
        old_format=old.format,
        new_format=new.format,
        old=meta_of(old),
        new=meta_of(new),
        raw=raw,
    )
