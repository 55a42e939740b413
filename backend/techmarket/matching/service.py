"""Ranking one collection's public entries for a text: Meilisearch finds candidates, BM25 over
our own corpus statistics orders them (design and figures: docs/decisions/0008-matching.md).

Meilisearch alone is a poor judge here: it reads ten query words, re-segments Chinese, and
counts shared words without weighing them. So the query's terms are weighed by IDF; one
multi-search asks for the ten most telling terms as opaque ids (dropping the least telling
first) and for the rarest of them alone; the union is re-ranked. A text without a term the
collection knows matches nothing, and Meilisearch is not asked.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements.service import get_achievement
from techmarket.core.principal import Principal
from techmarket.demands.service import get_demand
from techmarket.matching.schemas import Match, MatchAnswer, MatchReasons
from techmarket.search import corpus
from techmarket.search.documents import MODELS, PUBLIC_STATUSES
from techmarket.search.engine import SearchReader
from techmarket.search.indexes import Indexes, SearchType
from techmarket.search.terms import term_counts, term_id

KEY_TERMS = 10  # Meilisearch reads no more query words than this
# Key terms alone are queries of their own: `last` keeps the first word mandatory, so without
# them a document lacking the most telling term could never be found. Meilisearch's cost grows
# with the documents holding the word: the rarest go first, within a budget of documents (so a
# small corpus gets all ten, a large one its rare terms only).
SINGLE_TERM_QUERIES = 10
SINGLE_TERM_DOCUMENT_BUDGET = 300
QUERY_TERMS = 64  # a long text is weighed by its most telling terms only
CANDIDATES_BY_KEY_TERMS, CANDIDATES_BY_SINGLE_TERM = 200, 30
SAME_FIELD_BONUS = 1.15
REASON_TERMS = 6


@dataclass(frozen=True)
class _Query:
    terms: list[str]  # most telling first
    weights: corpus.TermWeights


async def _weigh(session: AsyncSession, kind: SearchType, text: str) -> _Query:
    counts = term_counts(text)
    weights = await corpus.term_weights(session, kind=kind.value, terms=counts)
    known = [t for t in counts if t in weights.document_counts]
    known.sort(key=lambda t: (-counts[t] * weights.idf(t), t))
    return _Query(terms=known[:QUERY_TERMS], weights=weights)


def _searches(index_uid: str, query: _Query) -> list[dict[str, Any]]:
    def params(q: str, limit: int) -> dict[str, Any]:
        return {
            "indexUid": index_uid,
            "q": q,
            "limit": limit,
            "matchingStrategy": "last",
            "attributesToRetrieve": ["id"],
        }

    key = query.terms[:KEY_TERMS]
    held, budget, rare = query.weights.document_counts, SINGLE_TERM_DOCUMENT_BUDGET, []
    for term in sorted(key, key=lambda t: (held[t], t))[:SINGLE_TERM_QUERIES]:
        if held[term] > budget:
            break
        budget -= held[term]
        rare.append(term)
    if not key:
        return []
    searches = [params(" ".join(term_id(t) for t in key), CANDIDATES_BY_KEY_TERMS)]
    return searches + [params(term_id(t), CANDIDATES_BY_SINGLE_TERM) for t in rare]


def _reasons(scored: dict[str, float]) -> list[str]:
    """The terms that scored most, without those a longer shown term contains (合金 in 镁合金)."""
    shown: list[str] = []
    for term in sorted(scored, key=lambda t: (-scored[t], t)):
        if not any(term in longer for longer in shown):
            shown = [s for s in shown if s not in term] + [term]
        if len(shown) == REASON_TERMS:
            break
    return shown


async def rank(
    *,
    session: AsyncSession,
    reader: SearchReader,
    indexes: Indexes,
    kind: SearchType,
    text: str,
    field: str | None,
    limit: int,
) -> MatchAnswer:
    """The public entries of ``kind`` that best answer ``text``, best first, with reasons."""
    started = time.perf_counter()
    query = await _weigh(session, kind, text)
    searches = _searches(indexes.terms_uid(kind), query)
    candidates = set()
    if searches:
        results = await reader.multi_search(searches)
        candidates = {uuid.UUID(hit["id"]) for result in results for hit in result["hits"]}
    matches = []
    if candidates:
        matches = await _best(session, kind, query, candidates, field, limit)
    return MatchAnswer(matches=matches, took_ms=round(1000 * (time.perf_counter() - started)))


async def _best(
    session: AsyncSession,
    kind: SearchType,
    query: _Query,
    candidates: set[uuid.UUID],
    field: str | None,
    limit: int,
) -> list[Match]:
    """The candidates PostgreSQL ranks best, in one round trip: BM25 over the stored counts,
    the same-field bonus, and only entries still public (one may be withdrawn since indexed)."""
    model = MODELS[kind]
    scored = corpus.bm25_scores(
        kind=kind.value, weights=query.weights, terms=query.terms, entry_ids=candidates
    )
    same_field = model.field == field if field is not None else literal(False)
    score = scored.c.score * case((same_field, SAME_FIELD_BONUS), else_=1.0)
    maturity = model.maturity if kind is SearchType.ACHIEVEMENT else literal(None)
    rows = await session.execute(
        select(
            model.id,
            model.title,
            model.field,
            model.region,
            model.status,
            maturity.label("maturity"),
            same_field.label("same_field"),
            score.label("score"),
            scored.c.term_scores,
        )
        .join(scored, scored.c.entry_id == model.id)
        .where(model.status.in_(PUBLIC_STATUSES[kind]))
        .order_by(score.desc(), model.id)
        .limit(limit)
    )
    return [
        Match(
            type=kind,
            id=row.id,
            title=row.title,
            field=row.field,
            region=row.region,
            status=str(row.status),
            score=round(row.score, 4),
            reasons=MatchReasons(
                shared_terms=_reasons(row.term_scores),
                same_field=bool(row.same_field),
                maturity=row.maturity,
            ),
        )
        for row in rows
    ]


def entry_text(title: str, summary: str | None, keywords: list[str]) -> str:
    return " ".join([title, summary or "", *keywords])


async def achievements_for_demand(
    *,
    session: AsyncSession,
    reader: SearchReader,
    indexes: Indexes,
    principal: Principal,
    demand_id: uuid.UUID,
    limit: int,
) -> MatchAnswer:
    demand = await get_demand(session=session, principal=principal, demand_id=demand_id)
    return await rank(
        session=session,
        reader=reader,
        indexes=indexes,
        kind=SearchType.ACHIEVEMENT,
        text=entry_text(demand.title, demand.description, demand.keywords),
        field=demand.field,
        limit=limit,
    )


async def demands_for_achievement(
    *,
    session: AsyncSession,
    reader: SearchReader,
    indexes: Indexes,
    principal: Principal,
    achievement_id: uuid.UUID,
    limit: int,
) -> MatchAnswer:
    achievement = await get_achievement(
        session=session, principal=principal, achievement_id=achievement_id
    )
    return await rank(
        session=session,
        reader=reader,
        indexes=indexes,
        kind=SearchType.DEMAND,
        text=entry_text(achievement.title, achievement.abstract, achievement.keywords),
        field=achievement.field,
        limit=limit,
    )
