"""The command line: arguments in, one library call, output out. No logic lives here."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from draftwatch.errors import DraftwatchError
from draftwatch.render.safe import safe_line, safe_text

if TYPE_CHECKING:
    from draftwatch.versions.store import Store


class UserError(click.ClickException):
    """A refusal the user can act on: one line on stderr, exit status 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"draftwatch: error: {safe_line(self.format_message())}", err=True)


class DraftwatchGroup(click.Group):
    """Turns library errors into one-line messages; never a traceback for bad input."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DraftwatchError as error:
            raise UserError(str(error)) from None
        except click.UsageError as error:
            where = error.ctx.command_path if error.ctx else "draftwatch"
            message = " ".join(error.format_message().split())
            raise UserError(f"{message} (see `{where} --help`)") from None
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            sys.stderr.close()
            raise click.exceptions.Exit(0) from None
        except Exception as error:
            if os.environ.get("DRAFTWATCH_DEBUG"):
                raise
            message = f"internal error: {type(error).__name__}: {error} (please report this)"
            raise UserError(" ".join(message.split())) from None


class Session:
    """What every command shares: the store (opened once, when first needed), and whether and
    how wide to draw on a terminal."""

    def __init__(self) -> None:
        self._store: Store | None = None

    def store(self) -> Store:
        """The workspace around the current folder; a clear error outside one."""
        if self._store is None:
            from draftwatch.versions.store import Store

            self._store = Store.discover()
            for notice in self._store.notices:  # what opening it repaired
                click.echo(f"draftwatch: {notice}", err=True)
        return self._store

    def store_or_none(self) -> Store | None:
        """The workspace, or None where files are compared outside any."""
        from draftwatch.errors import StoreError

        try:
            return self.store()
        except StoreError:
            return None

    @staticmethod
    def color(output: Path | None = None, *, stream: TextIO = sys.stdout) -> bool:
        """Colour only on a terminal, never into a file, never with NO_COLOR set."""
        return output is None and stream.isatty() and not os.environ.get("NO_COLOR")

    @staticmethod
    def width() -> int:
        return shutil.get_terminal_size((100, 24)).columns


pass_session = click.make_pass_decorator(Session, ensure=True)
#: `-o FILE`, for the commands that print a page: written to FILE instead.
output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)

#: diff formats that are files, not text: they need -o FILE.
BINARY_FORMATS = ("docx", "pdf")
#: diff formats whose changes are accepted or rejected: every change stays in them.
REDLINE_FORMATS = ("docx", "critic")


@click.group(cls=DraftwatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="draftwatch")
def cli() -> None:
    """Keep every version of a draft and see exactly what changed.

    \b
    Example:
      draftwatch init tracker && cd tracker
      draftwatch add draft.md --doc white-paper --label "leaked draft"
      draftwatch diff
    """


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a git repository with a versions/ folder in DIRECTORY (default: here).

    \b
    Example:
      draftwatch init tracker
    """
    from draftwatch.versions.store import init_workspace

    root, created = init_workspace(directory)
    state = "Initialised a new" if created else "Using the existing"
    click.echo(f"{state} git repository in {root}; snapshots go under {root / 'versions'}")


