"""A document's history from its consecutive comparisons (pure: no I/O).

`build_history` chains the pairwise section alignments into lineages: each clause gets one id
that survives renames, renumbering, moves, splits and merges. `blame` and `dropped` then follow
sentences along them. Everything is read from the comparisons' ops (joining `equal` and
`insert` texts gives a section's new body, `equal` and `delete` its old one), so no version is
parsed again: a cached comparison is all a step needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from draftwatch.engine.keychanges import key_values
from draftwatch.engine.normalize import comparison_key
from draftwatch.engine.tokens import label_length, split_sentences, words
from draftwatch.model import (
    BlameLine,
    Comparison,
    DocumentHistory,
    DroppedSentence,
    KeyChange,
    Lineage,
    LineageState,
    OpKind,
    SectionChange,
    SectionStatus,
    Version,
)

#: How alike (shared words) a new sentence must be to an old one to continue its line in blame.
SENTENCE_KINSHIP = 0.5


def lineage_id(version: int, index: int) -> str:
    """`L3-7`: the lineage that began in version 3 as its section number 7 (0: the text before
    the first heading). Stable: versions are never rewritten."""
    return f"L{version}-{index}"


LINEAGE_ID = re.compile(r"L(\d+)-(\d+)")


@dataclass
class _Open:
    """A lineage being built."""

    id: str
    origin: int
    states: list[LineageState] = field(default_factory=list)
    removed_in: int | None = None
    parents: tuple[str, ...] = ()
    merged_into: str = ""


def build_history(
    doc: str, versions: Sequence[Version], comparisons: Sequence[Comparison]
) -> DocumentHistory:
    """Lineages of a document's sections. `comparisons[k]` compares `versions[k]` with
    `versions[k + 1]`; a document of one version needs one comparison of it with itself."""
    if len(versions) > 1 and len(comparisons) != len(versions) - 1:
        raise ValueError("one comparison per consecutive pair of versions")
    numbers = [version.number or k + 1 for k, version in enumerate(versions)]
    lineages: list[_Open] = []
    current: dict[int, _Open] = {}  # section index in the latest version seen -> lineage
    if comparisons:
        first = comparisons[0]
        for index, (title, level, body) in sorted(_sections_of_side(first, old=True).items()):
            line = _Open(lineage_id(numbers[0], index), numbers[0])
            line.states.append(
                LineageState(numbers[0], index, title, level, "first", 0, "", False, False, body)
            )
            lineages.append(line)
            current[index] = line
    for k, comparison in enumerate(comparisons[: max(len(versions) - 1, 0)]):
        new_number = numbers[k + 1]
        current = _step(comparison, new_number, current, lineages)
    ordered = sorted(lineages, key=lambda line: _first_position(line))
    return DocumentHistory(
        doc,
        tuple(versions),
        tuple(comparisons[: max(len(versions) - 1, 0)]),
        tuple(
            Lineage(
                line.id,
                line.origin,
                tuple(line.states),
                line.removed_in,
                line.parents,
                line.merged_into,
            )
            for line in ordered
        ),
    )


def _first_position(line: _Open) -> tuple[int, int]:
    latest = line.states[-1]
    return (0 if line.removed_in is None else 1, latest.index)


def _step(
    comparison: Comparison,
    new_number: int,
    current: dict[int, _Open],
    lineages: list[_Open],
) -> dict[int, _Open]:
    """Carry each lineage from one version to the next."""
    bodies = _sections_of_side(comparison, old=False)
    keys: dict[str, list[KeyChange]] = {}
    for key_change in comparison.key_changes:
        keys.setdefault(key_change.section, []).append(key_change)
    words_changed = _words_changed(comparison)
    pairs = [c for c in comparison.sections if c.old is not None and c.new is not None]
    # The closest pairs first: the larger part of a split and the closer source of a merge
    # carry the lineage on; ties keep the comparison's order (its primary pair comes first).
    order = sorted(range(len(pairs)), key=lambda k: (-pairs[k].similarity, k))
    continued: dict[int, _Open] = {}
    taken_old: set[int] = set()
    for k in order:
        change = pairs[k]
        assert change.old is not None and change.new is not None
        old_index, new_index = change.old.index, change.new.index
        if old_index in taken_old or new_index in continued or old_index not in current:
            continue
        taken_old.add(old_index)
        continued[new_index] = current[old_index]
    by_new: dict[int, SectionChange] = {}
    sources_of: dict[int, list[int]] = {}  # new index -> old indices paired with it, in order
    targets_of: dict[int, list[int]] = {}  # old index -> new indices paired with it, in order
    for change in comparison.sections:
        if change.new is not None:
            best = by_new.get(change.new.index)
            if best is None or _new_length(change) > _new_length(best):
                by_new[change.new.index] = change
            if change.old is not None:
                sources_of.setdefault(change.new.index, []).append(change.old.index)
                targets_of.setdefault(change.old.index, []).append(change.new.index)
    following: dict[int, _Open] = {}
    for new_index, (title, level, body) in sorted(bodies.items()):
        entry = by_new.get(new_index)
        line = continued.get(new_index)
        if line is None:
            line = _Open(lineage_id(new_number, new_index), new_number)
            sources = [
                current[old_index].id
                for old_index in sources_of.get(new_index, ())
                if old_index in current
            ]
            line.parents = tuple(dict.fromkeys(sources))
            lineages.append(line)
            state = "added"
        else:
            state = _state(entry)
        line.states.append(
            LineageState(
                version=new_number,
                index=new_index,
                title=title,
                level=level,
                state=state,
                words_changed=words_changed.get(new_index, 0),
                change=entry.id if entry is not None else "",
                split=bool(entry and entry.split),
                merged=bool(entry and entry.merged),
                body=body,
                key_changes=tuple(keys.get(entry.id, ())) if entry is not None else (),
            )
        )
        following[new_index] = line
    for old_index, line in current.items():
        if old_index not in taken_old:
            line.removed_in = new_number
            targets = [
                following[new_index].id
                for new_index in targets_of.get(old_index, ())
                if new_index in following
            ]
            line.merged_into = targets[0] if targets else ""
    return following


def _state(change: SectionChange | None) -> str:
    if change is None:
        return "unchanged"
    if change.renamed:
        return "renamed"
    if change.moved:
        return "moved"
    return "changed" if change.status == SectionStatus.CHANGED else "unchanged"


def _words_changed(comparison: Comparison) -> dict[int, int]:
    """Words inserted and deleted per new section index, in one pass over the comparison (a
    split gives one new section several entries; their words add up)."""
    found: dict[int, int] = {}
    for change in comparison.sections:
        if change.new is not None:
            words = change.words_inserted + change.words_deleted
            found[change.new.index] = found.get(change.new.index, 0) + words
    return found


def _new_length(change: SectionChange) -> int:
    return sum(len(op.text) for op in change.ops if op.op != OpKind.DELETE)


def _sections_of_side(comparison: Comparison, *, old: bool) -> dict[int, tuple[str, int, str]]:
    """Each old (or new) section's title, level and body, read from the ops."""
    left_out = OpKind.INSERT if old else OpKind.DELETE
    found: dict[int, tuple[str, int, str]] = {}
    for change in comparison.sections:
        section = change.old if old else change.new
        if section is None:
            continue
        body = "".join(op.text for op in change.ops if op.op != left_out)
        known = found.get(section.index)
        if known is None or len(body) > len(known[2]):
            found[section.index] = (section.title, section.level, body)
    return found


