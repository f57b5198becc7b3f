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
    for threshold in ("SCANS", "WORDS_SCANS", "PAIRS_SCANS"):  # every question from a pass
        monkeypatch.setattr(keychanges_module._Index, threshold, 10**9)
    scanned = find_key_changes(comparison)
    assert scanned, "a pair with key changes"
    # Every question from the word and pair sets first, then from the index of places.
    monkeypatch.setattr(keychanges_module._Index, "WORDS_SCANS", 0)
    monkeypatch.setattr(keychanges_module._Index, "PAIRS_SCANS", 0)
    assert find_key_changes(comparison) == scanned
    monkeypatch.setattr(keychanges_module._Index, "SCANS", 0)
    assert find_key_changes(comparison) == scanned
    monkeypatch.setattr(keychanges_module._Index, "WORDS_SCANS", 10**9)
    assert find_key_changes(comparison) == scanned


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
    text = "The fee is EUR 5 million, due within 30 days of notice (see https://x.org/fee)."
    for words_scans, pairs_scans, scans in ((0, 0, 0), (0, 0, 10**9), (10**9, 0, 0)):
        monkeypatch.setattr(keychanges_module._Index, "WORDS_SCANS", words_scans)
        monkeypatch.setattr(keychanges_module._Index, "PAIRS_SCANS", pairs_scans)
        monkeypatch.setattr(keychanges_module._Index, "SCANS", scans)
        index = keychanges_module._Index(text)
        assert index.has("EUR 5 million") and index.has("30 days") and index.has("fee")
        assert not index.has("5 days") and not index.has("million due within 31")
        assert not index.has("fee is due") and not index.has("dollar")
        assert index.has("eur 5") and index.has("EUR 5 million") and index.has("30 days")
    assert index.has_written("notice") and not index.has_written("Notice")
    assert not index.has_written("fee)") and not index.has_written("x.org")
    assert not index.has_written("org") and not index.has_written("https")  # an address
