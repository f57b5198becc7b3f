"""History, blame and dropped on every corpus history of three or more versions.

Each fact below was checked by reading the versions (grep in tests/corpus/<name>/v0N.*) and
agrees with the history's SOURCE.md: the titles a clause had, the version a sentence entered,
the version a sentence was removed in.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from draftwatch.engine import compare_versions
from draftwatch.engine.history import blame, build_history, dropped, find_lineage
from draftwatch.model import (
    DocumentHistory,
    HistoryStep,
    Lineage,
    LineageState,
    Summary,
    TimelineSection,
    Version,
)

CORPUS = Path(__file__).parent / "corpus"


@dataclass(frozen=True)
class Facts:
    titles: tuple[tuple[int, str], ...]  # (version, title) of one clause, renamed/renumbered
    entered: str  # a sentence that entered in `entered_in` and still stands in `blame_at`
    entered_in: int
    blame_at: int
    removed: str  # a sentence removed in `removed_in` (gone from then on)
    removed_in: int


FACTS = {
    # No § is renumbered in these versions; the annex heading is renamed in v3 (SOURCE.md).
    "de-heilmittelwerbegesetz": Facts(
        (
            (
                1,
                "Anlage (zu § 12) Krankheiten und Leiden, auf die sich die Werbung gemäß § 12 "
                "nicht beziehen darf",
            ),
            (
                3,
                "Anlage Krankheiten und Leiden, auf die sich die Werbung gemäß § 12 nicht "
                "beziehen darf",
            ),
        ),
        "Das Gesetz findet ferner keine Anwendung auf Verkaufskataloge und Preislisten",
        2,
        4,
        "Abschnitt A Nr. 2 der Anlage findet keine Anwendung auf die Werbung für Medizinprodukte.",
        3,
    ),
    # "6. Implementation" becomes "7. Implementation" in the final text (v3); the comment-period
    # notice appears in v2 and goes with the draft's preamble in v3.
    "federal-source-code-policy": Facts(
        ((1, "6. Implementation"), (3, "7. Implementation")),
        "The public comment period has been extended by 7 days.",
        2,
        2,
        "The public comment period has been extended by 7 days.",
        3,
    ),
    # One heading (# Article 200); v2 -> v3 only rewords sentences (495 euros -> 513 €...), so
    # the sentence removed is the one v2 drops: the date "à compter du 9 juillet 2000".
    "fr-cgi-article-200": Facts(
        ((1, "Article 200"), (4, "Article 200")),
        "Cette disposition ne s'applique pas aux organismes qui présentent des oeuvres à "
        "caractère pornographique ou incitant à la violence",
        2,
        4,
        "Ces dispositions s'appliquent aux frais engagés à compter du 9 juillet 2000.",
        2,
    ),
    # 4.4 -> 4.3 (v2, a subsection removed before it) -> 3.3 (v4, sections renumbered).
    "gh-sponsors-terms": Facts(
        ((1, "4.4. Payment Timing."), (2, "4.3. Payment Timing."), (4, "3.3. Payment Timing.")),
        "provided that Stripe, our payment processor, can collect verification information "
        "from your legal guardian.",
        2,
        5,
        "For newly created Sponsored Developer Accounts, GitHub will remit to you all "
        "Sponsored Developer Payments received in a given month within 90 days",
        3,
    ),
    # D.2 and D.3 swap in v2: "2. Ownership of Content and Right to Post" becomes "3. Ownership
    # of Content, Right to Post, and License Grants" (moved, renamed and renumbered).
    "gh-terms-of-service": Facts(
        (
            (1, "2. Ownership of Content and Right to Post"),
            (2, "3. Ownership of Content, Right to Post, and License Grants"),
        ),
        '"Your Content" is Content that you create or own.',
        2,
        4,
        "Overall, the number of Users must not exceed the number of accounts you've ordered "
        "from us.",
        3,
    ),
    # Headings carry no numbers; "Method Names" is renamed in v3.
    "pep8": Facts(
        ((1, "Method Names"), (3, "Method Names and Instance Variables")),
        "Comments should be complete sentences.",
        2,
        6,
        "Inline comments should be used sparingly.",
        3,
    ),
}


def _history(name: str) -> DocumentHistory:
    files = sorted(p for p in (CORPUS / name).iterdir() if p.name.startswith("v"))
    versions = [
        Version(
            text=path.read_text(encoding="utf-8"),
            format="markdown" if path.suffix == ".md" else "text",
            doc=name,
            number=number,
        )
        for number, path in enumerate(files, 1)
    ]
    comparisons = [compare_versions(old, new) for old, new in itertools.pairwise(versions)]
    return build_history(name, versions, comparisons)


@pytest.fixture(scope="module", params=sorted(FACTS))
def corpus(request) -> tuple[str, DocumentHistory, Facts]:
    return request.param, _history(request.param), FACTS[request.param]


def test_every_history_of_three_versions_or_more_has_its_facts():
    histories = sorted(
        d.name for d in CORPUS.iterdir() if d.is_dir() and len(list(d.glob("v0*"))) >= 3
    )
    assert histories == sorted(FACTS)


def test_a_renamed_or_renumbered_clause_keeps_one_lineage_in_every_version(corpus):
    _name, history, facts = corpus
    lines = {
        line.id
        for version, title in facts.titles
        for line in history.lineages
        if (state := line.at(version)) is not None and state.title == title
    }
    assert len(lines) == 1, lines
    (line,) = [line for line in history.lineages if line.id in lines]
    assert [state.version for state in line.states] == [
        version.number for version in history.versions
    ]
    assert line.removed_in is None
    for version, title in facts.titles:
        assert line.at(version).title == title
    # Found again by its latest title, an earlier title, or its id.
    assert find_lineage(history, facts.titles[-1][1]) == line
    assert find_lineage(history, facts.titles[0][1]) == line
    assert find_lineage(history, line.id) == line


def test_blame_dates_a_sentence_to_the_version_it_entered(corpus):
    _name, history, facts = corpus
    lines = [line for line in blame(history, facts.blame_at) if facts.entered in line.text]
    assert lines, f"no sentence with {facts.entered!r} in v{facts.blame_at}"
    assert {line.since for line in lines} == {facts.entered_in}


def test_dropped_lists_a_removed_sentence_with_the_version_it_was_removed_in(corpus):
    _name, history, facts = corpus
    found = [s for s in dropped(history) if facts.removed in s.text]
    assert len(found) == 1, found
    assert found[0].dropped_in == facts.removed_in
    assert found[0].last_seen == facts.removed_in - 1
    assert found[0].came_back_in is None
    assert [
        s for s in dropped(history, since=facts.removed_in + 1) if facts.removed in s.text
    ] == []


def test_a_reworded_sentence_is_not_dropped():
    """fr-cgi v2 -> v3: "dans la limite de 495 euros ... 2008." becomes "513 € ... 2010."."""
    history = _history("fr-cgi-article-200")
    assert not [s for s in dropped(history) if "495 euros" in s.text]


def test_sentences_that_never_changed_date_from_the_first_version():
    history = _history("pep8")
    lines = blame(history, 6)
    assert any(line.since == 1 for line in lines)
    assert all(1 <= line.origin <= line.since <= 6 for line in lines)


def test_blame_follows_a_reworded_sentence_to_its_origin():
    """gh-sponsors 3.3 Payment Timing: v3 writes "For first payments, GitHub will remit to you
    ..."; v5 rewords it to "For first payments, Stripe will process and remit to you via
    Stripe Connect ...". In v5 it stands since v5, and its line began in v3."""
    history = _history("gh-sponsors-terms")
    (line,) = [
        line for line in blame(history, 5) if line.text.startswith("For first payments, Stripe")
    ]
    assert (line.since, line.origin) == (5, 3)
    assert line.origin_text.startswith("For first payments, GitHub will remit to you")