# Sentences.


def sentences(body: str) -> list[str]:
    """A section body's sentences, each without its clause label (`7.1`, `(a)`), so that
    renumbering does not make a sentence new."""
    found = []
    for block in body.split("\n\n"):
        block = block.strip()
        block = block[label_length(block) :].strip()
        for sentence in split_sentences(block):
            sentence = " ".join(sentence.split())
            if sentence and any(character.isalnum() for character in sentence):
                found.append(sentence)
    return found


def sentence_key(sentence: str) -> str:
    """The form sentences are compared in: quotes, dashes and spacing folded."""
    return comparison_key(" ".join(sentence.split()))


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    key: str
    lineage: str
    section: str


def _version_sentences(history: DocumentHistory, number: int) -> list[_Sentence]:
    found = []
    for line in history.lineages:
        state = line.at(number)
        if state is None:
            continue
        for text in sentences(state.body):
            found.append(_Sentence(text, sentence_key(text), line.id, state.title))
    return found


def _positions(history: DocumentHistory) -> list[int]:
    return [version.number or k + 1 for k, version in enumerate(history.versions)]


def blame(history: DocumentHistory, number: int) -> tuple[BlameLine, ...]:
    """Every sentence of version `number`, in document order: the first version since which it
    has stood, as it stands, in every version up to this one (`since`); and the version where
    its line began (`origin`), following earlier forms of it (a sentence edited in place
    continues the line of the one it replaced) back to the first, with its text then."""
    numbers = _positions(history)
    if number not in numbers:
        raise ValueError(f"no version {number}")
    position = numbers.index(number)
    per_version = [_version_sentences(history, n) for n in numbers[: position + 1]]
    keys = [{sentence.key for sentence in found} for found in per_version]
    by_lineage = [_by_lineage(found) for found in per_version]
    result = []
    for sentence in _in_document_order(history, number, per_version[position]):
        since = position
        while since > 0 and sentence.key in keys[since - 1]:
            since -= 1
        origin, origin_text = since, sentence.text
        probe = sentence
        while origin > 0:
            replaced = [  # sentences of the clause that this version no longer has
                candidate
                for candidate in by_lineage[origin - 1].get(probe.lineage, [])
                if candidate.key not in keys[origin]
            ]
            earlier = _closest(probe, replaced)
            if earlier is None:
                break
            origin -= 1
            while origin > 0 and earlier.key in keys[origin - 1]:
                origin -= 1
            probe, origin_text = earlier, earlier.text
        result.append(
            BlameLine(
                section=sentence.section,
                lineage=sentence.lineage,
                text=sentence.text,
                since=numbers[since],
                origin=numbers[origin],
                origin_text=origin_text,
            )
        )
    return tuple(result)


