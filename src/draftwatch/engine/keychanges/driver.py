"""The driver, and the readers of key changes not yet moved to their own module of the package."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache, partial
from itertools import pairwise

from draftwatch.engine.keychanges.index import (
    _FIELD_LINE,
    _LAW_NUMBER,
    _Context,
    _Index,
    _lowered,
    _occurrences,
    _version_stamp,
    _word_pattern,
    _words_key,
)
from draftwatch.engine.keychanges.rules import (
    _ACTIVE,
    _ALPHA_WORD,
    _APPARATUS,
    _BASE,
    _DIGIT,
    _EDITED,
    _LOWER_WORD,
    _MODALS,
    _MONTH_MAY,
    _NEXT_WORD,
    _NOT_PARTIES,
    _ORDINAL,
    _RELATED,
    _SENTENCE_START,
    _UNIT,
    _VALUE_CATEGORIES,
    _WORD_RE,
    _alternatives,
    _Rules,
    _rules,
    rules_for,
)
from draftwatch.engine.keychanges.text import (
    _FRAGMENT_WORDS,
    _PROHIBITION,
    _binding_pattern,
    _compact,
    _cut,
    _fold,
    _hunks,
    _make,
    _modals,
    _one_sentence_around,
    _reference_pattern,
    _restated_as_participle,
    _sentence_around,
    _sentence_breaks,
    _SentencePair,
    _similarity,
    _text,
    _unique,
    _unlabelled,
    _widen,
    _without_descriptive_modals,
)
from draftwatch.engine.languages import detect as detect_language
from draftwatch.engine.languages import table as language_table
from draftwatch.engine.matching import title_key
from draftwatch.engine.terms import (
    RENAMED_PLACES,
    Replacement,
    Vocabulary,
    bare_name,
    renamed_terms,
)
from draftwatch.engine.tokens import split_sentences
from draftwatch.model import (
    Comparison,
    KeyChange,
    Op,
    OpKind,
    OutlineEntry,
    OutlineKind,
    SectionChange,
)


def document_language(comparison: Comparison) -> str:
    """The language the key changes of a comparison are read in: the new version's (the old
    one's when the new one is empty)."""
    text = comparison.new.text or comparison.old.text
    return detect_language(text)


def find_key_changes(comparison: Comparison, language: str | None = None) -> tuple[KeyChange, ...]:
    """The key changes of a comparison, read with the rules of `language` (a code such as
    `fr`; detected from the new text when not given)."""
    token = _ACTIVE.set(rules_for(language or document_language(comparison)))
    try:
        return _find_key_changes(comparison)
    finally:
        _ACTIVE.reset(token)
        _sentence_breaks.cache_clear()
        _occurrences.cache_clear()
        _lowered.cache_clear()


def _find_key_changes(comparison: Comparison) -> tuple[KeyChange, ...]:
    context = _Context(comparison)
    found: list[KeyChange] = []
    for change in comparison.sections:
        found.extend(_link_changes(change))
        if change.id == context.head and change.status == "changed":
            found.extend(_field_changes(change))
        if change.status in ("changed", "unchanged"):
            found.extend(_list_changes(change, context))
            found.extend(_changes_in_ops(change.ops, change.id, context))
        else:
            found.extend(_whole_section(change, context, added=change.status == "added"))
    for move in comparison.moves:
        found.extend(_changes_in_ops(move.ops, move.new_section, context))
    found.extend(_roles_named(comparison, context))
    found.extend(_untold_clauses(comparison, context, found))
    found = _with_lead_ins(found, context)
    merged = _one_entry_per_edit(_merge(_without_told_clauses(_without_field_values(found))))
    merged = _without_values_told_as_changed(merged)
    merged = _with_terms_renamed(comparison, context, merged)
    ranked = [_rank(change, context) for change in merged]
    return tuple(sorted(ranked, key=lambda k: -k.importance))


def _with_terms_renamed(
    comparison: Comparison, context: _Context, found: list[KeyChange]
) -> list[KeyChange]:
    """A party or a defined term put for another throughout ("Agency" -> "Government" in
    thirty sentences) as one `entity` entry with the number of places; the same swap told
    in one sentence by the party rules is that entry seen again."""
    language = _rules().language
    vocabulary = Vocabulary(
        language.stop_words,
        language.not_names,
        frozenset(m.rstrip(".").casefold() for m in language.clause_markers),
    )
    replacements: list[Replacement] = []
    for section, ops in [
        *((change.id, change.ops) for change in comparison.sections if change.status == "changed"),
        *((move.new_section, move.ops) for move in comparison.moves),
    ]:
        if any(_names_swapped(pair, vocabulary) for pair in _swaps(ops)):
            replacements.extend(_name_replacements(section, ops, vocabulary))
    if len(replacements) < RENAMED_PLACES:
        return found
    renamed = renamed_terms(replacements, context.old.spaced, context.new.spaced, vocabulary)
    if not renamed:
        return found
    swaps = {pair for term in renamed for pair in ((term.old, term.new), term.replaced)}
    kept = [change for change in found if (change.old, change.new) not in swaps]
    for term in renamed:
        change = _make(
            "entity", term.sections[0], term.old, term.new, term.old_sentence, term.new_sentence
        )
        kept.append(replace(change, count=term.places, locations=term.sections))
    return kept


#: A hunk longer than this (characters) is a passage rewritten, not a name put for another.
_RENAMED_HUNK = 200


def _swaps(ops: tuple[Op, ...]) -> Iterator[tuple[str, str]]:
    """The words of each deletion followed by an insertion (a replacement), short ones only:
    a cheap look at a section's edits before its hunks are built."""
    for first, second in pairwise(ops):
        if first.op == OpKind.DELETE and second.op == OpKind.INSERT:
            if first.cosmetic or second.cosmetic or first.move or second.move:
                continue
            if len(first.text) <= _RENAMED_HUNK and len(second.text) <= _RENAMED_HUNK:
                yield first.text, second.text


def _names_swapped(pair: tuple[str, str], vocabulary: Vocabulary) -> bool:
    gone, came = pair
    if not _CAPITALISED.search(gone) or not _CAPITALISED.search(came):
        return False  # cheap test first: no name on one side
    return any(
        bare_name(old, vocabulary) and bare_name(new, vocabulary)
        for old, new in _pieces(gone, came)
    )


def _name_replacements(
    section: str, ops: tuple[Op, ...], vocabulary: Vocabulary
) -> Iterator[Replacement]:
    """Each name put for another name in the section's hunks, with its two sentences."""
    old_body, new_body, spans = _hunks(ops)
    for old_start, old_end, new_start, new_end in spans:
        gone_hunk, came_hunk = old_body[old_start:old_end], new_body[new_start:new_end]
        if len(gone_hunk) > _RENAMED_HUNK or len(came_hunk) > _RENAMED_HUNK:
            continue  # a passage rewritten: a name put for another is one word or three
        if not _CAPITALISED.search(gone_hunk) or not _CAPITALISED.search(came_hunk):
            continue
        for gone, came in _pieces(gone_hunk, came_hunk):
            if bare_name(gone, vocabulary) and bare_name(came, vocabulary):
                yield Replacement(
                    section,
                    gone,
                    came,
                    _one_sentence_around(old_body, old_start, old_end),
                    _one_sentence_around(new_body, new_start, new_end),
                )


def _one_entry_per_edit(found: list[KeyChange]) -> list[KeyChange]:
    """The same words removed from (or added to) several sentences of a section, or the same
    member of an enumeration, is one edit made in several places: one entry with a count, not
    one per sentence. Sentences added or removed whole stay one entry each."""
    kept: list[KeyChange] = []
    first: dict[tuple[str, str], int] = {}
    for change in found:
        edit = change.category == "clause" and change.old and change.new
        key = (change.section, change.summary)
        if not edit or key not in first:
            if edit:
                first[key] = len(kept)
            kept.append(change)
            continue
        at = first[key]
        kept[at] = replace(
            kept[at],
            count=kept[at].count + change.count,
            locations=tuple(dict.fromkeys((*kept[at].locations, *change.locations))),
        )
    return kept


def _without_told_clauses(found: list[KeyChange]) -> list[KeyChange]:
    """One change, one entry: a clause added or removed whose amount, percentage or date is
    already told as a change from one value to another is that change seen again (the old
    sentence "removed", the new one "added"), so it is left out."""
    told = {
        _fold(value)
        for change in found
        if change.category in _VALUE_CATEGORIES and change.old and change.new
        for value in (change.old, change.new)
    }
    if not told:
        return found

    def retold(change: KeyChange) -> bool:
        if change.category != "clause":
            return False
        return any(_fold(value) in told for _, value, _ in _values(change.old or change.new))

    return [change for change in found if not retold(change)]


def _without_values_told_as_changed(found: list[KeyChange]) -> list[KeyChange]:
    """A value told as new ("(none) -> 18 %") in a sentence that only refers back to it ("the
    rates of 18 % and 30 % are raised to ...") when another sentence of the new text states it
    and an entry tells it there as a change ("25 % -> 18 %"): the same value told again, left
    out."""
    if not any(not change.old and change.category in _VALUE_CATEGORIES for change in found):
        return found
    told: dict[tuple[str, str], set[str]] = {}
    for change in found:
        if change.old and change.new and change.category in _VALUE_CATEGORIES:
            # one value, or the list of a provision's values ("18 %, 30 %, 38 %")
            values = change.new.split(", ") if ", " in change.new else ()
            for value in (change.new, *values):
                told.setdefault((change.category, _fold(value)), set()).add(change.new_context)

    def retold(change: KeyChange) -> bool:
        if change.category not in _VALUE_CATEGORIES or change.old or not change.new:
            return False
        places = told.get((change.category, _fold(change.new)), set())
        return bool(places - {change.new_context})

    return [change for change in found if not retold(change)]


def find_outline(comparison: Comparison) -> tuple[OutlineEntry, ...]:
    """Sections added, removed, renamed, renumbered (cosmetic), split and merged, in order."""
    entries: list[OutlineEntry] = []
    for change in comparison.sections:
        old = change.old.title if change.old else ""
        new = change.new.title if change.new else ""
        if change.status == "added":
            entries.append(OutlineEntry(OutlineKind.ADDED, change.id, "", new))
        elif change.status == "removed":
            entries.append(OutlineEntry(OutlineKind.REMOVED, change.id, old, ""))
        elif old and new and old != new:
            if _words_key(old) == _words_key(new):
                continue  # case, spacing or punctuation only
            if _words_key(title_key(old)) == _words_key(title_key(new)) or (
                _words_key(_LAW_NUMBER.sub("", old)) == _words_key(_LAW_NUMBER.sub("", new))
            ):
                entries.append(OutlineEntry(OutlineKind.RENUMBERED, change.id, old, new, True))
            else:
                entries.append(OutlineEntry(OutlineKind.RENAMED, change.id, old, new))
        if change.split:
            entries.append(OutlineEntry(OutlineKind.SPLIT, change.id, old, new))
        if change.merged:
            entries.append(OutlineEntry(OutlineKind.MERGED, change.id, old, new))
        if (
            change.old
            and change.new
            and change.old.level != change.new.level
            and not (change.split or change.merged)
        ):
            entries.append(OutlineEntry(OutlineKind.LEVEL, change.id, old, new))
    return tuple(entries)


def _list_changes(change: SectionChange, context: _Context) -> Iterator[KeyChange]:
    """List items added or removed whose words are nowhere on the other side: a short item (a
    party, a place, a kind of use in a list of them) or one that binds. An item of some length
    whose words stand together on the other side was reworded, relabelled or moved, not added
    or removed. A note (in footnotes, references) whose link or legal citation is still on the
    other side was renumbered or reworded there."""
    notes = bool(_APPARATUS.search(context.titles.get(change.id, "")))
    for item in change.list_items_removed:
        if notes and _cited(item, context.new):
            continue
        if _listed(item) and _gone(item, context, "new"):
            yield _make(
                "list", change.id, item, "", item, "", summary=f"list item removed: {_cut(item)}"
            )
    for item in change.list_items_added:
        if notes and _cited(item, context.old):
            continue
        if _listed(item) and _gone(item, context, "old"):
            yield _make(
                "list", change.id, "", item, "", item, summary=f"list item added: {_cut(item)}"
            )


#: A field's label in a document's head ("Status:", "Post-History:"), before its value.
_FIELD_LABEL = re.compile(r"(?<!\S)([A-Z][A-Za-z]*(?:-[A-Za-z]+)*):(?=\s)")
#: A head has this many fields at least for its "Label: value" pairs to be read as fields.
_FIELDS = 3


def _fields(text: str) -> dict[str, str]:
    """The fields of a document's head ("Type: Informational Created: ..."), label to value;
    a label found twice is left out (it is not one field)."""
    matches = list(_FIELD_LABEL.finditer(text))
    if len(matches) < _FIELDS:
        return {}
    labels = Counter(m.group(1) for m in matches)
    fields = {}
    for at, match in enumerate(matches):
        end = matches[at + 1].start() if at + 1 < len(matches) else len(text)
        if labels[match.group(1)] == 1:
            fields[match.group(1)] = " ".join(text[match.end() : end].split()).strip(" ,;")
    return fields


def _without_field_values(found: list[KeyChange]) -> list[KeyChange]:
    """A head field's value put for another is told once, as the field: not also as a party
    swapped ("Informational -> Process")."""
    fields = {(change.old, change.new) for change in found if change.category == "field"}
    if not fields:
        return found
    return [c for c in found if c.category != "entity" or (c.old, c.new) not in fields]


def _field_changes(change: SectionChange) -> Iterator[KeyChange]:
    """A field of the document's head whose value, a word or a few (a status, a type, a
    licence, a category), is put for another: "Status: Draft" -> "Status: Final". Values
    with digits, addresses or signs are told by the other rules (dates, numbers, links)."""
    old_body, new_body, spans = _hunks(change.ops)
    if not spans:
        return
    old_fields, new_fields = _fields(_text(old_body)), _fields(_text(new_body))
    for label, old in old_fields.items():
        new = new_fields.get(label)
        if new is None or _words_key(old) == _words_key(new):
            continue
        values = (old, new)
        if all(0 < len(v.split()) <= 4 and all(w.isalpha() for w in v.split()) for v in values):
            summary = f"{label}: {old} -> {new}"
            yield _make("field", change.id, old, new, old_body, new_body, summary=summary)


