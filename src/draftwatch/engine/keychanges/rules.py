"""Language rules: the shared patterns and constants, `_Rules` compiled once per language table
(`rules_for`), and the rules of the comparison being read (`_rules`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from draftwatch.engine.languages import Language
from draftwatch.engine.languages import table as language_table
from draftwatch.engine.languages.en import TABLE as EN

T = TypeVar("T")
_VALUE_CATEGORIES = ("money", "percent", "date", "number")

_NUMBER_WORDS = EN.number_words  # the English table's (one copy)
_NUMBER_WORD = "(?i:" + "|".join(sorted(_NUMBER_WORDS, key=lambda w: (-len(w), w))) + ")"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
#: A number that is not part of a name such as UTF-8, ISO-8859-1 or M-16-21.
_NUMBER = r"(?=\d)(?<![A-Za-z]-)(?<![\w.-])\d+(?:[.,]\d+)*"
_SCALE = r"(?:\s?(?:(?:billion|million|thousand|trillion|bn|mn|m|k)\b|Mrd\.?|Mio\.?))"
_CURRENCY = r"(?:€|\$|£|¥|EUR|USD|GBP|CHF|JPY)"
_TIME_UNIT = EN.time_units


def _gated(
    category: str, pattern: str, gate: tuple[str, ...], flags: int = 0, digits: bool = True
) -> tuple[str, re.Pattern[str], tuple[str, ...], bool]:
    """A value pattern; the strings (lower case) of which a text must hold one for the pattern
    to be worth running; and whether it needs a digit. Substring tests cost next to nothing."""
    return category, re.compile(pattern, flags), gate, digits


#: Value patterns, most specific first: what one takes, the later ones cannot.
PATTERNS = (
    # Not values: footnote references like [6], clock times like 11:59pm.
    _gated("", r"\[\d+\]|\b\d{1,2}:\d{2}\s?(?:[ap]\.?m\.?)?", ("[", ":"), re.IGNORECASE),
    # Not values: cross-references (Section 6.3, Article 5, § 2) and clause numbers (4.3.2).
    _gated(
        "",
        r"(?:\b(?:Sections?|Articles?|Clauses?|Paragraphs?|Parts?|Chapters?|Schedules?|"
        r"Annex(?:es)?|Appendix|Appendices|Rules?)|§§?)\s*(?:[A-Z]\s?\(?)?\d+(?:\.\d+)*[a-z]?\)?"
        # ... and the references listed after the first: Sections 8.1 or 8.2, §§ 3, 4 and 7
        # (a number followed by what it counts, "to 10 employees", "or 30 days", is a value)
        r"(?:\s?(?:,|and|or|to|through|-|–)\s?\d+(?:\.\d+)*[a-z]?\b"
        r"(?=\s*(?:[,;:.)\]]|$|(?:and|or|to|above|below|of|hereof|herein|apply|applies)\b)))*"
        r"|\b\d+\.\d+\.\d+(?:\.\d+)*\.?"
        # a clause number opening a line: "10.4. Title", "2) The buyer"
        r"|(?:^|(?<=\n))[ \t]*\d+(?:\.\d+)*[.)](?=[ \t])"
        # legal citations: 44 U.S.C. 3542, 41 CFR 102, Pub. L. 114-185
        r"|\b\d+\s+(?:U\.?\s?S\.?\s?C|C\.?\s?F\.?\s?R)\.?(?:\s*§+)?\s*\d*"
        r"|\bPub(?:lic|\.)?\s+L(?:aw|\.)?\s+(?:No\.\s*)?\d+-\d+",
        (
            "section",
            "u.s.c",
            "usc",
            "cfr",
            "c.f.r",
            "pub",
            "article",
            "clause",
            "paragraph",
            "part",
            "chapter",
            "schedule",
            "annex",
            "appendi",
            "rule",
            "§",
            ".",
            ")",
        ),
    ),
    _gated(
        "money",
        rf"{_CURRENCY}\s?{_NUMBER}{_SCALE}?|{_NUMBER}{_SCALE}?\s?(?:{_CURRENCY}|euros?\b|"
        r"dollars?\b|pounds\b)",
        ("€", "$", "£", "¥", "eur", "usd", "gbp", "chf", "jpy", "dollar", "pound"),
    ),
    _gated("percent", rf"{_NUMBER}\s?(?:%|per\s?cent\b|percent\b)", ("%", "percent", "per cent")),
    _gated(
        "date",  # durations and deadlines: within 30 days, three years
        rf"\b(?:(?i:within)\s)?(?:{_NUMBER}|\b{_NUMBER_WORD}(?:\s\(\d+\))?)\s"
        rf"(?:calendar\s|business\s|working\s)?{_TIME_UNIT}\b",
        ("day", "week", "month", "year"),
        digits=False,
    ),
    _gated(
        "date",  # calendar dates, months, quarters and years
        rf"\b\d{{1,2}}\s{_MONTH}\.?\s\d{{4}}\b|\b{_MONTH}\.?\s\d{{1,2}},?\s\d{{4}}\b|"
        rf"\b{_MONTH}\.?\s\d{{4}}\b|\b\d{{1,2}}-{_MONTH}-\d{{4}}\b|\bQ[1-4]\s\d{{4}}\b|"
        r"\b\d{4}-\d{2}-\d{2}\b|\b(?:19|20)\d{2}\b",
        ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
    ),
    _gated(
        "number",
        rf"(?P<value>{_NUMBER}{_SCALE}?)(?:\s(?P<unit>[a-z][a-z-]+))?",
        ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
        re.IGNORECASE,
    ),
    # Number words ("seven key areas") are found word by word: see _number_words.
)
#: Every value above has a digit or a number word: cheap tests before the patterns.
_DIGIT = re.compile(r"\d")
_LOWER_WORD = re.compile(r"[a-z]+")
_ALPHA_WORD = re.compile(r"\b[A-Za-z]+\b")
_UNIT = re.compile(r"\s[A-Za-z][A-Za-z-]+")
_NEXT_WORD = re.compile(r"\W{0,3}([^\W\d_]{3,})")

#: English modal verbs and their strength (the English table's, used when no language applies).
_MODALS = EN.modals
_MODAL = re.compile(
    r"\b(?:" + "|".join(sorted(_MODALS, key=len, reverse=True)) + r")\b|\bcan(?=not\b)", re.I
)
#: English negation (the English table's): "not only ... but also", "without prejudice to" and
#: "without exception" flip no statement.
_NEGATION = re.compile(EN.negation, re.I)
#: Acronyms (NATO, UTF-8), names with a number (Latin-1), and runs of capitalised words
#: (United Kingdom, European Defence Industry Programme, Bank of England).
_ENTITY = re.compile(
    r"\b[A-Z][A-Za-z]*-\d+(?:-\d+)*\b"
    r"|\b[A-Z]{2,}s?\b"
    r"|\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\b(?:\s(?:of\s|for\s|the\s)?[A-Z][a-z]+(?:[A-Z][a-z]+)*\b)*"
)
#: Capitalised words that start phrases rather than name things (the English table's).
_NOT_NAMES = EN.not_names
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[-*•#]\s*|\(\s*)$")
#: Acronyms that name no party: time zones.
_NOT_PARTIES = frozenset(("EDT", "EST", "CET", "CEST", "GMT", "UTC", "BST", "PST", "PDT"))
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+(?=[\"'“(\[]?[A-Z0-9])|\n\n")
_CONTEXT = 300  # characters of context either side of a change, at most
#: Markup inside raw HTML blocks and character references; superscripts (<sup>29</sup>) and
#: Markdown footnote marks ([^4]) are footnote numbers, not values.
_MARKUP = re.compile(
    r"<sup\b[^<>]{0,200}>.{0,200}?</sup>|\[\^\w{1,20}\]|<[^<>]{0,400}>|&#?\w{1,10};",
    re.IGNORECASE | re.DOTALL,
)
_ABBREVIATION = re.compile(
    r"\b(?:Mrd|Mio|Art|Arts|No|Nos|Nr|para|paras|cf|vs|Mr|Ms|Mrs|Dr|St|e\.g|i\.e|etc|Exec|Mgmt)\.$"
)
_ORDINAL = re.compile(r"(?<![\d.])\d{1,2}\.$")
_LABEL_ONLY = re.compile(r"(?:\d+(?:\.\d+)*|[a-z]|[ivxlc]+)\.?|\(\w{1,4}\)")


#: Words that state an obligation, a prohibition, a right or a deadline: a sentence holding one,
#: added or removed whole, is a `clause` key change.
_OBLIGATION = re.compile(EN.obligation.replace("{number_word}", _NUMBER_WORD))
#: "May 17, 2024", "17 May": the month, not the modal verb.
_MONTH_MAY = re.compile(r"\bMay(?=\s+\d)|(?<=\d\s)May\b")
_WORD_RE = re.compile(r"\w+")
_NON_WORD = re.compile(r"\W+")
_NEITHER_WORD_NOR_SPACE = re.compile(r"[^\w ]")
#: Sections whose text is apparatus rather than the rules: footnotes, notes, references...
_APPARATUS = re.compile(
    r"(?i)\b(?:footnotes?|notes?|references?|endnotes?|bibliography|acknowledge?ments?|"
    r"copyright|change\s*log|revision\s+history|version\s+bookkeeping)\b"
)
#: A sentence pair more alike than this is one sentence edited; less, a rewrite.
_EDITED = 0.5
_RELATED = 0.3
#: Importance by category, before the size of the change and its place.
_BASE = {
    "money": 90,
    "date": 78,
    "percent": 78,
    "modality": 70,
    "negation": 72,
    "clause": 62,
    "number": 55,
    "entity": 52,
    "list": 40,
    "field": 45,  # a status, a type or a licence named in the document's head
    "link": 15,  # a link target changed while its text did not: listed, rarely what matters
}


# --- Language rules -------------------------------------------------------------------------
#: The upper- and lower-case letters of the Latin scripts of the EU languages.
_UP = "A-ZÀ-ÖØ-ÞŒŠŽ"
_LOW = "a-zß-öø-ÿœšž"


@dataclass(frozen=True, eq=False)  # hashed by identity: one per language, cached
class _Rules:
    """One language's compiled rules: what the functions below read instead of English lists."""

    language: Language
    patterns: tuple[tuple[str, re.Pattern[str], tuple[str, ...], bool], ...]
    modals: Mapping[str, int]
    modal: re.Pattern[str]
    negation: re.Pattern[str]
    obligation: re.Pattern[str]
    number_words: frozenset[str]
    period: re.Pattern[str]
    entity: re.Pattern[str]
    not_names: frozenset[str]
    inner_capital: re.Pattern[str]
    scale_word: re.Pattern[str]
    scales: Mapping[str, float]


