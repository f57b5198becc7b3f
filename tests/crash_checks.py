"""What a killed `draftwatch add` may have broken, judged with plain git (shared with the bench).

Used after the next command (`draftwatch log`) has run, so only damage nothing repairs counts.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

KINDS = (
    "commit without tag",
    "tag without commit",
    "staged",
    "untracked",
    "modified",
    "mismatch",
    "git lock left",
    "original lost",
)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def damage(root: Path, doc: str, logged: str, allowed_status: tuple[str, ...] = ()) -> list[str]:
    """The kinds of damage found (empty: consistent). `logged` is `draftwatch log --format json`.

    allowed_status: `git status --porcelain` lines the user made and expects to find unchanged.
    """
    found = []
    has_head = subprocess.run(
        ["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=root, capture_output=True
    ).returncode
    commits = (
        _git(root, "log", "--format=%H", "HEAD", "--", "versions").split() if has_head == 0 else []
    )
    on_branch = set(_git(root, "rev-list", "HEAD").split()) if has_head == 0 else set()
    tags = {}
    for line in _git(
        root, "for-each-ref", "--format=%(refname:short) %(objectname) %(*objectname)", "refs/tags/"
    ).splitlines():
        name, target, peeled = line.split(" ")
        tags[name] = peeled or target  # an annotated tag's commit, or a lightweight tag's
    tagged = set(tags.values())
    if any(commit not in tagged for commit in commits):
        found.append("commit without tag")
    if any(commit not in on_branch for commit in tags.values()):
        found.append("tag without commit")
    status = [
        line
        for line in _git(root, "status", "--porcelain", "--untracked-files=all").splitlines()
        if line not in allowed_status
    ]
    if any(line.startswith("??") for line in status):
        found.append("untracked")
    if any(line[0] not in " ?" for line in status):
        found.append("staged")
    if any(line[0] == " " for line in status):
        found.append("modified")
    folder = root / "versions" / doc
    files = sorted(
        p.name for p in folder.glob("[0-9][0-9][0-9][0-9]*.*") if p.suffix in {".md", ".txt"}
    )
    for name in files:  # an original named in the front matter is there, byte for byte
        head = (folder / name).read_text(encoding="utf-8").split("\n---\n", 1)[0]
        facts = dict(line.split(": ", 1) for line in head.splitlines()[1:] if ": " in line)
        if "original_file" in facts:
            original = folder / json.loads(facts["original_file"])
            digest = hashlib.sha256(original.read_bytes()).hexdigest() if original.exists() else ""
            if digest != json.loads(facts["original_sha256"]):
                found.append("original lost")
    originals = {p.name for p in folder.glob("[0-9][0-9][0-9][0-9].*")} - set(files)
    if originals and not files:
        found.append("original lost")
    doc_tags = [name for name in tags if name.startswith(f"{doc}/v")]
    try:
        versions = [entry["version"] for entry in json.loads(logged or "[]")]
    except ValueError:
        versions = None
    counts = {len(files), len(doc_tags), len(commits)}
    if versions is None or counts != {len(versions)} or versions != list(range(1, len(files) + 1)):
        found.append("mismatch")
    git_dir = root / ".git"
    locks = sorted(p for p in git_dir.rglob("*.lock") if p.name != "draftwatch.lock")
    if locks:  # index.lock, a ref's .lock: git would refuse to work
        found.append(
            "git lock left: " + ", ".join(p.relative_to(git_dir).as_posix() for p in locks)
        )
    return found


def run_draftwatch(
    root: Path, *args: str, env=None, timeout: float = 60
) -> subprocess.CompletedProcess:
    """The real command line in a child process, never reading the terminal."""
    return subprocess.run(
        [sys.executable, "-m", "draftwatch", *args],
        cwd=root,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
