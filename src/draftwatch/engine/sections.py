"""Section matching: which sections of two documents correspond (renamed, renumbered, moved,
split, merged), and the order in which a comparison lists them."""

from __future__ import annotations

import bisect
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from draftwatch.engine.matching import (
    TITLE_NUMBER,
    WordIndex,
    bag_similarity,
    containment,
    longest_increasing_subsequence,
    title_key,
    title_similarity,
    title_words,
)
from draftwatch.engine.tokens import words
from draftwatch.model import Document, Op, Section


class BlockLink(Protocol):
    """A matched block pair: (section, position) on each side, and how alike they are."""

    @property
    def old(self) -> tuple[int, int]: ...
    @property
    def new(self) -> tuple[int, int]: ...
    @property
    def similarity(self) -> float: ...


@dataclass(frozen=True, slots=True)
class SectionPair:
    old: int
    new: int
    similarity: float
    split: bool = False
    merged: bool = False


def _section_bags(
    doc: Document, seen: dict[str, list[str]]
) -> tuple[list[Counter[str]], list[Counter[str]]]:
    """Words of each section; a section with (almost) no body of its own is known by its subtree."""

    def block_words(text: str) -> list[str]:
        # Most blocks are the same in both versions: each text is read once.
        found = seen.get(text)
        if found is None:
            found = seen[text] = words(text)
        return found

    own = [
        Counter(itertools.chain.from_iterable(block_words(block.text) for block in section.blocks))
        for section in doc.sections
    ]
    children: dict[int, list[int]] = defaultdict(list)
    for section in doc.sections:
        if section.parent is not None:
            children[section.parent].append(section.index)
    bags = []
    for section in doc.sections:
        bag = own[section.index]
        if sum(bag.values()) < 5:
            bag = bag.copy()
            stack = list(children[section.index])
            while stack:
                child = stack.pop()
                bag.update(own[child])
                stack.extend(children[child])
        bags.append(bag)
    return bags, own


Votes = dict[tuple[int, int], float]


def foreign_votes(
    old: Document, new: Document, pairs: list[SectionPair], block_pairs: Iterable[BlockLink]
) -> Votes:
    """Where each old section's text went, when not to its partner: words of its blocks
    matched into each other new section (only these can pair sections otherwise)."""
    partner = {p.old: p.new for p in pairs if not (p.split or p.merged)}
    votes: Votes = defaultdict(float)
    for pair in block_pairs:
        o, n = pair.old[0], pair.new[0]
        if partner.get(o) != n:
            old_text = old.sections[o].blocks[pair.old[1]].text
            new_text = new.sections[n].blocks[pair.new[1]].text
            votes[o, n] += min(_size(old_text), _size(new_text)) * pair.similarity
    return {key: value for key, value in votes.items() if _share(old, new, key, value) >= 0.5}


def _share(old: Document, new: Document, key: tuple[int, int], shared: float) -> float:
    """How much of both sections' text the shared words are (0 for a section under 8 words)."""
    old_size = sum(_size(b.text) for b in old.sections[key[0]].blocks)
    new_size = sum(_size(b.text) for b in new.sections[key[1]].blocks)
    if old_size < 8 or new_size < 8:
        return 0.0
    return min(shared / old_size, shared / new_size)


def _strong_votes(old: Document, new: Document, votes: Votes) -> list[tuple[float, int, int]]:
    """Pairs where most of the old section's text went to the new one and most of the new
    section's text came from the old one: the same section, whatever its title says."""
    strong = [(_share(old, new, key, shared), *key) for key, shared in votes.items()]
    strong = [item for item in strong if item[0] >= 0.5]
    strong.sort(key=lambda item: (-item[0], item[2], item[1]))
    return strong


def _size(text: str) -> int:
    """About how many words a text has (spaces counted: fast, and enough for votes)."""
    return text.count(" ") + 1


