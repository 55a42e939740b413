"""What of an entry goes into the public index, and the jieba tokens that find sub-words."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from techmarket.achievements.models import PUBLIC_STATUSES as ACHIEVEMENT_PUBLIC
from techmarket.achievements.models import Achievement
from techmarket.challenges.models import PUBLIC_STATUSES as CHALLENGE_PUBLIC
from techmarket.challenges.models import Challenge
from techmarket.demands.models import PUBLIC_STATUSES as DEMAND_PUBLIC
from techmarket.demands.models import Demand
from techmarket.projects.models import PUBLIC_STATUSES as PROJECT_PUBLIC
from techmarket.projects.models import Project
from techmarket.search.indexes import SearchType
from techmarket.search.terms import meaningful, term_id, tokens

# Control characters never reach the index: nobody searches for them, and they break renderers.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MODELS: dict[SearchType, type[Any]] = {
    SearchType.DEMAND: Demand,
    SearchType.ACHIEVEMENT: Achievement,
    SearchType.PROJECT: Project,
    SearchType.CHALLENGE: Challenge,
}


def clean(text: str | None) -> str:
    return _CONTROL.sub(" ", text or "")


PUBLIC_STATUSES: dict[SearchType, frozenset[Any]] = {
    SearchType.DEMAND: frozenset(DEMAND_PUBLIC),
    SearchType.ACHIEVEMENT: frozenset(ACHIEVEMENT_PUBLIC),
    SearchType.PROJECT: frozenset(PROJECT_PUBLIC),
    SearchType.CHALLENGE: frozenset(CHALLENGE_PUBLIC),
}


def search_key(kind: SearchType, entry_id: Any) -> str:
    """The document's key in the search index, which holds the four collections."""
    return f"{kind.value}-{entry_id}"


def is_public(kind: SearchType, entry: Any) -> bool:
    return entry.status in PUBLIC_STATUSES[kind]


@dataclass(frozen=True)
class Indexed:
    """An entry as the index holds it, and the term counts the matching statistics keep."""

    document: dict[str, Any]  # for the search index (``Indexes.search_uid``)
    terms_document: dict[str, Any]  # for the matching index (``Indexes.terms_uid``)
    term_counts: Counter[str]


def indexed(kind: SearchType, entry: Any) -> Indexed:
    summary = {
        SearchType.DEMAND: lambda: entry.description,
        SearchType.ACHIEVEMENT: lambda: entry.abstract,
        SearchType.PROJECT: lambda: entry.objectives,
        SearchType.CHALLENGE: lambda: entry.description + "\n" + entry.indicators,
    }[kind]()
    title, summary = clean(entry.title), clean(summary)
    keywords = [clean(k) for k in entry.keywords]
    cut = tokens(title, summary, *keywords)
    counts = Counter(meaningful(cut))
    doc: dict[str, Any] = {
        "key": search_key(kind, entry.id),
        "id": str(entry.id),
        "type": kind.value,
        "title": title,
        "summary": summary,
        "keywords": keywords,
        "tokens": " ".join(cut),
        "field": entry.field,
        "region": entry.region,
        "status": str(entry.status),
        "organization_id": str(entry.organization_id),
        "published_at": int(entry.published_at.timestamp()) if entry.published_at else 0,
    }
    if kind is SearchType.DEMAND:
        doc["demand_type"] = entry.demand_type
    elif kind is SearchType.ACHIEVEMENT:
        doc["maturity"] = entry.maturity
        doc["transfer_modes"] = list(entry.transfer_modes)
    elif kind is SearchType.PROJECT:
        doc["kind"] = entry.kind
    else:
        doc["kind"] = str(entry.mode)  # 揭榜挂帅 / 竞争择优 / 定向委托
    terms = {"id": doc["id"], "term_ids": " ".join(term_id(term) for term in counts)}
    return Indexed(document=doc, terms_document=terms, term_counts=counts)
