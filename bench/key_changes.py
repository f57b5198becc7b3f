"""Precision and recall of key changes: on whole real pairs (judged by hand in tests/judged/),
then on the hand-labelled sentence pairs in tests/labelled/.

Usage: python bench/key_changes.py [--show-errors] [--labelled-only]

Real pairs: every key change reported on each consecutive English pair of tests/corpus is
judged right or wrong in tests/judged/<doc>-vNN-vMM.json (bench/judge.py writes new ones in,
unjudged). Printed: precision per pair (tuned pairs apart from held-out ones) and per category,
recall of the meaning changes listed in each SOURCE.md (tests/judged/expected.json), and whether
the most important ones are in the headline (the first 10).

Labelled sentence pairs:

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
        reported, expected = _clauses_for_words(reported, expected, result)
        for key, count in (reported & expected).items():
            result.hits[key[0]] += count
        for key, count in (reported - expected).items():
            result.false[key[0]] += count
            result.errors.append(f"false  {key} in {pair['source']}: {pair['new'][:70]!r}")
        for key, count in (expected - reported).items():
            result.missed[key[0]] += count
            result.errors.append(f"missed {key} in {pair['source']}: {pair['new'][:70]!r}")
    return result


def _clauses_for_words(
    reported: Counter[tuple[str, str, str]],
    expected: Counter[tuple[str, str, str]],
    result: Score,
) -> tuple[Counter[tuple[str, str, str]], Counter[tuple[str, str, str]]]:
    """A `clause` quoting a sentence added or removed whole tells the modal or negation word
    labelled in it (`(none) -> never` for "Never invent such names."): each such label it holds
    counts as found, and the clause is not a false positive. The labels predate the category."""
    reported, expected = Counter(reported), Counter(expected)
    for fact in [f for f in reported if f[0] == "clause"]:
        gone, came = fact[1], fact[2]
        quoted = set((gone or came).split())
        told = [
            label
            for label in expected
            if label[0] in ("modality", "negation")
            and bool(label[1]) == bool(gone)
            and bool(label[2]) == bool(came)
            and (label[1] or label[2]) in {w.strip(".,;:!?*_()\"'") for w in quoted}
            and label not in reported
        ]
        for label in told:
            result.hits[label[0]] += expected.pop(label)
        if told:
            del reported[fact]
    return reported, expected


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


def _judge_module():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("judge", Path(__file__).parent / "judge.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def judged_tables(show_errors: bool = False) -> str:
    rows = _judge_module().measure()
    lines = []
    for held_out in (False, True):
        group = [row for row in rows if row["held_out"] == held_out]
        lines += [
            "",
            "Held-out pairs (measured only, never tuned on):" if held_out else "Tuned pairs:",
            "",
            "| pair | reported | right | wrong | unjudged | precision | SOURCE facts found |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in group:
            lines.append(
                f"| {row['pair']} | {row['reported']} | {row['right']} | {row['wrong']} "
                f"| {row['unjudged']} | {row['precision']:.2f} | {row['found']}/{row['facts']} |"
            )
        right = sum(r["right"] for r in group)
        wrong = sum(r["wrong"] for r in group)
        found, total = sum(r["found"] for r in group), sum(r["facts"] for r in group)
        lines.append(
            f"| **all** | {sum(r['reported'] for r in group)} | {right} | {wrong} "
            f"| {sum(r['unjudged'] for r in group)} | {right / max(1, right + wrong):.2f} "
            f"| {found}/{total} |"
        )
        categories: dict[str, list[int]] = {}
        for row in group:
            for category, (good, bad) in row["categories"].items():
                tally = categories.setdefault(category, [0, 0])
                tally[0] += good
                tally[1] += bad
        lines += ["", "| category | right | wrong | precision |", "|---|---|---|---|"]
        for category, (good, bad) in sorted(categories.items()):
            lines.append(f"| {category} | {good} | {bad} | {good / max(1, good + bad):.2f} |")
        if show_errors:
            for row in group:
                for fact in row["missed"]:
                    lines.append(f"missed in {row['pair']}: {fact}")
                for fact in row["headline_missed"]:
                    lines.append(f"not in the headline in {row['pair']}: {fact}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--labelled-only", action="store_true")
    args = parser.parse_args()
    if not args.labelled_only:
        print("Real pairs, every key change judged by hand (tests/judged/):")
        print(judged_tables(args.show_errors))
        print("\nLabelled sentence pairs (tests/labelled/):\n")
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
