"""Values: money, percent, number and date extraction, their pairing between old and new sentences,
and calendar, frequency and address changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import pairwise

from draftwatch.engine.keychanges.index import _FIELD_LINE, _Context, _Index, _words_key
from draftwatch.engine.keychanges.rules import (
    _ALPHA_WORD,
    _DIGIT,
    _EDITED,
    _LOWER_WORD,
    _NEXT_WORD,
    _UNIT,
    _VALUE_CATEGORIES,
    _WORD_RE,
    _alternatives,
    _Rules,
    _rules,
)
from draftwatch.engine.keychanges.text import (
    _PROHIBITION,
    _compact,
    _fold,
    _make,
    _modals,
    _reference_pattern,
    _sentence_around,
    _SentencePair,
    _similarity,
    _text,
    _unique,
    _unlabelled,
    _without_descriptive_modals,
)
from draftwatch.engine.languages import table as language_table
from draftwatch.model import (
    KeyChange,
)


@lru_cache(maxsize=16)
def _calendar_date_pattern(code: str) -> re.Pattern[str]:
    """A date written out with its day and month ("5. April 2017", "5 avril 2017", "5 April
    2017", "April 5, 2017")."""
    months = _alternatives(language_table(code).months)
    return re.compile(
        rf"\b\d{{1,2}}(?:er|\.)?\s(?i:{months})\s\d{{4}}\b|\b(?i:{months})\s\d{{1,2}},?\s\d{{4}}\b"
    )


def _calendar_dates_added(
    pair: _SentencePair, section: str, context: _Context
) -> Iterable[KeyChange]:
    """A calendar date new to the document, written out with its day and month, in a provision
    rewritten (told as a clause or not at all): a date key change of its own (the date of an
    instrument now cited, a deadline), which the rules for edited sentences do not tell."""
    if not pair.old_text or not pair.new_text:
        return
    pattern = _calendar_date_pattern(_rules().language.code)
    values = _values(_unlabelled(pair.new_text))
    for category, value, _counted in values:
        if category != "date" or not pattern.fullmatch(value) or context.old.has(value):
            continue
        if context.new.count(value) > sum(v == value for _, v, _ in values):
            continue  # written in other provisions too: told there, as they are edited
        if _history_line(pair, section, context):
            return
        yield _make("date", section, "", value, pair.old, pair.new)


def _calendar_date_added(change: KeyChange) -> bool:
    """Whether a change is a calendar date come alone: a fact beside the provision that states
    it, which does not tell how that provision changed."""
    return (
        change.category == "date"
        and not change.old
        and _calendar_date_pattern(_rules().language.code).fullmatch(change.new) is not None
    )


#: How often something is due or paid (English): a fee charged monthly or once, a report due
#: every quarter. Group 1..6 name the period, for "annual" and "yearly" to be one.
_FREQUENCY = re.compile(
    r"\b(?:(daily|per\s+day|every\s+day)|(weekly|per\s+week|every\s+week)"
    r"|(monthly|per\s+month|every\s+month)|(quarterly|per\s+quarter|every\s+quarter)"
    r"|(annual(?:ly)?|yearly|per\s+(?:year|annum)|every\s+year)"
    r"|(one[- ](?:time|off)|non-?recurring))\b",
    re.IGNORECASE,
)


def _frequency_change(pair: _SentencePair, section: str) -> Iterable[KeyChange]:
    """One frequency put for another in an English sentence edited there ("a recurring monthly
    payment" -> "a recurring or one-time payment"): how often a payment or a duty falls due.
    The same period said another way ("annual" for "yearly") is no change."""
    if _rules().language.code != "en":
        return

    def periods(text: str) -> dict[int, str]:
        found: dict[int, str] = {}
        for match in _FREQUENCY.finditer(text):
            period = next(i for i, group in enumerate(match.groups()) if group)
            found.setdefault(period, match.group(0))
        return found

    old, new = periods(pair.old_text), periods(pair.new_text)
    gone = [word for period, word in old.items() if period not in new]
    came = [word for period, word in new.items() if period not in old]
    if len(gone) == 1 and len(came) == 1:
        pieces = " ".join((*pair.old_pieces, *pair.new_pieces))
        if gone[0] in pieces and came[0] in pieces:
            yield _make("date", section, gone[0], came[0], pair.old, pair.new)


_MAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _address_changes(pair: _SentencePair, section: str) -> Iterable[KeyChange]:
    """A mail address put for another in an edited sentence (a person's or an office's new
    address: whom to write to), paired by the name before the @ when several change, else one
    for one; an address added or dropped alone is not told here."""

    def addresses(text: str) -> list[str]:
        return _unique(m.group(0).rstrip(".").casefold() for m in _MAIL_ADDRESS.finditer(text))

    old, new = addresses(pair.old_text), addresses(pair.new_text)
    gone = [a for a in old if a not in new]
    came = [a for a in new if a not in old]
    if not gone or not came:
        return
    if len(gone) == len(came) == 1:
        pairs = [(gone[0], came[0])]
    else:
        pairs = [(a, b) for a in gone for b in came if a.split("@")[0] == b.split("@")[0]]
    pieces = " ".join(pair.old_pieces).casefold()
    for a, b in pairs:
        if a.split("@")[0] in pieces or a.split("@")[1] in pieces:
            yield _make("link", section, a, b, pair.old, pair.new, summary=f"{a} -> {b}")


_AMOUNT = re.compile(r"\d+(?:[.,]\d+)*")


_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_NOT_DIGIT = re.compile(r"\D")


_SPACED_AMOUNT = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?!\d)(?:,\d+)?|\d+(?:,\d+)?")


