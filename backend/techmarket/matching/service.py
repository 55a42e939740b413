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
from collections import Counter
from dataclasses import dataclass
from typing import Any, cast

from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.errors import MeilisearchError
from meilisearch_python_sdk.models.search import SearchParams, SearchResultsWithUID
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements.service import get_achievement
from techmarket.core.principal import Principal
from techmarket.demands.service import get_demand
from techmarket.matching.schemas import Match, MatchAnswer, MatchReasons
from techmarket.search import corpus
from techmarket.search.documents import MODELS, is_public
from techmarket.search.indexes import Indexes, SearchType
from techmarket.search.service import SearchUnavailable
from techmarket.search.terms import term_counts, term_id

K1, B = 1.5, 0.75  # BM25's usual constants; the measured grid was flat around them
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
RETRIEVE = ["id", "field"]  # the rest is read for the few entries shown


@dataclass(frozen=True)
class _Query:
    terms: list[str]  # most telling first
    counts: Counter[str]
    weights: corpus.TermWeights


async def _weigh(session: AsyncSession, kind: SearchType, text: str) -> _Query:
    counts = term_counts(text)
    weights = await corpus.term_weights(session, kind=kind.value, terms=counts)
    known = [t for t in counts if t in weights.document_counts]
    known.sort(key=lambda t: (-counts[t] * weights.idf(t), t))
    return _Query(terms=known[:QUERY_TERMS], counts=counts, weights=weights)


def _searches(index_uid: str, query: _Query) -> list[SearchParams]:
    def params(q: str, limit: int) -> SearchParams:
        return SearchParams(
            index_uid=index_uid,
            query=q,
            limit=limit,
            matching_strategy="last",
            attributes_to_search_on=["term_ids"],
            attributes_to_retrieve=RETRIEVE,
        )

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
    client: AsyncClient,
    indexes: Indexes,
    kind: SearchType,
    text: str,
    field: str | None,
    limit: int,
) -> MatchAnswer:
    """The public entries of ``kind`` that best answer ``text``, best first, with reasons."""
    started = time.perf_counter()
    query = await _weigh(session, kind, text)
    searches = _searches(indexes.uid(kind), query)
    if not searches:
        return MatchAnswer(matches=[], took_ms=round(1000 * (time.perf_counter() - started)))
    try:
        results = cast(list[SearchResultsWithUID[Any]], await client.multi_search(searches))
    except (MeilisearchError, OSError) as error:
        raise SearchUnavailable() from error
    fields = {uuid.UUID(hit["id"]): hit["field"] for result in results for hit in result.hits}
    held = await corpus.document_terms(
        session, kind=kind.value, entry_ids=fields, terms=query.terms
    )
    weights = query.weights
    ranked = []
    for entry_id, document in held.items():
        norm = K1 * (1 - B + B * document.length / weights.average_length)
        scored = {
            term: weights.idf(term) * count * (K1 + 1) / (count + norm)
            for term, count in document.counts.items()
        }
        same_field = field is not None and fields[entry_id] == field
        score = sum(scored.values()) * (SAME_FIELD_BONUS if same_field else 1.0)
        ranked.append((-score, str(entry_id), entry_id, scored, same_field))
    ranked.sort()
    best = ranked[:limit]
    entries = await _entries(session, kind, [entry_id for *_, entry_id, _, _ in best])
    matches = [
        Match(
            type=kind,
            id=entry_id,
            title=entries[entry_id].title,
            field=entries[entry_id].field,
            region=entries[entry_id].region,
            status=str(entries[entry_id].status),
            score=round(-negative_score, 4),
            reasons=MatchReasons(
                shared_terms=_reasons(scored),
                same_field=same_field,
                maturity=getattr(entries[entry_id], "maturity", None),
            ),
        )
        for negative_score, _, entry_id, scored, same_field in best
        if entry_id in entries and is_public(kind, entries[entry_id])  # withdrawn since indexed
    ]
    return MatchAnswer(matches=matches, took_ms=round(1000 * (time.perf_counter() - started)))


async def _entries(
    session: AsyncSession, kind: SearchType, ids: list[uuid.UUID]
) -> dict[uuid.UUID, Any]:
    """What a match shows of each entry: from PostgreSQL, for the few shown only."""
    model = MODELS[kind]
    columns = [model.id, model.title, model.field, model.region, model.status]
    if kind is SearchType.ACHIEVEMENT:
        columns.append(model.maturity)
    rows = await session.execute(select(*columns).where(model.id.in_(ids)))
    return {row.id: row for row in rows}


def _text(title: str, summary: str | None, keywords: list[str]) -> str:
    return " ".join([title, summary or "", *keywords])


async def achievements_for_demand(
    *,
    session: AsyncSession,
    client: AsyncClient,
    indexes: Indexes,
    principal: Principal,
    demand_id: uuid.UUID,
    limit: int,
) -> MatchAnswer:
    demand = await get_demand(session=session, principal=principal, demand_id=demand_id)
    return await rank(
        session=session,
        client=client,
        indexes=indexes,
        kind=SearchType.ACHIEVEMENT,
        text=_text(demand.title, demand.description, demand.keywords),
        field=demand.field,
        limit=limit,
    )


async def demands_for_achievement(
    *,
    session: AsyncSession,
    client: AsyncClient,
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
        client=client,
        indexes=indexes,
        kind=SearchType.DEMAND,
        text=_text(achievement.title, achievement.abstract, achievement.keywords),
        field=achievement.field,
        limit=limit,
    )
