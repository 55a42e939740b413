from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from techmarket.search.indexes import SearchType


class SearchHit(BaseModel):
    type: SearchType
    id: str
    title: str = Field(description="Safe HTML: only <em> marks the matched words.")
    snippet: str = Field(description="Safe HTML: only <em> marks the matched words.")
    field: str
    region: str
    status: str
    score: float | None = Field(
        description="Meilisearch's ranking score, 0..1; null when browsing."
    )


class SearchAnswer(BaseModel):
    hits: list[SearchHit]
    total: int = Field(
        description="Number of matching entries; hits can be paged through the first 1,000."
    )
    facets: dict[str, dict[str, int]] = Field(
        description="Counts per value of type, field, region, status, maturity."
    )
    took_ms: int


class IndexState(BaseModel):
    uid: str
    documents: int
    indexing: bool


class SearchStatus(BaseModel):
    available: bool
    pending_events: int = Field(description="Changes waiting in the outbox for the indexer.")
    oldest_pending_at: datetime | None
    failing_events: int = Field(description="Pending changes that failed at least once.")
    last_error: str | None
    last_success_at: datetime | None = Field(
        description="When Meilisearch last finished a task of ours."
    )
    indexes: list[IndexState]