@cli.command()
@click.argument("source")
@click.option(
    "--doc", "doc", required=True, metavar="NAME", help="Document name, e.g. white-paper."
)
@click.option("--label", metavar="TEXT", help='A name for this version, e.g. "council text".')
@click.option(
    "--date", "on_date", metavar="YYYY-MM-DD", help="The version's date (default: today)."
)
@click.option(
    "--source", "source_note", metavar="TEXT", help="Where the text came from (URL, sender...)."
)
@click.option(
    "--format",
    "fmt",
    metavar="FMT",
    help="Input format when the name does not say: md, txt, pdf, docx or html.",
)
@click.option(
    "--whole-page", is_flag=True, help="HTML: keep the whole page, not only its main text."
)
@click.option("--ocr", is_flag=True, help="A PDF without a text layer: read it by OCR (tesseract).")
@click.option(
    "--no-original",
    is_flag=True,
    help="Do not keep the PDF, Word or HTML file beside the snapshot.",
)
@click.option(
    "--report/--no-report",
    "with_report",
    default=None,
    help="Commit the change report and history index with the snapshot (default: yes, unless "
    "draftwatch.toml says report = false).",
)
@pass_session
def add(
    session: Session,
    source: str,
    doc: str,
    label: str | None,
    on_date: str | None,
    source_note: str | None,
    fmt: str | None,
    whole_page: bool,
    ocr: bool,
    no_original: bool,
    with_report: bool | None,
) -> None:
    """Store SOURCE (a md, txt, pdf, docx or html file, a URL, - for stdin) as a new version.

    One commit holds the snapshot, its change report against the previous version
    (reports/<doc>/v<N-1>-v<N>.html) and the refreshed reports/<doc>/index.html.

    \b
    Example:
      draftwatch add draft-2025-03-12.pdf --doc white-paper --label "leaked draft" \\
          --date 2025-03-12 --source "sent by a reader"
    """
    from draftwatch.versions.ingest import is_url, receive_bytes, receive_path, receive_url
    from draftwatch.versions.names import check_source

    if source_note is not None:
        check_source(source_note)
    if source == "-":
        received = receive_bytes(
            sys.stdin.buffer.read(), "stdin", fmt, whole_page=whole_page, ocr=ocr
        )
    elif is_url(source):
        received = receive_url(source, fmt, whole_page=whole_page, ocr=ocr)
    else:
        with _page_progress() as on_page:
            received = receive_path(
                Path(source), fmt, whole_page=whole_page, ocr=ocr, on_page=on_page
            )
    ingested = received.version
    if source_note is None:
        check_source(ingested.source)  # the default source: a file name is one line too
    for notice in received.notices:
        click.echo(f"draftwatch: {notice}", err=True)
    original = None
    if received.original is not None and not no_original:
        original = (received.original_suffix, received.original)
    store = session.store()
    from draftwatch.config import load_config

    settings = load_config(store.root).for_document(doc)
    if with_report is None:
        with_report = settings.report
    files_with = None
    if with_report:
        from draftwatch.reports import report_files

        files_with = report_files(store, doc)
    result = store.add(ingested, doc, label, on_date, source_note, original, files_with=files_with)
    for notice in result.notices:
        click.echo(f"draftwatch: {notice}", err=True)
    if result.created:
        added = result.version
        kept = f", original kept as {added.original_file}" if added.original_file else ""
        click.echo(f"Added {added.ref} ({added.date}) as {doc}/v{added.number}{kept}")
        if with_report:
            click.echo(f"Report: reports/{doc}/index.html (committed with it)")
    else:
        click.echo(f"Unchanged: the text is identical to {result.version.ref}; nothing committed")


def _reports_up_to_date(count: int) -> str:
    return "the report is up to date" if count == 1 else f"all {count} reports are up to date"


class _LazyBar:
    """A progress bar on standard error, drawn only from its first step on."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def advance(self, length: int, steps: int = 1) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=length, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(steps)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@contextlib.contextmanager
def _slow_progress(length: int, label: str, after: float = 0.5) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal that shows only once the work has taken `after` seconds,
    so that a run with nothing to do (every report up to date) prints no bar."""
    import time

    started = time.monotonic()
    steps = 0
    bar = _LazyBar(label)

    def on_step() -> None:
        nonlocal steps
        steps += 1
        if bar.bar is not None:
            bar.advance(length)
        elif sys.stderr.isatty() and time.monotonic() - started >= after:
            bar.advance(length, steps)  # the steps done so far, at once

    try:
        yield on_step
    finally:
        bar.close()


@contextlib.contextmanager
def _page_progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar over a long PDF's pages on a terminal (from 20 pages); nothing when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = _LazyBar("Reading pages")

    def on_page(done: int, total: int) -> None:
        if total >= 20:
            bar.advance(total)

    try:
        yield on_page
    finally:
        bar.close()


@cli.command()
@click.argument("doc", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text: one line per version; json: for scripts.",
)
@pass_session
def log(session: Session, doc: str | None, fmt: str) -> None:
    """List the versions of DOC (or of every document).

    \b
    Example:
      draftwatch log white-paper --format json
    """
    store = session.store()
    docs = (doc,) if doc else store.documents()
    versions = [version for name in docs for version in store.require_headers(name)]
    if fmt == "json":
        from draftwatch.render.json import render_versions_json

        click.echo(render_versions_json(versions), nl=False)
        return
    from draftwatch.render.terminal import render_log

    click.echo(render_log(versions), nl=False)


