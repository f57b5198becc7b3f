"""`draftwatch.toml` (or `[tool.draftwatch]` in `pyproject.toml`) at the repository root: settings
for every document at the top, and per document under `[documents.NAME]`. Read with tomllib;
a bad file is one clear error, never a traceback.

    ignore = ['Last updated: \\d{4}-\\d{2}-\\d{2}']          # every document
    [documents.federal-source-code-policy]
    ignore = ['(www\\.whitehouse|obamawhitehouse\\.archives)\\.gov']
    rewrite = [{pattern = 'https?://', replacement = ''}]
    min_change_words = 2

A document's lists add to the top-level ones; its numbers replace them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from draftwatch.engine.noise import NoiseRules
from draftwatch.errors import BadInputError

FILE = "draftwatch.toml"
#: Keys of DESIGN section 5 that other commands read; accepted here so no file is refused.
OTHER_KEYS = frozenset({"lang", "report"})
KEYS = frozenset({"ignore", "rewrite", "min_change_words"}) | OTHER_KEYS


@dataclass(frozen=True, slots=True)
class DocumentConfig:
    """The settings that apply to one document (or, at the top of the file, to every one)."""

    ignore: tuple[str, ...] = ()
    rewrite: tuple[tuple[str, str], ...] = ()
    min_change_words: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)  # every key as written, for other readers

    @property
    def report(self) -> bool:
        """`report = false`: `add` commits the snapshot without its change report."""
        value = self.raw.get("report", True)
        if not isinstance(value, bool):
            raise BadInputError(f"{FILE}: report must be true or false, not {value!r}")
        return value

    def noise(self, extra_ignore: tuple[str, ...] = ()) -> NoiseRules:
        return NoiseRules(
            ignore=self.ignore + extra_ignore,
            rewrite=self.rewrite,
            min_change_words=self.min_change_words or 0,
        )

    def merged(self, specific: DocumentConfig) -> DocumentConfig:
        return DocumentConfig(
            ignore=self.ignore + specific.ignore,
            rewrite=self.rewrite + specific.rewrite,
            min_change_words=(
                specific.min_change_words
                if specific.min_change_words is not None
                else self.min_change_words
            ),
            raw={**self.raw, **specific.raw},
        )


@dataclass(frozen=True, slots=True)
class Config:
    defaults: DocumentConfig = DocumentConfig()
    documents: Mapping[str, DocumentConfig] = field(default_factory=dict)
    path: Path | None = None  # the file read, if any

    def for_document(self, name: str) -> DocumentConfig:
        specific = self.documents.get(name)
        return self.defaults.merged(specific) if specific else self.defaults


def load_config(root: Path) -> Config:
    """The configuration at `root`: draftwatch.toml, else pyproject.toml's [tool.draftwatch],
    else nothing (every setting at its default)."""
    path = root / FILE
    if path.is_file():
        return _parse(_read(path), path)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        table = _read(pyproject).get("tool", {}).get("draftwatch")
        if table is not None:
            if not isinstance(table, dict):
                raise BadInputError(f"{pyproject}: [tool.draftwatch] must be a table")
            return _parse(table, pyproject)
    return Config()


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's table (`watch --sources`), with one clear line when it cannot be read."""
    if not path.is_file():
        raise BadInputError(f"{path}: no such file")
    return _read(path)


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a file to read: not on every start

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise BadInputError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise BadInputError(f"{path}: cannot read: {error.strerror}") from None


def _parse(table: dict[str, Any], path: Path) -> Config:
    documents_table = table.get("documents", {})
    if not isinstance(documents_table, dict):
        raise BadInputError(f"{path}: `documents` must be a table of [documents.NAME] tables")
    top = {key: value for key, value in table.items() if key != "documents"}
    documents = {}
    for name, settings in documents_table.items():
        if not isinstance(settings, dict):
            raise BadInputError(f"{path}: [documents.{name}] must be a table")
        documents[name] = _document(settings, path, f"[documents.{name}] ")
    return Config(_document(top, path, ""), documents, path)


def _document(table: dict[str, Any], path: Path, where: str) -> DocumentConfig:
    unknown = sorted(set(table) - KEYS)
    if unknown:
        known = ", ".join(sorted(KEYS | {"documents"}))
        raise BadInputError(f"{path}: {where}unknown setting {unknown[0]!r} (known: {known})")
    ignore = table.get("ignore", [])
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list) or not all(isinstance(item, str) for item in ignore):
        raise BadInputError(f"{path}: {where}`ignore` must be a list of regular expressions")
    rewrite = tuple(_rewrite(item, path, where) for item in _list(table.get("rewrite", [])))
    minimum = table.get("min_change_words")
    if minimum is not None and (
        not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 0
    ):
        raise BadInputError(f"{path}: {where}`min_change_words` must be a whole number >= 0")
    config = DocumentConfig(tuple(ignore), rewrite, minimum, dict(table))
    try:
        config.noise().compiled()  # a bad pattern is reported now, with the file it is in
    except BadInputError as error:
        raise BadInputError(f"{path}: {where}{error}") from None
    return config


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _rewrite(item: Any, path: Path, where: str) -> tuple[str, str]:
    if isinstance(item, dict) and set(item) == {"pattern", "replacement"}:
        pair = (item["pattern"], item["replacement"])
    elif isinstance(item, list) and len(item) == 2:
        pair = (item[0], item[1])
    else:
        pair = None
    if pair is None or not all(isinstance(part, str) for part in pair):
        raise BadInputError(
            f"{path}: {where}each `rewrite` is {{pattern = '...', replacement = '...'}}"
        )
    return pair
