"""Highlighted titles and cropped snippets, made by the API for the few hits it shows.

Asking Meilisearch to highlight and crop costs it about half its throughput (it must locate
every matched word in every returned document); the API marks the query's own terms in the
twenty hits of a page for a fraction of a millisecond. Synonyms found by Meilisearch are not
marked: the words the user typed are.
"""

from __future__ import annotations

import functools
import html
import re

from techmarket.search.terms import terms

SNIPPET_LENGTH = 120  # characters of the summary shown under a hit
LEAD = 20  # characters kept before the first marked term, for context
MAX_MARKED_TERMS = 32
ELLIPSIS = "…"


@functools.lru_cache(maxsize=1024)
def _pattern(q: str) -> re.Pattern[str] | None:
    """The query's terms, longest first; cached, since compiling cost more than marking."""
    found = sorted(set(terms(q)), key=lambda t: (-len(t), t))[:MAX_MARKED_TERMS]
    return re.compile("|".join(re.escape(t) for t in found), re.IGNORECASE) if found else None


class Highlighter:
    """Marks the terms of one query in texts: escaped HTML where only ``<em>`` is markup."""

    def __init__(self, q: str) -> None:
        self._pattern = _pattern(q)

    def title(self, text: str) -> str:
        return self._mark(text)

    def snippet(self, text: str) -> str:
        """About ``SNIPPET_LENGTH`` characters around the first marked term."""
        first = self._pattern.search(text) if self._pattern else None
        start = max(0, first.start() - LEAD) if first else 0
        end = start + SNIPPET_LENGTH
        if end > len(text):
            start, end = max(0, len(text) - SNIPPET_LENGTH), len(text)
        shown = self._mark(text[start:end])
        return (ELLIPSIS if start else "") + shown + (ELLIPSIS if end < len(text) else "")

    def _mark(self, text: str) -> str:
        if self._pattern is None:
            return html.escape(text)
        parts, last = [], 0
        for found in self._pattern.finditer(text):
            parts.append(html.escape(text[last : found.start()]))
            parts.append(f"<em>{html.escape(found.group())}</em>")
            last = found.end()
        parts.append(html.escape(text[last:]))
        return "".join(parts)
