"""draftwatch inside git: an external diff driver, and the configuration that installs it.

`install_driver` writes `diff.draftwatch.command` into git's config and a marked block of
`<pattern> diff=draftwatch` lines into an attributes file (the repository's own
`.git/info/attributes`, or the user's global one), so `git diff` (and `git log -p --ext-diff`,
`git show --ext-diff`) prints draftwatch's view for those files only. `run_driver` follows git's
external diff convention (GIT_EXTERNAL_DIFF in git(1)): seven arguments, or nine for a rename;
`/dev/null` stands for the missing side of an added or deleted file.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from draftwatch.errors import BadInputError, StoreError
from draftwatch.render.safe import safe_line, safe_text
from draftwatch.versions.gitrepo import git_command
from draftwatch.versions.snapshot import earlier_snapshot_paths

DRIVER = "draftwatch"
BEGIN = "# draftwatch: begin (draftwatch install-git-driver)"
END = "# draftwatch: end"
DEFAULT_PATTERNS = ("versions/*/*.md", "versions/*/*.txt")
_BINARY_SAMPLE = 8000  # git's own test: a NUL byte in the first 8000 bytes


@dataclass(frozen=True)
class Installed:
    config_scope: str  # "local" | "global"
    command: str
    attributes_file: Path
    patterns: tuple[str, ...]


def driver_command() -> str:
    """How git should call us: this very draftwatch, so it works without an activated venv.

    The trailing `--` ends options: git appends the file's path, which may start with a dash.
    """
    script = shutil.which("draftwatch")
    if script and Path(sys.argv[0]).name == "draftwatch":
        script = str(Path(sys.argv[0]).resolve())
    if script:
        return f"{shlex.quote(script)} git-diff-driver --"
    return f"{shlex.quote(sys.executable)} -m draftwatch git-diff-driver --"


def _attributes_file(global_scope: bool, cwd: Path) -> Path:
    if not global_scope:
        return Path(git_command("rev-parse", "--git-path", "info/attributes", cwd=cwd)).resolve()
    configured = ""
    try:
        configured = git_command("config", "--global", "--get", "core.attributesFile", cwd=cwd)
    except StoreError:
        configured = ""
    if configured:
        return Path(os.path.expanduser(configured))
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "git" / "attributes"


def install_driver(
    patterns: tuple[str, ...], *, global_scope: bool, cwd: Path | None = None
) -> Installed:
    cwd = cwd or Path.cwd()
    if not global_scope:
        git_command("rev-parse", "--git-dir", cwd=cwd)  # a clear error outside a repository
    for pattern in patterns:
        if not pattern.strip() or any(c in pattern for c in "\n\r") or pattern.startswith("#"):
            raise BadInputError(f"{pattern!r} is not a usable file pattern")
    patterns = tuple(dict.fromkeys((*DEFAULT_PATTERNS, *patterns)))
    scope = "--global" if global_scope else "--local"
    command = driver_command()
    git_command("config", scope, f"diff.{DRIVER}.command", command, cwd=cwd)
    attributes = _attributes_file(global_scope, cwd)
    block = [BEGIN, *(f"{_escape_pattern(p)} diff={DRIVER}" for p in patterns), END]
    _replace_block(attributes, block)
    return Installed("global" if global_scope else "local", command, attributes, patterns)


def uninstall_driver(*, global_scope: bool, cwd: Path | None = None) -> Path:
    cwd = cwd or Path.cwd()
    scope = "--global" if global_scope else "--local"
    with contextlib.suppress(StoreError):  # not configured: nothing to remove
        git_command("config", scope, "--remove-section", f"diff.{DRIVER}", cwd=cwd)
    attributes = _attributes_file(global_scope, cwd)
    _replace_block(attributes, [])
    return attributes


def _escape_pattern(pattern: str) -> str:
    """gitattributes patterns with spaces are written in C-style quotes."""
    if any(c.isspace() for c in pattern) or '"' in pattern:
        return '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return pattern


def _replace_block(path: Path, block: list[str]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    if BEGIN in lines and END in lines[lines.index(BEGIN) :]:
        start = lines.index(BEGIN)
        end = lines.index(END, start)
        lines[start : end + 1] = block
    elif block:
        lines += block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


# The driver itself.


def run_driver(arguments: tuple[str, ...], *, color: bool) -> str:
    """Git's seven (or nine) arguments in, the text to print out. Never raises on content."""
    if len(arguments) not in (7, 9):
        raise BadInputError(
            "git-diff-driver is called by git with 7 or 9 arguments "
            "(path old-file old-hex old-mode new-file new-hex new-mode [new-path rename-info])"
        )
    path, old_file, _, _, new_file, _, _ = arguments[:7]
    new_path = arguments[7] if len(arguments) == 9 else path
    predecessor = _predecessor(new_path) if old_file == os.devnull else None
    if predecessor is not None:
        # A new snapshot is news against the version before it, not against nothing.
        path, old_file = predecessor.as_posix(), str(predecessor)
    old_bytes = _read(old_file)
    new_bytes = _read(new_file)
    shown_old, shown_new = safe_line(path), safe_line(new_path)  # file names are outside text
    header = f"diff --draftwatch a/{shown_old} b/{shown_new}\n"
    if _is_binary(old_bytes) or _is_binary(new_bytes):
        return header + f"Binary files a/{shown_old} and b/{shown_new} differ\n"
    try:
        return header + _compare_view(
            path, new_path, old_bytes, new_bytes, old_file, new_file, color
        )
    except Exception as error:  # never break `git diff`: fall back to a line diff
        return (
            header
            + f"(draftwatch could not compare these: {safe_line(str(error))})\n"
            + safe_text(_line_diff(path, new_path, old_bytes, new_bytes))
        )


def _predecessor(path: str) -> Path | None:
    """versions/<doc>/0003.md -> versions/<doc>/0002.md (or .txt), when it is in the work tree.
    Snapshots never change once added, so the work tree's copy is the one of any revision."""
    return next((Path(p) for p in earlier_snapshot_paths(path) if Path(p).is_file()), None)


def _read(name: str) -> bytes:
    if name == os.devnull:
        return b""
    return Path(name).read_bytes()


def _is_binary(data: bytes) -> bool:
    return b"\0" in data[:_BINARY_SAMPLE]


def _compare_view(
    path: str,
    new_path: str,
    old_bytes: bytes,
    new_bytes: bytes,
    old_file: str,
    new_file: str,
    color: bool,
) -> str:
    from draftwatch.engine import compare_versions
    from draftwatch.model import Version
    from draftwatch.render.terminal import render_terminal
    from draftwatch.versions.ingest import detect_format
    from draftwatch.versions.ingest.text import decode_text
    from draftwatch.versions.snapshot import strip_front_matter

    old_text, _ = decode_text(strip_front_matter(old_bytes), path)
    new_text, _ = decode_text(strip_front_matter(new_bytes), new_path)
    fmt = detect_format(new_path)
    old_ref = "/dev/null" if old_file == os.devnull else f"a/{path}"
    new_ref = "/dev/null" if new_file == os.devnull else f"b/{new_path}"
    comparison = compare_versions(
        Version(text=old_text, format=fmt, ref=old_ref),
        Version(text=new_text, format=fmt, ref=new_ref),
    )
    return render_terminal(comparison, color=color)


def _line_diff(path: str, new_path: str, old_bytes: bytes, new_bytes: bytes) -> str:
    import difflib

    old = old_bytes.decode("utf-8", "replace").splitlines(keepends=True)
    new = new_bytes.decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, f"a/{path}", f"b/{new_path}"))