# The commands, end to end, on a stored history.


def _store(workspace, name: str, report: bool = False) -> int:
    files = sorted(p for p in (CORPUS / name).iterdir() if p.name.startswith("v"))
    for path in files:
        args = ["add", str(path), "--doc", "doc"] + ([] if report else ["--no-report"])
        result = workspace.run(*args)
        assert result.exit_code == 0, result.output
    return len(files)


def test_history_blame_and_dropped_commands(workspace):
    _store(workspace, "gh-terms-of-service")
    table = workspace.run("history", "doc")
    assert table.exit_code == 0
    assert "3. Ownership of Content, Right to Post, and License Grants" in table.stdout
    data = json.loads(workspace.run("history", "doc", "--format", "json").stdout)
    assert data["schema"] == "draftwatch/history@1"
    (owned,) = [
        s
        for s in data["sections"]
        if s["titles"].get("1") == "2. Ownership of Content and Right to Post"
    ]
    assert set(owned["titles"]) == {"1", "2", "3", "4"}
    one = json.loads(workspace.run("history", "doc", owned["lineage"], "--format", "json").stdout)
    assert [v["version"] for v in one["versions"]] == [1, 2, 3, 4]
    assert one["versions"][1]["ops"] is not None
    by_title = workspace.run(
        "history", "doc", "Ownership of Content, Right to Post, and License Grants"
    )
    assert by_title.exit_code == 0 and owned["lineage"] in by_title.stdout
    blamed = json.loads(workspace.run("blame", "doc@latest", "--format", "json").stdout)
    assert blamed["schema"] == "draftwatch/blame@1" and blamed["ref"] == "doc@4"
    (entry,) = [
        s
        for s in blamed["sentences"]
        if s["text"] == '"Your Content" is Content that you create or own.'
    ]
    assert entry["since"] == 2
    gone = json.loads(workspace.run("dropped", "doc", "--format", "json").stdout)
    assert gone["schema"] == "draftwatch/dropped@1"
    (users,) = [
        s for s in gone["sentences"] if s["text"].startswith("Overall, the number of Users")
    ]
    assert users["dropped_in"] == 3 and users["last_seen"] == 2 and users["came_back_in"] is None
    assert {"category": "modality", "value": "must"} in users["key_values"]
    for args in (
        ("history", "doc", "--format", "md"),
        ("history", "doc", "--format", "html"),
        ("history", "doc", "2", "--format", "html"),
        ("blame", "doc@2"),
        ("blame", "doc", "--format", "html"),
        ("dropped", "doc", "--since", "3", "--format", "md"),
        ("dropped", "doc"),
    ):
        result = workspace.run(*args)
        assert result.exit_code == 0, (args, result.output)


