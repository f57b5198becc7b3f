"""Precision and recall of key changes on the hand-labelled sentence pairs in tests/labelled/.

Usage: python bench/key_changes.py [--show-errors]

Each pair is an old and a new sentence (or short passage) from successive real texts in
../shared/corpus (and a few modelled on issue #4's seed, for money, which the corpus lacks),
labelled by hand with the key changes a reader should be told: (category, old value, new value).
A reported key change counts as right when its category and both values match a label (case and
spacing aside); anything else reported is a false positive, any label not reported a miss. A
party replaced by another (`Pyrex -> Cython`) counts as the two facts it reports.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from draftwatch.engine import compare

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "labelled" / "key_changes.json"


def _norm(value: str) -> str:
    return " ".join(value.casefold().split())


def _facts(change) -> list[tuple[str, str, str]]:
    """A party replaced by another is two facts: one named no more, one named now."""
    old, new = _norm(change.old), _norm(change.new)
    if change.category == "entity" and old and new:
        return [("entity", old, ""), ("entity", "", new)]
    return [(change.category, old, new)]


@dataclass
class Score:
    hits: Counter[str] = field(default_factory=Counter)
    false: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def precision(self, category: str | None = None) -> float:
        hits = self._total(self.hits, category)
        reported = hits + self._total(self.false, category)
        return hits / reported if reported else 1.0

    def recall(self, category: str | None = None) -> float:
        hits = self._total(self.hits, category)
        labelled = hits + self._total(self.missed, category)
        return hits / labelled if labelled else 1.0

    @staticmethod
    def _total(counter: Counter[str], category: str | None) -> int:
        return sum(counter.values()) if category is None else counter[category]

    @property
    def categories(self) -> list[str]:
        return sorted(set(self.hits) | set(self.false) | set(self.missed))


def score(path: Path = LABELLED, *, real_only: bool = False) -> Score:
    result = Score()
    for pair in json.loads(path.read_text(encoding="utf-8")):
        if real_only and pair["source"].startswith("modelled"):
            continue
        text_format = "markdown" if pair["source"].startswith("federal") else "text"
        found = compare(pair["old"], pair["new"], old_format=text_format).key_changes
        reported = Counter(
            fact for change in found if change.category != "section" for fact in _facts(change)
        )
        expected = Counter((c, _norm(o), _norm(n)) for c, o, n in pair["expect"])
        for key, count in (reported & expected).items():
            result.hits[key[0]] += count
        for key, count in (reported - expected).items():
            result.false[key[0]] += count
            result.errors.append(f"false  {key} in {pair['source']}: {pair['new'][:70]!r}")
        for key, count in (expected - reported).items():
            result.missed[key[0]] += count
            result.errors.append(f"missed {key} in {pair['source']}: {pair['new'][:70]!r}")
    return result


def table(result: Score) -> str:
    lines = [
        "| category | labelled | reported | right | precision | recall |",
        "|---|---|---|---|---|---|",
    ]
    for category in [*result.categories, None]:
        hits = Score._total(result.hits, category)
        labelled = hits + Score._total(result.missed, category)
        reported = hits + Score._total(result.false, category)
        lines.append(
            f"| {category or '**all**'} | {labelled} | {reported} | {hits} "
            f"| {result.precision(category):.2f} | {result.recall(category):.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    pairs = json.loads(LABELLED.read_text(encoding="utf-8"))
    real = sum(not p["source"].startswith("modelled") for p in pairs)
    print(f"{len(pairs)} labelled pairs ({real} from the corpus, {len(pairs) - real} modelled)\n")
    everything = score()
    print(table(everything))
    print("\nCorpus pairs only:\n")
    print(table(score(real_only=True)))
    if args.show_errors:
        print("\n" + "\n".join(everything.errors))


if __name__ == "__main__":
    main()