#: A web address and a legal citation (48 CFR §2.101, 44 U.S.C. 3542): what identifies a note.
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_CITATION = re.compile(r"\b\d+\s+[A-Z](?:\.?\s?[A-Z]){1,4}\.?\s*§*\s*\d+(?:[.-]\d+)*")


def _cited(note: str, other: _Index) -> bool:
    """Whether a short note (a dozen words besides its links) points to a page or a legal text
    that the other side still cites (scheme, `www.` and a final slash aside; a citation's
    spacing and dots aside). A longer note says more than where to look."""
    links = [re.sub(r"^https?://(?:www\.)?|[/.,;]+$", "", url) for url in _URL.findall(note)]
    citations = _CITATION.findall(note)
    if (not links and not citations) or len(_URL.sub(" ", note).split()) > 12:
        return False
    return any(other.has(link) for link in links) or any(
        "".join(_WORD_RE.findall(citation.casefold())) in other.compact for citation in citations
    )


def _gone(item: str, context: _Context, other_side: str) -> bool:
    """Whether a list item's text is missing from the other side, as itself or reworded."""
    text = _unlabelled(item)
    other = context.new if other_side == "new" else context.old
    if other.has(item) or other.has(text):
        return False
    if len(text.split()) <= 3 and any(other.has(variant) for variant in _number_variants(text)):
        return False  # a label ("(c) Representations.") whose word stays, singular or plural
    long_enough = sum(len(word) > 3 for word in _WORD_RE.findall(text)) >= 5
    if not long_enough:
        # (the short items of French and German laws are provisions whose words recur)
        return _rules().language.code != "en" or not _said_together(text, other)
    return not context.reworded(text, other_side)


def _said_together(item: str, other: _Index) -> bool:
    """Whether every content word of a short item (two at least: "Use class-based exceptions")
    stands in one short stretch of the other side ("class-based exceptions are always
    preferred"), with its negation words: the item restates what was said there."""
    words = {word for word in _WORD_RE.findall(item.casefold()) if len(word) > 3}
    words |= {match.group(0).lower() for match in _rules().negation.finditer(item)}
    if len(words) < 2:
        return False
    joined = other.joined
    anchor = max(sorted(words), key=len)
    at = joined.find(f" {anchor} ")
    for _ in range(20):
        if at < 0:
            return False
        if words <= set(joined[max(0, at - 60) : at + 60].split()):
            return True
        at = joined.find(f" {anchor} ", at + 1)
    return False


def _number_variants(label: str) -> tuple[str, ...]:
    """A short label with its last word in the singular and in the plural."""
    words = _WORD_RE.findall(label)
    if not words:
        return ()
    last = words[-1]
    singular = last[:-1] if last.endswith("s") and not last.endswith("ss") else last
    return tuple(" ".join([*words[:-1], form]) for form in (singular, f"{singular}s"))


def _listed(item: str) -> bool:
    words = item.split()
    if not words or not any(c.isalpha() for c in item):
        return False
    if len(words) <= 12 or _rules().obligation.search(_MONTH_MAY.sub("", item)):
        return True
    # The items of a French or German law are provisions, however long (English rules were
    # tuned on lists of names and uses).
    return _rules().language.code != "en" and _prose(item)


def _link_changes(change: SectionChange) -> Iterator[KeyChange]:
    """A link whose text stayed and whose target changed (low importance, listed last); not one
    that only moved (the same page at another host, language or path prefix)."""
    for link in change.links:
        if _link_moved(link.old, link.new):
            continue
        target = f"{_cut(link.old, 100)} -> {_cut(link.new, 100)}"
        named = "" if link.text in (link.old, link.new) else f"{_cut(link.text, 60)}: "
        summary = f"{named}{target}"
        yield _make("link", change.id, link.old, link.new, link.text, link.text, summary=summary)


#: A web address's parts: host (optional: a relative link has none), path, query and fragment.
_LINK_PARTS = re.compile(
    r"^(?:(?:[a-z][a-z0-9+.-]*:)?//(?P<host>[^/?#\s]*))?(?P<path>[^?#\s]*)"
    r"(?P<query>\?[^#\s]*)?(?P<fragment>#\S*)?$",
    re.IGNORECASE,
)
#: Second-level labels under a country's code ("example.co.uk"): the name is the label before.
_SECOND_LEVEL = frozenset(("co", "com", "org", "net", "gov", "ac", "edu", "gv", "or", "ne"))
#: A page's file extension, not part of its name ("terms.html" is the page "terms").
_PAGE_EXTENSION = re.compile(r"\.(?:html?|php|aspx?|jsp)$", re.IGNORECASE)


def _site(host: str) -> str:
    """A host's registered name with its suffix ("support.example.com" -> "example.com");
    subdomains (www, support, help, a language) point into the same site."""
    labels = [label for label in host.casefold().split(":")[0].split(".") if label]
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def _link_target(url: str) -> tuple[str, str, str, str] | None:
    """What a link points to once its place in a site is set aside: the site, the page's last
    path segment (its slug), the query and the fragment; None for what is not a web address."""
    if url.startswith(("mailto:", "tel:")) or "@" in url.split("/")[0]:
        return None
    parts = _LINK_PARTS.match(url.strip())
    if parts is None:
        return None
    segments = [segment for segment in parts.group("path").split("/") if segment]
    slug = _PAGE_EXTENSION.sub("", segments[-1]).casefold() if segments else ""
    return (
        _site(parts.group("host") or ""),
        slug,
        parts.group("query") or "",
        (parts.group("fragment") or "").casefold(),
    )


def _link_moved(old: str, new: str) -> bool:
    """Whether a link's new target is the same page moved: same slug, query and fragment, and
    the same site (or one side relative, within its site). Only a subdomain added or dropped, a
    language segment or the path before the slug changed. A page with another slug, on another
    site or on another host of the site, is another target."""
    old_target, new_target = _link_target(old), _link_target(new)
    if old_target is None or new_target is None or old == new:
        return False
    old_site, *old_page = old_target
    new_site, *new_page = new_target
    if old_page != new_page or not old_page[0]:
        return False
    if not old_site or not new_site:
        return True  # a relative link: within its site
    if old_site != new_site:
        return False
    old_sub, new_sub = _subdomain(old), _subdomain(new)
    return old_sub == new_sub or not old_sub or not new_sub


def _subdomain(url: str) -> str:
    """The host's labels before its site, `www` aside: one host put for another of the same
    site ("old." -> "archive.") may serve another copy; a subdomain added or dropped does not."""
    parts = _LINK_PARTS.match(url.strip())
    host = (parts.group("host") or "") if parts else ""
    labels = host.casefold().split(":")[0].split(".")
    site = _site(host).split(".")
    return ".".join(label for label in labels[: len(labels) - len(site)] if label != "www")


def _changes_in_ops(ops: tuple[Op, ...], section: str, context: _Context) -> Iterable[KeyChange]:
    old_body, new_body, spans = _hunks(ops)
    pairs: dict[tuple[str, str], _SentencePair] = {}
    for old_start, old_end, new_start, new_end in spans:
        # A repeal marker stands for one provision: the first paragraph the edit removes.
        removed = _text(old_body[old_start:old_end]).strip().split("\n\n")[0]
        if _repealed(new_body[new_start:new_end]) and _prose(removed):
            # A provision replaced by "(weggefallen)" or "Abrogé": repealed, whatever it says.
            removed = _unlabelled(removed)
            summary = f"repealed: “{_cut(removed, 90)}”"
            yield _make("clause", section, removed, "", removed, "", summary=summary)
            continue
        added = _text(new_body[new_start:new_end]).strip().split("\n\n")[0]
        if _repealed(old_body[old_start:old_end]) and _prose(added):
            # A repealed provision's number taken by a new one ("f) Abrogé" -> "f) D'organismes").
            added = _unlabelled(added)
            summary = f"added: “{_cut(added, 90)}”"
            yield _make("clause", section, "", added, "", added, summary=summary)
            continue
        old_sentence = _sentence_around(old_body, old_start, old_end)
        new_sentence = _sentence_around(new_body, new_start, new_end)
        if old_start == old_end and _whole_paragraphs(new_body, new_start, new_end):
            # paragraphs added between others: no old sentence was edited
            old_sentence, new_sentence = "", new_body[new_start:new_end].strip()
        elif new_start == new_end and _whole_paragraphs(old_body, old_start, old_end):
            old_sentence, new_sentence = old_body[old_start:old_end].strip(), ""
        elif old_start == old_end and (added := _whole_sentences(new_body, new_start, new_end)):
            old_sentence, new_sentence = "", added  # sentences added to a paragraph
        elif new_start == new_end and (gone := _whole_sentences(old_body, old_start, old_end)):
            old_sentence, new_sentence = gone, ""
        pair = pairs.setdefault(
            (old_sentence, new_sentence),
            _SentencePair(old_sentence, new_sentence, _text(old_sentence), _text(new_sentence)),
        )
        pair.old_pieces.append(_text(_widen(old_body, old_start, old_end)))
        pair.new_pieces.append(_text(_widen(new_body, new_start, new_end)))
        pair.old_changed += len(old_body[old_start:old_end].strip())
        pair.new_changed += len(new_body[new_start:new_end].strip())
    if not pairs:
        return
    old_index, new_index = _Index(old_body), _Index(new_body)
    # Notes and references: only a value changed in an edited sentence is told there.
    apparatus = bool(_APPARATUS.search(context.titles.get(section, "")))
    for pair in pairs.values():
        similarity = pair.similarity
        if similarity < _EDITED and not apparatus:
            clauses = list(_clauses(pair, section, context, old_body, new_body))
            yield from clauses
            if not clauses and _whole(pair):
                # Sentences added or removed whole that bind nothing new: their values, each
                # one new to or gone from the whole document.
                for change in _value_changes(pair, section, context, old_index, new_index, 1.0):
                    if not (change.old and change.new):
                        yield change
            else:
                yield from _calendar_dates_added(pair, section, context)
        if similarity < _RELATED:
            continue  # unrelated sentences side by side: only whole clauses are told
        pieces = " ".join((*pair.old_pieces, *pair.new_pieces))
        if _DIGIT.search(pieces) or _has_number_word(pieces.lower()):
            for change in _value_changes(pair, section, context, old_index, new_index, similarity):
                if not apparatus or (change.old and change.new and similarity >= _EDITED):
                    yield change
        if similarity >= _EDITED and "@" in pieces:
            yield from _address_changes(pair, section)
        if similarity >= _EDITED and _FREQUENCY.search(pieces):
            yield from _frequency_change(pair, section)
        if similarity >= _EDITED and not apparatus:
            rules = _rules()
            modal = rules.modal.search(pieces) is not None
            negation = rules.negation.search(pieces) is not None
            told: set[str] = set()
            for change in (
                *(_modality_change(pair, section) if modal else ()),
                *(_negation_change(pair, section) if negation else ()),
            ):
                if _count_changed(change, old_body, new_body):
                    for told_change in _word_or_its_sentence(change, pair, context):
                        if told_change.summary not in told:  # one sentence, one clause
                            told.add(told_change.summary)
                            yield told_change
            if rules.inner_capital.search(pieces):
                yield from _entity_changes(pair, section, context)


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


def _word_or_its_sentence(
    change: KeyChange, pair: _SentencePair, context: _Context
) -> Iterable[KeyChange]:
    """A modal or negation word added or dropped with the whole sentence holding it ("Never mix
    tabs and spaces.") is told as that sentence, a `clause` quoting it, not as a bare word; nothing
    when the sentence stands unchanged elsewhere on the other side (it moved), or is code."""
    word, added = (change.new, True) if change.new else (change.old, False)
    if not word or (change.old and change.new):
        yield change
        return
    text, other_text = (pair.new_text, pair.old_text) if added else (pair.old_text, pair.new_text)
    pattern = _word_pattern(word)
    folded_other = _fold(other_text)
    holding = [
        sentence.strip()
        for part in text.split("\n\n")
        for sentence in split_sentences(part)
        if pattern.search(sentence) and _fold(sentence) not in folded_other
    ]
    others = [s for part in other_text.split("\n\n") for s in split_sentences(part)]
    if len(holding) > 1:  # the ones that are edits of a sentence of the other side hold it too
        holding = [h for h in holding if not any(_similarity(h, o) >= _RELATED for o in others)]
    if len(holding) != 1:
        yield change
        return
    sentence = _unlabelled(_BULLET.sub("", holding[0]))
    if not _prose(sentence):
        if not _CODE_SIGN.search(sentence):
            yield change  # a table row or a short line: the word is the change
        return  # a comment in a code example, not a rule
    if any(_similarity(sentence, other) >= _RELATED for other in others):
        yield change  # the sentence was edited: the word is the change
        return
    other = context.old if added else context.new
    if other.has(sentence):
        return  # the sentence moved unchanged
    if context.reworded(sentence, "old" if added else "new"):
        if _more_or_fewer(word, added, context):
            yield change  # reworded elsewhere without the word: the word is what changed
        return
    if not _binds(sentence):
        return  # a statement of fact ("The latter form is not legal syntax."), added or gone
    yield _whole_clause(sentence, change.section, added)


def _whole_clause(text: str, section: str, added: bool, quote: str = "") -> KeyChange:
    """A `clause` key change for text added or removed whole, its summary quoting it (or
    `quote`, its first sentence), shortened."""
    summary = f"{'added' if added else 'removed'}: “{_cut(quote or text, 90)}”"
    old, new = ("", text) if added else (text, "")
    return _make("clause", section, old, new, old, new, summary=summary)


def _more_or_fewer(word: str, added: bool, context: _Context) -> bool:
    """Whether the new document holds the word more often than the old one (fewer, for a word
    dropped): a sentence reworded elsewhere with its word kept changed nothing there."""
    old_count, new_count = context.old.count(word), context.new.count(word)
    return new_count > old_count if added else new_count < old_count


def _binds(sentence: str) -> bool:
    """Whether a sentence obliges, permits or forbids: an obligation word, a modal verb of some
    strength (should, will, must), or a prohibition opening it or one of its clauses ("Never
    invent such names", "In particular: do not break ...")."""
    plain = _without_descriptive_modals(sentence)
    if _rules().obligation.search(plain) or _PROHIBITION.search(plain):
        return True
    binding = _binding_pattern(_rules().language.code)
    if binding is not None and binding.search(plain):
        return True  # a right reserved or a remedy ("may terminate", "at its sole discretion")
    return any(_rules().modals.get(modal, 0) >= 3 for modal in _modals(plain))