def test_diff_json_of_stored_versions_has_each_sections_lineage(workspace):
    _store(workspace, "gh-sponsors-terms")
    data = json.loads(workspace.run("diff", "doc@1", "doc@5", "--format", "json").stdout)
    (timing,) = [
        s for s in data["sections"] if s["new"] and s["new"]["title"] == "3.3. Payment Timing."
    ]
    assert timing["old"]["title"] == "4.4. Payment Timing."
    history = json.loads(workspace.run("history", "doc", "--format", "json").stdout)
    (line,) = [s for s in history["sections"] if s["lineage"] == timing["lineage"]]
    assert line["titles"]["1"] == "4.4. Payment Timing."


def test_bad_input_is_one_clear_line(workspace):
    _store(workspace, "pep8")
    for args, message in (
        (("history", "doc", "No such clause"), "doc has no section 'No such clause'"),
        (("history", "nodoc"), "unknown document 'nodoc'"),
        (("blame", "doc@9"), "doc@9 does not exist"),
        (("history", "../x"), "document name"),
        (("dropped", "doc", "--since", "99"), "--since 99: doc has versions 1-6"),
    ):
        result = workspace.run(*args)
        assert result.exit_code == 2, (args, result.output)
        lines = result.output.splitlines()
        assert len(lines) == 1 and message in lines[0], lines


