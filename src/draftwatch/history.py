"""`draftwatch history`, `blame` and `dropped`: a document's versions chained into lineages.

Each consecutive comparison comes from the cache under .draftwatch/ when the same two snapshots
were compared before (by `add`'s report, `report --all` or an earlier run); the missing ones are
computed on every core and cached. Only the versions of missing pairs are read in full.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from draftwatch.cache import cached_comparison, is_cached
from draftwatch.engine import NoiseRules
from draftwatch.engine.compare import ParsedCache
from draftwatch.engine.history import build_history
from draftwatch.errors import NotFoundError
from draftwatch.model import Comparison, DocumentHistory, Version
from draftwatch.versions.store import Store

#: Below this many missing pairs, starting worker processes costs more than it saves.
PARALLEL_FROM = 4


def load_history(
    store: Store,
    doc: str,
    up_to: int | None = None,
    on_step: Callable[[], None] = lambda: None,
) -> DocumentHistory:
    """The history of `doc` (up to version `up_to`, else to the latest)."""
    headers = store.require_headers(doc)
    if up_to is not None:
        if not any(header.number == up_to for header in headers):
            raise NotFoundError(f"{doc}@{up_to} does not exist")
        headers = tuple(header for header in headers if header.number <= up_to)
    return chained_history(store, doc, headers, on_step=on_step)


def chained_history(
    store: Store,
    doc: str,
    headers: Sequence[Version],
    noise: NoiseRules | None = None,
    on_step: Callable[[], None] = lambda: None,
) -> DocumentHistory:
    """The history of `doc` over `headers` (front matter only; a version not yet stored, as in
    `add`, carries its text). Comparisons come from the cache, the missing ones are made and
    cached: once per clone and draftwatch version, never again on the next call."""
    known = {header.number: header for header in headers if header.text}
    loaded = _Loader(store, known)
    if len(headers) == 1:  # one version: compared with itself, not worth a cache file
        only = loaded(headers[0])
        return build_history(doc, tuple(headers), [cached_comparison(None, only, only)])
    pairs = list(itertools.pairwise(headers))
    _warm(store, doc, pairs, on_step, noise, known)
    comparisons = [
        cached_comparison(store.root, old, new, loaded, noise=noise) for old, new in pairs
    ]
    return build_history(doc, tuple(headers), comparisons)


def pairs_to_compute(store: Store, doc: str, up_to: int | None = None) -> int:
    """How many comparisons `load_history(store, doc, up_to)` has still to make."""
    headers = [h for h in store.require_headers(doc) if up_to is None or h.number <= up_to]
    return sum(not is_cached(store.root, old, new) for old, new in itertools.pairwise(headers))


def _warm(
    store: Store,
    doc: str,
    pairs: list[tuple[Version, Version]],
    on_step: Callable[[], None],
    noise: NoiseRules | None = None,
    known: dict[int, Version] | None = None,
) -> None:
    """Compute the comparisons the cache lacks, on every core when there are enough: each core
    takes a run of consecutive pairs, so that it parses each version once. Pairs with a version
    not yet stored (`known`) are made here."""
    known = known or {}
    here: list[tuple[Version, Version]] = []
    missing: list[tuple[Version, Version]] = []
    for old, new in pairs:
        if not is_cached(store.root, old, new, noise):
            unstored = old.number in known or new.number in known
            (here if unstored else missing).append((old, new))
    workers = min(os.cpu_count() or 1, len(missing))
    if len(missing) < PARALLEL_FROM or workers < 2:
        here = missing + here
        missing = []
    parsed: ParsedCache = {}
    loaded = _Loader(store, known)
    for old, new in here:
        cached_comparison(store.root, old, new, loaded, parsed, noise)
        on_step()
    if not missing:
        return
    size = -(-len(missing) // workers)
    runs = [missing[start : start + size] for start in range(0, len(missing), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        jobs = [
            pool.submit(
                _compare_and_cache,
                str(store.root),
                doc,
                [(o.number, n.number) for o, n in run],
                noise,
            )
            for run in runs
        ]
        for job, run in zip(jobs, runs, strict=True):
            job.result()
            for _ in run:
                on_step()


class _Loader:
    """Reads a stored version in full, keeping the last two (a chain reads each once)."""

    def __init__(self, store: Store, known: dict[int, Version] | None = None) -> None:
        self.store = store
        self.known = known or {}
        self.kept: dict[int, Version] = {}

    def __call__(self, version: Version) -> Version:
        if version.text or not version.doc:
            return version
        if version.number in self.known:
            return self.known[version.number]
        if version.number not in self.kept:
            if len(self.kept) >= 2:
                self.kept.pop(min(self.kept))
            self.kept[version.number] = self.store.load(version)
        return self.kept[version.number]


def _compare_and_cache(
    root: str, doc: str, numbers: list[tuple[int, int]], noise: NoiseRules | None = None
) -> None:
    store = Store(Path(root))
    parsed: ParsedCache = {}
    loaded = _Loader(store)
    headers = {header.number: header for header in store.headers(doc)}
    for old_number, new_number in numbers:
        old, new = headers[old_number], headers[new_number]
        cached_comparison(store.root, old, new, loaded, parsed, noise)


def lineage_of_sections(history: DocumentHistory, comparison: Comparison) -> dict[str, str]:
    """For a comparison of two stored versions of the document: each section entry's lineage
    id (by its new side, or its old side for a removed section)."""
    where: dict[tuple[int, int], str] = {}
    for line in history.lineages:
        for state in line.states:
            where[(state.version, state.index)] = line.id
    found = {}
    for change in comparison.sections:
        if change.new is not None:
            key = (comparison.new.number, change.new.index)
        elif change.old is not None:
            key = (comparison.old.number, change.old.index)
        else:
            continue
        if key in where:
            found[change.id] = where[key]
    return found
