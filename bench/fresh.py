"""Key changes on fresh real pairs that no rule was tuned on, for a blind reviewer to judge.

Usage:
  python bench/fresh.py               # run draftwatch on each pair, write bench/fresh/to_judge.json
  python bench/fresh.py --set bench/fresh2   # the same for another set, writes its to_judge.json
  python bench/fresh.py --score FILE  # precision (and recall) of a judged copy of that file

Each folder of a set (bench/fresh/, bench/fresh2/) holds one pair (old.* and new.*) and a
SOURCE.md whose numbered list under "## Meaning changes" is the recall key, written before
draftwatch was run on the pair.
The installed `draftwatch diff OLD NEW --format json` is run as a process, as a user would.

A judge sets `"right": true/false` (and a `"reason"`) on every entry of `key_changes`, and may
fill `"facts_found"` of a pair with the numbers of the listed meaning changes that the reported
key changes tell (e.g. `[1, 3]`); `--score` then also prints recall. Nothing here judges.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

FRESH = Path(__file__).resolve().parent / "fresh"
OUTPUT_NAME = "to_judge.json"


def draftwatch() -> str:
    """The draftwatch installed beside this Python (a venv), else the one on PATH."""
    beside = Path(sys.executable).parent / "draftwatch"
    found = str(beside) if beside.exists() else shutil.which("draftwatch")
    if not found:
        sys.exit("draftwatch is not installed (pip install -e .)")
    return found


def pairs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and (p / "SOURCE.md").exists())


def side(pair: Path, name: str) -> Path:
    (found,) = [p for p in pair.glob(f"{name}.*") if p.suffix in (".md", ".txt")]
    return found


def source_facts(pair: Path) -> tuple[str, list[str]]:
    """The pair's kind line and its numbered meaning changes, from SOURCE.md."""
    text = (pair / "SOURCE.md").read_text(encoding="utf-8")
    kind = next((line for line in text.splitlines() if line.startswith("Kind:")), "")
    listed = text.split("## Meaning changes", 1)[1].split("\n", 1)[1]
    facts, current = [], None
    for line in listed.splitlines():
        numbered = re.match(r"(\d+)\. (.*)", line)
        if numbered:
            current = numbered.group(2)
            facts.append(current)
        elif current is not None and line.startswith("   "):
            facts[-1] += " " + line.strip()
        else:
            current = None
    return kind, facts


def run(exe: str, pair: Path) -> tuple[dict | None, str]:
    """draftwatch's JSON for the pair, or None and what went wrong (exit status and stderr)."""
    old, new = side(pair, "old"), side(pair, "new")
    done = subprocess.run(
        [exe, "diff", str(old), str(new), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        return None, f"exit {done.returncode}: {done.stderr.strip()}"
    return json.loads(done.stdout), done.stderr.strip()


def entries(name: str, result: dict) -> list[dict]:
    titles = {
        s["id"]: (s.get("new") or s.get("old") or {}).get("title", "")
        for s in result.get("sections", [])
    }
    return [
        {
            "pair": name,
            "rank": rank,
            "category": change["category"],
            "summary": change["summary"],
            "section": titles.get(change.get("section", ""), ""),
            "old_evidence": change.get("old_context", ""),
            "new_evidence": change.get("new_context", ""),
            **({"importance": change["importance"]} if "importance" in change else {}),
            "right": None,
            "reason": "",
        }
        for rank, change in enumerate(result.get("key_changes", []), 1)
    ]


def write(folder: Path) -> None:
    """Run draftwatch on every pair of the set in folder and write folder/to_judge.json."""
    exe = draftwatch()
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    data: dict = {
        "note": (
            "Key changes draftwatch reported on real pairs that no rule was tuned on. Judge each "
            "entry (right true/false, reason) blind; fill facts_found per pair with the numbers "
            "of the meaning changes the key changes tell. A measurement, not a tuning set."
        ),
        "draftwatch": version,
        "pairs": {},
        "key_changes": [],
    }
    for pair in pairs(folder):
        kind, facts = source_facts(pair)
        result, message = run(exe, pair)
        found = entries(pair.name, result) if result is not None else []
        data["pairs"][pair.name] = {
            "kind": kind,
            "old": side(pair, "old").relative_to(folder).as_posix(),
            "new": side(pair, "new").relative_to(folder).as_posix(),
            "reported": len(found),
            **({"error": message} if result is None else {}),
            "facts": facts,
            "facts_found": None,
        }
        data["key_changes"] += found
        status = f"FAILED {message}" if result is None else f"{len(found)} key changes"
        print(f"{pair.name:34} {len(facts):3} facts  {status}")
    output = folder / OUTPUT_NAME
    output.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    root = FRESH.parent.parent
    print(f"wrote {output.relative_to(root) if output.is_relative_to(root) else output}")


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "-"


def row(name: str, right: int, judged: int, unjudged: int, found: int | None, listed: int) -> str:
    recall = "-" if found is None else f"{ratio(found, listed)} ({found}/{listed})"
    return f"{name:34} {right:5} {judged:6} {unjudged:8} {ratio(right, judged):>9} {recall:>12}"


def score(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    judged_pairs, entries = data["pairs"], data["key_changes"]  # before any line is printed
    print(f"{'pair':34} {'right':>5} {'judged':>6} {'unjudged':>8} {'precision':>9} {'recall':>12}")
    right_all = judged_all = unjudged_all = found_all = listed_all = 0
    for name, pair in judged_pairs.items():
        mine = [e for e in entries if e["pair"] == name]
        right = sum(e["right"] is True for e in mine)
        judged = sum(e["right"] is not None for e in mine)
        found = pair.get("facts_found")
        if isinstance(found, list):
            found = len(set(found))
        if found is not None:
            found_all += found
            listed_all += len(pair["facts"])
        right_all, judged_all = right_all + right, judged_all + judged
        unjudged_all += len(mine) - judged
        print(row(name, right, judged, len(mine) - judged, found, len(pair["facts"])))
    total_found = found_all if listed_all else None
    print(row("all", right_all, judged_all, unjudged_all, total_found, listed_all))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--score", type=Path, metavar="FILE", help="a judged copy of to_judge.json")
    parser.add_argument(
        "--set",
        type=Path,
        default=FRESH,
        metavar="DIR",
        help="the folder of pairs to run on (default: bench/fresh)",
    )
    args = parser.parse_args()
    if args.score:
        try:
            score(args.score)
        except (OSError, ValueError, KeyError, TypeError) as error:
            print(f"fresh.py: {args.score}: not a judged to_judge.json ({error})", file=sys.stderr)
            sys.exit(2)
    elif not args.set.is_dir() or not pairs(args.set):
        print(
            f"fresh.py: {args.set}: no pairs there (folders with SOURCE.md, old.*, new.*)",
            file=sys.stderr,
        )
        sys.exit(2)
    else:
        write(args.set.resolve())


if __name__ == "__main__":
    main()
