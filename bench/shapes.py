"""Document shapes that stress a differ, at several sizes, as whole processes, in one run.

Usage: python bench/shapes.py [--sizes 100k,1m,4m] [--shapes a,b,...] [--timeout 300] [--no-write]

Each shape of ../shared/bench/gen_shapes.py (boilerplate, rewrite, shuffle, one huge paragraph,
thousands of tiny sections, a big table, number-dense text, CRLF) is built at each size into
bench/data/shapes/ (reused when present) and compared with `draftwatch diff OLD NEW --format json`
as a process: time and peak memory, beside git's `--word-diff=porcelain` on the same files and
the plain 1 MB prose pair (gen_pairs' synth-1m) as the yardstick. Per shape it prints the growth
exponent from the smallest to the largest size (1.0 is linear; time grows 10^e per 10x) and the
cost per MB relative to the plain pair. A run over --timeout seconds is killed and shown as
`>N s`. The table is written to bench/RESULTS-shapes.md with the command that produced it.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
DATA = HERE / "data" / "shapes"
GNU_TIME = "/usr/bin/time"
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
SHAPES = ("a", "b", "c", "d", "e", "f", "g", "h")
SHAPE_NAMES = {
    "a": "boilerplate repeated",
    "b": "totally rewritten",
    "c": "paragraphs shuffled",
    "d": "one huge paragraph",
    "e": "many tiny sections",
    "f": "one big table",
    "g": "every number changed",
    "h": "CRLF, no final newline",
}


@dataclass(frozen=True)
class Run:
    seconds: float | None  # None: killed at the timeout
    peak_mb: float


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * scale)


def build(shape: str, size: int) -> tuple[Path, Path]:
    found = sorted(DATA.glob(f"{shape}-{size}.old.*"))
    if not found:
        DATA.mkdir(parents=True, exist_ok=True)
        generator = SHARED / "bench" / "gen_shapes.py"
        subprocess.run(
            [sys.executable, str(generator), str(DATA), str(size), shape],
            check=True,
            capture_output=True,
        )
        found = sorted(DATA.glob(f"{shape}-{size}.old.*"))
    old = found[0]
    return old, old.with_name(old.name.replace(".old.", ".new."))


def plain_pair() -> tuple[Path, Path] | None:
    """gen_pairs' plain 1 MB prose pair, the yardstick (built by bench/run.py)."""
    data = HERE / "data"
    old = next(iter(sorted(data.glob("synth-1m.old.*"))), None)
    if old is None:
        generator = SHARED / "bench" / "gen_pairs.py"
        done = subprocess.run(
            [sys.executable, str(generator), "--out", str(data), "--sizes", "1m"],
            capture_output=True,
        )
        if done.returncode != 0:
            return None
        old = next(iter(sorted(data.glob("synth-1m.old.*"))), None)
    return (old, old.with_name(old.name.replace(".old.", ".new."))) if old else None


def timed(command: list[str], timeout: float) -> Run:
    """Wall time and peak memory (GNU time's maximum resident set) of one process."""
    with tempfile.NamedTemporaryFile(suffix=".time") as report:
        prefix = [GNU_TIME, "-f", "%M", "-o", report.name] if Path(GNU_TIME).exists() else []
        start = time.perf_counter()
        try:
            subprocess.run(
                prefix + command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=CHILD_ENV,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return Run(None, 0.0)
        seconds = time.perf_counter() - start
        text = Path(report.name).read_text().strip() if prefix else ""
        peak = int(text.splitlines()[-1]) / 1024 if text else 0.0
    return Run(seconds, peak)


def draftwatch(old: Path, new: Path, timeout: float) -> Run:
    command = [sys.executable, "-m", "draftwatch", "diff", str(old), str(new), "--format", "json"]
    return timed(command, timeout)


def git_word_diff(old: Path, new: Path, timeout: float) -> Run:
    command = ["git", "diff", "--no-index", "--word-diff=porcelain", str(old), str(new)]
    return timed(command, timeout)


def shown(run: Run, timeout: float) -> str:
    return f">{timeout:.0f} s" if run.seconds is None else f"{run.seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m,4m")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--no-write", action="store_true")
    options = parser.parse_args()
    sizes = [parse_size(s) for s in options.sizes.split(",")]
    shapes = options.shapes.split(",")

    yardstick = plain_pair()
    plain = draftwatch(*yardstick, options.timeout) if yardstick else None
    plain_per_mb = (
        plain.seconds / (yardstick[0].stat().st_size / 1e6)
        if plain and plain.seconds and yardstick
        else None
    )
    header = "| shape | " + " | ".join(f"{s // 1000:,} KB" for s in sizes)
    header += " | growth exponent | per MB vs plain | peak MB at largest | git at largest |"
    lines = [header, "|---" * (len(sizes) + 5) + "|"]
    for shape in shapes:
        runs, files = [], []
        for size in sizes:
            old, new = build(shape, size)
            files.append((old, new))
            runs.append(draftwatch(old, new, options.timeout))
        first, last = runs[0], runs[-1]
        first_mb = files[0][0].stat().st_size / 1e6
        last_mb = files[-1][0].stat().st_size / 1e6
        exponent = "-"
        if first.seconds and last.seconds and last_mb > first_mb:
            exponent = (
                f"{math.log(last.seconds / first.seconds) / math.log(last_mb / first_mb):.2f}"
            )
        per_mb = "-"
        if last.seconds and plain_per_mb:
            per_mb = f"{last.seconds / last_mb / plain_per_mb:.1f}x"
        git = git_word_diff(*files[-1], options.timeout)
        cells = [shown(run, options.timeout) for run in runs]
        name = f"{shape}: {SHAPE_NAMES.get(shape, shape)}"
        peak = f"{last.peak_mb:.0f}" if last.seconds else "-"
        lines.append(
            f"| {name} | {' | '.join(cells)} | {exponent} | {per_mb} | {peak} | "
            f"{shown(git, options.timeout)} |"
        )
        print(lines[-1], flush=True)
    if plain and yardstick:
        size_kb = yardstick[0].stat().st_size // 1000
        lines.append(
            f"\nPlain prose pair ({yardstick[0].name}, {size_kb:,} KB): "
            f"{shown(plain, options.timeout)}, {plain.peak_mb:.0f} MB peak."
        )
    command = "python bench/shapes.py " + " ".join(sys.argv[1:])
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
    report = "\n".join(
        [
            "# Document shapes",
            "",
            f"`{command.strip()}` on {machine}, Python {platform.python_version()}, one run.",
            "Time of `draftwatch diff OLD NEW --format json` as a process; growth exponent from "
            "the smallest to the largest size (1.0 = linear).",
            "",
            *lines,
            "",
        ]
    )
    print(report)
    if not options.no_write:
        (HERE / "RESULTS-shapes.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
