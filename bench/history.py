"""Speed of a long history: builds a document of N versions of about SIZE bytes in a fresh
repository (`draftwatch add` for each, committing its report and index), then times `log`,
`show`, `add` of one more version (its report, and the index with its timeline and
sections-by-versions grid), `report --all` (twice: the first writes each earlier version
against the latest, the second reuses everything), `history`, `history SECTION`, `blame` and
`dropped`, cold (empty .draftwatch/ cache) and warm. It prints the sizes of the index and of
the reports folder, and what the second `report --all` said.

    .venv/bin/python bench/history.py                      # 200 versions of 200 KB
    .venv/bin/python bench/history.py --versions 20 --size 50k

The text is real prose from ../shared/bench/gen_pairs.py's pool (licences, Python docs); each
version edits a few paragraphs (a handful of words), and now and then renames a heading,
renumbers, inserts, deletes or moves a paragraph: the pace of real redrafting.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "bench"


def versions(count: int, size: int, seed: int) -> list[str]:
    sys.path.insert(0, str(SHARED))
    from gen_pairs import build_base, collect_pool, title  # type: ignore[import-not-found]

    rng = random.Random(seed)
    pool = collect_pool()
    blocks, _ = build_base(pool, size, rng)
    texts = []
    for number in range(count):
        if number:
            blocks = _edit(blocks, rng, title)
        lines = [f"## {b}" if b.startswith("Section ") else b for b in blocks]
        texts.append("# A long bill\n\n" + "\n\n".join(lines) + "\n")
    return texts


def _edit(blocks: list[str], rng: random.Random, title) -> list[str]:
    blocks = list(blocks)
    paras = [k for k, b in enumerate(blocks) if not b.startswith("Section ")]
    vocab = [w for k in rng.sample(paras, 20) for w in blocks[k].split() if w.isalpha()]
    for k in rng.sample(paras, rng.randint(2, 8)):
        words = blocks[k].split()
        for _ in range(rng.randint(1, 4)):
            pos = rng.randrange(len(words))
            choice = rng.random()
            if choice < 0.5:
                words[pos] = rng.choice(vocab)
            elif choice < 0.75 and len(words) > 5:
                del words[pos]
            else:
                words.insert(pos, rng.choice(vocab))
        blocks[k] = " ".join(words)
    if rng.random() < 0.2:
        heads = [k for k, b in enumerate(blocks) if b.startswith("Section ")]
        k = rng.choice(heads)
        blocks[k] = f"{blocks[k].split('.')[0]}. {title(rng)}"
    if rng.random() < 0.3:
        del blocks[rng.choice(paras)]
    if rng.random() < 0.3:
        sentence = " ".join(rng.choice(vocab) for _ in range(rng.randint(12, 40)))
        blocks.insert(rng.randrange(1, len(blocks)), sentence.capitalize() + ".")
    if rng.random() < 0.1:
        k = rng.choice([k for k, b in enumerate(blocks) if not b.startswith("Section ")])
        moved = blocks.pop(k)
        blocks.insert(rng.randrange(1, len(blocks)), moved)
    return blocks


SAID: dict[tuple[str, ...], str] = {}  # each command's standard error


def _run(root: Path, *args: str) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the command and its workers) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "draftwatch", *args],
        cwd=root,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"draftwatch {' '.join(args)} failed: {done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    SAID[args] = done.stderr
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", type=int, default=200)
    parser.add_argument("--size", default="200k", help="bytes per version, e.g. 200k")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    size = int(options.size.lower().removesuffix("k")) * 1000
    texts = versions(options.versions, size, options.seed)
    work = Path(tempfile.mkdtemp(prefix="draftwatch-history-bench-"))
    try:
        root = work / "repo"
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        drafts = work / "drafts"
        drafts.mkdir()
        rows: list[tuple[str, tuple[float, float]]] = []
        wall = cpu = 0.0
        for number, text in enumerate(texts[:-1], 1):
            (drafts / f"v{number}.md").write_text(text, encoding="utf-8")
            took = _run(root, "add", str(drafts / f"v{number}.md"), "--doc", "bill")
            wall, cpu = wall + took[0], cpu + took[1]
        rows.append((f"add x{len(texts) - 1} (with reports), total", (wall, cpu)))
        last = drafts / f"v{len(texts)}.md"
        last.write_text(texts[-1], encoding="utf-8")
        rows.append(
            (
                f"add of version {len(texts)} (with report)",
                _run(root, "add", str(last), "--doc", "bill"),
            )
        )
        rows.append(("log", _run(root, "log", "bill")))
        rows.append(("show bill@1", _run(root, "show", "bill@1")))
        for when in ("cold", "warm"):
            if when == "cold":
                shutil.rmtree(root / ".draftwatch", ignore_errors=True)
            rows.append((f"history ({when} cache)", _run(root, "history", "bill")))
            rows.append(
                (f"history bill 'Section 7' ({when})", _run(root, "history", "bill", "Section 7"))
            )
            rows.append((f"blame ({when})", _run(root, "blame", "bill", "--format", "json")))
            rows.append((f"dropped ({when})", _run(root, "dropped", "bill", "--format", "json")))
        out = str(work / "r")
        rows.append(("report --all (first)", _run(root, "report", "bill", "--all", "-o", out)))
        rows.append(
            (
                "report --all (second: reuses all)",
                _run(root, "report", "bill", "--all", "-o", out),
            )
        )
        second = SAID[("report", "bill", "--all", "-o", out)].strip()
        words = len(texts[-1].split())
        print(f"{len(texts)} versions of {len(texts[-1].encode()) // 1000} KB ({words:,} words)")
        print(f"  {'command':<44} {'wall':>8}   {'CPU':>8}  (CPU: user + system, workers included)")
        for name, (seconds, cpu_seconds) in rows:
            print(f"  {name:<44} {seconds:8.2f} s {cpu_seconds:8.2f} s")
        print(f"  load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"  the second report --all said: {second}")
        index = root / "reports" / "bill" / "index.html"
        print(f"  index.html written by add: {index.stat().st_size / 1e6:.2f} MB")
        written = list((work / "r").iterdir())
        size = sum(path.stat().st_size for path in written)
        print(f"  report --all folder: {len(written)} files, {size / 1e6:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
