"""Noise rules: draftwatch.toml (or [tool.draftwatch]) and --ignore say what is not a change; such
changes are shown as cosmetic and counted, never dropped, and the text shown is never changed."""

from __future__ import annotations

import json

import pytest

from draftwatch.config import Config, load_config
from draftwatch.engine import NoiseRules, compare
from draftwatch.engine.parse import parse_document
from draftwatch.errors import BadInputError
from tests.conftest import CORPUS

POLICY = CORPUS / "federal-source-code-policy"
LINK_MOVE = r"(www\.whitehouse|obamawhitehouse\.archives)\.gov"


def _policy(rules: NoiseRules | None, raw: bool = False):
    old = (POLICY / "v03.md").read_text(encoding="utf-8")
    new = (POLICY / "v04.md").read_text(encoding="utf-8")
    return old, new, compare(old, new, noise=rules, raw=raw)


def _real_changes(comparison) -> list[str]:
    """Every change a reader is shown as one (not cosmetic): edits, and changed link targets."""
    edits = [
        op.text
        for change in comparison.sections
        for op in change.ops
        if op.op != "equal" and not op.cosmetic
    ]
    links = [f"{link.old} -> {link.new}" for c in comparison.sections for link in c.links]
    return edits + links


RULES = [
    NoiseRules(ignore=(LINK_MOVE,)),
    NoiseRules(rewrite=((r"www\.whitehouse\.gov", "obamawhitehouse.archives.gov"),)),
]
#: The one link of @3 -> @4 whose target changed beyond the domain: a different file.
NEW_FILE = "new_nap_commitments_report_092314.pdf -> "


@pytest.mark.parametrize("raw", [False, True], ids=["as-read", "raw"])
def test_without_a_rule_the_link_move_is_a_change(raw):
    _, _, comparison = _policy(None, raw)
    assert sum("whitehouse" in text for text in _real_changes(comparison)) >= 3
    assert comparison.summary().ignored == 0


@pytest.mark.parametrize("rules", RULES, ids=["ignore", "rewrite"])
def test_a_rule_leaves_only_the_real_changes_of_the_text_as_read(rules):
    """Markdown as read: link targets are changes of their own; the two that only moved domain
    are noise, the one that now links another file stays a change."""
    _, _, comparison = _policy(rules)
    real = _real_changes(comparison)
    assert [text for text in real if "whitehouse" in text] == [
        text for text in real if NEW_FILE in text
    ]
    assert len([text for text in real if NEW_FILE in text]) == 1
    assert {"Second ", "Third ", "September 2014", "October 2015"} <= set(real)
    assert comparison.ignored == 2
    ignored = [link for c in comparison.sections for link in c.ignored_links]
    assert len(ignored) == 2 and all("obamawhitehouse.archives" in link.new for link in ignored)
    summaries = [k.summary for k in comparison.key_changes]
    assert "September 2014 -> October 2015" in summaries
    assert len([s for s in summaries if "whitehouse" in s]) == 1  # the new file only


@pytest.mark.parametrize("rules", RULES, ids=["ignore", "rewrite"])
def test_a_rule_leaves_only_the_real_word_changes_of_the_source(rules):
    old, new, comparison = _policy(rules, raw=True)
    real = _real_changes(comparison)
    assert not [text for text in real if "whitehouse" in text]
    assert {"Second ", "Third ", "September 2014", "October 2015"} <= set(real)
    assert comparison.ignored == 3 and comparison.summary().ignored == 3
    # Shown, not dropped, and the text is the documents' own: ops still join to both texts.
    cosmetic = [op.text for c in comparison.sections for op in c.ops if op.cosmetic]
    assert cosmetic.count("www.whitehouse") == 3
    assert cosmetic.count("obamawhitehouse.archives") == 3
    old_doc, new_doc = (parse_document(text, "markdown", raw=True) for text in (old, new))
    for change in comparison.sections:  # equal+delete give the old body, equal+insert the new
        if change.old:
            joined = "".join(op.text for op in change.ops if op.op != "insert")
            assert joined == old_doc.sections[change.old.index].body
        if change.new:
            joined = "".join(op.text for op in change.ops if op.op != "delete")
            assert joined == new_doc.sections[change.new.index].body