def test_hostile_titles_and_text_are_inert_in_every_view(workspace):
    from tests.test_hostile_text import FILLER

    title = "## Pay\x1b[2J<script>x</script>"
    workspace.write("a.md", f"# T\n\n{FILLER}\n\n{title}\n\nThe fee is 35% \x1b[31mnow.\n")
    workspace.write("b.md", f"# T\n\n{FILLER}\n\n{title}\n\nNo fee at all, ever.\n")
    for name in ("a.md", "b.md"):
        result = workspace.run("add", name, "--doc", "doc")
        assert result.exit_code == 0, result.output
    for args in (
        ("history", "doc"),
        ("history", "doc", "L1-1"),
        ("blame", "doc@1"),
        ("dropped", "doc"),
    ):
        out = workspace.run(*args).stdout
        assert "\x1b" not in out and "\\x1b" in out, (args, out)
    for args in (("history", "doc", "--format", "html"), ("blame", "doc", "--format", "html")):
        out = workspace.run(*args).stdout
        assert "<script>x" not in out and "Pay&#x1b;[2J" in out  # the script is no text


def test_a_section_is_found_by_its_clause_number_now_or_before():
    """gh-sponsors v5: "3.3. Payment Timing." (4.4 in v1); "2.3.1. Subscriptions." was 3.3.1
    in v2 and v3; "3.3" never names "3.3.1"."""
    history = _history("gh-sponsors-terms")
    timing = find_lineage(history, "3.3")
    assert timing is not None and timing.states[-1].title == "3.3. Payment Timing."
    subscriptions = find_lineage(history, "3.3.1")
    assert subscriptions is not None
    assert subscriptions.states[-1].title == "2.3.1. Subscriptions."
    assert find_lineage(history, "9.9.9") is None


def test_cache_files_that_came_with_the_repository_are_never_read(workspace):
    """A cache file is named by a key mixed with a secret of this clone's git dir: a file
    committed under .draftwatch/ by someone else, even one named as ours elsewhere, is not
    read; and the cache folder is ignored by git."""
    _store(workspace, "pep8", report=True)
    pairs = workspace.root / ".draftwatch" / "pairs"
    ours = sorted(pairs.iterdir())
    assert len(ours) == 5
    assert (workspace.root / ".git" / "draftwatch.cache-key").is_file()
    assert workspace.git("status", "--porcelain", "--untracked-files=all") == ""
    before = workspace.run("history", "doc", "--format", "json").stdout
    # Another clone (another secret) finds none of these files and compares again.
    (workspace.root / ".git" / "draftwatch.cache-key").write_text("other\n", encoding="ascii")
    for path in ours:
        path.write_text('{"forged": true}', encoding="utf-8")
    assert workspace.run("history", "doc", "--format", "json").stdout == before
    assert len(list(pairs.iterdir())) == 10


def test_a_comparison_cached_by_another_build_of_draftwatch_is_not_read(tmp_path, monkeypatch):
    """The cache key holds a hash of draftwatch's own source: after an upgrade, or between two
    commits of a checkout with one version number, a history is compared again, never read
    from results of other rules."""
    import draftwatch.cache as cache

    old = Version(text="# T\n\nThe fee is 35%.\n", format="markdown", doc="d", number=1)
    new = Version(text="# T\n\nThe fee is 40%.\n", format="markdown", doc="d", number=2)
    first = cache.cached_comparison(tmp_path, old, new)
    (path,) = (tmp_path / ".draftwatch" / "pairs").iterdir()
    path.write_text(path.read_text(encoding="utf-8").replace("40%", "99%"), encoding="utf-8")
    assert "99%" in str(cache.cached_comparison(tmp_path, old, new).key_changes)  # read back
    monkeypatch.setattr(cache, "build_id", lambda: "0.1.0+another-build")
    assert cache.cached_comparison(tmp_path, old, new) == first
    assert len(list((tmp_path / ".draftwatch" / "pairs").iterdir())) == 2


def test_the_cache_gives_back_every_comparison_exactly():
    """Every consecutive pair of the corpus, written to the cache's JSON and read back, is the
    same Comparison (ops, moves, key changes with their importance and locations, outline)."""
    from draftwatch.cache import _from_dict, _to_dict

    for directory in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        history = _history(directory.name)
        for comparison in history.comparisons:
            data = json.loads(json.dumps(_to_dict(comparison), ensure_ascii=False))
            assert _from_dict(data, comparison.old, comparison.new) == comparison