#: Signs of a line of code: an assignment, a call, braces, a comment mark.
_CODE_SIGN = re.compile(r"[={}]|\w\(|^\s*#")


def _whole(pair: _SentencePair) -> bool:
    """Sentences added or removed whole (read so only in languages other than English)."""
    return (not pair.old or not pair.new) and _rules().language.code != "en"


def _repealed(sentence: str) -> bool:
    """Whether a sentence is only a repeal marker: "(weggefallen)", "6. Abrogé", "[Repealed]"."""
    words = _WORD_RE.findall(_unlabelled(sentence.strip()).casefold())
    return len(words) == 1 and words[0] in _rules().language.repeal_words


def _whole_sentences(body: str, start: int, end: int) -> str:
    """The sentences body[start:end] adds or removes whole, in a language other than English
    ("... enthalten[. Dies gilt auch für ...]."), or "" if it cuts into a sentence."""
    if _rules().language.code == "en":
        return ""
    text = body[start:end]
    first = next((i for i, c in enumerate(text) if c.isalnum()), -1)
    if first < 0:
        return ""
    begin = start + first
    if (
        _one_sentence_around(body, begin, begin + 1)
        != body[begin:].split("\n\n")[0][: len(_one_sentence_around(body, begin, begin + 1))]
    ):
        return ""  # the insertion does not start a sentence
    stop = end
    if body[stop : stop + 1] in (".", ";", ":"):
        stop += 1
    if not (stop == len(body) or body[stop].isspace()) or body[stop - 1] not in ".;:":
        return ""  # nor end one
    added = body[begin:stop].strip()
    return added if len(added.split()) >= _FRAGMENT_WORDS + 1 else ""


def _whole_paragraphs(body: str, start: int, end: int) -> bool:
    """Whether body[start:end] is one or more whole paragraphs (a blank line on either side),
    in a language other than English (whose rules were tuned with the sentence beside it)."""
    if _rules().language.code == "en":
        return False
    text = body[start:end]
    before = body[:start].endswith("\n\n") or text.startswith("\n\n") or start == 0
    after = body[end:].startswith("\n\n") or text.endswith("\n\n") or end == len(body)
    return before and after and bool(text.strip())


def _count_changed(change: KeyChange, old_body: str, new_body: str) -> bool:
    """A word added (or removed) is found more (or less) often in the section than before:
    a `not` or a `must` that only moved from one sentence to the next did not change."""
    for word, more_in_new in ((change.new, True), (change.old, False)):
        if not word:
            continue
        old_count = _occurrences(word, old_body)
        new_count = _occurrences(word, new_body)
        if (new_count > old_count) != more_in_new:
            return False
    return True


def _clauses(
    pair: _SentencePair,
    section: str,
    context: _Context,
    old_body: str,
    new_body: str,
) -> Iterable[KeyChange]:
    """A sentence stating an obligation, right or deadline, gone or come whole: the edits cover
    most of it, its words are not found on the other side, and no sentence of the other side
    of the section is a rewording of it."""
    if _reworded_under_its_number(pair) or _item_grown_under_its_number(pair, context):
        return
    told = False
    sides = (
        (pair.old_text, pair.new_text, pair.old_changed, len(pair.old), False, old_body, "new"),
        (pair.new_text, pair.old_text, pair.new_changed, len(pair.new), True, new_body, "old"),
    )
    for text, other_text, changed, length, added, body, other in sides:
        if not text or changed < 0.6 * length:
            continue
        other_index = context.new if other == "new" else context.old
        whole = not other_text and _rules().language.code != "en"
        for clause in _clause(
            text,
            section,
            added=added,
            other=other_index,
            reworded=partial(context.reworded, side=other),
            new_values_count=whole,
            binding=whole,
            lead_in_kept=partial(
                _items_kept, body=body, other=other_index, other_side=other, context=context
            ),
        ):
            told = True
            yield clause
    if not told and _item_replaced_in_place(pair, old_body, new_body, context):
        new_item = _unlabelled(pair.new_text.strip())
        summary = f"item replaced: “{_cut(new_item, 90)}”"
        old_item = _unlabelled(pair.old_text.strip())
        yield _make("clause", section, old_item, new_item, old_item, new_item, summary=summary)


#: Share of words an item must keep to be the same item reworded under its number (below
#: that, a new provision took the number).
_SAME_ITEM = 0.4
#: An item's number before its text: "7a. bei ...", "(c) the ...", "iv) ...", "2.1. ...".
_ITEM_NUMBER = re.compile(r"^\s*\(?(?:\d+[a-z]?|[a-z]|[ivxlc]{1,6})(?:\.\d+)*[.)](?=\s)")


def _reworded_under_its_number(pair: _SentencePair) -> bool:
    """Whether an edited sentence is a numbered item reworded under the same number ("7a. bei
    ..." on both sides, sharing _SAME_ITEM of their words): the provision stays, edited, and is
    neither removed nor added whole."""
    if not pair.old_text or not pair.new_text:
        return False
    old_number = _ITEM_NUMBER.match(pair.old_text)
    new_number = _ITEM_NUMBER.match(pair.new_text)
    return (
        old_number is not None
        and new_number is not None
        and old_number.group(0).strip() == new_number.group(0).strip()
        and pair.similarity >= _SAME_ITEM
    )


#: Share of an item's words that must stay in it, grown under its number, for it to be the same
#: item extended (the rest new words around them).
_KEPT_IN_GROWN_ITEM = 0.9


def _item_grown_under_its_number(pair: _SentencePair, context: _Context) -> bool:
    """Whether a sentence pair is one numbered item that kept its number and its words and
    grew around them with a value the old text lacked (see _grown_item)."""
    old_paragraphs, new_paragraphs = pair.old_text.split("\n\n"), pair.new_text.split("\n\n")
    while len(old_paragraphs) > 1 and old_paragraphs[:1] == new_paragraphs[:1]:
        old_paragraphs, new_paragraphs = old_paragraphs[1:], new_paragraphs[1:]
    if len(old_paragraphs) != 1 or len(new_paragraphs) != 1:
        return False  # the item alone, beside paragraphs kept
    return _grown_item(old_paragraphs[0], new_paragraphs[0], context.old)


def _grown_from_item(sentence: str, old_body: str, old: _Index) -> bool:
    """Whether a numbered item of the new side ("1a. ...") is an item of the old side under the
    same number, grown (see _grown_item)."""
    number = _ITEM_NUMBER.match(sentence.strip())
    if number is None:
        return False
    label = number.group(0).strip()
    return any(
        _grown_item(paragraph, sentence, old)
        for paragraph in old_body.split("\n\n")
        if paragraph.strip().startswith(label)
    )


def _paragraph_at(body: str, at: int) -> str:
    start = body.rfind("\n\n", 0, at) + 1
    end = body.find("\n\n", at)
    return body[start : end if end >= 0 else len(body)].strip()


def _grown_item(old_item: str, new_item: str, old: _Index) -> bool:
    """Whether a numbered item kept its number and its words and grew around them with a value
    the old text lacked ("1a. Medizinprodukte im Sinne des § 3 des ...gesetzes," -> "1a.
    Medizinprodukte im Sinne von Artikel 2 der Verordnung ... vom 5. April 2017 ... und im
    Sinne des § 3 ..."): the provision stays, and its new values tell what changed; it is not
    added whole (that would tell the item twice, as a clause and by its date)."""
    old_item, new_item = _text(old_item).strip(), _text(new_item).strip()
    old_number, new_number = _ITEM_NUMBER.match(old_item), _ITEM_NUMBER.match(new_item)
    if old_number is None or new_number is None:
        return False
    if old_number.group(0).strip() != new_number.group(0).strip():
        return False
    old_words = _WORD_RE.findall(old_item[old_number.end() :].casefold())
    new_words = _WORD_RE.findall(new_item[new_number.end() :].casefold())
    if not old_words or len(new_words) < 2 * len(old_words):
        return False
    present = set(new_words)
    if sum(word in present for word in old_words) < _KEPT_IN_GROWN_ITEM * len(old_words):
        return False
    return any(
        category in ("money", "percent", "date") and not old.has(value)
        for category, value, _ in _values(new_item)
    )


def _item_replaced_in_place(
    pair: _SentencePair, old_body: str, new_body: str, context: _Context
) -> bool:
    """Whether, in a law (where every provision binds), one item of an enumeration took the
    place of another under the same number: each side is one whole paragraph, mostly edited,
    of an item's shape (its number kept, or opening in lower case: "7. mit ..."), and neither
    is found reworded elsewhere. The provision under that number now says something else."""
    if _binding_pattern(_rules().language.code) is not None:
        return False  # elsewhere a list item may only describe
    old, new = pair.old_text.strip(), pair.new_text.strip()
    if not old or not new or "\n\n" in old + new or pair.similarity >= _SAME_ITEM:
        return False
    if pair.old_changed < 0.6 * len(pair.old) or pair.new_changed < 0.6 * len(pair.new):
        return False
    old_paragraphs = {_text(part).strip() for part in old_body.split("\n\n")}
    new_paragraphs = {_text(part).strip() for part in new_body.split("\n\n")}
    if old not in old_paragraphs or new not in new_paragraphs:
        return False
    old_number, new_number = _ITEM_NUMBER.match(old), _ITEM_NUMBER.match(new)
    if old_number and new_number:
        if old_number.group(0).strip() != new_number.group(0).strip():
            return False
    elif old_number or new_number or not (old[:1].islower() and new[:1].islower()):
        return False  # a sub-item ("c) des ...") is not the item in its place
    old_item, new_item = _unlabelled(old), _unlabelled(new)
    if not _prose(old_item) or not _prose(new_item) or _repealed(old_item) or _repealed(new_item):
        return False
    return not context.reworded(new_item, "old") and not context.reworded(old_item, "new")


def _items_kept(lead_in: str, body: str, other: _Index, other_side: str, context: _Context) -> bool:
    """Whether a sentence ending in a colon (not "::", a code example's) introduces items that
    the other side still holds, as they are or reworded: the same list's lead-in in other
    words, not a duty added or removed. Its first item (the paragraph after it) tells."""
    end = lead_in.rstrip()
    if not end.endswith(":") or end.endswith("::"):
        return False
    tail = end[-30:]
    at = body.find(tail)
    if at < 0:
        return False
    following = body[at + len(tail) :].split("\n\n")
    item = next((part for part in following[1:] if _text(part).strip()), "")
    item = _unlabelled(_BULLET.sub("", _text(item).strip()))
    if len(item.split()) < _FRAGMENT_WORDS:
        return False
    return other.has(item) or context.reworded(item, other_side)


def _clause(
    passage: str,
    section: str,
    *,
    added: bool,
    other: _Index | None = None,
    reworded: Callable[[str], bool] | None = None,
    new_values_count: bool = False,
    binding: bool = False,
    lead_in_kept: Callable[[str], bool] | None = None,
) -> Iterable[KeyChange]:
    """The sentences of a passage that state an obligation, a right or a deadline, in prose
    (not code or a list of names), and are not found on the other side. With
    `new_values_count` (a section added or removed whole, whose values are told nowhere else),
    a sentence reworded from the other side still counts when it fixes an amount, a percentage
    or a period that side never states."""
    # A sentence never runs over a blank line: a code example above a list item is not one.
    for sentence in (s for part in passage.split("\n\n") for s in _noted_sentences(part)):
        if _FRAGMENT_START.match(sentence.strip()) and _rules().language.code == "en":
            continue  # the rest of a sentence cut by a code example or a list (items of French
            # and German laws open in lower case: "f bis) D'associations", "mit Angaben")
        body = _unlabelled(_BULLET.sub("", sentence.strip()))
        if not _prose(body) or body.startswith(("(", "[")):
            continue  # not prose, or an aside or an editor's note in brackets
        if (
            not binding
            and not _rules().obligation.search(_without_descriptive_modals(body))
            and not _binding_value(body, other)
        ):
            continue
        if other is not None and other.has(body):
            continue
        if (
            reworded is not None
            and reworded(body)
            and not (new_values_count and _binding_value(body, other))
        ):
            continue
        if lead_in_kept is not None and lead_in_kept(body):
            continue  # a lead-in reworded above items that stayed
        yield _whole_clause(body, section, added)


#: A note's number after a full stop ("... information systems.[23] Moreover, ..."): the
#: sentence ends there.
_NOTE_AFTER_STOP = re.compile(r"(?<=[.!?])\[\d{1,3}\](?=\s+[\"'“(]?[A-Z])")