def test_a_section_whose_only_change_is_noise_is_unchanged():
    old = "# Links\n\nSee [the memo](https://www.whitehouse.gov/m.pdf).\n"
    new = "# Links\n\nSee [the memo](https://obamawhitehouse.archives.gov/m.pdf).\n"
    assert compare(old, new).sections[0].status == "changed"
    ruled = compare(old, new, noise=NoiseRules(ignore=(LINK_MOVE,)))
    assert ruled.sections[0].status == "unchanged" and not ruled.has_changes
    assert ruled.ignored == 1 and ruled.sections[0].ignored_links[0].text == "the memo"


def test_a_rule_that_matches_only_one_side_ignores_nothing():
    _, _, comparison = _policy(NoiseRules(ignore=(r"www\.whitehouse\.gov",)), raw=True)
    assert comparison.ignored == 0
    assert any("obamawhitehouse" in text for text in _real_changes(comparison))


def test_min_change_words_marks_small_changes_only():
    old = "# Fees\n\nThe fee is ten euros per page.\n\nThe agency shall publish all code within thirty days.\n"
    new = "# Fees\n\nThe fee is twelve euros per page.\n\nThe agency may keep back any code it chooses for a year.\n"
    comparison = compare(old, new, noise=NoiseRules(min_change_words=2))
    assert comparison.ignored == 1
    real = " ".join(_real_changes(comparison))
    assert "twelve" not in real and "keep back" in real


def test_bad_patterns_are_one_clear_error():
    with pytest.raises(BadInputError, match="bad noise pattern '\\(unclosed'"):
        compare("a", "b", noise=NoiseRules(ignore=("(unclosed",)))


# --- configuration -----------------------------------------------------------------------------