@cli.command()
@click.argument("ref")
@pass_session
def show(session: Session, ref: str) -> None:
    """Print the text of one version: doc@N, doc@latest, doc@latest~1, doc@LABEL, a file.

    Piped or redirected, the text is exactly as stored. On a terminal, control characters
    (escape sequences) and bidi overrides are shown as visible escapes such as \\x1b.

    \b
    Example:
      draftwatch show white-paper@1
      draftwatch show white-paper@1 > exact-copy.md
    """
    from draftwatch.versions.refs import resolve

    text = resolve(ref, session.store()).text
    if sys.stdout.isatty():
        click.echo(safe_text(text), nl=False)
    else:  # exactly as stored: color=True stops click from stripping escape sequences
        click.echo(text, nl=False, color=True)


@cli.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["term", "json", "md", "html", "docx", "pdf", "critic"]),
    default="term",
    help="term: word diff per section; json: for scripts; md: a pull-request comment; "
    "html: a self-contained report; docx: a Word redline with tracked changes (-o FILE); "
    "pdf: the report printed by Chromium (-o FILE); critic: CriticMarkup.",
)
@click.option("--stat", is_flag=True, help="One line per changed section with word counts.")
@click.option(
    "--ignore-cosmetic", is_flag=True, help="Hide spacing, quote, case and renumbering edits."
)
@click.option(
    "--ignore",
    "ignore_patterns",
    multiple=True,
    metavar="REGEX",
    help="Treat changes within text matching REGEX as cosmetic, e.g. a version stamp "
    "(repeatable; adds to draftwatch.toml's ignore).",
)
@click.option(
    "--old-format",
    type=click.Choice(["md", "txt"]),
    help="Read OLD as Markdown or plain text, whatever its name says (e.g. for - or REV:path).",
)
@click.option("--new-format", type=click.Choice(["md", "txt"]), help="The same for NEW.")
@click.option("--exit-code", is_flag=True, help="Exit with status 1 when the versions differ.")
@click.option(
    "--context",
    "context_words",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    metavar="N",
    help="Words of unchanged text shown around each change; longer runs fold to "
    '"… 240 unchanged words …".',
)
@click.option("--full", is_flag=True, help="Show the whole text of each changed section.")
@click.option(
    "--raw",
    is_flag=True,
    help="Compare the Markdown source as it is (markup, link targets) instead of its text.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "fr", "de"]),
    help="Read key changes in this language (default: detected from the new text).",
)
@click.option(
    "--granularity",
    type=click.Choice(["word", "char"]),
    default="word",
    help="Diff by words (characters for Chinese and Japanese) or by characters.",
)
@output_option
@pass_session
def diff(
    session: Session,
    old: str | None,
    new: str | None,
    fmt: str,
    stat: bool,
    ignore_cosmetic: bool,
    ignore_patterns: tuple[str, ...],
    old_format: str | None,
    new_format: str | None,
    exit_code: bool,
    context_words: int,
    full: bool,
    raw: bool,
    lang: str | None,
    granularity: str,
    output: Path | None,
) -> None:
    """Compare two versions (default: the two latest of the only document).

    \b
    Examples:
      draftwatch diff
      draftwatch diff white-paper@1 white-paper@latest --format json -o changes.json
      draftwatch diff old.md new.md --stat
      cat draft.md | draftwatch diff white-paper@2 - --new-format md
      draftwatch diff white-paper@2 white-paper@3 --format docx -o redline.docx
      draftwatch diff old.md new.md --ignore 'Last updated: [0-9-]+'
      draftwatch diff old.md new.md --context 5     # or --full: every word

    \b
    A text side written in Markdown (# headings, pipe tables) beside a Markdown side is
    read as Markdown; a plain text side keeps its own headings.
    Markdown is compared as read (markup rendered, changed link targets listed apart);
    --raw compares the source as it is.
    Noise rules (ignore, rewrite, min_change_words) are read from draftwatch.toml.
    """
    from draftwatch.config import load_config
    from draftwatch.engine import compare_versions
    from draftwatch.errors import BadInputError
    from draftwatch.versions.refs import resolve_pair

    if fmt in BINARY_FORMATS and output is None:
        raise BadInputError(
            f"--format {fmt} writes a binary file: give -o FILE (e.g. -o redline.{fmt})"
        )
    if fmt in REDLINE_FORMATS and ignore_cosmetic:
        raise BadInputError(
            f"--format {fmt} holds every change, so that rejecting them all gives the old "
            "text: drop --ignore-cosmetic"
        )
    store = session.store_or_none()
    old_version, new_version = resolve_pair(old, new, store, old_format, new_format)
    config = load_config(store.root if store is not None else Path.cwd())
    settings = config.for_document(new_version.doc or old_version.doc)
    noise = settings.noise(ignore_patterns)
    noise.compiled()  # a bad --ignore pattern: one clear line before any work
    comparison = compare_versions(
        old_version, new_version, raw=raw, noise=noise, language=lang, granularity=granularity
    )
    if ignore_cosmetic:
        from draftwatch.engine import without_cosmetic

        comparison = without_cosmetic(comparison)
    if fmt in BINARY_FORMATS:
        from draftwatch.exports import docx_redline, pdf_report

        data = docx_redline(comparison, raw=raw) if fmt == "docx" else pdf_report(comparison)
        _emit(data, output)
        if exit_code and comparison.has_changes:
            raise click.exceptions.Exit(1)
        return
    if fmt == "critic":
        from draftwatch.exports import critic_redline

        text = critic_redline(comparison, raw=raw)
    elif fmt == "json":
        from draftwatch.render.json import render_json

        lineages = None
        old_version, new_version = comparison.old, comparison.new
        if store is not None and old_version.doc and old_version.doc == new_version.doc:
            from draftwatch.history import lineage_of_sections, load_history

            up_to = max(old_version.number, new_version.number)
            lineages = lineage_of_sections(load_history(store, new_version.doc, up_to), comparison)
        text = render_json(comparison, lineages)
    elif fmt == "html":
        from draftwatch.render.html import render_html

        text = render_html(comparison, context=None if full else context_words)
    elif fmt == "md":
        from draftwatch.render.markdown import render_markdown

        text = render_markdown(comparison)
    elif stat:
        from draftwatch.render.terminal import render_stat

        text = render_stat(comparison)
    else:
        from draftwatch.render.terminal import render_terminal

        color = session.color(output)
        text = render_terminal(
            comparison,
            color=color,
            width=session.width() if color else 100,
            context=None if full else context_words,
        )
    _emit(text, output)
    if exit_code and comparison.has_changes:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("refs", nargs=-1, metavar="[DOC | OLD NEW]")
