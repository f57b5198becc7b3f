"""Alignment: which sections and blocks of two documents correspond, and which moved.

Nothing here compares every item with every item: candidates come from exact hashes, titles and
an inverted index of each item's rarest words, and only candidates are scored.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from draftwatch.model import Block, Document, Section
from draftwatch.normalize import loose_key
from draftwatch.segment import words

RARE_WORDS_PER_ITEM = 8
CANDIDATES_PER_ITEM = 24
_TITLE_NUMBER = re.compile(r"^\s*(?:[0-9]+(?:\.[0-9]+)*\.?|[A-Z]\.|[IVXLC]+\.)\s+")


@dataclass(frozen=True, slots=True)
class SectionPair:
    old: int | None
    new: int | None
    similarity: float
    split: bool = False
    merged: bool = False


@dataclass(frozen=True, slots=True)
class BlockPair:
    """Old block (section, position) matched to new block (section, position)."""

    old: tuple[int, int]
    new: tuple[int, int]
    similarity: float


def title_key(title: str) -> str:
    """A title without its number, case-folded: `6. Implementation` ~ `7. IMPLEMENTATION`."""
    return loose_key(_TITLE_NUMBER.sub("", title))


def longest_increasing_subsequence(values: Sequence[int]) -> set[int]:
    """Positions (in `values`) of one longest strictly increasing subsequence: what stayed put."""
    tails: list[int] = []
    tail_positions: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_positions.append(position)
        else:
            tails[k] = value
            tail_positions[k] = position
        previous[position] = tail_positions[k - 1] if k else -1
    kept: set[int] = set()
    position = tail_positions[-1] if tail_positions else -1
    while position >= 0:
        kept.add(position)
        position = previous[position]
    return kept


class _WordIndex:
    """An inverted index from each item's rarest words to the items that have them."""

    def __init__(self, bags: Sequence[Counter[str]], frequency: Counter[str]) -> None:
        self.frequency = frequency
        # Rarest first, ties by spelling: one sort of the vocabulary, then C-speed lookups.
        order = sorted(frequency, key=lambda word: (frequency[word], word))
        self.rank = {word: position for position, word in enumerate(order)}
        self.postings: dict[str, list[int]] = defaultdict(list)
        for item, bag in enumerate(bags):
            for word in self.rarest(bag):
                self.postings[word].append(item)

    def rarest(self, bag: Counter[str]) -> list[str]:
        known = [word for word in bag if word in self.rank]
        known.sort(key=self.rank.__getitem__)
        return known[:RARE_WORDS_PER_ITEM]

    def candidates(self, bag: Counter[str]) -> list[int]:
        shared: Counter[int] = Counter()
        for word in self.rarest(bag):
            for item in self.postings.get(word, ()):
                shared[item] += 1
        return [item for item, _ in shared.most_common(CANDIDATES_PER_ITEM)]


def bag_similarity(a: Counter[str], b: Counter[str]) -> float:
    """Weighted Jaccard of two word multisets."""
    if not a and not b:
        return 1.0
    if len(a) > len(b):
        a, b = b, a
    shared = sum(min(count, b[word]) for word, count in a.items() if word in b)
    total = sum(a.values()) + sum(b.values()) - shared
    return shared / total if total else 0.0


def containment(part: Counter[str], whole: Counter[str]) -> float:
    size = sum(part.values())
    if not size:
        return 0.0
    return sum(min(count, whole[word]) for word, count in part.items() if word in whole) / size


# Sections


def _section_bags(doc: Document, seen: dict[str, list[str]]) -> list[Counter[str]]:
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
    return bags


def _title_similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    key_a, key_b = title_key(a), title_key(b)
    if key_a == key_b:
        return 1.0
    return max(fuzz.token_set_ratio(key_a, key_b), fuzz.ratio(key_a, key_b)) / 100.0


def align_sections(old: Document, new: Document) -> list[SectionPair]:
    """Match sections by title and content together; then find splits and merges.

    Three rounds: distinctive sections by score; then sections with a repeated title (every
    page's "Footnotes"), helped by their parents' match; then, between sections that kept their
    order, unmatched sections at the same level facing each other (a rename with a rewrite).
    """
    seen: dict[str, list[str]] = {}
    old_bags, new_bags = _section_bags(old, seen), _section_bags(new, seen)
    frequency: Counter[str] = Counter()
    for bag in (*old_bags, *new_bags):
        frequency.update(bag.keys())
    index = _WordIndex(old_bags, frequency)
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
    matcher = _Matcher()

    def repeated(o: int, n: int) -> bool:
        return title_counts[title_key(new.sections[n].title)] > 2 or (
            title_counts[title_key(old.sections[o].title)] > 2
        )

    for score, o, n in scored:
        if not repeated(o, n) or score >= 0.8:
            matcher.take(o, n, score)
    # A title found once in each version names the same section, however rewritten its body.
    for section in new.sections:
        key = title_key(section.title)
        if key and title_counts[key] == 2 and len(by_title.get(key, ())) == 1:
            matcher.take(by_title[key][0], section.index, 0.5)
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
    _fill_gaps(old, new, old_bags, new_bags, matcher)

    pairs = [
        SectionPair(matcher.new_to_old[n], n, round(matcher.similarity[n], 3))
        for n in sorted(matcher.new_to_old)
    ]
    pairs += _splits_and_merges(
        old_bags, new_bags, matcher.old_to_new, matcher.new_to_old, frequency
    )
    return pairs


