"""Score draftwatch's alignment on the peer benchmark in ../shared/bench/redlines.

Usage: python bench/peer_moves.py [--redlines DIR]

The pairs are houfu/redlines 1.0 synthetic cases (MIT). Gold rows are read from its
`resolved.json`, which gives every labelled correspondence with the (whitespace-normalised,
label-stripped) text of both sides. draftwatch's block pairs and moves are mapped onto gold rows
by that text, as the peer's README advises (digest/text equality, document order for ties).
Headings are section titles in draftwatch, not blocks, so heading rows are left out of the
block-correspondence figures. Prints move recall/precision per pair beside the peer's own hits.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from draftwatch.engine import compare
from draftwatch.engine.blocks import align_blocks
from draftwatch.engine.parse import parse_document
from draftwatch.engine.sections import align_sections

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "bench" / "redlines"
UNIDENTIFIABLE = {"repetitive-schedule-move-heavy"}  # every paragraph has the same text


def _norm(text: str) -> str:
    return " ".join(text.split())


def _block_text_pairs(old_doc, new_doc) -> Counter[tuple[str, str]]:
    pairs = align_blocks(old_doc, new_doc, align_sections(old_doc, new_doc))
    found: Counter[tuple[str, str]] = Counter()
    for pair in pairs:
        old_block = old_doc.sections[pair.old[0]].blocks[pair.old[1]]
        new_block = new_doc.sections[pair.new[0]].blocks[pair.new[1]]
        found[(_norm(old_block.content), _norm(new_block.content))] += 1
    return found


def _move_text_pairs(comparison, old_doc, new_doc) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for move in comparison.moves:
        old_text = "".join(op.text for op in move.ops if op.op in ("equal", "delete"))
        new_text = "".join(op.text for op in move.ops if op.op in ("equal", "insert"))
        found[(_strip_label(old_text), _strip_label(new_text))] += 1
    return found


def _strip_label(text: str) -> str:
    from draftwatch.engine.tokens import label_length

    return _norm(text[label_length(text) :])


def _ratio(hits: int, total: int) -> str:
    return "n/a" if total == 0 else f"{hits / total:.4f}"


def score_pair(folder: Path, rows: list[dict]) -> dict[str, object]:
    source = next(folder.glob("source.*"))
    test = next(folder.glob("test.*"))
    fmt = "markdown" if source.suffix == ".md" else "text"
    old_text = source.read_text(encoding="utf-8")
    new_text = test.read_text(encoding="utf-8")
    comparison = compare(old_text, new_text, old_format=fmt, key_changes=False)
    old_doc, new_doc = parse_document(old_text, fmt), parse_document(new_text, fmt)

    if fmt == "markdown":
        # Gold rows hold Markdown source; draftwatch compares what a reader reads.
        from draftwatch.engine.parse import inline_text

        rows = [
            {
                **r,
                "source_text": inline_text(r["source_text"]),
                "test_text": inline_text(r["test_text"]),
            }
            for r in rows
        ]
    gold_moves = Counter(
        (_norm(r["source_text"]), _norm(r["test_text"])) for r in rows if r["kind"] == "move"
    )
    mine_moves = _move_text_pairs(comparison, old_doc, new_doc)
    move_hits = sum((gold_moves & mine_moves).values())
    renumbered_in_place = Counter(
        (_norm(r["source_text"]), _norm(r["test_text"]))
        for r in rows
        if r["kind"] != "move" and r["source_label"] != r["test_label"]
    )
    gold_links = Counter(
        (_norm(r["source_text"]), _norm(r["test_text"]))
        for r in rows
        if "heading" not in r["source"] and "heading" not in r["test"]
    )
    mine_links = _block_text_pairs(old_doc, new_doc)
    link_hits = sum((gold_links & mine_links).values())
    precision = link_hits / sum(mine_links.values()) if mine_links else 0.0
    recall = link_hits / sum(gold_links.values()) if gold_links else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold_moves": sum(gold_moves.values()),
        "engine_moves": sum(mine_moves.values()),
        "move_hits": move_hits,
        "renumbered_in_place_reported_as_moves": sum((mine_moves & renumbered_in_place).values()),
        "link_precision": round(precision, 4),
        "link_recall": round(recall, 4),
        "link_f1": round(f1, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redlines", type=Path, default=DEFAULT)
    args = parser.parse_args()
    resolved = json.loads((args.redlines / "resolved.json").read_text(encoding="utf-8"))
    header = (
        f"{'pair':<32} {'moves found':>11} {'engine moves':>12} {'renumber-as-move':>16} "
        f"{'link P':>7} {'link R':>7} {'link F1':>7}   redlines' own move hits"
    )
    print(header)
    print("-" * len(header))
    totals = Counter()
    for name, pair in sorted(resolved["pairs"].items()):
        result = score_pair(args.redlines / name, pair["rows"])
        tag = " (unidentifiable)" if name in UNIDENTIFIABLE else ""
        print(
            f"{name:<32} {result['move_hits']:>5}/{result['gold_moves']:<5} "
            f"{result['engine_moves']:>12} {result['renumbered_in_place_reported_as_moves']:>16} "
            f"{result['link_precision']:>7} {result['link_recall']:>7} {result['link_f1']:>7}   "
            f"{pair['upstream_move_hits_report_766969']}{tag}"
        )
        if name not in UNIDENTIFIABLE:
            for key in ("gold_moves", "engine_moves", "move_hits"):
                totals[key] += result[key]  # type: ignore[operator]
            totals["renumber"] += result["renumbered_in_place_reported_as_moves"]  # type: ignore[operator]
    print("-" * len(header))
    print(
        f"identifiable pairs: move recall {_ratio(totals['move_hits'], totals['gold_moves'])} "
        f"({totals['move_hits']}/{totals['gold_moves']}), move precision "
        f"{_ratio(totals['move_hits'], totals['engine_moves'])} "
        f"({totals['move_hits']}/{totals['engine_moves']}), renumbered-in-place reported as "
        f"moves: {totals['renumber']}"
    )
    print(
        "redlines (report 766969) on the same identifiable pairs: move recall 9/9; "
        "on repetitive-schedule 0/4 (its stated ceiling)"
    )


if __name__ == "__main__":
    main()