@click.option("--all", "whole_history", is_flag=True, help="Every consecutive pair and an index.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="The report file (or, with --all, the folder). Default: reports/<doc>/.",
)
@pass_session
def report(
    session: Session, refs: tuple[str, ...], whole_history: bool, output: Path | None
) -> None:
    """Write an HTML change report that opens offline in any browser.

    \b
    Examples:
      draftwatch report                       # the two latest versions of the only document
      draftwatch report white-paper --all     # every version, with a timeline: index.html
      draftwatch report white-paper@1 white-paper@3 -o changes.html
    """
    from draftwatch.config import load_config
    from draftwatch.errors import BadInputError
    from draftwatch.reports import (
        document_folder,
        history_steps,
        inside_repository,
        pair_file_name,
        report_folder,
        to_latest_count,
        write_history,
        write_pair_report,
    )
    from draftwatch.versions.refs import resolve_pair

    if len(refs) > 2:
        raise BadInputError("give at most two versions: draftwatch report [DOC | OLD NEW]")
    store = session.store_or_none()
    root = store.root if store is not None else Path.cwd()
    if whole_history:
        if store is None:
            raise BadInputError("--all needs a draftwatch workspace (run `draftwatch init`)")
        if len(refs) > 1:
            raise BadInputError("--all takes one document: draftwatch report DOC --all")
        doc = refs[0] if refs else store.only_document()
        steps = history_steps(store, doc)
        folder = output or inside_repository(document_folder(root, doc), root)
        noise = load_config(root).for_document(doc).noise()
        with _slow_progress(len(steps) + to_latest_count(steps), "Comparing") as on_step:
            done = write_history(store, doc, folder, steps, on_step=on_step, noise=noise)
        if done.removed:
            click.echo(
                f"Removed {done.removed} comparisons with an earlier latest version", err=True
            )
        if done.written:
            written = f"{done.written} report{'s' if done.written != 1 else ''}"
            click.echo(f"Wrote {written}, reused {done.reused} (up to date)", err=True)
        else:
            click.echo(
                f"Nothing to rewrite: {_reports_up_to_date(done.reused)} "
                "(reused; index refreshed if needed)",
                err=True,
            )
        click.echo(_shown_path(done.index))
        return
    old, new = resolve_pair(refs[0] if refs else None, refs[1] if len(refs) > 1 else None, store)
    path = output or inside_repository(report_folder(root, old, new), root) / pair_file_name(
        old, new
    )
    noise = load_config(root).for_document(new.doc or old.doc).noise()
    click.echo(_shown_path(write_pair_report(old, new, path, noise)))