def _noted_sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph, also split after a note's number that follows a full stop
    (split_sentences reads "systems.[23] Moreover" as one sentence)."""
    sentences: list[str] = []
    for sentence in split_sentences(paragraph):
        start = 0
        for match in _NOTE_AFTER_STOP.finditer(sentence):
            sentences.append(sentence[start : match.end()])
            start = match.end()
        sentences.append(sentence[start:])
    return [sentence for sentence in sentences if sentence.strip()]


_BULLET = re.compile(r"^[-*+•]\s+")
#: A sentence does not open in lower case or with a number and a comma ("3.2, Contributor
#: shall"): that is the rest of one cut by a code example, a list or an edit.
_FRAGMENT_START = re.compile(r"[a-z]|\d+(?:\.\d+)*[,;]")


def _binding_value(sentence: str, other: _Index | None = None) -> bool:
    """An amount, a percentage or a period (30 days, twelve months): what a clause fixes; with
    `other`, one that the other document does not hold."""
    if not _DIGIT.search(sentence) and not _has_number_word(sentence.lower()):
        return False
    return any(
        (
            c in ("money", "percent")
            or (c == "date" and (_rules().period.search(v) or _FULL_DATE.search(v)))
        )
        and (other is None or not other.has(v))
        for c, v, _ in _values(sentence)
    )


#: A calendar date with its day: 1 January 2020, January 1, 2020, 2020-01-01.
_FULL_DATE = re.compile(
    r"\d{1,2}\s[A-Z][a-z]+\.?\s\d{4}|[A-Z][a-z]+\.?\s\d{1,2},?\s\d{4}|\d{4}-\d{2}-\d{2}"
)


def _prose(sentence: str) -> bool:
    """Five words or more, mostly words of letters: not code, a table row or a citation."""
    tokens = sentence.split()
    if len(tokens) < 5 or "://" in sentence:
        return False
    wordlike = sum(1 for t in tokens if t.strip(".,;:!?()\"'“”‘’*_").isalpha())
    if wordlike < 0.8 * len(tokens) and _binding_pattern(_rules().language.code) is None:
        return _prose_citing(sentence)
    return wordlike >= 0.8 * len(tokens)


def _prose_citing(sentence: str) -> bool:
    """Whether a sentence of a law is prose once its cross-references ("Satz 1 Nummer 2", "§ 3
    Absatz 4") are read as words and its hyphenated terms ("In-vitro-Diagnostika") as words."""
    tokens = _reference_pattern(_rules().language.code).sub("Verweis", sentence).split()
    wordlike = sum(1 for t in tokens if t.strip(".,;:!?()\"'“”‘’*_").replace("-", "").isalpha())
    return wordlike >= 0.8 * len(tokens)


def _whole_section(change: SectionChange, context: _Context, *, added: bool) -> Iterable[KeyChange]:
    """In a section added or removed whole (told in the outline), the sentences that bind with
    an amount, a percentage or a deadline new to the document."""
    if _APPARATUS.search(change.title):
        return
    body = "".join(op.text for op in change.ops if op.op == ("insert" if added else "delete"))
    other = context.old if added else context.new
    for paragraph in body.split("\n\n"):
        for sentence in split_sentences(paragraph):
            text = _text(sentence.strip())
            if other.has(text):
                continue
            # Only a value new to the document: an amount the other side already states
            # ("100% of payments go to the seller") fixes nothing new.
            if _binding_value(_unlabelled(text), other):
                side = "old" if added else "new"
                yield from _clause(
                    text,
                    change.id,
                    added=added,
                    other=other,
                    reworded=lambda sentence, side=side: context.reworded(sentence, side),  # type: ignore[misc]
                    new_values_count=True,
                )


def _merge(found: list[KeyChange]) -> list[KeyChange]:
    """One entry per change, with how often and where it was seen; a value told as a change
    from one to another is not told again as gone or come on its own."""
    groups: dict[tuple[str, str, str], list[KeyChange]] = {}
    for change in found:
        key = (str(change.category), _fold(change.old), _fold(change.new))
        groups.setdefault(key, []).append(change)
    paired_old = {(c, o) for c, o, n in groups if o and n}
    paired_new = {(c, n) for c, o, n in groups if o and n}
    clauses = [o or n for c, o, n in groups if c == "clause"]
    both_ways = _rules().language.code != "en"
    whole_clauses = [
        change
        for change in found
        if change.category == "clause" and bool(change.old_context) != bool(change.new_context)
    ]
    merged: list[KeyChange] = []
    for (category, old, new), changes in groups.items():
        if category == "list" and any(
            clause in (old or new)
            or (both_ways and (old or new) in clause and 2 * len(old or new) >= len(clause))
            for clause in clauses
        ):
            continue  # the list item is told as the clause it states (or a larger one)
        if (
            (not new and (category, old) in paired_old)
            or (not old and (category, new) in paired_new)
        ) and not _gone_elsewhere(changes, groups):
            continue
        if category in _VALUE_CATEGORIES and _told_by_clause(changes, whole_clauses):
            continue
        first = changes[0]
        locations = tuple(dict.fromkeys(c.section for c in changes))
        merged.append(replace(first, count=_places(changes), locations=locations))
    return merged


def _told_by_clause(changes: list[KeyChange], whole_clauses: list[KeyChange]) -> bool:
    """Whether every place of a value gone (or come) lies in a sentence told as removed (or
    added) whole in its section, whose quote shows the value: that clause tells it ("2% ->
    (none)" beside "removed: “Late payments may incur interest of 2% per month.”")."""
    for change in changes:
        if bool(change.old) == bool(change.new):
            return False
        gone = not change.new
        value = change.old if gone else change.new
        if not any(
            clause.section == change.section
            and value in clause.summary
            and value in (clause.old_context if gone else clause.new_context)
            and (clause.old_context if gone else clause.new_context)
            not in (change.new_context if gone else change.old_context)
            for clause in whole_clauses
        ):
            return False
    return True


def _places(changes: list[KeyChange]) -> int:
    """In how many places a change was seen: one place found by two rules (in its sentence, and
    in the passage around it) is one place; the same words repeated (four items "(repealed)")
    are as many places."""
    by_section: dict[str, list[tuple[str, str]]] = {}
    for change in changes:
        seen = by_section.setdefault(change.section, [])
        old, new = change.old_context, change.new_context
        wider_or_narrower = (
            (old, new) != (o, n) and ((old in o and new in n) or (o in old and n in new))
            for o, n in seen
        )
        if not any(wider_or_narrower):
            seen.append((old, new))
    return sum(len(seen) for seen in by_section.values())


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
    try:
        number = float(digits)
    except ValueError:
        return None
    rules = _rules()
    scale = rules.scale_word.search(value.lower())
    return number * (rules.scales[scale.group(1)] if scale else 1.0)


def _spaced_amount(value: str) -> float | None:
    """An amount written the French or German way: 15 000, 15.000, 1,5 (decimal comma)."""
    match = _SPACED_AMOUNT.search(value)
    if match is None:
        return None
    digits = re.sub(r"[ \u00a0\u202f.]", "", match.group(0)).replace(",", ".")
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


def _rank(change: KeyChange, context: _Context) -> KeyChange:
    category = str(change.category)
    score = _BASE.get(category, 40)
    reasons: list[str] = []
    # The size of a change, where a ratio means something: amounts, counts and periods (a
    # year or a day of the month changing by a fraction of a percent says nothing).
    sized = category in ("money", "percent", "number") or (
        category == "date" and all(_rules().period.search(v) for v in (change.old, change.new))
    )
    if sized and change.old and change.new:
        old, new = _amount(change.old), _amount(change.new)
        if old and new is not None and old != new:
            delta = (new - old) / old
            score += min(10, int(abs(delta) * 20))
            if round(abs(delta), 2):
                reasons.append(f"{'up' if delta > 0 else 'down'} {abs(delta):.0%}")
    if category in _VALUE_NOUNS:
        state = "changed" if change.old and change.new else "added" if change.new else "removed"
        reasons.insert(0, f"{_VALUE_NOUNS[category]} {state}")
        if category == "date" and all(_YEAR.fullmatch(v) for v in (change.old, change.new) if v):
            score -= 10  # a year alone dates a cited act or a fact more often than it sets a term
            reasons.append("a year")
    elif category == "modality":
        if "(weaker)" in change.summary:
            score += 8
            reasons.append("obligation weakened")
        elif "(stronger)" in change.summary:
            score += 8
            reasons.append("obligation strengthened")
        else:
            reasons.append("obligation wording changed")
        if not (change.old and change.new):
            score -= 8  # a modal word added or dropped alone says less than one put for another
    elif category == "negation":
        reasons.append("negation added" if change.new else "negation removed")
    elif category == "clause":
        has_value = any(
            c in ("money", "percent", "date") for c, _, _ in _values(change.old or change.new)
        )
        score += 8 if has_value else 0
        permission = _permission_only(change.old or change.new)
        score += 0 if permission or _rules().language.code != "en" else 4
        noun = "permission" if permission else "obligation"
        reasons.append(
            (
                f"{noun} changed"  # words, a member or a condition edited in a sentence kept
                if change.old and change.new
                else f"{noun} added"
                if change.new
                else f"{noun} removed"
            )
            + (" with a value" if has_value else "")
        )
    elif category == "entity":
        score += 18 if change.old and change.new else 0  # one party put in another's place
        reasons.append(
            "party changed"
            if change.old and change.new
            else "party named"
            if change.new
            else "party no longer named"
        )
    elif category == "list":
        reasons.append("list item added" if change.new else "list item removed")
    if change.count > 1:
        score += min(5, change.count)
        reasons.append(f"in {change.count} places")
    if _APPARATUS.search(context.titles.get(change.section, "")):
        score -= 25
        reasons.append("in notes or apparatus")
    elif _version_stamp(change, context):
        score -= 10  # still told (which amending act, which effective date), not first
        reasons.append("the document's own date")
    elif category == "date" and _dates_a_cited_act(change):
        score -= 16  # told (which act is cited now), below what the provision now says
        reasons.append("the date of a cited act")
        change = _naming_the_act(change)
    return replace(change, importance=max(0, min(100, score)), why=", ".join(reasons))


def _naming_the_act(change: KeyChange) -> KeyChange:
    """A date that dates a cited act, told with the act it dates ("(none) -> 5. April 2017
    (Verordnung (EU) 2017/745)"): the act newly cited (or no longer cited) is what changed, and
    a date alone would read as a term."""
    value, context = (
        (change.new, change.new_context) if change.new else (change.old, change.old_context)
    )
    pattern = _cited_act_date(_rules().language.code)
    at = context.find(value)
    found = None if pattern is None or at < 0 else pattern.search(context, max(0, at - 200), at)
    if found is None:
        return change
    number = re.match(r"\d+/\d+", found.group(0))
    before = context[max(0, found.start() - 60) : found.start()].split()[-3:]
    while before and not before[0][:1].isupper() and not before[0].startswith("("):
        before = before[1:]
    if number is None or not before:
        return change
    act = " ".join([*before, number.group(0)])
    return replace(change, summary=f"{change.summary} ({act})")


@lru_cache(maxsize=16)
def _cited_act_date(code: str) -> re.Pattern[str] | None:
    """A number of an act ("2017/745", "Nr. 1223/2009") followed, within its sentence, by a
    dating word ending right before the date."""
    words = language_table(code).dating_words
    if not words:
        return None
    return re.compile(rf"\d+/\d+[^.;:]{{0,120}}?(?<!\w)(?i:{_alternatives(words)})\s*$")


def _dates_a_cited_act(change: KeyChange) -> bool:
    """Whether each date of a change dates an act the provision cites ("Verordnung (EU)
    2017/745 ... vom 5. April 2017"), not a deadline or a term."""
    pattern = _cited_act_date(_rules().language.code)
    if pattern is None:
        return False
    for value, context in ((change.old, change.old_context), (change.new, change.new_context)):
        if not value:
            continue
        at = context.find(value)
        if at < 0 or pattern.search(context, max(0, at - 200), at) is None:
            return False
    return True


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


def _modality_change(pair: _SentencePair, section: str) -> Iterable[KeyChange]:
    """One modal verb swapped for another, added or removed in an edited sentence; the month
    May is no modal, and a modal that only moved within the sentence did not change."""
    old_all = Counter(_modals(pair.old_text, necessity=True))
    new_all = Counter(_modals(pair.new_text, necessity=True))
    old_words: list[str] = []
    new_words: list[str] = []
    for old_piece, new_piece in zip(pair.old_pieces, pair.new_pieces, strict=True):
        if len(old_piece.split()) + len(new_piece.split()) > 24:
            continue  # a rewritten passage, not a modal verb changed
        old_words += [w for w in _modals(old_piece) if old_all[w] > new_all[w]]
        new_words += [w for w in _modals(new_piece) if new_all[w] > old_all[w]]
    old_words, new_words = _unique(old_words), _unique(new_words)
    if (not old_words and not new_words) or len(old_words) > 1 or len(new_words) > 1:
        return  # nothing, or a lump of a rewritten sentence
    old = old_words[0] if old_words else ""
    new = new_words[0] if new_words else ""
    if old and not new and _restated_as_participle(old, pair):
        return  # "each sentence should end in a period" -> "each sentence ending in a period"
    modals = _rules().modals
    if not (old and new) and modals.get(old or new, 0) < 3 and (old or new) != "may":
        return  # can, could, might, would added or dropped alone: ability, not obligation
    strength = modals.get(new, 0) - modals.get(old, 0) if old and new else 0
    direction = " (stronger)" if strength > 0 else " (weaker)" if strength < 0 else ""
    summary = f"{old or '(none)'} -> {new or '(none)'}{direction}"
    yield _make("modality", section, old, new, pair.old, pair.new, summary=summary)


def _negation_change(pair: _SentencePair, section: str) -> Iterable[KeyChange]:
    """One negation added or removed in an edited sentence (counted in the whole sentence)."""
    negation = _rules().negation
    old_all = Counter(m.group(0).lower() for m in negation.finditer(pair.old_text))
    new_all = Counter(m.group(0).lower() for m in negation.finditer(pair.new_text))
    removed = [w for w in old_all if old_all[w] > new_all[w]]
    added = [w for w in new_all if new_all[w] > old_all[w]]
    if (not removed and not added) or len(removed) + len(added) > 1:
        return
    pieces = " ".join(
        piece
        for old_piece, new_piece in zip(pair.old_pieces, pair.new_pieces, strict=True)
        if len(old_piece.split()) + len(new_piece.split()) <= 24
        for piece in (old_piece, new_piece)
    ).lower()
    word = (removed or added)[0]
    if not re.search(rf"\b{re.escape(word)}\b", pieces):
        return
    yield _make("negation", section, " ".join(removed), " ".join(added), pair.old, pair.new)


def _entity_changes(pair: _SentencePair, section: str, context: _Context) -> Iterable[KeyChange]:
    """Proper names in one sentence and nowhere in the other document; one out and one in is a
    replacement. Spelling variants (`U.S.` and `US`, `Annex1` and `Annex 1`) are one name."""
    old_names, new_names = _entities(pair.old_text), _entities(pair.new_text)
    everything = [*old_names, *new_names]
    old_pieces, new_pieces = " ".join(pair.old_pieces), " ".join(pair.new_pieces)
    # One proper name put in the place of another in an edited sentence ("GitHub will issue a
    # payout" -> "Stripe will issue a payout"): a change of party, though both are named
    # elsewhere in the documents.
    # Cheap test first: does a small edit change its capitalised words at all?
    maybe_swapped = any(
        len(f"{old_piece} {new_piece}".split()) <= 24
        and set(_CAPITALISED.findall(old_piece)) != set(_CAPITALISED.findall(new_piece))
        for old_piece, new_piece in zip(pair.old_pieces, pair.new_pieces, strict=True)
    )
    old_all = _entities(pair.old_text, True) if maybe_swapped else ()
    new_all = _entities(pair.new_text, True) if maybe_swapped else ()
    swapped_out = [n for n in old_all if n not in new_all and n in old_pieces]
    swapped_in = [n for n in new_all if n not in old_all and n in new_pieces]
    if maybe_swapped and len(swapped_out) == len(swapped_in) == 1:
        out, into = swapped_out[0], swapped_in[0]
        in_one_edit = any(
            out in old_piece and into in new_piece and len(f"{old_piece} {new_piece}".split()) <= 24
            for old_piece, new_piece in zip(pair.old_pieces, pair.new_pieces, strict=True)
        )
        if (
            in_one_edit
            and _compact(out) != _compact(into)
            and not _abbreviation_of(out, everything)
            and not _abbreviation_of(into, everything)
            and into.casefold() not in (n.casefold() for n in old_all)
            and out.casefold() not in (n.casefold() for n in new_all)
            and _proper(out, context)
            and _proper(into, context)
            and (out in old_names or context.old.named(out))
            and (into in new_names or context.new.named(into))
        ):
            yield _make("entity", section, out, into, pair.old, pair.new)
            return
    if old_names == new_names:
        return
    gone = [
        n
        for n in old_names
        if n not in new_names
        and n in old_pieces
        and not _abbreviation_of(n, everything)
        and not context.new.has(n)
        and _proper(n, context)
        and _compact(n) not in context.new.compact
    ]
    came = [
        n
        for n in new_names
        if n not in old_names
        and n in new_pieces
        and not _abbreviation_of(n, everything)
        and not context.old.has(n)
        and _proper(n, context)
        and _compact(n) not in context.old.compact
    ]
    if len(gone) > 2 or len(came) > 2:
        return  # a lump of a rewritten passage
    if len(gone) == len(came) == 1:
        yield _make("entity", section, gone[0], came[0], pair.old, pair.new)
        return
    for out, into in _names_replaced_in_place(pair, gone, came, context):
        if out in gone:
            gone.remove(out)
        if into in came:
            came.remove(into)
        yield _make("entity", section, out, into, pair.old, pair.new)
    # A party named or dropped alone is a full name (Nick Coghlan, Creative Commons Zero): one
    # word alone (README, Emacs, Supplements) is far more often a term or a product.
    for name in gone:
        if " " in name:
            yield _make("entity", section, name, "", pair.old, pair.new)
    for name in came:
        if " " in name:
            yield _make("entity", section, "", name, pair.old, pair.new)


def _names_replaced_in_place(
    pair: _SentencePair, gone: list[str], came: list[str], context: _Context
) -> list[tuple[str, str]]:
    """Names gone from (or come to) an edited sentence, each with what took (or held) its place
    on the other side: the text between the same words around it ("Court of Justice of the
    [European Communities], as laid" -> "... of the [European Union], as laid"), else a name of
    the other sentence, new to it, that shares one of its words ("European Community" ->
    "European Union"). One replacement, one entry, not a name dropped and a name added."""
    old_text, new_text = " ".join(pair.old_text.split()), " ".join(pair.new_text.split())
    found: list[tuple[str, str]] = []
    for name in gone:
        other = _in_its_place(name, old_text, new_text) or _sharing_a_word(
            name, old_text, new_text, context
        )
        if other:
            found.append((name, other))
    for name in came:
        if any(into == name for _, into in found):
            continue
        other = _in_its_place(name, new_text, old_text) or _sharing_a_word(
            name, new_text, old_text, context
        )
        if other:
            found.append((other, name))
    return found


#: Words either side of a name that locate its place in the other sentence.
_PLACE_WORDS = 3
#: The most words that may stand in a name's place to be read as what replaced it.
_IN_PLACE_WORDS = 6
_PLACE_TOKEN = re.compile(r"\w[\w'’.-]*|[^\w\s]")


def _in_its_place(name: str, text: str, other_text: str) -> str:
    """What the other sentence holds between the words that surround `name` in `text` (three
    words before, up to two tokens after): a span of a few words that opens with a capital and
    holds one name, another than `name`; "" where the surrounding words are not found together."""
    at = text.find(name)
    if at < 0:
        return ""
    before = _PLACE_TOKEN.findall(text[:at])[-_PLACE_WORDS:]
    after = _PLACE_TOKEN.findall(text[at + len(name) :])[:2]
    stop_words = _rules().language.stop_words
    if len(before) < _PLACE_WORDS or all(
        not w[0].isalpha() or w.casefold() in stop_words for w in before
    ):
        return ""  # too little of a place to find (", of the")
    left = r"\s*".join(re.escape(token) for token in before)
    right = r"\s*".join(re.escape(token) for token in after) if after else r"$"
    match = re.search(rf"(?<!\w){left}\s+([^.;:]{{1,120}}?)\s*{right}", other_text)
    if match is None:
        return ""
    span = match.group(1).strip(" ,")
    words = span.split()
    if not words or len(words) > _IN_PLACE_WORDS or not words[0][:1].isupper():
        return ""
    if _compact(span) == _compact(name) or span in text:
        return ""  # the same name, or one the sentence already held
    if sum(other in span for other in _entities(other_text, True)) != 1:
        return ""  # no name, or several ("Ukraine and the Republic of Moldova"): not one party
    return span


def _sharing_a_word(name: str, text: str, other_text: str, context: _Context) -> str:
    """The one name of the other sentence, absent from this one, that shares a capitalised
    word with `name` ("European Community" and "European Union"), or ""."""
    words = {w for w in name.split() if w[:1].isupper() and len(w) > 2}
    candidates = [
        other
        for other in _entities(other_text, True)
        if other not in text
        and words & set(other.split())
        and _compact(other) != _compact(name)
        and _proper(other, context)
    ]
    return candidates[0] if len(candidates) == 1 else ""


#: A name given a role by a possessive apposition (English): "Stripe, our payment processor,",
#: "Acme Ltd, its subcontractor.".
_ROLE_APPOSITION = re.compile(
    r"\b([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,3}),\s+(?:our|its|their|your|his|her)\s+"
    r"([a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,3})(?=\s*[,.;)])"
)


def _roles_named(comparison: Comparison, context: _Context) -> Iterator[KeyChange]:
    """A party named for a role the document gives it ("provided that Stripe, our payment
    processor, can collect ..."), in text added (or removed) where the other side never names
    it for that role: whom the document now relies on (or no longer does), whether or not the
    name stands elsewhere in passing."""
    if _rules().language.code != "en":
        return
    for change in comparison.sections:
        for side, kind in (("new", OpKind.INSERT), ("old", OpKind.DELETE)):
            other = context.old if side == "new" else context.new
            for op in change.ops:
                if op.op != kind or op.cosmetic or op.move is not None or "," not in op.text:
                    continue
                text = _text(op.text)
                for match in _ROLE_APPOSITION.finditer(text):
                    name, role = match.group(1), match.group(2)
                    words = name.split()
                    while words and words[0].lower() in _rules().not_names:
                        words = words[1:]
                    name = " ".join(words)
                    if not name or _shouting(text) or not _proper(name, context):
                        continue
                    if other.has(f"{name} {match.group(0)[len(match.group(1)) :]}"):
                        continue
                    sentence = _one_sentence_around(text, match.start(), match.end())
                    if side == "new":
                        summary = f"(none) -> {name} ({role})"
                        yield _make("entity", change.id, "", name, "", sentence, summary=summary)
                    else:
                        summary = f"{name} ({role}) -> (none)"
                        yield _make("entity", change.id, name, "", sentence, "", summary=summary)


def _proper(name: str, context: _Context) -> bool:
    """A proper name is not a common word capitalised: its words (the first of one-word
    names, every word of longer ones) are not found in lower case on either side."""
    words = [w for w in name.split() if w.lower() not in ("of", "for", "the", "and")]
    if any(c.isdigit() for c in name):
        return False  # "Annex 1", "A-130", "M-97-02": references to texts, not parties
    for word in words:
        if word.isupper() and len(word) > 1:
            continue
        lower = word.lower()
        if context.old.has_written(lower) or context.new.has_written(lower):
            return False
    return True


def _entities(sentence: str, initial: bool = False) -> tuple[str, ...]:
    return _entities_in(sentence, initial, _rules())


@lru_cache(maxsize=4096)
def _entities_in(sentence: str, initial: bool, rules: _Rules) -> tuple[str, ...]:
    """Names in a sentence, once each, without a phrase-opening word ("When Federal" ...);
    none in ALL-CAPS text, in bold labels (`**Term**`) or at the start of a sentence."""
    if _shouting(sentence):
        return ()
    names: list[str] = []
    for match in rules.entity.finditer(sentence):
        words = match.group(0).split()
        start, end = match.span()
        if sentence[end : end + 1] in ("-", ":") and not words[-1][-1].isdigit():
            words = words[:-1]  # "Content-Type", "Author:" are field names, not names
        if sentence[start - 1 : start] in ("-", "$") and words:
            start += len(words[0]) + 1
            words = words[1:]
        while words and words[0].lower() in rules.not_names:
            start += len(words[0]) + 1
            words = words[1:]
        if not words or len(words[0]) < 2 or words[0] in _NOT_PARTIES:
            continue
        if sentence[max(0, start - 2) : start] in ("**", "__") or sentence[start - 1 : start] in (
            '"',
            "“",
            "*",
            "_",
        ):
            continue  # a defined term or a bold label
        name = " ".join(words)
        if not initial and len(words) == 1 and _CAMEL.fullmatch(name):
            continue  # ValueError, HttpServerError: names in code, told only as a swap
        plain = len(words) == 1 and not (name.isupper() or any(c.isdigit() for c in name))
        if plain and not initial and _SENTENCE_START.search(sentence[:start]):
            continue  # a capitalised first word is just the start of a sentence
        names.append(name)
    return tuple(dict.fromkeys(names))


_CAPITALISED = re.compile(r"\b[A-Z]\w*")
_CAMEL = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+")
_CAPS_RUN = re.compile(r"[A-Z]{3,}\W+[A-Z]{3,}")


def _shouting(sentence: str) -> bool:
    """ALL-CAPS text (a disclaimer): its words are not names."""
    if not _CAPS_RUN.search(sentence):
        return False
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) > 20 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _abbreviation_of(name: str, names: list[str]) -> bool:
    """NSS beside National Security Systems is one party, not two."""
    if name.isupper():
        return any(_initials(other) == name.rstrip("s") for other in names if other != name)
    return _initials(name) in names