@dataclass(frozen=True)
class SectionEvidence:
    """What matching reads of two documents whatever the votes say: each section's words, how
    many sections have each word, titles, and every candidate pair's score. Computed once, it
    serves both rounds of `align_sections` (before and after the votes)."""

    old_bags: list[Counter[str]]
    old_own: list[Counter[str]]
    new_bags: list[Counter[str]]
    new_own: list[Counter[str]]
    frequency: Counter[str]
    by_title: dict[str, list[int]]
    title_counts: Counter[str]
    scored: list[tuple[float, int, int]]


def section_evidence(old: Document, new: Document) -> SectionEvidence:
    seen: dict[str, list[str]] = {}
    (old_bags, old_own), (new_bags, new_own) = _section_bags(old, seen), _section_bags(new, seen)
    frequency: Counter[str] = Counter()
    for bag in (*old_bags, *new_bags):
        frequency.update(bag.keys())
    index = WordIndex(old_bags, frequency)
    by_title: dict[str, list[int]] = defaultdict(list)
    for section in old.sections:
        by_title[title_key(section.title)].append(section.index)
    title_counts = Counter(title_key(s.title) for s in old.sections)
    title_counts.update(title_key(s.title) for s in new.sections)

    scored: list[tuple[float, int, int]] = []
    for section in new.sections:
        candidates = set(index.candidates(new_bags[section.index]))
        candidates.update(by_title.get(title_key(section.title), ()))
        for candidate in candidates:
            score = _section_score(
                old.sections[candidate], section, old_bags[candidate], new_bags[section.index]
            )
            if score > 0:
                scored.append((score, candidate, section.index))
    scored.sort(key=lambda item: (-item[0], item[2], item[1]))
    return SectionEvidence(
        old_bags, old_own, new_bags, new_own, frequency, by_title, title_counts, scored
    )


def align_sections(
    old: Document,
    new: Document,
    votes: Votes | None = None,
    evidence: SectionEvidence | None = None,
) -> list[SectionPair]:
    """Match sections by content and title together; then find splits and merges.

    With `votes` (where each section's blocks went, from a first block alignment), sections
    that exchanged most of their text are paired first. Then three rounds: distinctive
    sections by score; then sections with a repeated title (every
    page's "Footnotes"), helped by their parents' match; then, between sections that kept their
    order, unmatched sections at the same level facing each other (a rename with a rewrite).
    `evidence`, from `section_evidence(old, new)`, saves reading the documents again.
    """
    found = evidence or section_evidence(old, new)
    old_bags, old_own, new_bags, new_own = (
        found.old_bags,
        found.old_own,
        found.new_bags,
        found.new_own,
    )
    frequency, by_title, title_counts, scored = (
        found.frequency,
        found.by_title,
        found.title_counts,
        found.scored,
    )
    matcher = _Matcher()

    def unique_title(section: Section) -> bool:
        key = title_key(section.title)
        return bool(key) and title_counts[key] == 2 and len(by_title.get(key, ())) == 1

    for share, o, n in _strong_votes(old, new, votes or {}):
        old_section, new_section = old.sections[o], new.sections[n]
        if title_key(old_section.title) != title_key(new_section.title) and (
            unique_title(old_section) or unique_title(new_section)
        ):
            continue  # a title found once in each version names its section
        matcher.take(o, n, round(max(share, 0.5), 3))

    def repeated(o: int, n: int) -> bool:
        return title_counts[title_key(new.sections[n].title)] > 2 or (
            title_counts[title_key(old.sections[o].title)] > 2
        )

    # A title found once in each version names the same section, however rewritten its body.
    score_of = {(o, n): score for score, o, n in scored}
    for section in new.sections:
        key = title_key(section.title)
        if key and title_counts[key] == 2 and len(by_title.get(key, ())) == 1:
            o = by_title[key][0]
            matcher.take(o, section.index, max(score_of.get((o, section.index), 0.0), 0.5))
    for score, o, n in scored:
        if not repeated(o, n) or score >= 0.8:
            matcher.take(o, n, score)
    rescored = []
    for score, o, n in scored:
        if repeated(o, n):
            old_parent, new_parent = old.sections[o].parent, new.sections[n].parent
            same_parent = (
                old_parent is not None and matcher.old_to_new.get(old_parent) == new_parent
            )
            rescored.append((score + (0.3 if same_parent else 0.0), o, n))
    rescored.sort(key=lambda item: (-item[0], item[2], item[1]))
    for score, o, n in rescored:
        if score >= 0.6:
            matcher.take(o, n, min(score, 1.0))
    _keep_divided_sections(old, new, old_bags, new_own, matcher)
    _fill_gaps(old, new, old_bags, new_bags, matcher)

    pairs = [
        SectionPair(matcher.new_to_old[n], n, round(matcher.similarity[n], 3))
        for n in sorted(matcher.new_to_old)
    ]
    pairs += _splits_and_merges(
        (old_bags, old_own), (new_bags, new_own), matcher.old_to_new, matcher.new_to_old, frequency
    )
    return pairs