@cli.command()
@click.argument("source", required=False)
@click.option("--doc", metavar="NAME", help="The document SOURCE feeds.")
@click.option(
    "--sources",
    "sources_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="A TOML file of [[source]] tables (url, doc, format), checked together.",
)
@click.option("--every", metavar="DURATION", help="Check again every DURATION (30m, 6h, 1d).")
@click.option("--once", is_flag=True, help="Check once and exit (the default).")
@click.option(
    "--on-change",
    metavar="CMD",
    help="Run CMD for each new version (DRAFTWATCH_REF, _SNAPSHOT, _REPORT... in its env).",
)
@click.option("--format", "fmt", metavar="FMT", help="Read SOURCE as md, txt, pdf, docx or html.")
@click.option("--whole-page", is_flag=True, help="HTML: keep the whole page, not its main text.")
@click.option(
    "--no-original", is_flag=True, help="Do not keep the fetched file beside the snapshot."
)
@pass_session
def watch(
    session: Session,
    source: str | None,
    doc: str | None,
    sources_file: Path | None,
    every: str | None,
    once: bool,
    on_change: str | None,
    fmt: str | None,
    whole_page: bool,
    no_original: bool,
) -> None:
    """Fetch SOURCE (a URL or a file) and add a version when its text changed.

    Exit status: 0 no change, 1 one or more new versions, 2 an error.

    \b
    Examples:
      draftwatch watch https://example.org/draft --doc white-paper --once
      draftwatch watch --sources sources.toml --every 6h --on-change ./notify.sh
    """
    import time

    from draftwatch.errors import BadInputError
    from draftwatch.watch import (
        Source,
        Watcher,
        exit_code,
        load_sources,
        parse_every,
        run_on_change,
    )

    if (source is None) == (sources_file is None):
        raise BadInputError("give a SOURCE with --doc, or --sources FILE (not both)")
    if every and once:
        raise BadInputError("--every and --once exclude each other")
    if sources_file is not None:
        if doc or fmt or whole_page:
            raise BadInputError("--doc, --format and --whole-page go in the sources file")
        sources = load_sources(sources_file)
    else:
        if not doc:
            raise BadInputError("watching SOURCE needs --doc NAME")
        from draftwatch.versions.names import check_doc_name

        check_doc_name(doc)  # before anything is fetched
        sources = [Source(source or "", doc, fmt, whole_page)]
    interval = parse_every(every) if every else None
    watcher = Watcher(session.store(), keep_original=not no_original)

    def check() -> int:
        outcomes = watcher.check_all(sources)
        for outcome in outcomes:
            for notice in outcome.notices:
                click.echo(f"draftwatch: {notice}", err=True)
            line = f"{outcome.source.doc}: {outcome.message}"
            if outcome.status == "error":
                click.echo(f"draftwatch: error: {safe_line(line)}", err=True)
                continue
            click.echo(safe_line(line))
            if outcome.status == "added" and on_change:
                status = run_on_change(on_change, outcome, watcher.store.root)
                if status:
                    click.echo(f"draftwatch: --on-change exited with {status}", err=True)
        return exit_code(outcomes)

    if interval is None:
        click.get_current_context().exit(check())
    try:
        while True:  # until interrupted: a stop is no error (an add is never left half-done)
            check()
            time.sleep(interval)
    except KeyboardInterrupt:
        click.get_current_context().exit(0)


def _history(session: Session, doc: str, up_to: int | None = None):
    """The document's history, with a progress bar on a terminal while comparisons are made."""
    from draftwatch.history import load_history, pairs_to_compute

    store = session.store()
    missing = pairs_to_compute(store, doc, up_to)
    if sys.stderr.isatty() and missing > 1:
        with click.progressbar(length=missing, label="Comparing", file=sys.stderr) as bar:
            return load_history(store, doc, up_to, on_step=lambda: bar.update(1))
    return load_history(store, doc, up_to)