def _initials(name: str) -> str:
    words = [word for word in name.split() if word.lower() not in ("of", "for", "the", "and")]
    return "".join(word[0] for word in words) if len(words) > 1 else ""


def key_values(sentence: str) -> tuple[tuple[str, str], ...]:
    """(category, value) of what a sentence commits to: amounts, percentages, dates and
    deadlines, quantities, then its obligations (must, shall, may...): what `dropped` shows
    first of a sentence that disappeared."""
    values = [(category, value) for category, value, _ in _values(sentence)]
    values += [("modality", modal) for modal in _unique(_modals(sentence)) if _MODALS[modal] >= 3]
    return tuple(values)


# --- Clauses changed inside a paragraph -----------------------------------------------------
# A sentence, a list item or a condition that binds, added to or removed from a paragraph whose
# other text stayed: read sentence by sentence and hunk by hunk, after the rules above, and told
# only where they told nothing of that sentence.

#: A sentence with this share of its letters inside the edits was added or removed whole.
_MOSTLY_EDITED = 0.7
#: A piece added to or removed from a sentence that binds is a change of its scope from this
#: many words (a condition, an exception or a time limit from three).
_SCOPE_WORDS = 5
_SCOPE_CONTENT_WORDS = 4
_CONDITION_WORDS = 3
#: Content words of a qualifier removed from a provision with nothing in its place ("une
#: convention [fiscale contenant une clause] d'assistance"): the provision now reaches more.
_QUALIFIER_CONTENT_WORDS = 3
_TOKEN = re.compile(r"\S+\s*")
#: A paragraph's number in brackets before its text: "(3a) Teleshopping ist ...", "(b) The ...".
_PARAGRAPH_LABEL = re.compile(r"^\(\w{1,4}\)\s+(?=\w)")


@lru_cache(maxsize=16)
def _condition_pattern(code: str) -> re.Pattern[str] | None:
    """The language's condition, exception and time-limit markers ("unless", "sofern", "sauf")."""
    condition = language_table(code).condition
    return re.compile(condition, re.IGNORECASE) if condition else None


def _states_condition(text: str) -> bool:
    pattern = _condition_pattern(_rules().language.code)
    return pattern is not None and pattern.search(text) is not None


def _states_term(sentence: str) -> bool:
    """Whether a sentence states an obligation, a prohibition, a right, an exception or a
    deadline: in the language's `binding` words where it has them (English, stricter than
    `_binds`, as a sentence edited inside a paragraph needs more to be told), else in its
    obligation words or a condition. Modal verbs that only describe do not count."""
    text = _without_descriptive_modals(sentence)
    binding = _binding_pattern(_rules().language.code)
    if binding is not None:
        return binding.search(text) is not None
    return _rules().obligation.search(text) is not None or _states_condition(text)


def _clause_edits(
    ops: tuple[Op, ...],
    section: str,
    context: _Context,
    told: Callable[[str], bool] = lambda text: False,
) -> Iterator[KeyChange]:
    """Clause-level changes inside paragraphs: sentences added or removed among others that
    stayed, and conditions, exceptions, time limits or qualifying words added to, removed from
    or replaced in a sentence that binds."""
    if _APPARATUS.search(context.titles.get(section, "")) or section == context.head:
        return
    old_body, new_body, spans = _hunks(ops)
    if not spans:
        return
    old_edits = [(a, b) for a, b, _, _ in spans]
    new_edits = [(c, d) for _, _, c, d in spans]
    yield from _sentences_edited_whole(
        old_body,
        old_edits,
        section,
        context,
        added=False,
        other_body=new_body,
        other_edits=new_edits,
        told=told,
    )
    yield from _sentences_edited_whole(
        new_body,
        new_edits,
        section,
        context,
        added=True,
        other_body=old_body,
        other_edits=old_edits,
        told=told,
    )
    seen: set[tuple[str, str]] = set()
    for span in spans:
        change = _condition_edit(old_body, new_body, span, section)
        if change is None:
            change = _enumeration_edit(old_body, new_body, span, section)
        if change is None:
            change = _coordination_edit(old_body, new_body, span, section)
        if change is None:
            change = _qualifier_edit(old_body, new_body, span, section)
        if change is not None and (change.old, change.new) not in seen:
            seen.add((change.old, change.new))
            yield change


