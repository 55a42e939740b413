"""The search vocabulary admins edit: synonyms, the dictionary of terms kept whole, stop words.

It lives in PostgreSQL; a change is an outbox event, and the indexer then applies the settings
to every index, so that an edit reaches Meilisearch even if it was down at the time.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import Integer, String, UniqueConstraint, delete, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.core import audit, outbox
from techmarket.core.principal import Principal
from techmarket.db import Base, str_enum, transactional


class VocabularyKind(StrEnum):
    SYNONYM = "synonym"
    DICTIONARY = "dictionary"
    STOP_WORD = "stop_word"


class VocabularyTerm(Base):
    __tablename__ = "search_vocabulary"
    __table_args__ = (UniqueConstraint("kind", "term"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[VocabularyKind] = mapped_column(str_enum(VocabularyKind, "vocabulary_kind"))
    term: Mapped[str] = mapped_column(String(100))
    equivalents: Mapped[list[str]] = mapped_column(ARRAY(String(100)), default=list)


Term = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class Vocabulary(BaseModel):
    synonyms: dict[Term, list[Term]] = Field(
        default_factory=dict,
        description="A term and what it also finds, e.g. 新能源车 → 新能源汽车.",
    )
    dictionary: list[Term] = Field(
        default_factory=list, max_length=2000, description="Terms Meilisearch must keep whole."
    )
    stop_words: list[Term] = Field(default_factory=list, max_length=500)


async def load(session: AsyncSession) -> Vocabulary:
    rows = list(await session.scalars(select(VocabularyTerm).order_by(VocabularyTerm.id)))
    return Vocabulary(
        synonyms={r.term: list(r.equivalents) for r in rows if r.kind is VocabularyKind.SYNONYM},
        dictionary=[r.term for r in rows if r.kind is VocabularyKind.DICTIONARY],
        stop_words=[r.term for r in rows if r.kind is VocabularyKind.STOP_WORD],
    )


SETTINGS_EVENT = {"entity_type": "settings", "id": "vocabulary", "action": "update"}


@transactional
async def replace(
    *, session: AsyncSession, principal: Principal, vocabulary: Vocabulary
) -> Vocabulary:
    """Replace the whole vocabulary and have the indexer apply it."""
    before = await load(session)
    await session.execute(delete(VocabularyTerm))
    for term, equivalents in vocabulary.synonyms.items():
        session.add(VocabularyTerm(kind=VocabularyKind.SYNONYM, term=term, equivalents=equivalents))
    for kind, terms in (
        (VocabularyKind.DICTIONARY, vocabulary.dictionary),
        (VocabularyKind.STOP_WORD, vocabulary.stop_words),
    ):
        for term in dict.fromkeys(terms):
            session.add(VocabularyTerm(kind=kind, term=term, equivalents=[]))
    outbox.enqueue(session, topic="search", payload=SETTINGS_EVENT)
    audit.record(
        session,
        principal=principal,
        action="search.vocabulary_update",
        entity_type="search",
        before=before.model_dump(),
        after=vocabulary.model_dump(),
    )
    return vocabulary