@cli.command()
@click.argument("doc")
@click.argument("section", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["term", "json", "md", "html"]),
    default="term",
    help="term: a table (or the clause's text per version); json: for scripts; md: Markdown; "
    "html: a page.",
)
@output_option
@pass_session
def history(session: Session, doc: str, section: str | None, fmt: str, output: Path | None) -> None:
    """Follow every section of DOC across its versions, or one SECTION in every version.

    SECTION is a title, a clause number such as 7.4, or a lineage id such as L1-4 (shown by
    `draftwatch history DOC`): its text in each version, the word diff from each to the
    next, its titles over time and its key changes.

    \b
    Examples:
      draftwatch history white-paper
      draftwatch history white-paper "Military mobility"
      draftwatch history white-paper 7.4 --format json
      draftwatch history white-paper --format html -o sections.html
    """
    from draftwatch.errors import NotFoundError
    from draftwatch.render import lineage as views
    from draftwatch.render.json import history_to_dict, lineage_to_dict, render_history_json
    from draftwatch.versions.names import check_doc_name

    check_doc_name(doc)
    found = _history(session, doc)
    if section is None:
        if fmt == "json":
            text = render_history_json(history_to_dict(found))
        elif fmt == "md":
            text = views.history_markdown(found)
        elif fmt == "html":
            from draftwatch.reports import existing_reports

            text = views.history_html(found, existing_reports(session.store(), doc, output))
        else:
            text = views.history_terminal(found)
        _emit(text, output)
        return
    from draftwatch.engine.history import find_lineage

    line = find_lineage(found, section)
    if line is None:
        raise NotFoundError(
            f"{doc} has no section {safe_line(section)!r} (a title, a number like 7.4, or a "
            f"lineage id like L1-4: see `draftwatch history {doc}`)"
        )
    if fmt == "json":
        text = render_history_json(lineage_to_dict(found, line))
    elif fmt == "md":
        text = views.lineage_markdown(found, line)
    elif fmt == "html":
        text = views.lineage_html(found, line)
    else:
        text = views.lineage_terminal(found, line)
    _emit(text, output)


@cli.command()
@click.argument("ref", metavar="DOC[@N]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["term", "json", "html"]),
    default="term",
    help="term: each sentence with its versions in a margin; json: for scripts; html: a page.",
)
@output_option
@pass_session
def blame(session: Session, ref: str, fmt: str, output: Path | None) -> None:
    """Since which version each sentence of DOC (or DOC@N) stands, and where it began.

    For every sentence of that version (default: the latest): the first version in which it
    stood as it stands now, and the version where its line began (a sentence reworded in place
    continues the line of the one it replaced), with its text then.

    \b
    Examples:
      draftwatch blame white-paper
      draftwatch blame white-paper@3 --format json
    """
    from draftwatch.engine.history import blame as blame_of
    from draftwatch.render.json import render_blame_json
    from draftwatch.render.lineage import blame_html, blame_terminal
    from draftwatch.versions.refs import select_version

    store = session.store()
    doc, _, selector = ref.partition("@")
    from draftwatch.versions.names import check_doc_name

    check_doc_name(doc)
    version = select_version(store.require_headers(doc), doc, selector or "latest")
    found = _history(session, doc, version.number)
    lines = blame_of(found, version.number)
    if fmt == "json":
        text = render_blame_json(version.ref, lines)
    elif fmt == "html":
        text = blame_html(version.ref, lines)
    else:
        text = blame_terminal(version.ref, lines)
    _emit(text, output)


@cli.command()
@click.argument("doc")
@click.option(
    "--since", type=click.IntRange(min=1), metavar="N", help="Only what was dropped in vN or later."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["term", "json", "md"]),
    default="term",
    help="term: a list; json: for scripts; md: a Markdown table.",
)
@output_option
@pass_session
def dropped(session: Session, doc: str, since: int | None, fmt: str, output: Path | None) -> None:
    """Sentences of earlier versions of DOC that were dropped, and when.

    Each sentence that stood in an earlier version and is gone from the latest (or came back
    later), with the version that dropped it, its section and its key content: those with
    amounts, deadlines and obligations first.

    \b
    Examples:
      draftwatch dropped white-paper
      draftwatch dropped white-paper --since 3 --format json
    """
    from draftwatch.engine.history import dropped as dropped_from
    from draftwatch.render.json import render_dropped_json
    from draftwatch.render.lineage import dropped_markdown, dropped_terminal
    from draftwatch.versions.names import check_doc_name

    check_doc_name(doc)
    history = _history(session, doc)
    if since is not None and since > len(history.versions):
        from draftwatch.errors import NotFoundError

        count = len(history.versions)
        raise NotFoundError(f"--since {since}: {doc} has versions 1-{count}")
    found = dropped_from(history, since)
    if fmt == "json":
        text = render_dropped_json(doc, found)
    elif fmt == "md":
        text = dropped_markdown(doc, found)
    else:
        text = dropped_terminal(doc, found)
    _emit(text, output)


