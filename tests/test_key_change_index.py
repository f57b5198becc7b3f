"""A long document asked many questions answers them from an index of its words' places
instead of a pass over the text each time: the key changes are the same either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftwatch.engine import compare
from draftwatch.engine import keychanges as keychanges_module
from draftwatch.engine.keychanges import find_key_changes

CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [("federal-source-code-policy", 2, 3), ("gh-terms-of-service", 1, 2), ("mpl", 1, 2)],
)
def test_key_changes_are_the_same_with_the_index(monkeypatch, name, old, new):
    folder = CORPUS / name
    old_file, new_file = next(folder.glob(f"v{old:02d}.*")), next(folder.glob(f"v{new:02d}.*"))
    fmt = "markdown" if old_file.suffix == ".md" else "text"
    comparison = compare(
        old_file.read_text(encoding="utf-8"),
        new_file.read_text(encoding="utf-8"),
        old_format=fmt,
        key_changes=False,
    )
    scanned = find_key_changes(comparison)
    monkeypatch.setattr(keychanges_module._Index, "SCANS", 0)  # every question from the index
    monkeypatch.setattr(keychanges_module._Index, "WRITTEN_SCANS", 0)
    indexed = find_key_changes(comparison)
    assert scanned, "a pair with key changes"
    assert indexed == scanned


@pytest.mark.parametrize(
    ("word", "body"),
    [
        ("must", "You MUST pay. Must-have; mustard, _must, must_, 2must, MuSt."),
        ("not", "Not now; cannot, NOT, nöt noté, not."),
        ("shall", "SHALL, ſhall (long s), shall."),
        ("is", "This İS, ıs (dotless), is, IS."),
        ("k", "K K k kk."),
        ("shall not", "SHALL  NOT, shall not, shall not."),
    ],
)
def test_a_word_is_counted_as_the_case_blind_pattern_counts_it(word, body):
    keychanges_module._occurrences.cache_clear()
    expected = len(keychanges_module._word_pattern(word).findall(body))
    assert keychanges_module._occurrences(word, body) == expected


def test_a_phrase_is_found_only_with_its_words_one_after_another(monkeypatch):
    monkeypatch.setattr(keychanges_module._Index, "SCANS", 0)
    monkeypatch.setattr(keychanges_module._Index, "WRITTEN_SCANS", 0)
    index = keychanges_module._Index("The fee is EUR 5 million, due within 30 days of notice.")
    assert index.has("EUR 5 million") and index.has("30 days") and index.has("fee")
    assert not index.has("5 days") and not index.has("million due within 31")
    assert index.has_written("notice") and not index.has_written("Notice")
