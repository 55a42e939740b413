"""Search across the public entries of the three databases."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from techmarket.core.deps import Admin, Anyone, IndexesDep, SearchClientDep, SearchReaderDep
from techmarket.core.errors import problem_responses
from techmarket.db import SessionDep
from techmarket.search import service, vocabulary
from techmarket.search.indexes import SearchType
from techmarket.search.schemas import SearchAnswer, SearchStatus
from techmarket.search.similar import SimilarEntry, similar_entries
from techmarket.search.vocabulary import Vocabulary

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchAnswer, responses=problem_responses(503))
async def search(
    reader: SearchReaderDep,
    indexes: IndexesDep,
    _: Anyone,
    q: Annotated[str, Query(max_length=500, description="Words to find; empty browses.")] = "",
    types: Annotated[
        str, Query(description="Comma-separated: demand,achievement,project,challenge.")
    ] = "demand,achievement,project,challenge",
    field: Annotated[str | None, Query(max_length=50)] = None,
    region: Annotated[str | None, Query(max_length=50)] = None,
    status: Annotated[str | None, Query(max_length=30)] = None,
    maturity: Annotated[str | None, Query(max_length=50)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> SearchAnswer:
    """Published entries of the chosen collections, best first (newest first when browsing),
    with highlighted snippets and facet counts."""
    kinds = [
        SearchType(t.strip())
        for t in types.split(",")
        if t.strip() in SearchType._value2member_map_
    ]
    query = service.SearchQuery(
        q=q,
        types=kinds or list(SearchType),
        field=field,
        region=region,
        status=status,
        maturity=maturity,
        limit=limit,
        offset=offset,
    )
    return await service.search(reader=reader, indexes=indexes, query=query)


@router.get("/admin/search/status", response_model=SearchStatus)
async def read_search_status(
    client: SearchClientDep,
    indexes: IndexesDep,
    session: SessionDep,
    _: Admin,
) -> SearchStatus:
    """Pending index changes in the outbox, the last success, and each index's size."""
    return await service.status(session=session, client=client, indexes=indexes)


@router.get("/similar", response_model=list[SimilarEntry])
async def find_similar_entries(
    session: SessionDep,
    principal: Anyone,
    title: Annotated[
        str, Query(min_length=2, max_length=200, description="The title being written.")
    ],
    exclude: Annotated[uuid.UUID | None, Query(description="The entry itself, if saved.")] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[SimilarEntry]:
    """Entries with a similar title across demands, achievements and projects, best first: shown
    while an entry is written or reviewed, so that the same thing is not listed twice."""
    return await similar_entries(
        session=session, principal=principal, title=title, exclude=exclude, limit=limit
    )


@router.get("/admin/search/vocabulary", response_model=Vocabulary)
async def read_search_vocabulary(session: SessionDep, _: Admin) -> Vocabulary:
    """Synonyms, the dictionary of terms kept whole, and stop words."""
    return await vocabulary.load(session)


@router.put("/admin/search/vocabulary", response_model=Vocabulary)
async def replace_search_vocabulary(
    data: Vocabulary, session: SessionDep, principal: Admin
) -> Vocabulary:
    """Replace the vocabulary; the indexer applies it to every index (through the outbox)."""
    return await vocabulary.replace(session=session, principal=principal, vocabulary=data)
