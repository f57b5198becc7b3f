"""Each language's rules as data: one table per language (`en`, `fr`, `de`).

A table holds general linguistic knowledge only (function words, modal verbs with their
strength, negation, number words, months, units of time, currency names and scale words,
percent words, clause and article markers), never words taken from a particular text. Adding a
language is adding a module with a `TABLE` and naming it in `TABLES`.

`detect(text)` picks the table whose function words (`stop_words`) are most frequent in the
text: a few hundred common words tell English, French and German apart reliably on any text
of a sentence or more, need no model files and cost one pass over the words. (A PyPI detector
would add a dependency and its profiles to tell apart three languages whose function words
already differ.) Text mostly in scripts written without spaces (Chinese, Japanese) is reported
as `zh`/`ja` and read with the English value rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    #: Frequent function words, for detection.
    stop_words: frozenset[str]
    #: Obligation and permission words with their strength (5 must ... 1 may).
    modals: Mapping[str, int]
    #: A regular expression (case aside) of the words that negate a statement.
    negation: str
    #: A regular expression of the words that state an obligation, a right or a deadline.
    obligation: str
    number_words: frozenset[str]
    months: tuple[str, ...]
    #: Units of time, as a regular expression (case aside).
    time_units: str
    #: Currency words (lower case) and the code they stand for.
    currencies: Mapping[str, str]
    #: Scale words (lower case, a final dot allowed) and their factor.
    scales: Mapping[str, float]
    #: What stands in place of a repealed provision ("(weggefallen)", "Abrogé", "[Repealed]").
    repeal_words: tuple[str, ...]
    percent_words: tuple[str, ...]
    #: Words that introduce a cross-reference or a clause label (`Article 5`, `§ 3`).
    clause_markers: tuple[str, ...]
    #: Words that start phrases rather than name things (capitalised at a sentence start).
    not_names: frozenset[str]
    #: Thousands separated by spaces and a decimal comma (`3 000,50`).
    space_thousands: bool = False
    #: Every noun is capitalised (German): one capitalised word alone is not a name.
    capitalised_nouns: bool = False
    #: A regular expression (case aside) of the words that make a clause a condition, an
    #: exception or a time limit of a rule ("unless", "sofern", "à condition que", "until").
    condition: str = ""
    #: A regular expression of the words that make a sentence added among others a clause
    #: worth telling: obligations, prohibitions and reserved rights, not mere permissions or
    #: descriptions. Empty: every sentence of prose binds (the sentences of a law).
    binding: str = ""
    #: A regular expression (case aside) of the words that open a qualifier of a rule, matched
    #: at the start of words added to (or removed from) a sentence that stays: what limits or
    #: widens a duty, a right or a disclaimer ("to the extent permitted by law", "sous réserve
    #: de", "unbeschadet").
    qualifier: str = ""
    #: A regular expression (case aside) of the words that disclaim a warranty or a liability
    #: ("provided as is, without warranty"): a sentence that holds them binds a reader too.
    disclaimer: str = ""
    #: Words that join one more member to an enumeration ("or", "and"): a cross-reference
    #: added after one of them extends a provision to the text it cites.
    joining_words: tuple[str, ...] = ()
    #: Words that date a cited act ("Regulation 2017/745 of 5 April 2017", "vom", "du"): a date
    #: after one of them, behind the act's number, dates the act, it sets no term.
    dating_words: tuple[str, ...] = ()
    #: A regular expression of the street part of a postal address, with its number ("51 Main
    #: Street", "12 bis rue de la Paix", "Hauptstraße 12"): its numbers (and a postcode after
    #: it) locate a place, they are no values.
    street: str = ""
    #: Relative clauses whose modal verb describes who or what someone or something is ("any
    #: party who may redistribute", "qui peut", ", der ... kann"): no permission granted.
    relative_modal: str = ""
    #: A modal verb of necessity: what it takes for something to work ("must be combined with
    #: the library in order to run", "doit être installé pour fonctionner"), no duty on anyone.
    necessity_modal: str = ""


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def modal_table(**groups: tuple[str, ...]) -> Mapping[str, int]:
    strength = {"must": 5, "will": 4, "should": 3, "may": 1}
    return MappingProxyType(
        {word: strength[group] for group, found in groups.items() for word in found}
    )


_WORD = re.compile(r"[^\W\d_]+")
_SPACELESS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def spaceless(text: str) -> bool:
    """Whether the text is mostly in a script written without spaces between words."""
    sample = text[:20000]
    letters = sum(1 for c in sample if c.isalpha())
    return letters > 0 and len(_SPACELESS.findall(sample)) > 0.3 * letters


def tables() -> dict[str, Language]:
    from draftwatch.engine.languages import de, en, fr

    return {table.code: table for table in (en.TABLE, fr.TABLE, de.TABLE)}


def detect(text: str) -> str:
    """The code of the text's language: the table whose function words occur most often in
    the first 20,000 characters (English when none stands out)."""
    if spaceless(text):
        return "ja" if re.search(r"[\u3040-\u30ff]", text[:20000]) else "zh"
    counts: dict[str, int] = {}
    found = _WORD.findall(text[:20000].casefold())
    for code, table in tables().items():
        counts[code] = sum(1 for word in found if word in table.stop_words)
    best = max(counts, key=lambda code: (counts[code], code == "en"))
    return best if counts[best] > counts["en"] else "en"


def table(code: str) -> Language:
    """The table of a language code; languages without one are read with English rules."""
    return tables().get(code.lower()[:2], tables()["en"])