class _Matcher:
    """A one-to-one matching built greedily."""

    def __init__(self) -> None:
        self.old_to_new: dict[int, int] = {}
        self.new_to_old: dict[int, int] = {}
        self.similarity: dict[int, float] = {}

    def drop(self, old: int) -> None:
        new = self.old_to_new.pop(old)
        del self.new_to_old[new], self.similarity[new]

    def take(self, old: int, new: int, score: float) -> bool:
        if old in self.old_to_new or new in self.new_to_old:
            return False
        self.old_to_new[old] = new
        self.new_to_old[new] = old
        self.similarity[new] = score
        return True


def _keep_divided_sections(
    old: Document,
    new: Document,
    old_bags: list[Counter[str]],
    new_own: list[Counter[str]],
    matcher: _Matcher,
) -> None:
    """A section paired with a subsection of another title, whose new parent is unpaired and
    stands where the section stood (same level, same heading number, same parent, between the
    same neighbours), was divided into subsections: it is that parent, renamed, and its text
    went down into the parent's subsections."""
    for o, n in sorted(matcher.old_to_new.items()):
        head = new.sections[n].parent
        if head is None or head in matcher.new_to_old:
            continue
        section, new_head = old.sections[o], new.sections[head]
        number = _title_number(section.title)
        if (
            section.level != new_head.level
            or not number
            or number != _title_number(new_head.title)
            or title_key(section.title) == title_key(new.sections[n].title)
        ):
            continue
        if section.parent is None:
            if new_head.parent is not None:
                continue
        elif matcher.old_to_new.get(section.parent) != new_head.parent:
            continue
        paired = sorted(matcher.old_to_new)
        k = bisect.bisect_left(paired, o)
        after = bisect.bisect_right(paired, _subtree_end(old, o))
        if (k and matcher.old_to_new[paired[k - 1]] > head) or (
            after < len(paired) and matcher.old_to_new[paired[after]] < head
        ):
            continue  # not between the partners of its neighbours
        subtree = Counter(new_own[head])
        for k in range(head + 1, _subtree_end(new, head) + 1):
            subtree.update(new_own[k])
        matcher.drop(o)
        matcher.take(o, head, bag_similarity(old_bags[o], subtree))


def _subtree_end(doc: Document, index: int) -> int:
    """The last section of a section's subtree (its descendants follow it in order)."""
    level = doc.sections[index].level
    end = index
    while end + 1 < len(doc.sections) and doc.sections[end + 1].level > level:
        end += 1
    return end


