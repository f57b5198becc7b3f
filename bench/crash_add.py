"""Real SIGKILLs at random moments of `draftwatch add`, and the damage nothing repairs.

Usage: python bench/crash_add.py [--kills 300] [--seed 1] [--group]

It first times uninterrupted adds, then for each kill: starts `python -m draftwatch add` of a
new text, sends SIGKILL after a random delay drawn uniformly over that duration (some adds
finish first; they count as kills that came too late), runs `draftwatch log` (which repairs
what it can), and checks the repository with plain git: every commit touching versions/ has
its tag and every tag its commit on the branch, `git status --porcelain --untracked-files=all`
shows nothing but the user's own staged file, and files, tags, commits and `log` agree on the
number of versions. A repository is reused for successive versions (up to --per-repo kills, so
first versions on an unborn branch are killed too) and replaced once damaged.

By default only the draftwatch process is killed (as `kill -9 PID` or the OOM killer would),
so a git child it started may finish on its own; --group kills its git children with it.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.crash_checks import KINDS, damage  # noqa: E402

DOC = "paper"
USER_FILE = "A  notes.md"
TRACES = ("draftwatch-tmp-", "draftwatch-add.json", ".draftwatch-")  # what an add in flight keeps
CHILD_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}


def _draftwatch(*args: str) -> list[str]:
    return [sys.executable, "-m", "draftwatch", *args]


def new_repository(base: Path, number: int) -> Path:
    root = base / f"repo{number:04d}"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "versions").mkdir()
    (root / "notes.md").write_text("the user's own staged file\n")
    subprocess.run(["git", "add", "notes.md"], cwd=root, check=True)
    return root


def draft(folder: Path, number: int, rng: random.Random) -> Path:
    path = folder / f"draft{number:05d}.md"
    words = " ".join(
        rng.choice(["union", "fund", "spending", "member", "state"]) for _ in range(40)
    )
    path.write_text(f"# Paper\n\n## Section\n\nDraft {number}: {words}.\n")
    return path


def calibrate(base: Path, rng: random.Random, runs: int = 5) -> float:
    root = new_repository(base, 9999)
    times = []
    for number in range(runs):
        source = draft(base, 90000 + number, rng)
        started = time.perf_counter()
        subprocess.run(
            _draftwatch("add", str(source), "--doc", DOC),
            cwd=root,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=True,
            env=CHILD_ENV,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def kill_once(root: Path, source: Path, delay: float, group: bool) -> bool:
    """Start an add and SIGKILL it after `delay` seconds. True if it was still running."""
    process = subprocess.Popen(
        _draftwatch("add", str(source), "--doc", DOC),
        cwd=root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=CHILD_ENV,
        start_new_session=group,
    )
    time.sleep(delay)
    running = process.poll() is None
    if running:
        with_children = group and hasattr(os, "killpg")
        (os.killpg if with_children else os.kill)(process.pid, signal.SIGKILL)
    process.wait()
    return running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-repo", type=int, default=20, help="kills per repository")
    parser.add_argument("--group", action="store_true", help="kill git children too")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="draftwatch-crash-") as folder:
        base = Path(folder)
        duration = calibrate(base, rng)
        print(f"an uninterrupted add takes {duration * 1000:.0f} ms (median of 5)", file=sys.stderr)
        kinds: Counter[str] = Counter()
        outcomes: Counter[str] = Counter()
        damaged = 0
        root, used, repos = new_repository(base, 0), 0, 1
        for number in range(args.kills):
            if used >= args.per_repo:
                root, used, repos = new_repository(base, repos), 0, repos + 1
            used += 1
            source = draft(base, number, rng)
            if not kill_once(root, source, rng.uniform(0, duration * 1.1), args.group):
                outcomes["finished before the kill"] += 1
            git_dir = root / ".git"
            if any(p.name.startswith(TRACES) for p in git_dir.iterdir()):
                outcomes["killed mid-transaction"] += 1
            logged = subprocess.run(
                _draftwatch("log", "--format", "json"),
                cwd=root,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                env=CHILD_ENV,
            )
            if "(completed)" in logged.stderr:
                outcomes["completed by recovery"] += 1
            elif "(undone" in logged.stderr:
                outcomes["undone by recovery"] += 1
            found = damage(
                root, DOC, logged.stdout if logged.returncode == 0 else "x", (USER_FILE,)
            )
            if found:
                damaged += 1
                kinds.update(kind.partition(":")[0] for kind in found)
                print(f"kill {number}: damaged ({', '.join(found)}) in {root}", file=sys.stderr)
                root, used, repos = new_repository(base, repos), 0, repos + 1
        details = ", ".join(f"{kind} {kinds[kind]}" for kind in KINDS)
        print(f"{args.kills} kills, {damaged} damaged ({details})")
        print(
            "  "
            + ", ".join(f"{name}: {count}" for name, count in sorted(outcomes.items()))
            + f"; {repos} repositories; kill delays uniform over 0-{duration * 1.1 * 1000:.0f} ms"
            + (" (process group)" if args.group else " (draftwatch process only)")
        )


if __name__ == "__main__":
    main()
