"""Speed of draftwatch beside git's word diff, difflib and redlines, on the same pairs, in one run.

Usage: python bench/run.py [--sizes 100k,1m,10m] [--repeat 3] [--no-write]

Pairs: ../shared/bench/gen_pairs.py builds them into bench/data/ (reused when present): three
real licence revisions and synthetic 100 KB / 1 MB / 10 MB bills from real prose with edits,
moves and renamed headings; plus every consecutive pair in ../shared/corpus.

For each pair it prints draftwatch's time per stage (in this process), the wall time and peak
memory of `draftwatch diff OLD NEW --format json` as a process (best of --repeat), the same for
`git diff --no-index --word-diff=porcelain`, and at 100 KB and below Python's difflib word diff
and redlines (`pip install -e '.[bench]'`). Ratios follow the times. The table is written to
bench/RESULTS.md with the command that produced it.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import itertools
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
DATA = HERE / "data"
GNU_TIME = "/usr/bin/time"  # Debian package `time`
#: Children run as a user's shell would: with Python's bytecode cache (some sandboxes set
#: PYTHONDONTWRITEBYTECODE, which makes every start compile draftwatch from source).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
PEERS_UP_TO = 150_000  # difflib and redlines are quadratic: only on the small pairs


@dataclass(frozen=True)
class Pair:
    name: str
    old: Path
    new: Path

    @property
    def size(self) -> int:
        return self.old.stat().st_size


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


def ensure_pairs(sizes: str) -> list[Pair]:
    manifest = DATA / "manifest.json"
    wanted = [f"synth-{size}" for size in sizes.split(",") if size]
    if not manifest.exists() or any(
        name not in json.loads(manifest.read_text()) for name in wanted
    ):
        generator = SHARED / "bench" / "gen_pairs.py"
        subprocess.run(
            [sys.executable, str(generator), "--out", str(DATA), "--sizes", sizes], check=True
        )
    names = [name for name in json.loads(manifest.read_text()) if not name.startswith("synth-")]
    pairs = [Pair(name, DATA / f"{name}.old.txt", DATA / f"{name}.new.txt") for name in names]
    pairs += [Pair(name, DATA / f"{name}.old.txt", DATA / f"{name}.new.txt") for name in wanted]
    for folder in sorted(p for p in (SHARED / "corpus").iterdir() if p.is_dir()):
        versions = sorted(p for p in folder.iterdir() if re.fullmatch(r"v\d+\.(md|txt)", p.name))
        for old, new in itertools.pairwise(versions):
            pairs.append(Pair(f"{folder.name} {old.stem}-{new.stem}", old, new))
    return pairs


def run_process(command: list[str], repeat: int) -> Run:
    """Best wall time of `repeat` runs, and the command's peak resident memory.

    Memory comes from GNU time (`/usr/bin/time -f %M`): a child's own ru_maxrss would also count
    the pages of this (larger) Python process that it was forked from.
    """
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        with tempfile.NamedTemporaryFile("r") as report:
            start = time.perf_counter()
            returncode = subprocess.run(
                [GNU_TIME, "-f", "%M", "-o", report.name, *command],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
                env=CHILD_ENV,
            ).returncode
            elapsed = time.perf_counter() - start
            peak_kb = int(report.read().split()[-1])
        if returncode not in (0, 1):
            raise SystemExit(f"failed ({returncode}): {' '.join(command)}")
        best = min(best, elapsed)
        peak = max(peak, peak_kb / 1024)
    return Run(best, peak)


def stages(pair: Pair, repeat: int) -> dict[str, float]:
    """Time per stage in this process (the fastest of `repeat` runs, each with cold caches),
    with the garbage collector tuned as the CLI tunes it."""
    from draftwatch.engine import compare, keychanges, tokens
    from draftwatch.engine.stopwatch import Stopwatch
    from draftwatch.render.json import render_json

    text_format = "markdown" if pair.old.suffix == ".md" else "text"
    old, new = pair.old.read_text(), pair.new.read_text()
    best: dict[str, float] = {}
    for _ in range(repeat):
        for cached in (tokens.token_key, keychanges._values, keychanges._entities):
            cached.cache_clear()
        clock = Stopwatch()
        comparison = compare(old, new, old_format=text_format, stopwatch=clock)
        with clock.stage("render"):
            render_json(comparison)
        if not best or sum(clock.seconds.values()) < sum(best.values()):
            best = clock.seconds
    return best


def time_in_process(function, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def difflib_words(pair: Pair) -> None:
    old, new = pair.old.read_text().split(), pair.new.read_text().split()
    list(difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes())


def redlines_diff(pair: Pair):
    try:
        from redlines import Redlines
    except ImportError:
        return None
    return lambda: Redlines(pair.old.read_text(), pair.new.read_text()).output_markdown


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1m,10m")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    gc.set_threshold(100_000, 50, 50)  # as draftwatch.cli.main does
    draftwatch = [sys.executable, "-m", "draftwatch"]
    pairs = ensure_pairs(args.sizes)
    header = (
        "| pair | size | parse | align | word diff | key changes | render | in-process "
        "| draftwatch (process) | peak MB | git word diff | peak MB | x git "
        "| difflib | redlines | redlines / draftwatch in-process |"
    )
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    print("\n".join(lines))
    results: dict[str, Run] = {}
    git_times: dict[str, float] = {}
    redlines_ratios: dict[str, float] = {}
    if not Path(GNU_TIME).exists():
        raise SystemExit(f"{GNU_TIME} is needed for peak memory: apt-get install time")
    for pair in pairs:
        ours = run_process(
            [*draftwatch, "diff", str(pair.old), str(pair.new), "--format", "json"], args.repeat
        )
        git = run_process(
            ["git", "diff", "--no-index", "--word-diff=porcelain", str(pair.old), str(pair.new)],
            args.repeat,
        )
        results[pair.name] = ours
        git_times[pair.name] = git.seconds
        seconds = stages(pair, args.repeat)
        in_process = sum(seconds.values())
        difflib_time = redlines_time = None
        if pair.size <= PEERS_UP_TO:
            difflib_time = time_in_process(lambda pair=pair: difflib_words(pair), args.repeat)
            peer = redlines_diff(pair)
            redlines_time = time_in_process(peer, args.repeat) if peer else None
            if redlines_time:
                redlines_ratios[pair.name] = redlines_time / in_process
        row = (
            f"| {pair.name} | {pair.size / 1000:,.0f} KB "
            + "".join(
                f"| {fmt_seconds(seconds.get(stage, 0.0))} "
                for stage in ("parse", "align", "word diff", "key changes", "render")
            )
            + f"| {fmt_seconds(in_process)} "
            f"| {fmt_seconds(ours.seconds)} | {ours.peak_mb:.0f} "
            f"| {fmt_seconds(git.seconds)} | {git.peak_mb:.0f} "
            f"| {ours.seconds / git.seconds:.0f}x "
            f"| {fmt_seconds(difflib_time)} | {fmt_seconds(redlines_time)} "
            f"| {f'{redlines_time / in_process:.1f}x' if redlines_time else '-'} |"
        )
        print(row, flush=True)
        lines.append(row)

    summary = []
    if "synth-1m" in results:
        summary.append(
            f"- 1 MB, whole pipeline to JSON as a process: {results['synth-1m'].seconds:.2f} s, "
            f"{results['synth-1m'].seconds / git_times['synth-1m']:.0f}x git's word diff "
            "(target at most 20x, must 40x)"
        )
    if "synth-100k" in redlines_ratios:
        summary.append(
            f"- 100 KB: redlines takes {redlines_ratios['synth-100k']:.1f}x draftwatch's time, "
            "both as library calls in one process (target at least 10x)"
        )
    if "synth-1m" in results and "synth-10m" in results:
        big = results["synth-10m"]
        summary.append(
            f"- 10 MB / 1 MB time: {big.seconds / results['synth-1m'].seconds:.1f}x"
            " (target at most 12x, must 15x); 10 MB peak memory "
            f"{big.peak_mb:.0f} MB (must stay under 1024 MB)"
        )
    print("\n".join(summary))
    if not args.no_write:
        command = "python bench/run.py " + " ".join(sys.argv[1:])
        machine = (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        )
        git_version = subprocess.run(
            ["git", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        body = [
            "# Benchmark results",
            "",
            f"Produced by `{command.strip()}` on {time.strftime('%Y-%m-%d')}",
            f"({machine}, {git_version}).",
            "Stage times are in-process; process times are the best of "
            f"{args.repeat} runs of `draftwatch diff OLD NEW --format json` and of "
            "`git diff --no-index --word-diff=porcelain`, with each one's peak resident memory. "
            "`x git` is draftwatch's process time over git's. `in-process` is the sum of the "
            "stages (best of the runs, caches emptied before each), a library call like the "
            "peers' figures: difflib (word-level SequenceMatcher) and redlines, in process and "
            "best of the runs too, on pairs up to 150 KB.",
            "",
            *lines,
            "",
            *summary,
            "",
        ]
        (HERE / "RESULTS.md").write_text("\n".join(body))
        print(f"Wrote {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