def _fill_gaps(
    old: Document,
    new: Document,
    old_bags: list[Counter[str]],
    new_bags: list[Counter[str]],
    matcher: _Matcher,
) -> None:
    """Between two matched sections that kept their order, pair what faces each other.

    Facing sections at the same level are paired on weak evidence (a rename with a rewrite).
    Among rivals for one place, two whose titles share a word that no other title of either
    version has go first (`Larger Works` ~ `Distribution of a Larger Work`): a look-alike
    spelling of other words (`Description` ~ `Distribution`) or a number says less."""
    title_frequency: Counter[str] = Counter()
    for section in itertools.chain(old.sections, new.sections):
        title_frequency.update(title_words(section.title))
    matched = sorted(matcher.new_to_old.items())
    kept = longest_increasing_subsequence([o for _, o in matched])
    anchors = [(-1, -1)] + [(matched[k][1], matched[k][0]) for k in sorted(kept)]
    anchors.append((len(old.sections), len(new.sections)))
    for (old_start, new_start), (old_end, new_end) in itertools.pairwise(anchors):
        free_old = [o for o in range(old_start + 1, old_end) if o not in matcher.old_to_new]
        free_new = [n for n in range(new_start + 1, new_end) if n not in matcher.new_to_old]
        if not free_old or not free_new or len(free_old) * len(free_new) > 400:
            continue
        options = []
        for o in free_old:
            for n in free_new:
                old_title, new_title = old.sections[o].title, new.sections[n].title
                if old.sections[o].level != new.sections[n].level:
                    continue
                title = title_similarity(old_title, new_title)
                content = bag_similarity(old_bags[o], new_bags[n])
                same_number = _title_number(old_title) == _title_number(new_title) != ""
                score = 0.5 * title + 0.5 * content + (0.2 if same_number else 0.0)
                if score >= 0.3:
                    shared = title_words(old_title) & title_words(new_title)
                    own_word = any(title_frequency[word] == 2 for word in shared)
                    options.append((own_word, score, o, n))
        options.sort(key=lambda item: (not item[0], -item[1], item[3], item[2]))
        parts: list[tuple[int, int, int]] = []  # pairs taken here: level, old, new
        for _, score, o, n in options:
            # Siblings may change places (a move), but a section of part 3 does not pair
            # with one of part 2 when the parts themselves were paired.
            level = old.sections[o].level
            crosses = any((o < o2) != (n < n2) for above, o2, n2 in parts if above < level)
            if not crosses and matcher.take(o, n, min(score, 1.0)):
                parts.append((level, o, n))


def _section_score(
    old: Section, new: Section, old_bag: Counter[str], new_bag: Counter[str]
) -> float:
    """Similarity of two sections, 0 when they should not be matched on it alone."""
    if old.title == "" and new.title == "" and old.index == 0 and new.index == 0:
        return 1.0  # the preambles before the first heading
    title = title_similarity(old.title, new.title)
    if not old_bag and not new_bag:
        return title if title >= 0.8 else 0.0
    content = bag_similarity(old_bag, new_bag)
    score = 0.35 * title + 0.65 * content
    if (title == 1.0 and content >= 0.15) or content >= 0.5 or score >= 0.45:
        return score
    return 0.0


def _title_number(title: str) -> str:
    match = TITLE_NUMBER.match(title)
    return match.group(0).strip() if match else ""


Bags = tuple[list[Counter[str]], list[Counter[str]]]  # each section's words: with subtree, own


def _splits_and_merges(
    old_bags: Bags,
    new_bags: Bags,
    old_to_new: dict[int, int],
    new_to_old: dict[int, int],
    frequency: Counter[str],
) -> list[SectionPair]:
    """An unmatched new section mostly contained in a matched old one was split from it;
    an unmatched old section mostly contained in a matched new one was merged into it
    (contained in its own text: a heading with no text of its own receives nothing)."""
    found = [
        SectionPair(source, part, score, split=True)
        for part, source, score in _contained(
            new_bags[0], old_bags[1], new_to_old, old_to_new, frequency
        )
    ]
    found += [
        SectionPair(part, target, score, merged=True)
        for part, target, score in _contained(
            old_bags[0], new_bags[1], old_to_new, new_to_old, frequency
        )
    ]
    return found


def _contained(
    parts: list[Counter[str]],
    wholes: list[Counter[str]],
    parts_matched: dict[int, int],
    wholes_matched: dict[int, int],
    frequency: Counter[str],
) -> Iterator[tuple[int, int, float]]:
    """(part, whole, containment) for unmatched parts whose words lie mostly in a matched whole."""
    unmatched = [
        (part, bag)
        for part, bag in enumerate(parts)
        if part not in parts_matched and sum(bag.values()) >= 8
    ]
    if not unmatched:
        return
    index = WordIndex(wholes, frequency)
    sections = len(parts) + len(wholes)
    for part, bag in unmatched:
        best = max(
            ((containment(bag, wholes[c]), c) for c in index.candidates(bag)), default=(0.0, -1)
        )
        # Shared rare words weigh more than shared common ones: a short section made of words
        # every section uses is not contained in another just because they share them.
        if (
            best[0] >= 0.7
            and best[1] in wholes_matched
            and _rare_containment(bag, wholes[best[1]], frequency, sections) >= 0.6
        ):
            yield part, best[1], round(best[0], 3)