def test_load_config_reads_defaults_and_documents(tmp_path):
    (tmp_path / "draftwatch.toml").write_text(
        "ignore = ['Last updated: [0-9-]+']\n"
        "report = false  # read by other commands\n"
        "[documents.policy]\n"
        f"ignore = ['{LINK_MOVE}']\n"
        "rewrite = [{pattern = 'https?://', replacement = ''}, ['colour', 'color']]\n"
        "min_change_words = 2\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    assert config.path == tmp_path / "draftwatch.toml"
    policy = config.for_document("policy")
    assert policy.ignore == ("Last updated: [0-9-]+", LINK_MOVE)
    assert policy.rewrite == (("https?://", ""), ("colour", "color"))
    assert policy.min_change_words == 2
    other = config.for_document("other")
    assert other.ignore == ("Last updated: [0-9-]+",) and other.noise().min_change_words == 0
    assert config.defaults.raw["report"] is False


def test_pyproject_tool_table_is_read_when_there_is_no_draftwatch_toml(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n[tool.draftwatch]\nignore = ['stamp']\n", encoding="utf-8"
    )
    assert load_config(tmp_path).defaults.ignore == ("stamp",)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert load_config(tmp_path) == Config()


@pytest.mark.parametrize(
    "text, message",
    [
        ("ignore = [", "not valid TOML"),
        ("ignroe = ['x']", "unknown setting 'ignroe'"),
        ("ignore = [1]", "`ignore` must be a list of regular expressions"),
        ("ignore = ['(']", "bad noise pattern"),
        ("min_change_words = -1", "`min_change_words` must be a whole number"),
        ("rewrite = [{pattern = 'a'}]", "each `rewrite` is"),
        ("[documents]\npolicy = 3", "[documents.policy] must be a table"),
    ],
)
def test_a_bad_configuration_is_one_clear_error(tmp_path, text, message):
    (tmp_path / "draftwatch.toml").write_text(text, encoding="utf-8")
    with pytest.raises(BadInputError) as raised:
        load_config(tmp_path)
    assert message in str(raised.value) and "\n" not in str(raised.value)
    assert "draftwatch.toml" in str(raised.value)


# --- the command line --------------------------------------------------------------------------


def _policy_files(workspace):
    workspace.write("v3.md", (POLICY / "v03.md").read_text(encoding="utf-8"))
    workspace.write("v4.md", (POLICY / "v04.md").read_text(encoding="utf-8"))


def _json_diff(workspace, *options):
    result = workspace.run("diff", "v3.md", "v4.md", "--format", "json", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _real_json_changes(data) -> list[str]:
    edits = [
        op["text"]
        for section in data["sections"]
        for op in section["ops"]
        if op["op"] != "equal" and not op.get("cosmetic")
    ]
    links = [
        f"{link['old']} -> {link['new']}"
        for section in data["sections"]
        for link in section.get("links", [])
        if not link.get("cosmetic")
    ]
    return edits + links


def test_ignore_option_counts_and_shows_ignored_changes(workspace):
    _policy_files(workspace)
    plain = _json_diff(workspace)
    assert plain["summary"]["ignored"] == 0
    data = _json_diff(workspace, "--ignore", LINK_MOVE)
    assert data["summary"]["ignored"] == 2
    real = _real_json_changes(data)
    assert [t for t in real if "whitehouse" in t] == [t for t in real if NEW_FILE in t] != []
    links = [link for s in data["sections"] for link in s.get("links", [])]
    assert sum(bool(link.get("cosmetic")) for link in links) == 2  # shown, marked cosmetic
    assert len(data["key_changes"]) == len(plain["key_changes"]) - 2
    raw = _json_diff(workspace, "--ignore", LINK_MOVE, "--raw")
    assert raw["summary"]["ignored"] == 3
    assert not [t for t in _real_json_changes(raw) if "whitehouse" in t]
    shown = [op for s in raw["sections"] for op in s["ops"] if op.get("cosmetic")]
    assert sum("whitehouse" in op["text"] for op in shown) == 6
    term = workspace.run("diff", "v3.md", "v4.md", "--ignore", LINK_MOVE)
    assert "2 changes ignored by noise rules (shown as cosmetic)" in term.stdout


def test_draftwatch_toml_applies_to_the_documents_it_names(workspace):
    workspace.write("v3.md", (POLICY / "v03.md").read_text(encoding="utf-8"))
    workspace.write("v4.md", (POLICY / "v04.md").read_text(encoding="utf-8"))
    for name in ("v3.md", "v4.md"):
        assert workspace.run("add", name, "--doc", "policy").exit_code == 0
    workspace.write("draftwatch.toml", f"[documents.policy]\nignore = ['{LINK_MOVE}']\n")
    result = workspace.run("diff", "policy@1", "policy@2", "--format", "json")
    data = json.loads(result.stdout)
    assert data["summary"]["ignored"] == 2
    real = _real_json_changes(data)
    assert [t for t in real if "whitehouse" in t] == [t for t in real if NEW_FILE in t]
    workspace.write("draftwatch.toml", f"[documents.other]\nignore = ['{LINK_MOVE}']\n")
    data = json.loads(workspace.run("diff", "policy@1", "policy@2", "--format", "json").stdout)
    assert data["summary"]["ignored"] == 0


def test_bad_ignore_option_and_bad_config_exit_2(workspace):
    _policy_files(workspace)
    result = workspace.run("diff", "v3.md", "v4.md", "--ignore", "(")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "bad noise pattern '('" in result.stderr
    workspace.write("draftwatch.toml", "min_change_words = 'two'\n")
    result = workspace.run("diff", "v3.md", "v4.md")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "min_change_words" in result.stderr


def test_reports_follow_the_noise_rules_too(workspace):
    workspace.write("v3.md", (POLICY / "v03.md").read_text(encoding="utf-8"))
    workspace.write("v4.md", (POLICY / "v04.md").read_text(encoding="utf-8"))
    for name in ("v3.md", "v4.md"):
        assert workspace.run("add", name, "--doc", "policy").exit_code == 0

    moved_only = "obamawhitehouse.archives.gov/sites/default/files/omb/memoranda"

    def read(name: str) -> str:
        return (workspace.root / name).read_text(encoding="utf-8")

    result = workspace.run("report", "policy@1", "policy@2", "-o", "plain.html")
    assert result.exit_code == 0, result.output
    assert moved_only in read("plain.html")  # a link change listed among the key changes
    workspace.write("draftwatch.toml", f"[documents.policy]\nignore = ['{LINK_MOVE}']\n")
    result = workspace.run("report", "policy@1", "policy@2", "-o", "ruled.html")
    assert result.exit_code == 0, result.output
    assert moved_only not in read("ruled.html")
    assert "October 2015" in read("ruled.html")
    result = workspace.run("report", "policy", "--all", "-o", "all")
    assert result.exit_code == 0, result.output
    pair = next((workspace.root / "all").glob("v1-v2*.html"))
    assert moved_only not in pair.read_text(encoding="utf-8")