def _amount(value: str) -> float | None:
    if _rules().language.space_thousands:
        return _spaced_amount(value)
    match = _AMOUNT.search(value)
    if match is None:
        return None
    digits = match.group(0)
    digits = digits.replace(",", "") if _THOUSANDS.fullmatch(digits) else digits.replace(",", ".")
    return _scaled(digits, value)


def _spaced_amount(value: str) -> float | None:
    """An amount written the French or German way: 15 000, 15.000, 1,5 (decimal comma)."""
    match = _SPACED_AMOUNT.search(value)
    if match is None:
        return None
    digits = re.sub(r"[ \u00a0\u202f.]", "", match.group(0)).replace(",", ".")
    return _scaled(digits, value)


def _scaled(digits: str, value: str) -> float | None:
    """The amount's digits as a number, times its scale word ("1,5 milliard", "$9 billion")."""
    try:
        number = float(digits)
    except ValueError:
        return None
    rules = _rules()
    scale = rules.scale_word.search(value.lower())
    return number * (rules.scales[scale.group(1)] if scale else 1.0)


_CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY"}


def _currency(value: str) -> str:
    """The currency an amount is in, as a code (€, euros, EUR: EUR); empty if none is named."""
    for sign, code in _CURRENCY_SIGNS.items():
        if sign in value:
            return code
    currencies = _rules().language.currencies
    word: str
    for word in _WORD_RE.findall(value.casefold().replace("’", "'")):
        if word.upper() in ("EUR", "USD", "GBP", "CHF", "JPY"):
            return word.upper()
        if word in currencies:
            return currencies[word]
    return ""


def _same_money(old: str, new: str) -> bool:
    """Two spellings of one amount: 3 000 euros, 3 000 €, EUR 3,000."""
    currency = _currency(old)
    return bool(currency) and currency == _currency(new) and _amount(old) == _amount(new)


#: How the reason of a value's key change names it.
_VALUE_NOUNS = {
    "money": "amount",
    "date": "deadline or date",
    "percent": "percentage",
    "number": "number",
}


_YEAR = re.compile(r"(?:19|20)\d{2}")


def _permission_only(sentence: str) -> bool:
    """Whether an English sentence only permits ("You may add your name"): no duty, no
    prohibition or restriction ("may not", "may only"), no modal verb stronger than "may"."""
    if _rules().language.code != "en":
        return False
    plain = _without_descriptive_modals(sentence)
    found = list(_rules().obligation.finditer(plain))
    if not found or _PROHIBITION.search(plain):
        return False
    if any(_rules().modals.get(modal, 0) >= 3 for modal in _modals(plain)):
        return False
    return all(
        match.group(0).lower() == "may"
        and not plain[match.end() :].lstrip().startswith(("not", "only"))
        for match in found
    )


def _values(text: str) -> tuple[tuple[str, str, str], ...]:
    return _values_in(text, _rules())


