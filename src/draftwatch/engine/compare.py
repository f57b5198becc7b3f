"""The engine's front door: two texts in, one Comparison out (parse, match sections and blocks,
assemble ops, find key changes). Pure: no I/O."""

from __future__ import annotations

import re
from dataclasses import replace

from draftwatch.engine.assemble import OpsBuilder
from draftwatch.engine.blocks import align_blocks
from draftwatch.engine.noise import NoiseRules, apply_noise
from draftwatch.engine.parse import parse_document
from draftwatch.engine.sections import (
    align_sections,
    foreign_votes,
    mark_moved_sections,
    order_entries,
    section_evidence,
)
from draftwatch.engine.stopwatch import Stopwatch
from draftwatch.engine.worddiff import GRANULARITY
from draftwatch.model import Comparison, Document, Version


def compare(
    old_text: str,
    new_text: str,
    *,
    old_format: str = "markdown",
    new_format: str | None = None,
    old: Version | None = None,
    new: Version | None = None,
    key_changes: bool = True,
    raw: bool = False,
    stopwatch: Stopwatch | None = None,
    noise: NoiseRules | None = None,
    language: str | None = None,
    granularity: str = "word",
    parsed: ParsedCache | None = None,
) -> Comparison:
    """Compare two versions of a document; the Python API behind `draftwatch diff`.

    Markdown is compared as its reader reads it (markup rendered, link targets apart); `raw`
    compares the source as it is. `old` and `new`, if given, are the versions the texts come
    from (their names and facts are shown in every view); `stopwatch` records the time of each
    stage (for `bench/run.py`); `noise`, the user's rules of what is not a change (marked
    cosmetic, counted as ignored); `language`, the code of the language the key changes are
    read in (`en`, `fr`, `de`; detected from the text when not given); `granularity`, `word`
    (characters for scripts without spaces) or `char` (the word diff by characters); `parsed`,
    a dict kept across calls, parses each text once when comparing a chain of versions (each is
    the new side of one pair and the old of the next).
    """
    clock = stopwatch or Stopwatch()
    old_text, new_text = _encodable(old_text), _encodable(new_text)
    old_format, new_format = _formats(old_format, new_format, old_text, new_text)
    with clock.stage("parse"):
        old_doc = _parse(old_text, old_format, raw, parsed)
        new_doc = _parse(new_text, new_format, raw, parsed)
    token = GRANULARITY.set(granularity)
    try:
        comparison = compare_documents(
            old_doc,
            new_doc,
            _meta(old, "old", old_text, old_format),
            _meta(new, "new", new_text, new_format),
            clock,
        )
    finally:
        GRANULARITY.reset(token)
    if noise:
        with clock.stage("noise rules"):
            comparison = apply_noise(comparison, noise)
    if key_changes:
        from draftwatch.engine.keychanges import find_key_changes

        with clock.stage("key changes"):
            comparison = replace(comparison, key_changes=find_key_changes(comparison, language))
    from draftwatch.engine.keychanges import find_outline

    return replace(comparison, outline=find_outline(comparison))


#: Parsed documents by (text, format, raw), for `compare(parsed=...)`.
ParsedCache = dict[tuple[str, str, bool], Document]


def _parse(text: str, fmt: str, raw: bool, parsed: ParsedCache | None) -> Document:
    if parsed is None:
        return parse_document(text, fmt, raw=raw)
    key = (text, fmt, raw)
    document = parsed.pop(key, None)
    if document is None:
        document = parse_document(text, fmt, raw=raw)
        while len(parsed) >= 2:  # the two used last: a chain's previous version, or the latest
            del parsed[next(iter(parsed))]  # compared with each earlier one
    parsed[key] = document  # now the most recently used
    return document


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> str:
    """Lone surrogates (only an API caller can pass them: decoded files never hold them) cannot
    be hashed or written as UTF-8: they become U+FFFD, as a decoder shows a broken character."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def _formats(
    old_format: str, new_format: str | None, old_text: str, new_text: str
) -> tuple[str, str]:
    """Each side in its own format, but a text side written in Markdown (a `#` heading, a pipe
    table or a fence: a text export of a Markdown source) is read as Markdown beside a Markdown
    side, or every block would differ in shape. A plain text whose clauses are `1. Payment`
    lines keeps its headings (read as Markdown they would be list items)."""
    new_format = new_format or old_format
    if new_format == old_format:
        return old_format, new_format
    if {old_format, new_format} == {"markdown", "text"}:
        text_side = new_text if old_format == "markdown" else old_text
        if not _MARKDOWN_BLOCK.search(text_side):
            return old_format, new_format
    return "markdown", "markdown"


#: A line only Markdown writes: an ATX heading, a pipe-table row or a code fence.
_MARKDOWN_BLOCK = re.compile(r"^(?:#{1,6}[ \t]+\S|\|.*\|[ \t]*$|```|~~~)", re.MULTILINE)


def compare_versions(
    old: Version,
    new: Version,
    *,
    raw: bool = False,
    noise: NoiseRules | None = None,
    language: str | None = None,
    granularity: str = "word",
    parsed: ParsedCache | None = None,
) -> Comparison:
    """Compare two versions, each read in its own format (`raw`: their source as it is)."""
    return compare(
        old.text,
        new.text,
        old_format=old.format,
        new_format=new.format,
        old=old,
        new=new,
        raw=raw,
        noise=noise,
        language=language,
        granularity=granularity,
        parsed=parsed,
    )


def parse_pair(comparison: Comparison, *, raw: bool = False) -> tuple[Document, Document]:
    """The two documents a comparison was made of, parsed as `compare` parsed them (for views
    that need each block's kind, such as the Word redline)."""
    old_format, new_format = _formats(
        comparison.old.format, comparison.new.format, comparison.old.text, comparison.new.text
    )
    return (
        parse_document(comparison.old.text, old_format, raw=raw),
        parse_document(comparison.new.text, new_format, raw=raw),
    )


def _meta(version: Version | None, ref: str, text: str, fmt: str) -> Version:
    """The version shown for a text: its own facts, holding the text as compared."""
    if version is None:
        return Version(text=text, format=fmt, ref=ref)
    return version if version.text == text else replace(version, text=text, sha256="")


def compare_documents(
    old_doc: Document,
    new_doc: Document,
    old_meta: Version,
    new_meta: Version,
    stopwatch: Stopwatch | None = None,
) -> Comparison:
    clock = stopwatch or Stopwatch()
    with clock.stage("align"):
        evidence = section_evidence(old_doc, new_doc)
        section_pairs = align_sections(old_doc, new_doc, evidence=evidence)
        block_pairs = align_blocks(old_doc, new_doc, section_pairs)
        # Content leads: where each section's blocks went may pair sections otherwise.
        votes = foreign_votes(old_doc, new_doc, section_pairs, block_pairs)
        if votes:
            revised = align_sections(old_doc, new_doc, votes, evidence)
            if revised != section_pairs:  # the same section pairs give the same block pairs
                section_pairs = revised
                block_pairs = align_blocks(old_doc, new_doc, section_pairs)
        entries = order_entries(old_doc, new_doc, section_pairs)
        mark_moved_sections(old_doc, new_doc, entries)
        for number, entry in enumerate(entries, 1):
            entry.id = f"s{number}"
    with clock.stage("word diff"):
        builder = OpsBuilder(old_doc, new_doc, entries, block_pairs)
        sections = tuple(builder.section_change(entry) for entry in entries)
        moves = tuple(builder.moves())
    return Comparison(old_meta, new_meta, sections, moves)