class _Matcher:
    """A one-to-one matching built greedily."""

    def __init__(self) -> None:
        self.old_to_new: dict[int, int] = {}
        self.new_to_old: dict[int, int] = {}
        self.similarity: dict[int, float] = {}

    def take(self, old: int, new: int, score: float) -> None:
        if old not in self.old_to_new and new not in self.new_to_old:
            self.old_to_new[old] = new
            self.new_to_old[new] = old
            self.similarity[new] = score


def _fill_gaps(old, new, old_bags, new_bags, matcher: _Matcher) -> None:
    """Between two matched sections that kept their order, pair what faces each other."""
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
                if old.sections[o].level != new.sections[n].level:
                    continue
                title = _title_similarity(old.sections[o].title, new.sections[n].title)
                content = bag_similarity(old_bags[o], new_bags[n])
                same_number = (
                    _title_number(old.sections[o].title)
                    == _title_number(new.sections[n].title)
                    != ""
                )
                score = 0.5 * title + 0.5 * content + (0.2 if same_number else 0.0)
                if score >= 0.3:
                    options.append((score, o, n))
        options.sort(key=lambda item: (-item[0], item[2], item[1]))
        for score, o, n in options:
            matcher.take(o, n, min(score, 1.0))


def _section_score(old: Section, new: Section, old_bag: Counter, new_bag: Counter) -> float:
    """Similarity of two sections, 0 when they should not be matched on it alone."""
    if old.title == "" and new.title == "" and old.index == 0 and new.index == 0:
        return 1.0  # the preambles before the first heading
    title = _title_similarity(old.title, new.title)
    if not old_bag and not new_bag:
        return title if title >= 0.8 else 0.0
    content = bag_similarity(old_bag, new_bag)
    score = 0.35 * title + 0.65 * content
    if (title == 1.0 and content >= 0.15) or content >= 0.5 or score >= 0.45:
        return score
    return 0.0


def _title_number(title: str) -> str:
    match = _TITLE_NUMBER.match(title)
    return match.group(0).strip() if match else ""


def _splits_and_merges(
    old_bags: list[Counter[str]],
    new_bags: list[Counter[str]],
    old_to_new: dict[int, int],
    new_to_old: dict[int, int],
    frequency: Counter[str],
) -> list[SectionPair]:
    """An unmatched new section mostly contained in a matched old one was split from it;
    an unmatched old section mostly contained in a matched new one was merged into it."""
    found = [
        SectionPair(source, part, score, split=True)
        for part, source, score in _contained(new_bags, old_bags, new_to_old, old_to_new, frequency)
    ]
    found += [
        SectionPair(part, target, score, merged=True)
        for part, target, score in _contained(old_bags, new_bags, old_to_new, new_to_old, frequency)
    ]
    return found


def _contained(parts, wholes, parts_matched, wholes_matched, frequency):
    """(part, whole, containment) for unmatched parts whose words lie mostly in a matched whole."""
    unmatched = [
        (part, bag)
        for part, bag in enumerate(parts)
        if part not in parts_matched and sum(bag.values()) >= 8
    ]
    if not unmatched:
        return
    index = _WordIndex(wholes, frequency)
    for part, bag in unmatched:
        best = max(
            ((containment(bag, wholes[c]), c) for c in index.candidates(bag)), default=(0.0, -1)
        )
        if best[0] >= 0.7 and best[1] in wholes_matched:
            yield part, best[1], round(best[0], 3)


# Blocks


def block_key(block: Block) -> str:
    return loose_key(block.content)