def test_a_chain_parsing_each_version_once_gives_the_same_comparisons():
    """`compare_versions(..., parsed=...)` (history's cold path) reuses each parsed version for
    the next pair: the comparisons are those made one by one."""
    for directory in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        history = _history(directory.name)
        parsed: dict = {}
        for comparison in history.comparisons:
            again = compare_versions(comparison.old, comparison.new, parsed=parsed)
            assert again == comparison


HOSTILE_TITLES = ("<script>alert(1)</script>", '"><img src=x onerror=alert(2)>')


def large_history(
    versions: int = 200, sections: int = 300
) -> tuple[DocumentHistory, list[HistoryStep]]:
    """A history of `versions` versions of `sections` sections, every version changing a few
    sections (and one renamed to hostile markup now and then): what the index of a long
    redrafting shows, built without comparing 200 texts."""
    numbers = range(1, versions + 1)
    headers = tuple(
        Version("", "markdown", doc="bill", number=n, sha256=f"{n:064x}") for n in numbers
    )
    # The last 20 sections never change.
    changed = {n: {(n * 7 + k * 31) % (sections - 20) for k in range(5)} for n in numbers if n > 1}
    lines = []
    for index in range(sections):
        states = []
        title = f"Section {index}. Part {index}"
        for n in numbers:
            kind = "first" if n == 1 else ("changed" if index in changed[n] else "unchanged")
            if kind == "changed" and n % 50 == 0:
                title, kind = f"{index}. {HOSTILE_TITLES[index % 2]}", "renamed"
            words = 12 if kind != "unchanged" and kind != "first" else 0
            states.append(
                LineageState(n, index, title, 2, kind, words, f"s{index}", False, False, "")
            )
        lines.append(Lineage(f"L1-{index}", 1, tuple(states), None))
    history = DocumentHistory("bill", headers, (), tuple(lines))
    steps = [
        HistoryStep(
            n - 1,
            n,
            f"v{n - 1}-v{n}.html",
            Summary(0, 0, 0, 0, len(changed[n]), sections - 5, 30, 30, 0, 2),
            tuple(
                TimelineSection(f"Section {k}", "changed", ("changed",), 6, 6, 12)
                for k in sorted(changed[n])
            ),
        )
        for n in numbers
        if n > 1
    ]
    return history, steps


def test_the_index_of_200_versions_of_300_sections_is_one_light_page_with_inert_titles():
    import time

    from draftwatch.render.history import render_history
    from draftwatch.render.lineage import history_grid

    history, steps = large_history()
    reports = {step.new_number: step.file for step in steps}
    start = time.perf_counter()
    page = render_history("bill", history.versions, steps, history_grid(history, reports))
    took = time.perf_counter() - start
    assert took < 10, took
    assert len(page.encode()) < 3_000_000, len(page.encode())  # a page a phone opens
    assert page.count('<tr class="still">') + page.count("<tr><td") == 300
    linked = sum(
        state.state in ("changed", "renamed") for line in history.lineages for state in line.states
    )
    grid = page.split('<table class="grid">', 1)[1].split("</table>", 1)[0]
    assert grid.count('"><a href="v') == linked + len(steps)  # cells, and version headers
    assert "http" not in page.replace("http-equiv", "").replace("http://www.w3.org/2000/svg", "")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)" in page and "&#34;&gt;&lt;img src=x onerror" in page


def test_hostile_section_titles_stay_text_in_the_index_and_the_grid(workspace):
    a = "AGREEMENT\n\n1. {0}\n\nThe fee is 35% now.\n\n2. {1}\n\nOther text here.\n"
    workspace.write("a.txt", a.format(*HOSTILE_TITLES))
    b = a.replace("35%", "40%").replace("Other text", "Other words")
    workspace.write("b.txt", b.format(*HOSTILE_TITLES))
    for name in ("a.txt", "b.txt"):
        assert workspace.run("add", name, "--doc", "h").exit_code == 0
    index = (workspace.root / "reports/h/index.html").read_text(encoding="utf-8")
    grid = workspace.run("history", "h", "--format", "html").stdout
    for page in (index, grid):
        assert "<script" not in page and "<img" not in page
        assert '<td class="section">1. &lt;script&gt;alert(1)&lt;/script&gt;' in page
        assert 'title="v2: changed, 2 words — 2. &#34;&gt;&lt;img src=x onerror' in page