def _in_document_order(
    history: DocumentHistory, number: int, found: list[_Sentence]
) -> list[_Sentence]:
    index = {
        line.id: state.index for line in history.lineages if (state := line.at(number)) is not None
    }
    return sorted(found, key=lambda sentence: index[sentence.lineage])


def _by_lineage(found: Iterable[_Sentence]) -> dict[str, list[_Sentence]]:
    grouped: dict[str, list[_Sentence]] = {}
    for sentence in found:
        grouped.setdefault(sentence.lineage, []).append(sentence)
    return grouped


def _closest(sentence: _Sentence, candidates: list[_Sentence]) -> _Sentence | None:
    """The earlier sentence of the same clause this one most likely rewrites, if any."""
    mine = set(words(sentence.text))
    if not mine:
        return None
    best, best_score = None, SENTENCE_KINSHIP
    for candidate in candidates:
        if candidate.key == sentence.key:
            return candidate
        theirs = set(words(candidate.text))
        score = len(mine & theirs) / max(len(mine | theirs), 1)
        if score >= best_score:
            best, best_score = candidate, score
    return best


def dropped(history: DocumentHistory, since: int | None = None) -> tuple[DroppedSentence, ...]:
    """Sentences that stood in an earlier version and were then dropped: gone from the latest
    (`came_back_in` None), or dropped for a while and back (`came_back_in` the version). A
    sentence counts as dropped when no sentence of the next version reads the same, wherever
    it stands, and no new sentence of its clause rewords it (sharing half its words).
    `since`: only drops in that version or later. Those holding amounts, deadlines and
    obligations first, then by version and place."""
    numbers = _positions(history)
    per_version = [_version_sentences(history, n) for n in numbers]
    keys = [{sentence.key for sentence in found} for found in per_version]
    by_lineage = [_by_lineage(found) for found in per_version]
    seen: dict[str, DroppedSentence] = {}
    order: list[str] = []
    for position in range(1, len(numbers)):
        for sentence in per_version[position - 1]:
            if sentence.key in keys[position] or sentence.key in seen:
                continue
            if since is not None and numbers[position] < since:
                continue
            rewordings = [
                candidate
                for candidate in by_lineage[position].get(sentence.lineage, [])
                if candidate.key not in keys[position - 1]
            ]
            if _closest(sentence, rewordings) is not None:
                continue  # reworded in place, not dropped: the diff shows the new wording
            back = next(
                (numbers[k] for k in range(position + 1, len(numbers)) if sentence.key in keys[k]),
                None,
            )
            seen[sentence.key] = DroppedSentence(
                text=sentence.text,
                section=sentence.section,
                lineage=sentence.lineage,
                last_seen=numbers[position - 1],
                dropped_in=numbers[position],
                came_back_in=back,
                key_values=key_values(sentence.text),
            )
            order.append(sentence.key)
    found = [seen[key] for key in order]
    return tuple(sorted(found, key=_importance))


_WEIGHT = {"money": 0, "percent": 0, "date": 1, "modality": 2, "number": 3}


def _importance(sentence: DroppedSentence) -> tuple[int, int, int]:
    weights = [_WEIGHT.get(category, 4) for category, _ in sentence.key_values]
    return (
        min(weights, default=5),
        0 if sentence.came_back_in is None else 1,
        sentence.dropped_in,
    )


def find_lineage(history: DocumentHistory, query: str) -> Lineage | None:
    """A lineage named by its id (`L1-4`), a clause number (`7.4`: the section whose latest
    title starts with it) or a title (the latest title, or any earlier one; case ignored)."""
    query = " ".join(query.split())
    if LINEAGE_ID.fullmatch(query):
        return next((line for line in history.lineages if line.id == query), None)
    folded = query.casefold()
    present = [line for line in history.lineages if line.removed_in is None]
    rest = [line for line in history.lineages if line.removed_in is not None]
    for candidates in (present, rest):
        for line in candidates:
            if line.states[-1].title.casefold() == folded:
                return line
        if re.fullmatch(r"[\dA-Za-z]+(?:\.\d+)*\.?", query):
            number = query.rstrip(".")
            for line in candidates:
                title = line.states[-1].title.casefold()
                clause = rf"(?:section |article |§ ?)?{re.escape(number.casefold())}(?!\.?\d)"
                if re.match(clause, title):
                    return line
        for line in candidates:
            if any(state.title.casefold() == folded for state in line.states):
                return line
        if re.fullmatch(r"[\dA-Za-z]+(?:\.\d+)*\.?", query):  # a number it had before
            clause = rf"(?:section |article |§ ?)?{re.escape(query.rstrip('.').casefold())}"
            for line in candidates:
                if any(re.match(clause + r"(?!\.?\d)", s.title.casefold()) for s in line.states):
                    return line
        for line in candidates:
            if folded in line.states[-1].title.casefold():
                return line
    return None