def _gone_elsewhere(
    changes: list[KeyChange], groups: dict[tuple[str, str, str], list[KeyChange]]
) -> bool:
    """Whether a value gone (or come) on its own, though told elsewhere as changed into (from)
    another, went from a sentence of its own: "jusqu'à l'année 2006" dropped from one
    provision while "l'année 2006 -> 2008" in another is a second change, not the same one
    seen again."""
    first = changes[0]
    if first.category not in _VALUE_CATEGORIES:
        return False
    value = _fold(first.old or first.new)
    sentences = {
        change.old_context if first.old else change.new_context
        for (category, old, new), paired in groups.items()
        if old and new and category == first.category and (old if first.old else new) == value
        for change in paired
    }
    return not any(
        (change.old_context if first.old else change.new_context) in sentences for change in changes
    ) and all(change.old_context or change.new_context for change in changes)


#: Clause edits that are facts of their own, told even in a sentence another change tells: a
#: cross-reference added to a law's provision widens what it reaches.
_OWN_FACTS = ("reference added:", "words removed from a provision:")


def _untold_clauses(
    comparison: Comparison, context: _Context, found: list[KeyChange]
) -> list[KeyChange]:
    """The clause-level changes inside paragraphs that no key change found so far tells: a
    sentence already told added or removed, or holding a told change of value, modal or
    negation, is not told again."""
    # A list item of several sentences does not tell one of them: `_merge` tells it as the
    # clause it holds.
    told = [
        (_fold(text), change.category == "list")
        for change in found
        if not _calendar_date_added(change)
        for text in (change.old, change.new, change.old_context, change.new_context)
        if len(text) > 20
    ]

    def is_told(text: str) -> bool:
        folded = _fold(text)
        return any(
            (folded in k and not (listed and 2 * len(folded) < len(k))) or k.strip("…") in folded
            for k, listed in told
        )

    extra: list[KeyChange] = []
    for change in comparison.sections:
        if change.status not in ("changed", "unchanged"):
            continue
        for clause in _clause_edits(change.ops, change.id, context, is_told):
            texts = [t for t in (clause.old, clause.new) if t]
            if any(is_told(t) for t in texts) and not clause.summary.startswith(_OWN_FACTS):
                continue
            told.extend((_fold(t), False) for t in texts)
            extra.append(clause)
    for clause in _moved_enumeration_edits(comparison, context):
        texts = [t for t in (clause.old, clause.new) if t]
        if not any(is_told(t) for t in texts):
            extra.append(clause)
    return extra


#: Characters either side of a sentence that must be mostly unchanged for it to count as added
#: or removed among text that stayed.
_SURROUNDINGS = 400


def _letters(text: str) -> int:
    """Characters other than white space."""
    return len("".join(text.split()))


def _edited_letters(body: str, edits: list[tuple[int, int]], start: int, end: int) -> int:
    """Characters other than white space of body[start:end] inside the edits (in order)."""
    total = 0
    for a, b in edits[max(0, bisect_left(edits, (start, start)) - 1) :]:
        if a >= end:
            break
        if b > start:
            total += _letters(body[max(a, start) : min(b, end)])
    return total


def _joined(body: str, left: int, right: int) -> bool:
    """Whether only spaces or a stop keep two edits apart (they are one)."""
    return 0 <= right - left <= 20 and not body[left:right].strip(" \n\t.,;:")


