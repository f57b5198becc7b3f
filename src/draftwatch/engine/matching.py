"""What sections and blocks are matched with: word bags, an index of rare words, similarity
scores and the longest run kept in order. The only home of rapidfuzz.

Nothing compares every item with every item: candidates come from an inverted index of each
item's rarest words, and only candidates are scored.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from draftwatch.engine.normalize import loose_key
from draftwatch.engine.tokens import split_sentences

RARE_WORDS_PER_ITEM = 8
#: A word in more items than this (both versions counted) leads nowhere: in a glossary or a
#: statute of thousands of tiny sections every section has "the" and "fee" among its rarest
#: words, and their posting lists would make the index quadratic. Such words are not indexed.
COMMON_WORD_ITEMS = 64
CANDIDATES_PER_ITEM = 24
TITLE_NUMBER = re.compile(
    r"^\s*(?:(?:[0-9]+(?:\.[0-9]+)*\.?|[A-Z]\.|[IVXLC]+\.)\s+|[0-9]+(?:\.[0-9]+)*\.(?=[^\W\d_]))"
)


@lru_cache(maxsize=1 << 16)
def title_key(title: str) -> str:
    """A title without its number, case-folded, without closing stops or spaces:
    `6. Implementation` ~ `7. IMPLEMENTATION.`."""
    return loose_key(TITLE_NUMBER.sub("", title)).rstrip(" .:")


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


class WordIndex:
    """An inverted index from each item's rarest words to the items that have them."""

    def __init__(self, bags: Sequence[Counter[str]], frequency: Counter[str]) -> None:
        self.frequency = frequency
        # Rarest first, ties by spelling: one sort of the vocabulary, then C-speed lookups.
        order = sorted(frequency, key=lambda word: (frequency[word], word))
        self.rank = {word: position for position, word in enumerate(order)}
        #: The words an item is indexed and looked up by: those in few items.
        self.indexed = frozenset(word for word in order if frequency[word] <= COMMON_WORD_ITEMS)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for item, bag in enumerate(bags):
            for word in self.rarest(bag):
                self.postings[word].append(item)

    def rarest(self, bag: Counter[str]) -> list[str]:
        # A C-speed intersection, then the rarest by rank (each word's rank is its own).
        known = sorted(self.indexed.intersection(bag), key=self.rank.__getitem__)
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
    # Only the words both hold: a C-speed intersection of the two vocabularies first.
    both = a.keys() & b.keys()
    shared = sum(map(min, map(a.__getitem__, both), map(b.__getitem__, both)))
    total = sum(a.values()) + sum(b.values()) - shared
    return shared / total if total else 0.0


def containment(part: Counter[str], whole: Counter[str]) -> float:
    size = sum(part.values())
    if not size:
        return 0.0
    return sum(min(count, whole[word]) for word, count in part.items() if word in whole) / size


def title_similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    key_a, key_b = title_key(a), title_key(b)
    if key_a == key_b:
        return 1.0
    return max(fuzz.token_set_ratio(key_a, key_b), fuzz.ratio(key_a, key_b)) / 100.0


@lru_cache(maxsize=1 << 16)
def title_words(title: str) -> frozenset[str]:
    """A title's words without its number, a plural's final `s` dropped (`Works` ~ `Work`)."""
    return frozenset(
        word[:-1] if len(word) > 3 and word.endswith("s") else word
        for word in _TITLE_WORD.findall(title_key(title))
    )


_TITLE_WORD = re.compile(r"\w+")


#: A group of competing pairs larger than this is matched greedily (best pair first).
EXACT_ASSIGNMENT_EDGES = 12


def best_assignment(scores: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """A one-to-one choice of (left, right) pairs with the largest total score: two blocks
    that each have a counterpart both get one, rather than the single best pair taking the
    counterpart the other needed. Exact within each group of pairs that compete (they are
    small); greedy in a group too large to search."""
    groups: dict[object, list[tuple[int, int]]] = defaultdict(list)
    root: dict[object, object] = {}

    def find(item: object) -> object:
        while root.setdefault(item, item) != item:
            root[item] = root[root[item]]
            item = root[item]
        return item

    for left, right in scores:
        root[find(("l", left))] = find(("r", right))
    for left, right in scores:
        groups[find(("l", left))].append((left, right))
    chosen: list[tuple[int, int]] = []
    for edges in groups.values():
        edges.sort(key=lambda edge: (-scores[edge], edge))
        if len(edges) > EXACT_ASSIGNMENT_EDGES:
            chosen += _greedy(edges)
        else:
            chosen += _exact(edges, scores)
    return sorted(chosen)


def _greedy(edges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    taken_left: set[int] = set()
    taken_right: set[int] = set()
    chosen = []
    for left, right in edges:
        if left not in taken_left and right not in taken_right:
            taken_left.add(left)
            taken_right.add(right)
            chosen.append((left, right))
    return chosen


def _exact(
    edges: list[tuple[int, int]], scores: dict[tuple[int, int], float]
) -> list[tuple[int, int]]:
    best: tuple[float, list[tuple[int, int]]] = (-1.0, [])

    def search(
        k: int, lefts: set[int], rights: set[int], total: float, chosen: list[tuple[int, int]]
    ) -> None:
        nonlocal best
        if k == len(edges):
            if total > best[0] + 1e-9:
                best = (total, list(chosen))
            return
        left, right = edges[k]
        if left not in lefts and right not in rights:
            chosen.append((left, right))
            search(k + 1, lefts | {left}, rights | {right}, total + scores[left, right], chosen)
            chosen.pop()
        search(k + 1, lefts, rights, total, chosen)

    search(0, set(), set(), 0.0, [])
    return best[1]


#: Above this many characters (both strings together) edit distance, quadratic in the length,
#: gives way to a sketch of sentences: a megabyte paragraph would take seconds.
LONG_TEXT = 40_000


def edit_ratio(a: str, b: str, cutoff: float = 0) -> float:
    """Similarity of two strings by edit distance, 0-1; 0 below `cutoff` (in percent).

    Very long strings are compared by `sketch_ratio` instead, in linear time."""
    from rapidfuzz import fuzz

    if len(a) + len(b) > LONG_TEXT:
        score = sketch_ratio(a, b)
        return score if score * 100.0 >= cutoff else 0.0
    return fuzz.ratio(a, b, score_cutoff=cutoff) / 100.0


def sketch_ratio(a: str, b: str) -> float:
    """Edit-ratio estimate of two long texts in linear time: sentences found on both sides
    count whole; of the others, the words they share (as a multiset, by length)."""
    if not a and not b:
        return 1.0
    old_sentences = Counter(split_sentences(a))
    new_sentences = Counter(split_sentences(b))
    common = old_sentences & new_sentences
    shared = sum(len(sentence) * count for sentence, count in common.items())
    old_words: Counter[str] = Counter()
    for sentence, count in (old_sentences - common).items():
        for word in sentence.split():
            old_words[word] += count
    new_words: Counter[str] = Counter()
    for sentence, count in (new_sentences - common).items():
        for word in sentence.split():
            new_words[word] += count
    shared += sum(len(word) * count for word, count in (old_words & new_words).items())
    return min(1.0, 2.0 * shared / (len(a) + len(b)))
