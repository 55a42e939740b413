"""Matching 供需匹配: achievements for a demand, demands for an achievement, each with reasons."""

from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import BaseModel, Field

from techmarket.search.indexes import SearchType


class MatchRequest(BaseModel):
    text: str = Field(
        min_length=2,
        max_length=5000,
        description="A need in free text (title, description, keywords): what must be solved.",
    )
    field: str | None = Field(
        default=None, max_length=50, description="Its technical field, if known: a reason."
    )
    limit: int = Field(default=10, ge=1, le=50)


class MatchReasons(BaseModel):
    shared_terms: list[str] = Field(
        description="The query's terms the entry also holds, the most telling first."
    )
    same_field: bool = Field(description="The entry is in the field asked for.")
    maturity: str | None = Field(
        default=None, description="The achievement's maturity 成熟度, if it has one."
    )


class Match(BaseModel):
    type: SearchType
    id: uuid.UUID
    title: str
    field: str
    region: str
    status: str
    score: float = Field(description="Relevance, comparable within one answer: higher is better.")
    reasons: MatchReasons


class MatchAnswer(BaseModel):
    matches: list[Match]
    took_ms: int


class OwnKind(StrEnum):
    """The kind of one's own entries: a demand is matched with achievements, and back."""

    DEMAND = "demand"
    ACHIEVEMENT = "achievement"


class EntryMatches(BaseModel):
    id: uuid.UUID = Field(description="One's own demand or achievement.")
    count: int = Field(description="How many matches, up to the limit asked.")
    more: bool = Field(description="There are more than the limit.")
    best: Match | None = Field(description="The best match, with its reasons; null if none.")


class MineAnswer(BaseModel):
    items: list[EntryMatches] = Field(
        description="In the order asked, for those of the caller's organisation's entries that "
        "are on the market (published; a demand also in progress); others are left out."
    )
    took_ms: int