@lru_cache(maxsize=4096)
def _values_in(text: str, rules: _Rules) -> tuple[tuple[str, str, str], ...]:
    """(category, value, what it counts) of every amount, percentage, date and quantity, left
    to right. What it counts is the word after it (`shells` in `2 million shells`)."""
    has_digit = bool(_DIGIT.search(text))
    lower = text.lower()
    has_number_word = not rules.number_words.isdisjoint(_LOWER_WORD.findall(lower))
    if not has_digit and not has_number_word:
        return ()
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, str, str]] = []

    def take(start: int, end: int, category: str, value: str) -> None:
        for taken_start, taken_end in taken:
            if start < taken_end and taken_start < end:
                return
        taken.append((start, end))
        if category:
            following = _NEXT_WORD.match(text, start + len(value))
            counted = following.group(1).lower() if following else ""
            found.append((start, category, value, counted))

    for (category, pattern, _, needs_digit), gate in zip(
        rules.patterns, _gates(rules), strict=True
    ):
        if (needs_digit and not has_digit) or not gate(lower):
            continue
        for match in pattern.finditer(text):
            value = match.group("value") if category == "number" else match.group(0).strip()
            take(match.start(), match.end(), category, value)
    for start, end, value in _number_words(text, rules.number_words) if has_number_word else ():
        take(start, end, "number", value)
    found.sort()
    return tuple((category, value, counted) for _, category, value, counted in found)


@lru_cache(maxsize=16)
def _gates(rules: _Rules) -> tuple[Callable[[str], object], ...]:
    """Each value pattern's gate as one search: does the text hold any of these strings."""
    return tuple(
        re.compile("|".join(re.escape(part) for part in gate)).search
        for _, _, gate, _ in rules.patterns
    )


def _has_number_word(lower_text: str) -> bool:
    return not _rules().number_words.isdisjoint(_LOWER_WORD.findall(lower_text))


def _number_words(text: str, number_words: frozenset[str]) -> Iterable[tuple[int, int, str]]:
    """Number words followed by what they count ("seven key areas"); "one" alone is more often
    a pronoun than a quantity, so a number word needs a word after it."""
    for match in _ALPHA_WORD.finditer(text):
        if match.group(0).lower() in number_words and _UNIT.match(text, match.end()):
            yield match.start(), match.end(), match.group(0)


def _value_changes(
    pair: _SentencePair,
    section: str,
    context: _Context,
    old_index: _Index,
    new_index: _Index,
    similarity: float,
) -> Iterable[KeyChange]:
    """Values in one sentence and not in the other. A value gone and one come that count the
    same thing (`1.5 million shells` -> `2 million shells`), or the only ones of their category,
    are a change from one to the other, when neither is found in the other side's text of the
    section; a value gone or come alone must be new to, or gone from, the whole document. Clause
    labels (`7.1`, `**3.3**`, `1\\.`) are left out: a renumbering is cosmetic."""
    old_values = _values(_unlabelled(pair.old_text))
    new_values = _values(_unlabelled(pair.new_text))
    if old_values == new_values:
        return
    old_folded = {_fold(value) for _, value, _ in old_values}
    new_folded = {_fold(value) for _, value, _ in new_values}
    for category in _VALUE_CATEGORIES:
        gone = _unique(
            (v, w) for c, v, w in old_values if c == category and _fold(v) not in new_folded
        )
        came = _unique(
            (v, w) for c, v, w in new_values if c == category and _fold(v) not in old_folded
        )
        year_lists = _year_lists_changed(gone, came, pair) if category == "date" else None
        if year_lists is not None:
            if not (new_index.has(year_lists[0]) or old_index.has(year_lists[1])):
                yield _make(category, section, *year_lists, pair.old, pair.new)
            continue
        alone_gone: list[str] = []
        alone_came: list[str] = []
        unpaired = {"old": False, "new": False}  # values left without a partner, each side
        by_words: set[tuple[str, str]] = set()
        for old, new in _paired(gone, came, pair, old_values, new_values, category, by_words):
            if old and new and (closer := _closer_sentence(old, new, category, pair, context)):
                yield _make(category, section, old, closer[0], pair.old, closer[1])
                old = ""  # the value come here is read as a value come alone
            if not (old and new):
                unpaired["old" if old else "new"] = True
            holder = pair.old_text if old else pair.new_text
            if not (old and new) and _label_or_reference(old or new, holder):
                continue  # a clause's own number or a cross-reference: numbering, not a value
            if not old and category == "number":
                old = _predecessor(new, pair.new_text, context, pair.old_text)
            if old and new:
                if (
                    _compact(old) == _compact(new)
                    or _same_number(old, new)
                    or (category == "money" and _same_money(old, new))
                ):
                    continue  # spelling only: "two steps" and "two-step", "$5,000" and "$5000"
                if (new_index.has(old) or old_index.has(new)) and (old, new) not in by_words:
                    continue  # still there, or there before: it moved within the section
            elif old:
                if similarity < _EDITED or context.new.has(old):
                    continue
                if _one_apart(old, old_values, new_values):
                    continue  # "from 79 to 100 (in effect 99) characters" -> "up to 99 characters"
            elif (
                similarity < _EDITED
                or context.old.has(new)
                or _one_apart(new, new_values, old_values)
                or (category == "date" and _year_appended(new, pair.new_text, context))
            ):
                continue
            if category == "date" and not (old and new) and _history_line(pair, section, context):
                continue
            if not (old and new):
                (alone_gone if old else alone_came).append(old or new)
                continue
            yield _make(category, section, old, new, pair.old, pair.new)
        replaced = unpaired["old"] and unpaired["new"]  # values lost and others gained
        yield from _values_alone(category, section, alone_gone, alone_came, pair, replaced)