def _rare_containment(
    part: Counter[str], whole: Counter[str], frequency: Counter[str], sections: int
) -> float:
    """Containment with each word weighted by its rarity (inverse section frequency)."""
    total = shared = 0.0
    for word, count in part.items():
        weight = math.log(1 + sections / max(frequency[word], 1))
        total += count * weight
        if word in whole:
            shared += min(count, whole[word]) * weight
    return shared / total if total else 0.0


# The order of a comparison's entries


@dataclass
class Entry:
    """A section entry of a comparison being built: which old and new section it shows."""

    old: int | None
    new: int | None
    similarity: float = 1.0
    split: bool = False
    merged: bool = False
    primary: bool = False
    moved: bool = False
    id: str = ""
    ops: list[Op] = field(default_factory=list)


def order_entries(old_doc: Document, new_doc: Document, pairs: list[SectionPair]) -> list[Entry]:
    """Entries in new-document order; removed and merged-away sections where they stood."""
    primary = [p for p in pairs if not (p.split or p.merged)]
    by_new: dict[int, Entry] = {}
    for pair in primary:
        by_new[pair.new] = Entry(pair.old, pair.new, pair.similarity, primary=True)
    split_sources = {p.old for p in pairs if p.split}
    merge_targets = {p.new for p in pairs if p.merged}
    for entry in by_new.values():
        entry.split = entry.old in split_sources
        entry.merged = entry.new in merge_targets
    for pair in pairs:
        if pair.split:
            by_new[pair.new] = Entry(pair.old, pair.new, pair.similarity, split=True)
    ordered: list[Entry] = []
    for section in new_doc.sections:
        ordered.append(by_new.get(section.index) or Entry(None, section.index, 0.0))
    # Old sections without an entry of their own go after the entry of the old section before.
    shown_old = {e.old for e in ordered if e.primary and e.old is not None}
    merged_into = {p.old: p for p in pairs if p.merged}
    position_of_old = {e.old: k for k, e in enumerate(ordered) if e.primary}
    inserts: dict[int, list[Entry]] = defaultdict(list)
    anchor = -1
    for section in old_doc.sections:
        if section.index in shown_old:
            anchor = position_of_old[section.index]
            continue
        merge = merged_into.get(section.index)
        if merge is not None:
            entry = Entry(section.index, merge.new, merge.similarity, merged=True)
        else:
            entry = Entry(section.index, None, 0.0)
        inserts[anchor].append(entry)
    result = list(inserts.get(-1, []))
    for k, entry in enumerate(ordered):
        result.append(entry)
        result.extend(inserts.get(k, []))
    return result


def mark_moved_sections(old_doc: Document, new_doc: Document, entries: list[Entry]) -> None:
    """Among siblings, those outside the longest run kept in order moved; so did a section
    that changed parent. A section carried along with its moved parent did not move itself."""
    primary = sorted((e for e in entries if e.primary), key=lambda e: e.new)  # type: ignore[arg-type, return-value]
    partner = {e.old: e.new for e in primary}
    groups: dict[int | None, list[Entry]] = defaultdict(list)
    for entry in primary:
        old_parent = old_doc.sections[entry.old].parent  # type: ignore[index]
        new_parent = new_doc.sections[entry.new].parent  # type: ignore[index]
        same_parent = (old_parent is None and new_parent is None) or (
            old_parent is not None and partner.get(old_parent) == new_parent
        )
        if same_parent:
            groups[new_parent].append(entry)
        else:
            entry.moved = True
    for siblings in groups.values():
        kept = longest_increasing_subsequence([e.old for e in siblings])  # type: ignore[misc]
        for position, entry in enumerate(siblings):
            entry.moved = position not in kept
