"""Write the key changes draftwatch reports on every consecutive corpus pair into
tests/judged/<doc>-vNN-vMM.json, keeping the verdicts of entries already judged.

Usage: python bench/judge.py [--check]

Each entry is one reported key change (category, summary, section title, old and new evidence)
with `right` (true, false, or null while unjudged) and a short `reason`. An entry keeps its
verdict while its category, summary and section title stay the same, whatever its rank or
evidence. Entries judged before but no longer reported are kept under `retired`, so a change
judged wrong that comes back is known (tests/test_judged.py fails on it). After an engine
change, run this and judge only the entries with `"right": null`.

--check only reports which files would change, writing nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from draftwatch.engine import compare  # noqa: E402
from draftwatch.model import Comparison, KeyChange  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
JUDGED = ROOT / "tests" / "judged"
#: The English histories.
ENGLISH = ("federal-source-code-policy", "gh-sponsors-terms", "gh-terms-of-service", "mpl", "pep8")
#: The German and French histories (issue #15), read with their language's table.
OTHER_LANGUAGES = ("de-heilmittelwerbegesetz", "fr-cgi-article-200")
#: Pairs the rules were tuned on; the others are held out and only measured. The German and
#: French pairs were looked at while writing the language tables, so they count as tuned.
TUNED = ("federal-source-code-policy", "gh-sponsors-terms", "pep8", *OTHER_LANGUAGES)
FLOOR = 0.9


def pairs() -> list[tuple[str, Path, Path]]:
    found = []
    for doc in (*ENGLISH, *OTHER_LANGUAGES):
        versions = sorted(
            p for p in (CORPUS / doc).glob("v[0-9]*.*") if p.suffix in (".md", ".txt")
        )
        found += [(doc, old, new) for old, new in pairwise(versions)]
    return found


def judged_path(doc: str, old: Path, new: Path) -> Path:
    return JUDGED / f"{doc}-{old.stem}-{new.stem}.json"


def run(old: Path, new: Path) -> Comparison:
    fmt = "text" if old.suffix == ".txt" else "markdown"
    return compare(old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8"), old_format=fmt)


def identity(entry: dict) -> tuple[str, str, str]:
    return (entry["category"], " ".join(entry["summary"].split()), entry["section"])


def entries(comparison: Comparison) -> list[dict]:
    titles = {change.id: change.title for change in comparison.sections}
    return [_entry(change, titles) for change in comparison.key_changes]


def _entry(change: KeyChange, titles: dict[str, str]) -> dict:
    return {
        "rank": 0,
        "category": str(change.category),
        "summary": change.summary,
        "section": titles.get(change.section, ""),
        "count": change.count,
        "importance": change.importance,
        "old_evidence": change.old_context,
        "new_evidence": change.new_context,
        "right": None,
        "reason": "",
    }


def refresh(doc: str, old: Path, new: Path) -> dict:
    """The judged file's new content: current key changes, verdicts carried over."""
    path = judged_path(doc, old, new)
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    verdicts = {
        identity(e): e
        for e in [*previous.get("retired", []), *previous.get("key_changes", [])]
        if e.get("right") is not None
    }
    current = entries(run(old, new))
    for rank, entry in enumerate(current, 1):
        entry["rank"] = rank
        known = verdicts.get(identity(entry))
        if known is not None:
            entry["right"], entry["reason"] = known["right"], known["reason"]
    seen = {identity(e) for e in current}
    retired = [
        {key: e[key] for key in ("category", "summary", "section", "right", "reason")}
        for key_, e in verdicts.items()
        if key_ not in seen
    ]
    data = {
        "pair": f"{doc} {old.stem} -> {new.stem}",
        "old": old.relative_to(ROOT).as_posix(),
        "new": new.relative_to(ROOT).as_posix(),
        "held_out": doc not in TUNED,
        "floor": previous.get("floor", FLOOR),
        "key_changes": current,
        "retired": sorted(retired, key=lambda e: (e["category"], e["summary"])),
    }
    if "floor_note" in previous:  # why a floor is where it is: kept as written
        data["floor_note"] = previous["floor_note"]
    return data


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing, list changed files")
    args = parser.parse_args()
    JUDGED.mkdir(exist_ok=True)
    for doc, old, new in pairs():
        path = judged_path(doc, old, new)
        data = refresh(doc, old, new)
        text = dump(data)
        unjudged = sum(e["right"] is None for e in data["key_changes"])
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        if changed and not args.check:
            path.write_text(text, encoding="utf-8")
        state = ("would change" if args.check else "written") if changed else "unchanged"
        print(
            f"{path.relative_to(ROOT)}: {len(data['key_changes'])} key changes, "
            f"{unjudged} unjudged ({state})"
        )


