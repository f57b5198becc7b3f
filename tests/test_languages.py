"""Issue #15: French and German key changes, numbers read by locale, character diffs for
scripts without spaces."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftwatch.engine import compare
from draftwatch.engine.languages import detect


def keys(old: str, new: str, **options: str) -> list[tuple[str, str]]:
    comparison = compare(old, new, old_format="text", **options)
    return [(str(k.category), k.summary) for k in comparison.key_changes]


def test_language_detected_from_function_words():
    assert (
        detect("Die Werbung für Arzneimittel ist nicht zulässig, wenn sie irreführend ist.") == "de"
    )
    assert detect("Les dons sont retenus dans la limite de 20 % du revenu imposable.") == "fr"
    assert detect("The provider must notify the authority within 30 days.") == "en"
    assert detect("这是一个测试句子。") == "zh"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "Les États membres doivent notifier la Commission de toute mesure nationale.",
            "Les États membres peuvent notifier la Commission de toute mesure nationale.",
            ("modality", "doivent -> peuvent (weaker)"),
        ),
        (
            "Die Mitgliedstaaten müssen die Kommission über jede Maßnahme unterrichten.",
            "Die Mitgliedstaaten können die Kommission über jede Maßnahme unterrichten.",
            ("modality", "müssen -> können (weaker)"),
        ),
        (
            "Die Werbung ist zulässig, wenn sie sachlich über das Arzneimittel informiert.",
            "Die Werbung ist nicht zulässig, wenn sie sachlich über das Arzneimittel informiert.",
            ("negation", "(none) -> nicht"),
        ),
        (
            "Cette disposition s'applique aux organismes qui présentent des oeuvres.",
            "Cette disposition ne s'applique pas aux organismes qui présentent des oeuvres.",
            ("negation", "(none) -> ne"),
        ),
        (
            "Die Geldbuße beträgt höchstens 2 500 Euro für jeden einzelnen Verstoß.",
            "Die Geldbuße beträgt höchstens 2 650 Euro für jeden einzelnen Verstoß.",
            ("money", "2 500 Euro -> 2 650 Euro"),
        ),
        (
            "Le budget du programme est fixé à 1,5 milliard d'euros pour la période.",
            "Le budget du programme est fixé à 2 milliards d'euros pour la période.",
            ("money", "1,5 milliard d'euros -> 2 milliards d'euros"),
        ),
        (
            "Die Vergütung beträgt 4 210 EUR im Jahr für jeden Beschäftigten.",
            "Die Vergütung beträgt 4 380 EUR im Jahr für jeden Beschäftigten.",
            ("money", "4 210 EUR -> 4 380 EUR"),
        ),
        (
            "Der Satz beträgt 15 Prozent des Umsatzes der betroffenen Unternehmen.",
            "Der Satz beträgt 20 Prozent des Umsatzes der betroffenen Unternehmen.",
            ("percent", "15 Prozent -> 20 Prozent"),
        ),
        (
            "Le plafond est de 3\u00a0000 euros par foyer fiscal et par an.",
            "Le plafond est de 3\u202f500 euros par foyer fiscal et par an.",
            ("money", "3\u00a0000 euros -> 3\u202f500 euros"),
        ),
    ],
)
def test_french_and_german_rules(old, new, expected):
    assert expected in keys(old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "Le plafond est fixé à 3 000 euros par foyer fiscal et par an.",
            "Le plafond est fixé à 3 000 € par foyer fiscal et par an.",
        ),
        (
            "Die Geldbuße beträgt höchstens 3.000 Euro für jeden einzelnen Verstoß.",
            "Die Geldbuße beträgt höchstens 3.000 EUR für jeden einzelnen Verstoß.",
        ),
        (
            "Le plafond est fixé à 3 000 EUR par foyer fiscal et par an.",
            "Le plafond est fixé à EUR 3 000 par foyer fiscal et par an.",
        ),
    ],
)
def test_currency_spelling_alone_is_no_money_change(old, new):
    assert not [k for k in keys(old, new) if k[0] == "money"]


def test_german_common_nouns_are_not_parties_names_are():
    old = (
        "Die Frist beträgt zehn Tagen nach Eingang der Anzeige bei der Europäischen Gemeinschaften."
    )
    new = "Die Frist beträgt zehn Monaten nach Eingang der Anzeige bei der Europäischen Union."
    found = keys(old, new)
    assert ("entity", "Europäischen Gemeinschaften -> Europäischen Union") in found
    assert not [k for k in found if k[0] == "entity" and "Tagen" in k[1]]


def test_references_are_not_values():
    old = "Für Medizinprodukte gilt § 3 Absatz 1 Satz 2 entsprechend, wie in Artikel 5 bestimmt."
    new = "Für Medizinprodukte gilt § 4 Absatz 1 Satz 2 entsprechend, wie in Artikel 5 bestimmt."
    assert not [k for k in keys(old, new) if k[0] in ("number", "date", "money")]


def test_lang_option_overrides_detection():
    old = "Der Anbieter muss die Behörde informieren."
    new = "Der Anbieter kann die Behörde informieren."
    assert ("modality", "muss -> kann (weaker)") in keys(old, new, language="de")
    assert not [k for k in keys(old, new, language="en") if k[0] == "modality"]


def test_a_one_character_edit_in_chinese_shows_as_that_character():
    comparison = compare(
        "这是一个测试句子，我们需要检查差异。", "这是一个测验句子，我们需要检查差异。"
    )
    ops = [(str(op.op), op.text) for change in comparison.sections for op in change.ops]
    assert ("delete", "试") in ops
    assert ("insert", "验") in ops


def test_granularity_char_for_any_text():
    comparison = compare("the color of the sky", "the colour of the sky", granularity="char")
    ops = [(str(op.op), op.text) for change in comparison.sections for op in change.ops]
    assert ("insert", "u") in ops


def test_scale_words_read_with_the_amount():
    assert ("money", "1,5 Mrd. EUR -> 2 Mrd. EUR") in keys(
        "Der Bund stellt 1,5 Mrd. EUR für das Programm bereit.",
        "Der Bund stellt 2 Mrd. EUR für das Programm bereit.",
    )


CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("fr-cgi-article-200/v03.md", "3 000 euros", "3 000 €"),
        ("fr-cgi-article-200/v02.md", "495 euros", "495 €"),
        ("de-heilmittelwerbegesetz/v04.md", "fünfzigtausend Euro", "fünfzigtausend EUR"),
    ],
)
def test_a_real_pair_whose_only_change_is_the_currency_spelling_has_no_money_change(path, old, new):
    text = (CORPUS / path).read_text(encoding="utf-8")
    assert old in text
    comparison = compare(text, text.replace(old, new))
    assert not [k for k in comparison.key_changes if k.category == "money"]


def test_amounts_of_the_french_corpus_are_read_whole():
    old = (CORPUS / "fr-cgi-article-200/v02.md").read_text(encoding="utf-8")
    new = (CORPUS / "fr-cgi-article-200/v03.md").read_text(encoding="utf-8")
    told = " ".join(f"{k.summary} {k.old} {k.new}" for k in compare(old, new).key_changes)
    assert "15 000 €" in told
    assert "(none) -> 000" not in told
