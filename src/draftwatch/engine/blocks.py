"""Block matching: which paragraphs, list items and table rows of two documents correspond,
wherever they are (moved text included): exact text first, then similar text, then blocks
that carried a sentence elsewhere while the rest of them was rewritten."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from draftwatch.engine.matching import WordIndex, best_assignment, edit_ratio
from draftwatch.engine.normalize import loose_key
from draftwatch.engine.sections import SectionPair
from draftwatch.engine.tokens import words
from draftwatch.model import Block, Document


@dataclass(frozen=True, slots=True)
class BlockPair:
    """Old block (section, position) matched to new block (section, position)."""

    old: tuple[int, int]
    new: tuple[int, int]
    similarity: float


def block_key(block: Block) -> str:
    return loose_key(block.content)


def align_blocks(old: Document, new: Document, section_pairs: list[SectionPair]) -> list[BlockPair]:
    """Match blocks across the whole documents: exact text first, then similar text, then
    moved blocks rewritten on the way."""
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
            score = edit_ratio(old_keys[old_place], new_keys[new_place], 80)
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
        index = WordIndex(old_bags, frequency)
        scored: list[tuple[float, int, int]] = []
        for n, (section, position, _) in enumerate(rest_new):
            if sum(new_bags[n].values()) < 3:
                continue
            new_key = new_keys[section, position]
            for o in index.candidates(new_bags[n]):
                same_section = partner.get(rest_old[o][0]) == section
                old_key = old_keys[rest_old[o][0], rest_old[o][1]]
                score = edit_ratio(old_key, new_key, 49)
                if score >= (0.5 if same_section else 0.7):
                    scored.append((score + (0.05 if same_section else 0.0), o, n))

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
            used_old.add(old_place)
            used_new.add(new_place)

        # 4. Moved and rewritten: a block gone from one section and a block new in another
        # that carry the same long sentence, lightly edited, and are alike as wholes, if less
        # so than a move needs alone (the rest of the paragraph rewritten on the way).
        pairs += _rewritten_moves(
            [(s, k) for s, k, _ in rest_old if (s, k) not in used_old],
            [(s, k) for s, k, _ in rest_new if (s, k) not in used_new],
            partner,
            (old_keys, new_keys),
            frequency,
        )
    pairs.sort(key=lambda p: p.new)
    return pairs


#: A moved block rewritten on the way: the sentence it carries has at least this many words
#: and is this alike on both sides; the blocks as wholes are at least `REWRITTEN_MOVE` alike.
MOVED_SENTENCE_WORDS = 12
MOVED_SENTENCE_SIMILARITY = 0.75
REWRITTEN_MOVE = 0.4
_SENTENCE_BREAK = re.compile(r"(?<=[.;!?])\s+")
#: A word of running text: a token between spaces with a letter in it and no `/` (an address,
#: `https://...` or `a/b/c`, is not words; counted only where a `/` is).
_RUNNING_WORD = re.compile(r"(?<!\S)[^\s/]*[^\W\d_][^\s/]*(?!\S)")


def _rewritten_moves(
    rest_old: list[tuple[int, int]],
    rest_new: list[tuple[int, int]],
    partner: dict[int, int],
    keys: tuple[dict[tuple[int, int], str], dict[tuple[int, int], str]],
    frequency: Counter[str],
) -> list[BlockPair]:
    """Pairs of unmatched blocks in different sections that share a long sentence, lightly
    edited, and are alike enough as wholes. Candidates come from each sentence's rare words
    (a long block's rarest words may all be in the part that was rewritten)."""
    old_keys, new_keys = keys
    old_sentences = [
        (o, text) for o, place in enumerate(rest_old) for text in _long_sentences(old_keys[place])
    ]
    new_sentences = [
        (n, text) for n, place in enumerate(rest_new) for text in _long_sentences(new_keys[place])
    ]
    if not old_sentences or not new_sentences:
        return []
    index = WordIndex([Counter(words(text)) for _, text in old_sentences], frequency)
    scored: dict[tuple[int, int], float] = {}
    checked: set[tuple[int, int]] = set()
    for n, new_text in new_sentences:
        new_place = rest_new[n]
        for candidate in index.candidates(Counter(words(new_text))):
            o, old_text = old_sentences[candidate]
            old_place = rest_old[o]
            if (o, n) in checked or partner.get(old_place[0]) == new_place[0]:
                continue
            if edit_ratio(old_text, new_text, MOVED_SENTENCE_SIMILARITY * 100):
                checked.add((o, n))
                whole = edit_ratio(old_keys[old_place], new_keys[new_place], REWRITTEN_MOVE * 100)
                if whole:
                    scored[o, n] = whole
    return [
        BlockPair(rest_old[o], rest_new[n], round(scored[o, n], 3))
        for o, n in best_assignment(scored)
    ]


def _long_sentences(key: str) -> list[str]:
    """The sentences of at least `MOVED_SENTENCE_WORDS` words of a comparison key, cut at each
    closing stop (an abbreviation's stop cuts a sentence short: it is only too short to count)."""
    if key.count(" ") < MOVED_SENTENCE_WORDS - 1:
        return []
    return [
        sentence
        for sentence in _SENTENCE_BREAK.split(key)
        if sentence.count(" ") >= MOVED_SENTENCE_WORDS - 1
        and ("/" not in sentence or len(_RUNNING_WORD.findall(sentence)) >= MOVED_SENTENCE_WORDS)
    ]