def align_blocks(old: Document, new: Document, section_pairs: list[SectionPair]) -> list[BlockPair]:
    """Match blocks across the whole documents: exact text first, then similar text."""
    partner = {p.old: p.new for p in section_pairs if not (p.split or p.merged)}
    old_blocks = [(s.index, k, b) for s in old.sections for k, b in enumerate(s.blocks)]
    new_blocks = [(s.index, k, b) for s in new.sections for k, b in enumerate(s.blocks)]
    pairs: list[BlockPair] = []
    used_old: set[tuple[int, int]] = set()
    used_new: set[tuple[int, int]] = set()

    old_rank = {(s, k): r for r, (s, k, _) in enumerate(old_blocks)}
    new_rank = {(s, k): r for r, (s, k, _) in enumerate(new_blocks)}
    old_keys = {(s, k): block_key(b) for s, k, b in old_blocks}
    new_keys = {(s, k): block_key(b) for s, k, b in new_blocks}

    # 1. Exact (normalised) text. Repeated text pairs in place first, then in document order.
    old_by_key: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for section, position, _ in old_blocks:
        old_by_key[old_keys[section, position]].append((section, position))
    new_by_key: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for section, position, _ in new_blocks:
        new_by_key[new_keys[section, position]].append((section, position))
    for key, new_places in new_by_key.items():
        old_places = old_by_key.get(key)
        if not old_places or not key:
            continue
        if len(old_places) != len(new_places) and len(old_places) * len(new_places) <= 10_000:
            # Repeated text, some copies gone or edited: pair each copy with the nearest one.
            options = sorted(
                (abs(old_rank[o] - new_rank[n]), old_rank[o], new_rank[n], o, n)
                for o in old_places
                for n in new_places
            )
            for _, _, _, old_place, new_place in options:
                if old_place not in used_old and new_place not in used_new:
                    pairs.append(BlockPair(old_place, new_place, 1.0))
                    used_old.add(old_place)
                    used_new.add(new_place)
            continue
        waiting: dict[int | None, list[tuple[int, int]]] = defaultdict(list)
        for old_place in reversed(old_places):
            waiting[partner.get(old_place[0])].append(old_place)
        unpaired_new = []
        for new_place in new_places:
            in_place = waiting.get(new_place[0])
            if in_place:
                old_place = in_place.pop()
                pairs.append(BlockPair(old_place, new_place, 1.0))
                used_old.add(old_place)
                used_new.add(new_place)
            else:
                unpaired_new.append(new_place)
        unpaired_old = [place for place in old_places if place not in used_old]
        for old_place, new_place in zip(unpaired_old, unpaired_new, strict=False):
            pairs.append(BlockPair(old_place, new_place, 1.0))
            used_old.add(old_place)
            used_new.add(new_place)

    from rapidfuzz import fuzz

    # 2. Edited in place: in a matched section, the blocks left over on both sides, when as
    # many on each side and alike, pair in order. Most edits are these; no index is needed.
    left_old: dict[int, list[int]] = defaultdict(list)
    left_new: dict[int, list[int]] = defaultdict(list)
    for section, position, _ in old_blocks:
        if (section, position) not in used_old:
            left_old[section].append(position)
    for section, position, _ in new_blocks:
        if (section, position) not in used_new:
            left_new[section].append(position)
    for old_section, new_section in partner.items():
        olds, news = left_old.get(old_section, []), left_new.get(new_section, [])
        if not olds or len(olds) != len(news):
            continue
        for old_position, new_position in zip(olds, news, strict=True):
            old_place, new_place = (old_section, old_position), (new_section, new_position)
            score = fuzz.ratio(old_keys[old_place], new_keys[new_place], score_cutoff=80) / 100.0
            if score:
                pairs.append(BlockPair(old_place, new_place, round(score, 3)))
                used_old.add(old_place)
                used_new.add(new_place)

    # 3. Similar text, among the blocks left: candidates from rare words, scored by edit ratio.
    rest_old = [(s, k, b) for s, k, b in old_blocks if (s, k) not in used_old]
    rest_new = [(s, k, b) for s, k, b in new_blocks if (s, k) not in used_new]
    if rest_old and rest_new:
        old_bags = [Counter(words(b.content)) for _, _, b in rest_old]
        new_bags = [Counter(words(b.content)) for _, _, b in rest_new]
        frequency: Counter[str] = Counter()
        for bag in (*old_bags, *new_bags):
            frequency.update(bag.keys())
        index = _WordIndex(old_bags, frequency)
        scored: list[tuple[float, int, int]] = []
        for n, (section, position, _) in enumerate(rest_new):
            if sum(new_bags[n].values()) < 3:
                continue
            new_key = new_keys[section, position]
            for o in index.candidates(new_bags[n]):
                in_place = partner.get(rest_old[o][0]) == section
                old_key = old_keys[rest_old[o][0], rest_old[o][1]]
                score = fuzz.ratio(old_key, new_key, score_cutoff=49) / 100.0
                if score >= (0.5 if in_place else 0.7):
                    scored.append((score + (0.05 if in_place else 0.0), o, n))

        # Equal scores (repeated text): the nearest in document order wins.
        def distance(o: int, n: int) -> int:
            return abs(
                old_rank[(rest_old[o][0], rest_old[o][1])]
                - new_rank[(rest_new[n][0], rest_new[n][1])]
            )

        scored.sort(key=lambda item: (-item[0], distance(item[1], item[2]), item[2], item[1]))
        taken_old: set[int] = set()
        taken_new: set[int] = set()
        for score, o, n in scored:
            if o in taken_old or n in taken_new:
                continue
            taken_old.add(o)
            taken_new.add(n)
            old_place = (rest_old[o][0], rest_old[o][1])
            new_place = (rest_new[n][0], rest_new[n][1])
            pairs.append(BlockPair(old_place, new_place, round(min(score, 1.0), 3)))
    pairs.sort(key=lambda p: p.new)
    return pairs
