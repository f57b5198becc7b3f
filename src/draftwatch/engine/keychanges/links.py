"""Lists, fields and links: list changes, field values in a document's head, and links whose target
moved.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from draftwatch.engine.keychanges.clauses import _prose
from draftwatch.engine.keychanges.index import _Context, _Index, _words_key
from draftwatch.engine.keychanges.rules import _APPARATUS, _MONTH_MAY, _WORD_RE, _rules
from draftwatch.engine.keychanges.text import _cut, _hunks, _make, _text, _unlabelled
from draftwatch.model import (
    KeyChange,
    SectionChange,
)


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