def _surroundings_kept(body: str, edits: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the text around the edit holding body[start:end] (the sentences before and
    after it) is mostly unchanged: sentences added or removed among others, not a passage
    rewritten."""
    at = max(0, bisect_left(edits, (start, start)) - 1)
    for a, b in reversed(edits[:at]):  # edits before: joined to the sentence's edit, or not
        if b > start or _joined(body, b, start):
            start = min(start, a)
        else:
            break
    for a, b in edits[at:]:
        if a < end and b > start:
            start, end = min(start, a), max(end, b)
        elif _joined(body, b, start):
            start = min(start, a)
        elif _joined(body, end, a):
            end = max(end, b)
        elif a > end:
            break
    before = (max(0, start - _SURROUNDINGS), start)
    after = (end, min(len(body), end + _SURROUNDINGS))
    letters = _letters(body[before[0] : before[1]]) + _letters(body[after[0] : after[1]])
    if not letters:
        return True  # alone in its section: the outline and the rules above tell it
    edited = sum(_edited_letters(body, edits, a, b) for a, b in (before, after))
    return edited <= 0.5 * letters


#: Share of a sentence's content words found together on the other side for it to count as
#: reworded there (moved with a few words changed).
_CLOSELY = 0.8


def _reworded_closely(text: str, other: _Index) -> bool:
    """Whether the other document holds most (_CLOSELY) of the sentence's content words near
    one place: the sentence moved there with a few words changed."""
    words = set(_content_words(text))
    if not words:
        return True
    joined = other.joined
    span = 8 * len(text.split()) + 80
    for anchor in sorted(words, key=lambda word: (-len(word), word))[:3]:
        at = joined.find(f" {anchor} ")
        for _ in range(20):
            if at < 0:
                break
            window = set(joined[max(0, at - span) : at + span].split())
            if len(words & window) >= _CLOSELY * len(words):
                return True
            at = joined.find(f" {anchor} ", at + 1)
    return False


def _twin_kept(text: str, own: _Index, other: _Index) -> bool:
    """Whether the passage of the other side that a sentence closely resembles still stands on
    the sentence's own side as well: its side holds one more such passage than the other (a
    new item much like one that stayed, "an Kinder und Jugendliche" beside "an Kinder unter
    14 Jahren"), so the sentence is added or removed, not that passage reworded."""
    return _close_passages(text, own) > _close_passages(text, other)


def _close_passages(text: str, index: _Index) -> int:
    """How many places of a text hold most (_CLOSELY) of a sentence's content words around its
    longest one."""
    words = set(_content_words(text))
    if not words:
        return 0
    joined = index.joined
    span = 8 * len(text.split()) + 80
    anchor = f" {min(words, key=lambda word: (-len(word), word))} "
    found, at = 0, joined.find(anchor)
    while at >= 0 and found < 20:
        window = set(joined[max(0, at - span) : at + span].split())
        found += len(words & window) >= _CLOSELY * len(words)
        at = joined.find(anchor, at + 1)
    return found


#: Share of a sentence's content words found in the other side's edits of its section for it
#: to count as folded into the text put in its place (a paragraph recast as a list).
_FOLDED = 0.5


def _said_in_edits(text: str, other_body: str, other_edits: list[tuple[int, int]]) -> bool:
    """Whether the text the section's edits put on the other side holds most of the sentence's
    content words: the sentence was recast there, not added or removed."""
    words = set(_content_words(text))
    if not words:
        return False
    edited = set(_content_words(" ".join(other_body[a:b] for a, b in other_edits)))
    return len(words & edited) >= _FOLDED * len(words)


#: Letters of a word that names a term of its own (German compounds, French terms).
_TERM_LETTERS = 12


def _new_exception(text: str, other: _Index) -> bool:
    """Whether a sentence states a condition or exception for a term the other document never
    names ("gilt nicht für ... In-vitro-Diagnostika gemäß ... Medizinprodukte-Abgabeverordnung"):
    though its other words come from the passage it was recast from, the exception is new."""
    if not _states_condition(text):
        return False
    return any(
        len(word) >= _TERM_LETTERS and not other.has(word) for word in set(_content_words(text))
    )


def _reworded_nearby(text: str, other_body: str, other_edits: list[tuple[int, int]]) -> bool:
    """Whether a sentence of the paragraphs the other side's edits touch says much the same
    (most of its words), or is the item of the same number, reworded: the sentence was
    reworded there, not added or removed."""
    number = _ITEM_NUMBER.match(text)
    for start, end in other_edits:
        left = other_body.rfind("\n\n", 0, start)
        right = other_body.find("\n\n", end)
        region = other_body[left + 1 if left >= 0 else 0 : right if right >= 0 else len(other_body)]
        for sentence in split_sentences(region):
            similarity = _similarity(text, _text(sentence))
            if similarity >= _EDITED:
                return True
            if number and similarity >= _SAME_ITEM:
                other_number = _ITEM_NUMBER.match(sentence.strip())
                if other_number and other_number.group(0) == number.group(0):
                    return True
    return False


def _edited_sentences(body: str, edits: list[tuple[int, int]]) -> list[str]:
    """The sentences of the paragraphs the edits touch, as text."""
    found = []
    for start, end in edits:
        left = body.rfind("\n\n", 0, start)
        right = body.find("\n\n", end)
        region = body[left + 1 if left >= 0 else 0 : right if right >= 0 else len(body)]
        found += [_text(sentence).strip() for sentence in split_sentences(region)]
    return list(dict.fromkeys(found))


def _nearby_taken(
    text: str,
    body: str,
    edits: list[tuple[int, int]],
    other_body: str,
    other_edits: list[tuple[int, int]],
) -> bool:
    """Whether every sentence of the other side that a sentence resembles (_EDITED) has a
    closer rewording on the sentence's own side: an item split in two ("bei Mensch oder Tier"
    -> "beim Menschen", and a new item "beim Tier") keeps the old item in one of them, and the
    other is added."""
    own = [sentence for sentence in _edited_sentences(body, edits) if sentence != text.strip()]
    resembled = [
        (sentence, similarity)
        for sentence in _edited_sentences(other_body, other_edits)
        if (similarity := _similarity(text, sentence)) >= _EDITED
    ]
    return bool(resembled) and all(
        any(_similarity(sentence, mine) > similarity for mine in own)
        for sentence, similarity in resembled
    )


def _sentences_edited_whole(
    body: str,
    edits: list[tuple[int, int]],
    section: str,
    context: _Context,
    *,
    added: bool,
    other_body: str,
    other_edits: list[tuple[int, int]],
    told: Callable[[str], bool],
) -> Iterator[KeyChange]:
    """The sentences of one side that lie (almost) wholly inside its edits, among text that
    stayed, and bind: added or removed. Such sentences one after the other (a new list item
    and its sub-items) are one change, quoted by the first."""
    edits = [(start, end) for start, end in edits if end > start]
    if not edits:
        return
    other = context.old if added else context.new
    own = context.new if added else context.old
    run: list[str] = []
    run_end = -1
    for start, end, sentence in _sentence_spans(body, edits):
        letters = _letters(sentence)
        if not letters or _edited_letters(body, edits, start, end) < _MOSTLY_EDITED * letters:
            continue
        if not _surroundings_kept(body, edits, start, end):
            continue  # a passage rewritten: its sentences are not told one by one
        text = _PARAGRAPH_LABEL.sub("", _unlabelled(_text(sentence).strip()))
        if not _prose(text) or text.startswith("(") or " | " in text or _APPARATUS.match(text):
            continue  # not prose, an aside in brackets, a table row or a note
        if _binding_pattern(_rules().language.code) is not None and not _states_term(text):
            continue  # in a law every sentence binds; elsewhere, its words tell
        if other.has(text) or (
            _reworded_nearby(text, other_body, other_edits)
            and not _nearby_taken(text, body, edits, other_body, other_edits)
        ):
            continue
        if _said_in_edits(text, other_body, other_edits) and not _new_exception(text, other):
            continue
        if told(text) or (_reworded_closely(text, other) and not _twin_kept(text, own, other)):
            continue
        if added and _grown_from_item(_paragraph_at(body, start), other_body, other):
            continue  # an item grown under its number: its new values tell it
        between = body[run_end:start] if run else ""
        if run and _edited_letters(body, edits, run_end, start) < sum(
            1 for c in between if not c.isspace()
        ):
            if clause := _sentence_clause(run, section, added):
                yield clause
            run = []
        run.append(text)
        run_end = end
    if run and (clause := _sentence_clause(run, section, added)):
        yield clause


def _sentence_clause(sentences: list[str], section: str, added: bool) -> KeyChange | None:
    if len(sentences) == 1 and sentences[0].endswith(":"):
        return None  # a lead-in ("... the following requirements:"): its items say what binds
    text = " ".join(sentences)
    return _whole_clause(text, section, added, quote=sentences[0])


def _sentence_spans(body: str, edits: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, sentence) of the sentences in the paragraphs the edits touch; in languages
    that write ordinals with a dot ("vom 5. April 2017") no sentence ends after one."""
    ordinals = _rules().language.space_thousands
    at = 0
    for paragraph in body.split("\n\n"):
        start, end = at, at + len(paragraph)
        at = end + 2
        if not _edited_letters(body, edits, start, end):
            continue
        pieces: list[list[int]] = []
        offset = start
        for sentence in split_sentences(paragraph):
            if pieces and ordinals and _ORDINAL.search(body[pieces[-1][0] : offset].rstrip()):
                pieces[-1][1] = offset + len(sentence)
            else:
                pieces.append([offset, offset + len(sentence)])
            offset += len(sentence)
        for piece_start, piece_end in pieces:
            yield piece_start, piece_end, body[piece_start:piece_end]


def _pieces(gone: str, came: str, *, whole: bool = False) -> list[tuple[str, str]]:
    """The two sides of a hunk split where they agree word for word (punctuation aside): each
    (removed, added) piece between words the two sides share; with `whole`, one piece, the
    hunk without the words its sides begin and end with alike."""
    gone_tokens, came_tokens = _TOKEN.findall(gone), _TOKEN.findall(came)
    if whole:

        def same(a: str, b: str) -> bool:
            return _fold(a).strip(".,;:()") == _fold(b).strip(".,;:()")

        while gone_tokens and came_tokens and same(gone_tokens[0], came_tokens[0]):
            gone_tokens, came_tokens = gone_tokens[1:], came_tokens[1:]
        while gone_tokens and came_tokens and same(gone_tokens[-1], came_tokens[-1]):
            gone_tokens, came_tokens = gone_tokens[:-1], came_tokens[:-1]
        return [("".join(gone_tokens).strip(" ,;"), "".join(came_tokens).strip(" ,;"))]
    matcher = SequenceMatcher(
        None,
        [_fold(t).strip(".,;:()") for t in gone_tokens],
        [_fold(t).strip(".,;:()") for t in came_tokens],
        autojunk=False,
    )
    return [
        ("".join(gone_tokens[i1:i2]).strip(" ,;"), "".join(came_tokens[j1:j2]).strip(" ,;"))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _content_words(text: str) -> list[str]:
    """Words of four letters or more that are not function words."""
    stop_words = _rules().language.stop_words
    return [
        w
        for w in _WORD_RE.findall(text.casefold())
        if len(w) > 3 and w.isalpha() and w not in stop_words
    ]


def _condition_edit(
    old_body: str, new_body: str, span: tuple[int, int, int, int], section: str
) -> KeyChange | None:
    """A condition, exception or time limit added to, removed from or replaced in a sentence
    that stayed; or, in a sentence that binds, a qualifying piece of some length added or
    removed with nothing in its place (a new class of persons, a narrowed ban)."""
    old_start, old_end, new_start, new_end = span
    gone, came = _pieces(old_body[old_start:old_end], new_body[new_start:new_end], whole=True)[0]
    if set(_content_words(gone)) == set(_content_words(came)):
        return None  # punctuation, numbers or function words: told by the rules above, if at all
    old_sentence = _text(_sentence_around(old_body, old_start, old_end))
    new_sentence = _text(_sentence_around(new_body, new_start, new_end))
    if not old_sentence or not new_sentence or "\n\n" in old_sentence + new_sentence:
        return None
    if _binding_pattern(_rules().language.code) is not None and not (
        _states_term(old_sentence) or _states_term(new_sentence)
    ):
        return None  # a description or advice, not a rule (English has its binding words)
    if not _prose(old_sentence) or not _prose(new_sentence):
        return None
    if _similarity(old_sentence, new_sentence) < _EDITED:
        return None  # a rewrite: whole sentences are told by the rules above
    whole_gone = _text(old_body[old_start:old_end])
    whole_came = _text(new_body[new_start:new_end])
    # The hunk as a whole first (a condition rewritten in other words), then piece by piece.
    for gone, came in [
        _pieces(whole_gone, whole_came, whole=True)[0],
        *_pieces(whole_gone, whole_came),
    ]:
        kind = _piece_kind(
            gone,
            came,
            old_sentence,
            new_sentence,
            _in_condition(gone, old_sentence) or _joins_condition(gone, old_sentence),
            _in_condition(came, new_sentence) or _joins_condition(came, new_sentence),
        )
        if not kind:
            continue
        if kind.startswith("condition changed"):
            quoted = f"“{_cut(gone, 60)}” -> “{_cut(came, 60)}”"
        else:
            quoted = f"“{_cut(came if 'added' in kind else gone, 130)}”"
        return _make(
            "clause",
            section,
            _unlabelled(old_sentence.strip()),
            _unlabelled(new_sentence.strip()),
            old_sentence,
            new_sentence,
            summary=f"{kind}: {quoted}",
        )
    return None


#: A qualifier this long at least: "unless agreed" is one, "except" alone is a reworded joint.
_QUALIFIER_WORDS = 3


@lru_cache(maxsize=16)
def _qualifier_patterns(
    code: str,
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
    """The language's qualifier opening (at a piece's start, after a joining word), the same
    anywhere, and its disclaimer words; None when it has no qualifier words."""
    table = language_table(code)
    if not table.qualifier:
        return None
    joining = _alternatives(table.joining_words) if table.joining_words else "(?!)"
    opening = re.compile(rf"^\W*(?:(?:{joining})\W+)?(?:{table.qualifier})", re.IGNORECASE)
    anywhere = re.compile(rf"(?<!\w)(?:{table.qualifier})", re.IGNORECASE)
    disclaimer = re.compile(table.disclaimer or "(?!)", re.IGNORECASE)
    return opening, anywhere, disclaimer


def _qualifier_edit(
    old_body: str, new_body: str, span: tuple[int, int, int, int], section: str
) -> KeyChange | None:
    """A qualifier added to, or removed from, a sentence that stays and binds (or disclaims),
    with nothing in its place: words opening with a qualifying word of the language ("TO THE
    EXTENT PERMITTED BY APPLICABLE LAW", "sous réserve de l'accord", "unbeschadet des § 3")
    narrow or widen what the sentence grants, requires or disclaims. A law's longer additions
    are told by `_condition_edit` ("words added to a provision")."""
    patterns = _qualifier_patterns(_rules().language.code)
    if patterns is None:
        return None
    opening, anywhere, disclaimer = patterns
    old_start, old_end, new_start, new_end = span
    gone_hunk, came_hunk = _text(old_body[old_start:old_end]), _text(new_body[new_start:new_end])
    if not anywhere.search(gone_hunk) and not anywhere.search(came_hunk):
        return None  # cheap test first: most hunks hold no qualifier word
    old_sentence = _text(_sentence_around(old_body, old_start, old_end))
    new_sentence = _text(_sentence_around(new_body, new_start, new_end))
    if not old_sentence or not new_sentence or "\n\n" in old_sentence + new_sentence:
        return None
    binds = _binding_pattern(_rules().language.code) is None or any(
        _states_term(sentence) or disclaimer.search(sentence)
        for sentence in (old_sentence, new_sentence)
    )
    if not binds or not _prose(old_sentence) or not _prose(new_sentence):
        return None
    if _similarity(old_sentence, new_sentence) < _EDITED:
        return None  # a rewrite: whole sentences are told by the rules above
    for gone, came in [
        _pieces(gone_hunk, came_hunk, whole=True)[0],
        *_pieces(gone_hunk, came_hunk),
    ]:
        if bool(gone) == bool(came):
            continue  # words put for others: a condition changed, told by `_condition_edit`
        piece = gone or came
        if (
            not opening.search(piece)
            or len(piece.split()) < _QUALIFIER_WORDS
            or len(_content_words(piece)) < _CONDITION_WORDS - 1
            or len(split_sentences(piece)) > 1
        ):
            continue
        kind = "qualifier added" if came else "qualifier removed"
        return _make(
            "clause",
            section,
            _unlabelled(old_sentence.strip()),
            _unlabelled(new_sentence.strip()),
            old_sentence,
            new_sentence,
            summary=f"{kind}: “{_cut(piece, 130)}”",
        )
    return None


def _in_condition(piece: str, sentence: str) -> bool:
    """Whether a piece states a condition or stands just after the word that opens one
    ("unless [the fees are paid]")."""
    if not piece or _states_condition(piece):
        return bool(piece)
    at = sentence.find(piece)
    if at < 0:
        return False
    lead = sentence[:at].split()[-3:]
    return _states_condition(" ".join(lead)) and not any(w[-1:] in ",;:" for w in lead[:-1])


#: English words that open a condition of time ("after GitHub accepts ...", "once paid").
_TIME_CONDITION = re.compile(r"\b(?:after|before|once|upon|when|until)\b", re.IGNORECASE)


def _joins_condition(piece: str, sentence: str) -> bool:
    """Whether a piece opening with "and" or "or" adds one more requirement to a condition
    opened earlier in the same clause ("begins after GitHub accepts the account [and publishes
    its profile]"), in English, where a condition of time counts too."""
    if not piece or not re.match(r"(?:and|or)\s", piece, re.IGNORECASE):
        return False
    at = sentence.find(piece)
    if at < 0:
        return False
    clause = re.split(r"[,;:]", sentence[:at])[-1]
    if _states_condition(clause):
        return True
    return _rules().language.code == "en" and _TIME_CONDITION.search(clause) is not None


def _piece_kind(
    gone: str,
    came: str,
    old_sentence: str,
    new_sentence: str,
    gone_condition: bool,
    came_condition: bool,
) -> str:
    """What a piece changed in a sentence: a condition added, removed or changed, or words
    added to or removed from a provision; "" when it is none of these."""
    gone_words, came_words = _content_words(gone), _content_words(came)
    if set(gone_words) == set(came_words):
        return ""  # reordered, re-inflected or punctuation
    if len(split_sentences(gone)) > 1 or len(split_sentences(came)) > 1:
        return ""  # a sentence added or removed with the piece: not a qualifier of one
    if not gone_words and came_condition and len(came_words) >= _CONDITION_WORDS - 1:
        return "condition added"
    if not came_words and gone_condition and len(gone_words) >= _CONDITION_WORDS - 1:
        return "condition removed"
    if gone_words and came_words and (gone_condition or came_condition):
        if gone_condition != came_condition:
            side = gone_words if gone_condition else came_words
            return "condition changed" if len(side) >= _CONDITION_WORDS else ""
        if min(len(set(gone_words) - set(came_words)), len(set(came_words) - set(gone_words))) >= (
            _CONDITION_WORDS
        ):
            return "condition changed"  # one condition put for another
        return ""
    if _binding_pattern(_rules().language.code) is not None:
        return ""  # words added to a contract's sentence may only describe; a law's bind
    # Every sentence of a law binds: words added with nothing in their place (or removed)
    # change what it applies to.
    if gone and came:
        return ""
    if not gone_words and _reference_added(came, old_sentence):
        return "reference added"
    if len(came_words) >= _SCOPE_CONTENT_WORDS and len(came.split()) >= _SCOPE_WORDS:
        return "words added to a provision"
    if len(gone_words) >= _QUALIFIER_CONTENT_WORDS and len(gone.split()) >= _SCOPE_WORDS - 1:
        return "words removed from a provision"
    if came_words and _enumerated(came, new_sentence):
        return "item added to an enumeration"
    if gone_words and _enumerated(gone, old_sentence):
        return "item removed from an enumeration"
    return ""


def _reference_added(piece: str, old_sentence: str) -> bool:
    """Whether a piece added to a law's provision joins one more cross-reference to it ("223 A"
    -> "223 A ou de l'article 223 A bis"): the provision now reaches the text it cites."""
    words = piece.split()
    joining = _rules().language.joining_words
    if not words or words[0].casefold() not in joining:
        return False
    cited = _reference_pattern(_rules().language.code).findall(piece)
    return any(_fold(reference) not in _fold(old_sentence) for reference in cited)


def _enumerated(piece: str, sentence: str) -> bool:
    """Whether a piece of a few words stands beside a comma in its sentence: one member of an
    enumeration ("ärztlichen, tierärztlichen oder pharmazeutischen", "un candidat, un binôme
    de candidats ou une liste")."""
    markers = [m.rstrip(".").casefold() for m in _rules().language.clause_markers if len(m) > 2]
    if _only_modal_verbs(piece):
        return False  # ", die ... abgeben dürfen," -> ", die ... abgeben,": a verb, no member
    qualifier = _qualifier_patterns(_rules().language.code)
    if qualifier is not None and qualifier[0].search(piece):
        return False  # ", unbeschadet weiterer Pflichten,": a qualifier, told as one
    if len(piece.split()) >= _SCOPE_WORDS or any(
        word.startswith(marker) for word in _WORD_RE.findall(piece.casefold()) for marker in markers
    ):
        return False  # a longer piece, or a cross-reference
    return _beside_comma(piece, sentence)


def _is_word_character(text: str, at: int) -> bool:
    """Whether text[at] is a word character as `re`'s `\\w` reads it (False outside the text)."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def _beside_comma(piece: str, sentence: str) -> bool:
    """Whether the piece stands in the sentence right after a comma (spaces between) and ends
    at a word boundary, or starts at a word boundary and is followed by a comma: the pattern
    `,\\s*PIECE\\b|\\bPIECE\\s*,` without compiling a pattern for each piece."""
    size = len(piece)
    at = sentence.find(piece)
    while at >= 0:
        end = at + size
        before = at - 1
        while before >= 0 and sentence[before].isspace():
            before -= 1
        if (
            before >= 0
            and sentence[before] == ","
            and (_is_word_character(sentence, end - 1) != _is_word_character(sentence, end))
        ):
            return True
        after = end
        while after < len(sentence) and sentence[after].isspace():
            after += 1
        if (
            after < len(sentence)
            and sentence[after] == ","
            and _is_word_character(sentence, at - 1) != _is_word_character(sentence, at)
        ):
            return True
        at = sentence.find(piece, at + 1)
    return False


def _only_modal_verbs(piece: str) -> bool:
    words = _WORD_RE.findall(piece.casefold())
    return bool(words) and all(word in _rules().modals for word in words)


#: An item of an enumeration this short ("self-dealing", "pyramid schemes") is one member of it.
_MEMBER_WORDS = 3
#: Paragraphs between a list's lead-in and one of its items, at most.
_ITEMS_BACK = 15


def _enumeration_edit(
    old_body: str,
    new_body: str,
    span: tuple[int, int, int, int],
    section: str,
    old_lead_in: str | None = None,
    new_lead_in: str | None = None,
) -> KeyChange | None:
    """In English, a member of a few words added to or removed from an enumeration (between
    commas) with nothing in its place, in a sentence that binds or in a list item under a lead-in
    that binds ("You will not raise funds involving:" ... "lotteries, gambling, self-dealing,
    ..."): one more (or one less) thing prohibited or required."""
    if _binding_pattern(_rules().language.code) is None or _rules().language.code != "en":
        return None  # laws read every enumeration in _piece_kind
    old_start, old_end, new_start, new_end = span
    gone = _text(old_body[old_start:old_end]).strip(" ,;")
    came = _text(new_body[new_start:new_end]).strip(" ,;")
    if bool(gone) == bool(came):
        return None
    piece = gone or came
    body, start = (old_body, old_start) if gone else (new_body, new_start)
    if not 0 < len(piece.split()) <= _MEMBER_WORDS or not _content_words(piece):
        return None
    if _states_condition(piece) or not any(c.isalpha() for c in piece):
        return None
    sentence = _text(_sentence_around(body, start, start + len(piece)))
    if not _enumerated(piece, sentence) or sentence.count(",") < 2:
        return None  # a list of three or more, written out
    lead_in = old_lead_in if gone else new_lead_in
    if lead_in is None:
        lead_in = _lead_in(body, start)
    if not (_states_term(sentence) or (lead_in and _states_term(lead_in))):
        return None
    old_sentence = _text(_sentence_around(old_body, old_start, old_end))
    new_sentence = _text(_sentence_around(new_body, new_start, new_end))
    kind = "item added to an enumeration" if came else "item removed from an enumeration"
    return _make(
        "clause",
        section,
        _unlabelled(old_sentence.strip()),
        _unlabelled(new_sentence.strip()),
        old_sentence,
        new_sentence,
        summary=f"{kind}: “{_cut(piece, 60)}”",
    )


#: A definition or remark in brackets after a member: ' ("Your Content")'.
_PARENTHESIS_AFTER = re.compile(r"\s*\([^()]*\)$")
#: Letters an inflected form may add to a word ("Mensch" / "Menschen", "bei" / "beim").
_INFLECTION = 3


def _coordination_edit(
    old_body: str, new_body: str, span: tuple[int, int, int, int], section: str
) -> KeyChange | None:
    """A member of a coordination of two ("X or Y", "X und Y", "X ou Y") removed from or added
    to a sentence otherwise kept, whatever inflection the member kept takes ("bei Mensch oder
    Tier" -> "beim Menschen"): the provision now reaches one thing fewer (or one more). Not a
    reordering ("Y or X") or a member spelt otherwise: each keeps its joining word."""
    old_start, old_end, new_start, new_end = span
    gone, came = _pieces(old_body[old_start:old_end], new_body[new_start:new_end], whole=True)[0]
    member = _member_dropped(gone, came)
    kind = "item removed from an enumeration"
    if member is None:
        member = _member_dropped(came, gone)
        kind = "item added to an enumeration"
    if member is None:
        return None
    member = _PARENTHESIS_AFTER.sub("", member)
    if not _rules().language.capitalised_nouns and member[:1].isupper():
        return None  # a name joined to others ("Member states and NATO"): told as a party
    old_sentence = _text(_sentence_around(old_body, old_start, old_end))
    new_sentence = _text(_sentence_around(new_body, new_start, new_end))
    if not old_sentence or not new_sentence or "\n\n" in old_sentence + new_sentence:
        return None
    if not _prose(old_sentence) or not _prose(new_sentence):
        return None
    if _similarity(old_sentence, new_sentence) < _EDITED:
        return None
    if _binding_pattern(_rules().language.code) is not None and not (
        _states_term(old_sentence) or _states_term(new_sentence)
    ):
        return None  # a description, not a rule (English has its binding words)
    return _make(
        "clause",
        section,
        _unlabelled(old_sentence.strip()),
        _unlabelled(new_sentence.strip()),
        old_sentence,
        new_sentence,
        summary=f"{kind}: “{_cut(member, 60)}”",
    )


def _member_dropped(joined: str, single: str) -> str | None:
    """The member of `joined` ("bei Mensch oder Tier") that `single` ("beim Menschen") no longer
    names, when `single` is `joined` with one member and its joining word left out, word for
    word but for inflection; None otherwise."""
    joined_words, single_words = joined.split(), single.split()
    joining = _rules().language.joining_words
    at = [i for i, word in enumerate(joined_words) if word.casefold() in joining]
    if len(at) != 1 or any(w.casefold() in joining for w in single_words):
        return None
    if not single_words:  # "or Y" (or "Y or") gone, the member kept spelt as it was
        if at[0] not in (0, len(joined_words) - 1) or len(joined_words) > _MEMBER_WORDS + 1:
            return None
        text = " ".join(joined_words[1:] if at[0] == 0 else joined_words[:-1]).strip(" ,;.")
        return text if _content_words(text) else None
    join = at[0]
    before, after = joined_words[:join], joined_words[join + 1 :]
    if not before or not after or not _content_words(" ".join(single_words)):
        return None
    # One word on either side of the joining word is a member: drop the one after it, or the
    # one before it (the words before that stay, "bei" in "bei Mensch oder Tier").
    for kept, member in ((before, after), (before[:-1] + after, before[-1:])):
        if len(kept) == len(single_words) and all(
            _same_but_inflection(a, b) for a, b in zip(kept, single_words, strict=True)
        ):
            text = " ".join(member).strip(" ,;.")
            return text if _content_words(text) else None
    return None


def _same_but_inflection(a: str, b: str) -> bool:
    a, b = _fold(a).strip(".,;:()"), _fold(b).strip(".,;:()")
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short) and len(long) - len(short) <= _INFLECTION


def _lead_in(body: str, at: int) -> str:
    """The lead-in of the list whose item holds body[at] (the paragraph before the items that
    ends in a colon), or "" when the paragraph is not such an item."""
    paragraphs = body[:at].split("\n\n")
    item = (paragraphs[-1] + body[at:].split("\n\n")[0]).rstrip()
    if not item or item[-1] not in ";,." or item.endswith("::"):
        return ""
    for paragraph in reversed(paragraphs[-_ITEMS_BACK - 1 : -1]):
        text = paragraph.strip()
        if text.endswith(":") and not text.endswith("::"):
            return _text(text)
        if not text or not re.sub(r"\s+(?:and|or)$", "", text).endswith((";", ",", ".")):
            return ""
    return ""


#: What a key change of a whole item says before its text ("added: “...”").
_WHOLE_ITEM = re.compile(r"^(?:list item )?(?:added|removed): ")
#: A list item's mark before its text: "1.", "a)", "(iv)", "2°", "-", "•".
_ITEM_MARK = re.compile(r"^\s*(?:[-*+•–]\s*|\(?(?:\d+[a-z]?|[a-z]|[ivxlc]{1,6})(?:[.)°]|\s?°)\s+)")
#: Paragraphs looked back over for an item's lead-in.
_LEAD_IN_BACK = 20


def _item_fragment(text: str) -> bool:
    """Whether a sentence reported added or removed whole reads as a list item cut from its
    lead-in: it opens in lower case (after its mark) and is a clause (a few words, not a name
    in a list), or ends in ";", "," or a joining word."""
    core = _ITEM_MARK.sub("", text.strip())
    if not core:
        return False
    last = core.rstrip().rsplit(None, 1)[-1].casefold()
    return (
        (core[0].islower() and len(core.split()) >= _FRAGMENT_WORDS)  # not a name in a list
        or core.rstrip().endswith((";", ","))
        or last in _rules().language.joining_words
    )


def _runs_on(text: str) -> bool:
    """Whether a paragraph ends as a list item followed by more: in ";", "," or a joining word."""
    words = text.rstrip().split()
    return bool(words) and (
        text.rstrip().endswith((";", ","))
        or words[-1].casefold() in _rules().language.joining_words
    )


def _item_lead_in(paragraphs: list[str], item: str) -> str:
    """The text that introduces the list holding `item` among a section's `paragraphs` (each
    with its spacing made single): the nearest paragraph above it that is not itself an item
    and ends unfinished (in a colon, or without a full stop: "..., es sei denn, dass"); ""
    when there is none."""
    core = _ITEM_MARK.sub("", item.strip())
    probe = " ".join(core.split()[:6])
    if not probe:
        return ""
    place = next((index for index, text in enumerate(paragraphs) if probe in text), None)
    if place is None:
        return ""
    item_like = bool(_ITEM_MARK.match(item)) or core[:1].islower()
    for paragraph in reversed(paragraphs[max(0, place - _LEAD_IN_BACK) : place]):
        text = _text(paragraph).strip()
        if not text:
            continue
        if _ITEM_MARK.match(text) or text[0].islower() or _runs_on(text):
            if not (item_like or _runs_on(text)):
                return ""  # a paragraph of its own after a list, not one of its items
            item_like = True  # the list runs on ("...;" above): this paragraph is an item
            continue  # another item of the same list
        if text.endswith((".", "!", "?")) or len(text.split()) < 3:
            return ""
        sentences = _noted_sentences(text)
        return sentences[-1].strip() if sentences else text
    return ""


def _with_lead_ins(found: list[KeyChange], context: _Context) -> list[KeyChange]:
    """List items told added or removed whole, as fragments ("es sich dabei nicht um ...
    handelt oder", "-les investissements mentionnés au b ..."), told with the text that
    introduces them: the items added (or removed) under one lead-in are one entry quoting the
    lead-in, with their count. An item whose words stood on the other side already (running
    text put into a list) was not added or removed. A lead-in told added or removed itself
    takes its items in: one entry, the lead-in's, with their count."""
    whole_told = {
        (change.section, bool(change.new), _fold(change.new or change.old)): change
        for change in found
        if _WHOLE_ITEM.match(change.summary) and not (change.old and change.new)
    }
    bodies: dict[tuple[str, bool], list[str]] = {}
    lead_ins: dict[int, str] = {}
    fragments: set[tuple[str, bool, str]] = set()
    items = [
        change
        for change in found
        if change.category in ("clause", "list")
        and _WHOLE_ITEM.match(change.summary)
        and not (change.old and change.new)
    ]
    # Fragments first; the other items only where a fragment found its lead-in (each look
    # reads the section's text).
    for change in items:
        text = change.new or change.old
        if _item_fragment(text):
            lead_in = _item_lead_in(_side_body(change, context, bodies), text)
            if lead_in:
                lead_ins[id(change)] = lead_in
                fragments.add((change.section, bool(change.new), lead_in))
    listed = {(section, added) for section, added, _ in fragments}
    for change in items:
        if id(change) not in lead_ins and (change.section, bool(change.new)) in listed:
            text = change.new or change.old
            lead_ins[id(change)] = _item_lead_in(_side_body(change, context, bodies), text)
    placed = [(change, lead_ins.get(id(change), "")) for change in found]
    groups: dict[tuple[str, bool, str], list[KeyChange]] = {}
    # A lead-in told added or removed itself takes its items in: one entry, the provision.
    heads = {
        id(head): group
        for group in fragments
        if (head := whole_told.get((group[0], group[1], _fold(group[2])))) is not None
    }
    kept: list[KeyChange | tuple[str, bool, str]] = []
    for change, lead_in in placed:
        if id(change) in heads:
            groups.setdefault(heads[id(change)], [])
            kept.append(heads[id(change)])
            continue
        group = (change.section, bool(change.new), lead_in)
        if not lead_in or group not in fragments:
            kept.append(change)
            continue
        if _item_fragment(change.new or change.old) and _was_there(change, context):
            continue  # its words stood there already: put into a list, not added or removed
        if group not in groups:
            groups[group] = []
            kept.append(group)
        groups[group].append(change)
    result: list[KeyChange] = []
    head_of = {group: head for head, group in heads.items()}
    by_id = {id(change): change for change in found}
    for entry in kept:
        if isinstance(entry, KeyChange):
            result.append(entry)
            continue
        where, added, lead_in = entry
        items = groups[entry]
        head = by_id.get(head_of.get(entry, 0))
        if head is not None:
            if items:
                text = " ".join([head.new or head.old, *((item.new or item.old) for item in items)])
                old, new = ("", text) if added else (text, "")
                more = f" (+{len(items)} item{'s' if len(items) > 1 else ''})"
                summary = head.summary + more
                result.append(_make(str(head.category), where, old, new, old, new, summary))
            else:
                result.append(head)
            continue
        if not items:
            continue
        first = _ITEM_MARK.sub("", (items[0].new or items[0].old).strip())
        verb = "added" if added else "removed"
        count = f"{len(items)} items {verb}" if len(items) > 1 else f"item {verb}"
        summary = f"{count} under “{_cut_left(lead_in, 70)}”: “{_cut(first, 70)}”"
        text = " ".join([lead_in, *((item.new or item.old) for item in items)])
        old, new = ("", text) if added else (text, "")
        category = "clause" if any(item.category == "clause" for item in items) else "list"
        result.append(_make(category, where, old, new, old, new, summary=summary))
    return result


def _side_body(
    change: KeyChange, context: _Context, bodies: dict[tuple[str, bool], list[str]]
) -> list[str]:
    """The paragraphs of a key change's section on the side that holds its text, each with its
    spacing made single (remembered)."""
    key = (change.section, bool(change.new))
    if key not in bodies:
        holder = next((c for c in context.comparison.sections if c.id == change.section), None)
        keep = ("equal", "insert") if change.new else ("equal", "delete")
        body = "".join(op.text for op in holder.ops if op.op in keep) if holder else ""
        bodies[key] = [" ".join(paragraph.split()) for paragraph in body.split("\n\n")]
    return bodies[key]


def _was_there(change: KeyChange, context: _Context) -> bool:
    """Whether an item's words (its mark, end signs and joining word aside) stand on the other
    side, as they are or closely reworded, and are not the twin of a passage kept on its own."""
    own, other = (context.new, context.old) if change.new else (context.old, context.new)
    core = _ITEM_MARK.sub("", (change.new or change.old).strip()).rstrip(" ;,.")
    words = core.split()
    if words and words[-1].casefold() in _rules().language.joining_words:
        core = " ".join(words[:-1]).rstrip(" ;,")
    if other.has(core):
        return True
    return (
        len(core.split()) >= _FRAGMENT_WORDS
        and _reworded_closely(core, other)
        and not _twin_kept(core, own, other)
    )


def _cut_left(text: str, limit: int) -> str:
    """The end of a text, at most `limit` characters, cut at a word: a lead-in's last words
    are those its items continue."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    tail = text[-(limit - 1) :]
    return "…" + (tail.split(" ", 1)[1] if " " in tail else tail)


def _moved_enumeration_edits(comparison: Comparison, context: _Context) -> Iterator[KeyChange]:
    """Members added to or removed from the enumeration of a list item that also moved (into
    another section): read against the lead-in of the list it left and the one it joined."""
    if not comparison.moves or _rules().language.code != "en":
        return
    sides: dict[str, tuple[str, str]] = {}
    by_id: dict[str, list[SectionChange]] = {}
    for section_change in comparison.sections:
        by_id.setdefault(section_change.id, []).append(section_change)

    def lead_in(move_id: str, section: str, side: str) -> str:
        for change in by_id.get(section, ()):
            keep = ("equal", "delete") if side == "old" else ("equal", "insert")
            moving = OpKind.DELETE if side == "old" else OpKind.INSERT
            parts: list[str] = []
            for op in change.ops:
                if op.move == move_id and op.op == moving:
                    body = "".join(parts)
                    return _lead_in(body + op.text, len(body))
                if op.op in keep:
                    parts.append(op.text)
        return ""

    for move in comparison.moves:
        if _APPARATUS.search(context.titles.get(move.new_section, "")):
            continue
        old_body, new_body, spans = _hunks(move.ops)
        if not spans or len(spans) > 2:
            continue
        for old_start, old_end, new_start, new_end in spans:
            gone, came = old_body[old_start:old_end].strip(), new_body[new_start:new_end].strip()
            if bool(gone) != bool(came) and len((gone or came).split()) <= _MEMBER_WORDS:
                break
        else:
            continue  # no member of a few words added or removed alone: no lead-in to read
        if move.id not in sides:
            sides[move.id] = (
                lead_in(move.id, move.old_section, "old"),
                lead_in(move.id, move.new_section, "new"),
            )
        old_lead_in, new_lead_in = sides[move.id]
        for span in spans:
            change = _enumeration_edit(
                old_body, new_body, span, move.new_section, old_lead_in, new_lead_in
            )
            if change is not None:
                yield change