def _values_alone(
    category: str,
    section: str,
    gone: list[str],
    came: list[str],
    pair: _SentencePair,
    replaced: bool = False,
) -> Iterator[KeyChange]:
    """Values of one kind left unpaired in a sentence that lost some values of that kind and
    gained others that no pair took (`replaced`): one entry listing the sentence's values of
    that kind before and after ("25 %, 40 %, 50 % -> 26 %, 38 %, 45 %"), so that no value is
    told as new or dropped when it stands in the place of others, and the reader sees the
    provision's values side by side, in order. A value only gone (or only come) from its
    sentence is told alone."""
    if (gone or came) and replaced:
        old, new = (
            ", ".join(_unique(v for c, v, _ in _values(_unlabelled(text)) if c == category))
            for text in (pair.old_text, pair.new_text)
        )
        yield _make(category, section, old, new, pair.old, pair.new, summary=f"{old} -> {new}")
        return
    for value in gone:
        yield _make(category, section, value, "", pair.old, pair.new)
    for value in came:
        yield _make(category, section, "", value, pair.old, pair.new)


#: Words read after a value (to the next value) to pair it with a value of the other sentence.
_AROUND_WORDS = 40
#: Pairs of words two values must share around them (beyond those every value shares).
_AROUND_SHARED = 2