@cli.command("install-git-driver")
@click.option("--global", "global_scope", is_flag=True, help="For every repository of this user.")
@click.option(
    "--pattern",
    "patterns",
    multiple=True,
    metavar="GLOB",
    help="Also these files, e.g. '*.md' or 'docs/policy.md' (repeatable).",
)
@click.option("--uninstall", is_flag=True, help="Remove what install-git-driver added.")
def install_git_driver(global_scope: bool, patterns: tuple[str, ...], uninstall: bool) -> None:
    """Make `git diff` show draftwatch's view of drafts (snapshots in versions/ by default).

    \b
    Examples:
      draftwatch install-git-driver --pattern '*.md'
      git diff HEAD~1 HEAD -- policy.md
      git log -p --ext-diff -- policy.md       # log and show need --ext-diff
      draftwatch install-git-driver --uninstall
    """
    from draftwatch.gitdriver import DRIVER, install_driver, uninstall_driver

    flag = " --global" if global_scope else ""
    if uninstall:
        attributes = uninstall_driver(global_scope=global_scope)
        click.echo(f"Removed git config diff.{DRIVER} ({'global' if global_scope else 'local'})")
        click.echo(f"Removed draftwatch's lines from {attributes}")
        return
    done = install_driver(patterns, global_scope=global_scope)
    click.echo(f"Set git config{flag} diff.{DRIVER}.command = {done.command}")
    click.echo(f"Added to {done.attributes_file}:")
    for pattern in done.patterns:
        click.echo(f"  {pattern} diff={DRIVER}")
    click.echo("git diff now shows draftwatch's view for these files; other files are unchanged.")
    click.echo("`git log -p` and `git show` need --ext-diff; `git diff --no-ext-diff` shows lines.")
    click.echo(f"Undo: draftwatch install-git-driver{flag} --uninstall")


@cli.command(
    "git-diff-driver",
    hidden=True,
    # Drivers installed before the trailing `--` was written still get a path like `-rf.md`.
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
)
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
def git_diff_driver(arguments: tuple[str, ...]) -> None:
    """Called by git (GIT_EXTERNAL_DIFF convention); not for people."""
    from draftwatch.gitdriver import run_driver

    # git pipes our output into its pager, and says so: colour as git itself would.
    color = not os.environ.get("NO_COLOR") and (
        sys.stdout.isatty() or os.environ.get("GIT_PAGER_IN_USE") == "true"
    )
    click.echo(run_driver(arguments, color=bool(color)), nl=False)


@cli.command()
@click.argument("revision_range", metavar="BASE..HEAD")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "term"]),
    default="term",
    help="md: a pull-request comment; json: for scripts; term: the terminal view.",
)
@click.option(
    "--path",
    "paths",
    multiple=True,
    metavar="GLOB",
    help="Also documents edited in place that match, e.g. 'docs/*.md' (repeatable).",
)
@output_option
def review(revision_range: str, fmt: str, paths: tuple[str, ...], output: Path | None) -> None:
    """Review the drafts a branch adds or changes, each against the version before it.

    \b
    Examples:
      draftwatch review main..my-branch
      draftwatch review origin/main..HEAD --format md -o comment.md
      draftwatch review main..HEAD --path 'docs/*.md'
    """
    from draftwatch.review import review as run_review

    result = run_review(Path.cwd(), revision_range, paths)
    if fmt == "md":
        from draftwatch.render.review import review_markdown

        text = review_markdown(result)
    elif fmt == "json":
        from draftwatch.render.json import render_review_json

        text = render_review_json(result)
    else:
        from draftwatch.render.review import review_terminal

        text = review_terminal(result, color=Session.color(output))
    _emit(text, output)


def _shown_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _emit(text: str | bytes, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from draftwatch.versions.files import write_text_atomically

    write_text_atomically(output, text)
    click.echo(f"Wrote {output}", err=True)


def main() -> None:
    # A short-lived process that builds many small acyclic objects: collect garbage rarely.
    gc.set_threshold(100_000, 50, 50)
    cli(prog_name="draftwatch")