def _english() -> _Rules:
    return _Rules(
        EN,
        (*_postal_address_patterns(EN), *PATTERNS),
        _MODALS,
        _MODAL,
        _NEGATION,
        _OBLIGATION,
        _NUMBER_WORDS,
        _PERIOD,
        _ENTITY,
        _NOT_NAMES,
        _INNER_CAPITAL,
        _SCALE_WORD,
        _SCALES,
    )


#: What may follow a street in a postal address up to its postcode: a few comma-separated
#: parts without digits ("Fifth Floor", "Boston", "MA") and the code ("02110-1301", "D-10115"),
#: five digits or a country letter before it, so that a year after an address stays a date.
_ADDRESS_TAIL = (
    r"(?:(?:,?\s+[^\W\d][^\d,;:\n]{0,40}?){0,4},?\s+"
    r"(?:[A-Z]{1,2}-\d{4,5}|(?:[A-Z]{2}\s{1,2})?\d{5}(?:-\d{4})?)\b)?"
)


def _postal_address_patterns(
    language: Language,
) -> tuple[tuple[str, re.Pattern[str], tuple[str, ...], bool], ...]:
    """Not values: the numbers of a postal address (a street number beside its street word, a
    postcode after the street or beside a region code). An address moved or replaced by a web
    address tells where to write, not what a text fixes; its names stay for the party rules."""
    if not language.street:
        return ()
    return (_gated("", rf"(?:{language.street}){_ADDRESS_TAIL}", ("",)),)


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=16)
def rules_for(code: str) -> _Rules:
    """The compiled rules of a language (English rules for a language without a table)."""
    language = language_table(code)
    if language.code == "en":
        return _english()
    number_word = "(?i:" + _alternatives(language.number_words) + ")"
    month = "(?:" + _alternatives(language.months) + ")"
    sep = "[ \u00a0\u202f.]" if language.space_thousands else ","
    # 15 000, 15.000, 1 234 567,50 (grouped by threes), or plain digits with a decimal part.
    number = (
        rf"(?=\d)(?<![{_UP}{_LOW}]-)(?<![\w.-])"
        rf"(?:\d{{1,3}}(?:{sep}\d{{3}})+(?![\d])(?:,\d+)?|\d+(?:[.,]\d+)*)"
    )
    scale = (
        r"(?:\s?(?i:"
        + _alternatives(
            [w for w in language.scales if len(w) > 2]
            + [f"{w}." for w in language.scales if w in ("mio", "mrd")]
        )
        + r")(?!\w))"
    )
    currency_words = _alternatives([w for w in language.currencies if len(w) > 1])
    currency = r"(?:€|\$|£|¥|EUR|USD|GBP|CHF|JPY)"
    percent = _alternatives(w for w in language.percent_words if w != "%")
    markers = _alternatives(m.rstrip(".") for m in language.clause_markers)
    reference = (
        rf"(?:(?<!\w)(?:{markers})\.?|§§?)\s*(?:[LRDA]\.?\s*)?\d+(?:[./-]\d+)*"
        rf"(?:\s?[a-z]\b)?(?:\s+(?:bis|ter|quater|quinquies|[A-Z]|nonies)\b)*"
        rf"(?:\s*(?:bis|und|oder|et|à|,)\s*(?:[LRDA]\.?\s*)?\d+(?:[./-]\d+)*[a-z]?\b)*"
        r"|\b\d+\s+(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies)\b"
        r"|\b[Nn](?:°|r\.|o\.)\s*\d+(?:[-/]\d+)*"
        r"|\((?:EU|EG|EWG|UE|CE|CEE)\)\s*(?:Nr\.\s*)?\d+/\d+|\b\d+/\d+/[A-Z]{2,3}\b|\b\d{2,4}/\d+\b"
        r"|\b\d+°"
    )
    patterns = (
        *_postal_address_patterns(language),
        _gated("", r"\[\d+\]|\b\d{1,2}:\d{2}", ("[", ":")),
        _gated("", reference, ("",)),
        _gated(
            "money",
            rf"(?i:{currency})\s?{number}{scale}?"
            rf"|{number}{scale}?\s?(?:de\s|d['’])?(?:{currency}|(?i:{currency_words})\b)",
            ("€", "$", "£", "¥", "eur", "usd", "gbp", "chf", "jpy", *language.currencies),
        ),
        _gated(
            "percent",
            rf"{number}\s?(?:%|(?i:{percent})\b)",
            ("%", *(w.lower() for w in language.percent_words)),
        ),
        _gated(
            "date",
            rf"(?:{number}|\b{number_word})\s(?i:{language.time_units})\b",
            ("",),
            digits=False,
        ),
        _gated(
            "date",
            rf"\b\d{{1,2}}(?:er|\.)?\s{month}\s\d{{4}}\b|\b{month}\s\d{{4}}\b"
            r"|\b\d{1,2}\.\d{1,2}\.\d{4}\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:19|20)\d{2}\b",
            ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
        ),
        _gated(
            "number",
            rf"(?P<value>{number}{scale}?)(?:\s(?P<unit>[{_LOW}][{_LOW}-]+))?",
            ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
        ),
    )
    modals = language.modals
    modal = re.compile(r"\b(?:" + _alternatives(modals) + r")\b", re.IGNORECASE)
    name_word = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)*"
    if language.capitalised_nouns:
        # Every noun is capitalised: a name is an acronym (EU, WHO) or a run of two or more
        # capitalised words (Europäische Union, Deutscher Bundestag) whose words before the last
        # carry an adjective's ending (-e, -en, -er, -es, -em); a capitalised word alone, or
        # noun beside noun (Arzneimitteln Vorschub), is a common noun.
        adjective = rf"[{_UP}][{_LOW}]+(?:e|en|er|es|em)"
        entity = rf"\b[{_UP}]{{2,}}s?\b|\b{adjective}(?:\s{adjective})*\s{name_word}\b"
    else:
        entity = rf"\b[{_UP}]{{2,}}s?\b|\b{name_word}(?:\s{name_word})*\b"
    return _Rules(
        language,
        patterns,
        modals,
        modal,
        re.compile(language.negation, re.IGNORECASE),
        re.compile(language.obligation, re.IGNORECASE),
        language.number_words,
        re.compile(rf"(?i)\b{language.time_units}\b"),
        re.compile(entity),
        language.not_names | _NOT_NAMES,
        re.compile(rf"[\w,.;:)] +[{_UP}]|[{_LOW}][{_UP}]"),
        re.compile(r"(?<!\w)(" + _alternatives(language.scales) + r")(?!\w)"),
        language.scales,
    )


_ACTIVE: ContextVar[_Rules | None] = ContextVar("draftwatch_key_change_rules", default=None)


def _rules() -> _Rules:
    return _ACTIVE.get() or rules_for("en")


_PERIOD = re.compile(r"(?i)\b(?:days?|weeks?|months?|years?)\b")
_SCALES = EN.scales  # the English table's (one copy)
_SCALE_WORD = re.compile(r"\b(thousand|k|million|mn|m|billion|bn|trillion)\b")


#: A capitalised word inside a sentence (after a word or a comma): a name may be there.
_INNER_CAPITAL = re.compile(r"[\w,.;:)] +[A-Z]|[a-z][A-Z]")