def _paired(
    gone: list[tuple[str, str]],
    came: list[tuple[str, str]],
    pair: _SentencePair,
    old_values: tuple[tuple[str, str, str], ...],
    new_values: tuple[tuple[str, str, str], ...],
    category: str,
    by_words: set[tuple[str, str]],
) -> list[tuple[str, str]]:
    """Values gone and come paired (old, new): where a sentence holds several of a kind, each
    with the value of the other sentence whose following words (up to the next value of the
    kind: what it applies to, "40 % ... for the items b, c and d") it shares most, word pairs
    said around every value aside; the rest as `_pair_up` pairs them. A value in a run of
    values ("25 %, 40 % and 50 % of ...") shares its words with the whole run: it is not paired
    by them. The pairs made by their words are added to `by_words`: a value that stands
    elsewhere in the section too was still put for the other here."""
    if (len(gone) < 2 and len(came) < 2) or not gone or not came:
        return _pair_up(gone, came)
    old_around = _words_after(pair.old_text, [v for c, v, _ in old_values if c == category])
    new_around = _words_after(pair.new_text, [v for c, v, _ in new_values if c == category])
    if not old_around or not new_around:
        return _pair_up(gone, came)
    if len(old_around) + len(new_around) < 3:
        return _pair_up(gone, came)  # one value each side read by its words: nothing to choose
    everywhere = set.intersection(*old_around.values(), *new_around.values())
    scored = sorted(
        (
            (-len((old_around.get(old, set()) & new_around.get(new, set())) - everywhere), i, j)
            for i, (old, _) in enumerate(gone)
            for j, (new, _) in enumerate(came)
        ),
    )
    pairs: list[tuple[int, str, str]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for score, i, j in scored:
        if -score < _AROUND_SHARED:
            break
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((i, gone[i][0], came[j][0]))
        by_words.add((gone[i][0], came[j][0]))
    rest = _pair_up(
        [item for i, item in enumerate(gone) if i not in used_old],
        [item for j, item in enumerate(came) if j not in used_new],
    )
    return [(old, new) for _, old, new in sorted(pairs)] + rest


def _governing_words(value: str, sentence: str) -> str:
    """The two words right before a value, in lower case ("increased to", "portée à", "erhöht
    auf"): what the value is said to be; "" when they are not two words."""
    at = sentence.find(value)
    words = _WORD_RE.findall(sentence[max(0, at - 40) : at].casefold()) if at > 0 else []
    if len(words) < 2 or not all(word.isalpha() for word in words[-2:]):
        return ""
    return " ".join(words[-2:])


def _closer_sentence(
    old: str, new: str, category: str, pair: _SentencePair, context: _Context
) -> tuple[str, str] | None:
    """When the old value's sentence was compared with a sentence that says its new value
    after other words ("is increased to 5 %" with "is equal to 3 %"), another sentence of the
    new document that says a value after the old value's words ("... is increased to
    4 % if ...") and is more like the old sentence (its words) is where the old value went,
    when that value is new to the document: that value and sentence; None when there is no
    such sentence."""
    old_at, new_at = pair.old_text.find(old), pair.new_text.find(new)
    if pair.old_text[max(0, old_at - 12) : old_at] == pair.new_text[max(0, new_at - 12) : new_at]:
        return None  # said after the same words: a cheap look first
    lead = _governing_words(old, pair.old_text)
    if not lead or lead == _governing_words(new, pair.new_text):
        return None
    if f" {lead} " in f" {_words_key(pair.new_text)} ":
        return None
    body = context.new.text
    first, second = lead.split()
    aligned = _similarity(pair.old_text, pair.new_text)
    pattern = re.compile(rf"\b{re.escape(first)}\W+{re.escape(second)}\s+", re.IGNORECASE)
    for match in pattern.finditer(body):
        found = _values(body[match.end() : match.end() + 40])
        if not found or found[0][0] != category or not body.startswith(found[0][1], match.end()):
            continue
        value = found[0][1]
        sentence = _sentence_around(body, match.start(), match.end())
        if value in pair.old_text or sentence in pair.new_text or context.old.has(value):
            continue
        if _similarity(pair.old_text, _text(sentence)) > aligned:
            return value, sentence
    return None


def _words_after(sentence: str, values: list[str]) -> dict[str, set[tuple[str, str]]]:
    """Each value's following words (to the next value of the list, _AROUND_WORDS at most), as
    pairs of consecutive words in lower case."""
    places: list[tuple[int, int, str]] = []
    at = 0
    for value in values:
        found = sentence.find(value, at)
        if found < 0:
            continue
        places.append((found, found + len(value), value))
        at = found + len(value)
    around: dict[str, set[tuple[str, str]]] = {}
    listed: set[str] = set()
    for index, (_, end, value) in enumerate(places):
        stop = places[index + 1][0] if index + 1 < len(places) else len(sentence)
        words = _WORD_RE.findall(sentence[end:stop].casefold())[:_AROUND_WORDS]
        if index + 1 < len(places) and len(words) < 2:
            listed.update((value, places[index + 1][2]))  # "25 %, 40 % et 50 %": a run
        around.setdefault(value, set()).update(pairwise(words))
    return {value: words for value, words in around.items() if value not in listed}


#: A number standing where a clause's own number stands: at the start of a sentence or after
#: one's end ("... of the Program. 3.3 Contributors may not ...").
_LABEL_PLACE = re.compile(r"(?:^|(?:(?<=[^\W\d_]{2})|(?<=[\d)\]]))[.;:!?]\s+|\n\s*)\W{0,2}$")
#: A multi-level number, the shape of a section's number or a version: 3.2, 1.0, 12.4.1.
_DOTTED = re.compile(r"\d+(?:\.\d+)+")


def _label_or_reference(value: str, sentence: str) -> bool:
    """Whether a number added or dropped alone is a clause's number (3.3 before a clause's
    text) or a cross-reference to one ("under section 3.2", "Article 7"): numbering, told by
    the outline, not a value of the text."""
    if not _DOTTED.fullmatch(value):
        return False
    at = sentence.find(value)
    if at < 0:
        return False
    if _LABEL_PLACE.search(sentence[:at]):
        return True
    return any(
        match.start() <= at < match.end()
        for match in _reference_pattern(_rules().language.code).finditer(sentence)
    )


def _predecessor(value: str, sentence: str, context: _Context, old_sentence: str = "") -> str:
    """For a version-shaped number come alone ("v 2.0"), the number it replaced: the one that
    followed the same word in the aligned old sentence ("Licence V. 1.1" -> "Licence v. 1.2",
    case and spacing aside), else in the old document: gone from the new one, or, when the new
    text still names it elsewhere ("compatible with v. 1.1"), standing at the sentence's place
    in the old document and no more in the new; "" when there is no one such (a new value)."""
    if not _DOTTED.fullmatch(value):
        return ""
    at = sentence.find(value)
    lead = _WORD_RE.findall(sentence[max(0, at - 30) : at].casefold()) if at >= 0 else []
    if not lead or not lead[-1].isalpha():
        return ""
    after_lead = re.compile(rf" {re.escape(lead[-1])} (\d+(?: \d+)+)(?= )")
    if old_sentence:
        here = _numbers_after(after_lead, f" {_words_key(old_sentence)} ")
        here -= {value, *_numbers_after(after_lead, f" {_words_key(sentence)} ")}
        if len(here) == 1:
            return here.pop()
    found = _numbers_after(after_lead, context.old.joined) - {value}
    gone = {number for number in found if not context.new.has(number)}
    if gone:
        return gone.pop() if len(gone) == 1 else ""
    # Still named elsewhere ("compatible with v. 1.1"): the one that stood at the sentence's
    # place in the old document and stands there no more.
    replaced = set()
    for number in found:
        words = f" {lead[-1]} {number.replace('.', ' ')} "
        if _near(sentence, words, context.old, context) and not _near(
            sentence, words, context.new, context
        ):
            replaced.add(number)
    return replaced.pop() if len(replaced) == 1 else ""


def _numbers_after(after_lead: re.Pattern[str], spaced: str) -> set[str]:
    """The dotted numbers the pattern finds in words spaced as `_Index.joined` ("v 1 1")."""
    return {number.replace(" ", ".") for number in after_lead.findall(spaced)}


#: How far apart (as a share of each document's length) two places are still the same place.
_SAME_PLACE = 0.1
#: ... or this many characters, in a short document.
_SAME_PLACE_CHARACTERS = 300


def _near(sentence: str, words: str, side: _Index, context: _Context) -> bool:
    """Whether the words (spaced as `_Index.joined`) stand, in one side's document, about
    where the sentence stands in the new one (both as a share of their document's length)."""
    new_text, side_text = context.new.joined, side.joined
    opening = " ".join(_WORD_RE.findall(sentence.casefold())[:8])
    at = new_text.find(f" {opening} ") if opening else -1
    if at < 0:
        return False
    place = at / len(new_text)
    reach = max(_SAME_PLACE * len(side_text), _SAME_PLACE_CHARACTERS)
    found = side_text.find(words)
    while found >= 0:
        if abs(found - place * len(side_text)) <= reach:
            return True
        found = side_text.find(words, found + 1)
    return False


_BARE_YEAR = re.compile(r"(?:19|20)\d{2}")
#: Years listed one after another ("1989, 1991", "2000,2001 and 2002", "1998-2003").
_YEAR_LIST = re.compile(
    r"\b(?:19|20)\d{2}(?:\s*(?:,|&|-|–|\band\b|\bet\b|\bund\b)\s*(?:19|20)\d{2}\b)+"
)


#: Words of a paragraph short enough to be a notice or a title line ("© the Union 2007, 2016").
_NOTICE_WORDS = 16


def _year_appended(value: str, sentence: str, context: _Context) -> bool:
    """Whether a year comes last in a list of years whose other years stood so in the old
    document, in a paragraph as short as a notice ("(c) 2007" -> "© 2007, 2016"): a revision
    year added to a kept list, not a date set by the document's terms."""
    if not _BARE_YEAR.fullmatch(value):
        return False
    for paragraph in sentence.split("\n\n"):
        if len(_WORD_RE.findall(paragraph)) > _NOTICE_WORDS:
            continue
        for found in _YEAR_LIST.finditer(paragraph):
            years = re.findall(r"\d{4}", found.group(0))
            earlier = found.group(0)[: found.group(0).rfind(value)]
            if (
                years[-1] == value
                and value not in years[:-1]
                and all(year < value for year in years[:-1])
                and context.old.has(earlier)
            ):
                return True
    return False


def _year_lists_changed(
    gone: list[tuple[str, str]], came: list[tuple[str, str]], pair: _SentencePair
) -> tuple[str, str] | None:
    """The old and new list of years when the years of a list changed together ("Copyright
    1989, 1991" -> "Copyright 2007"): one change of the list, not one per year paired by
    position; None when the dates changed are not the years of a list."""
    if not gone or not came or len(gone) + len(came) < 3:
        return None
    if not all(_BARE_YEAR.fullmatch(value) for value, _ in (*gone, *came)):
        return None
    old_list = _year_list_holding([v for v, _ in gone], pair.old_text)
    new_list = _year_list_holding([v for v, _ in came], pair.new_text)
    if old_list is None or new_list is None or (len(gone) < 2 and len(came) < 2):
        return None
    return old_list, new_list


def _year_list_holding(years: list[str], text: str) -> str | None:
    """The one list of years in the text that holds all these years (the year alone when
    there is one)."""
    lists = [m.group(0) for m in _YEAR_LIST.finditer(text)]
    if len(years) == 1 and not any(years[0] in found for found in lists):
        return years[0]
    holding = [found for found in lists if all(year in found for year in years)]
    return holding[0] if len(holding) == 1 else None


def _one_apart(
    value: str,
    values: tuple[tuple[str, str, str], ...],
    other_values: tuple[tuple[str, str, str], ...],
) -> bool:
    """Whether a number gone from (or come to) a sentence is one apart from a number of the
    same category that counts the same thing and stands in both sentences: a limit said both
    ways ("100 characters, in effect 99") and then one way ("up to 99 characters")."""
    amount = _amount(value)
    entry = next(((c, w) for c, v, w in values if v == value), None)
    if amount is None or entry is None or not entry[1]:
        return False
    category, counted = entry
    kept = {_fold(v) for _, v, _ in other_values}
    return any(
        c == category
        and w == counted
        and _fold(v) in kept
        and (other := _amount(v)) is not None
        and abs(other - amount) == 1
        for c, v, w in values
    )


def _history_line(pair: _SentencePair, section: str, context: _Context) -> bool:
    """A line of the document's head or a field line that lists dates ("Post-History:
    05-Jul-2001, 01-Aug-2013") and keeps its dates while one is added or dropped: a revision
    history growing, not a date set or changed."""
    for sentence in (pair.old_text, pair.new_text):
        if section != context.head and _FIELD_LINE.match(sentence) is None:
            return False
    old_dates = {_fold(v) for c, v, _ in _values(pair.old_text) if c == "date"}
    new_dates = {_fold(v) for c, v, _ in _values(pair.new_text) if c == "date"}
    return bool(old_dates & new_dates) and (old_dates <= new_dates or new_dates <= old_dates)


def _same_number(old: str, new: str) -> bool:
    if _NOT_DIGIT.sub("", old) != _NOT_DIGIT.sub("", new):
        return False
    a, b = _amount(old), _amount(new)
    return (
        a is not None
        and a == b
        and _compact(_AMOUNT.sub("", old)) == _compact(_AMOUNT.sub("", new))
    )


def _pair_up(gone: list[tuple[str, str]], came: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(old, new) in order: same counted word first, then the rest one to one if as many."""
    pairs: list[tuple[int, str, str]] = []
    left = list(came)
    unmatched_gone = []
    for position, (old, counted) in enumerate(gone):
        partner = next((item for item in left if counted and item[1] == counted), None)
        if partner is None:
            unmatched_gone.append((position, old))
            continue
        left.remove(partner)
        pairs.append((position, old, partner[0]))
    if len(unmatched_gone) == len(left):
        pairs += [(p, old, new) for (p, old), (new, _) in zip(unmatched_gone, left, strict=True)]
        left = []
    else:
        pairs += [(p, old, "") for p, old in unmatched_gone]
    ordered = [(old, new) for _, old, new in sorted(pairs)]
    return ordered + [("", new) for new, _ in left]