if __name__ == "__main__":
    main()


EXPECTED = JUDGED / "expected.json"


def facts() -> list[dict]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))["facts"]


def fact_found(
    fact: dict, comparison: Comparison, judged_wrong: frozenset[int] = frozenset()
) -> int | None:
    """The 1-based rank of the key change showing the fact (0 for an outline entry), or None.
    A key change judged wrong (its rank in `judged_wrong`) shows no fact: a duplicate or a
    misdescribed entry that happens to quote the fact's words does not tell the reader."""
    wanted = [text.casefold() for text in fact["all"]]
    if fact["kind"] == "outline":
        for entry in comparison.outline:
            titles = f"{entry.old_title} {entry.new_title}".casefold()
            if all(text in titles for text in wanted):
                return 0
        return None
    for rank, change in enumerate(comparison.key_changes, 1):
        if rank in judged_wrong:
            continue
        if fact.get("category") and change.category != fact["category"]:
            continue
        seen = f"{change.summary} {change.old} {change.new}".casefold()
        if all(text in seen for text in wanted):
            return rank
    return None


def measure() -> list[dict]:
    """Per pair: precision of the judged key changes, unjudged ones, wrong ones back, recall of
    the SOURCE.md facts and whether the headline facts are in the first 10."""
    by_pair: dict[str, list[dict]] = {}
    for fact in facts():
        by_pair.setdefault(fact["pair"], []).append(fact)
    rows = []
    for doc, old, new in pairs():
        path = judged_path(doc, old, new)
        judged = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        comparison = run(old, new)
        current = entries(comparison)
        verdicts = {identity(e): e for e in judged.get("key_changes", [])}
        retired_wrong = {identity(e) for e in judged.get("retired", []) if e["right"] is False}
        right = wrong = unjudged = 0
        categories: dict[str, list[int]] = {}
        back = []
        judged_wrong = set()
        for rank, entry in enumerate(current, 1):
            known = verdicts.get(identity(entry))
            verdict = None if known is None else known["right"]
            if identity(entry) in retired_wrong:
                back.append(entry["summary"])
                verdict = False
            tally = categories.setdefault(entry["category"], [0, 0])
            if verdict is None:
                unjudged += 1
            elif verdict:
                right += 1
                tally[0] += 1
            else:
                wrong += 1
                tally[1] += 1
                judged_wrong.add(rank)
        pair_facts = by_pair.get(f"{doc} {old.stem} -> {new.stem}", [])
        found = [
            (fact, fact_found(fact, comparison, frozenset(judged_wrong))) for fact in pair_facts
        ]
        rows.append(
            {
                "pair": f"{doc} {old.stem} -> {new.stem}",
                "held_out": doc not in TUNED,
                "floor": judged.get("floor", FLOOR),
                "reported": len(current),
                "right": right,
                "wrong": wrong,
                "unjudged": unjudged,
                "precision": right / (right + wrong) if right + wrong else 1.0,
                "categories": categories,
                "wrong_back": back,
                "facts": len(pair_facts),
                "found": sum(rank is not None for _, rank in found),
                "missed": [fact["fact"] for fact, rank in found if rank is None],
                "headline_missed": [
                    fact["fact"]
                    for fact, rank in found
                    if fact.get("headline") and (rank is None or rank > 10)
                ],
            }
        )
    return rows
