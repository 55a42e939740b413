"""The statistics of the indexed corpus that Meilisearch does not give: how many documents hold
each term, how often each document holds it, and the documents' lengths (for BM25).

They change exactly when the index changes: the indexer records them after each Meilisearch
task succeeds, so matching weighs the same documents that search returns. Updates from
concurrent workers are serialised per collection with a transaction-level advisory lock.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    Uuid,
    any_,
    bindparam,
    delete,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.db import Base

CHUNK = 4_000  # rows per statement: asyncpg takes at most 32,767 parameters


class CorpusDocument(Base):
    __tablename__ = "corpus_document"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    entry_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    length: Mapped[int] = mapped_column(Integer)
    term_counts: Mapped[dict[str, int]] = mapped_column(JSONB)


class CorpusTerm(Base):
    __tablename__ = "corpus_term"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    term: Mapped[str] = mapped_column(String(100), primary_key=True)
    document_count: Mapped[int] = mapped_column(Integer)


class CorpusSize(Base):
    __tablename__ = "corpus_size"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer)
    total_length: Mapped[int] = mapped_column(BigInteger)


async def _lock(session: AsyncSession, kind: str) -> None:
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtext('corpus:' || :kind))"), {"kind": kind}
    )


def _chunks(rows: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


async def record(
    session: AsyncSession,
    *,
    kind: str,
    present: Mapping[uuid.UUID, Counter[str]],
    absent: Iterable[uuid.UUID] = (),
) -> None:
    """Make the statistics hold ``present`` documents as given and none of ``absent``.

    Idempotent: recording the same state twice changes nothing, so a retried event is harmless.
    """
    await _lock(session, kind)
    ids = set(present) | set(absent)
    before = {
        row.entry_id: row
        for row in await session.scalars(
            select(CorpusDocument).where(
                CorpusDocument.kind == kind, CorpusDocument.entry_id.in_(ids)
            )
        )
    }
    document_delta: Counter[str] = Counter()
    documents, length = 0, 0
    for entry_id in ids:
        if (old := before.get(entry_id)) is not None:
            document_delta.subtract(old.term_counts.keys())
            documents, length = documents - 1, length - old.length
        if (new := present.get(entry_id)) is not None:
            document_delta.update(new.keys())
            documents, length = documents + 1, length + new.total()
    gone = [i for i in ids if i not in present and i in before]
    if gone:
        await session.execute(
            delete(CorpusDocument).where(
                CorpusDocument.kind == kind, CorpusDocument.entry_id.in_(gone)
            )
        )
    rows = [
        {"kind": kind, "entry_id": i, "length": c.total(), "term_counts": dict(c)}
        for i, c in present.items()
    ]
    for chunk in _chunks(rows):
        statement = insert(CorpusDocument).values(chunk)
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["kind", "entry_id"],
                set_={
                    "length": statement.excluded.length,
                    "term_counts": statement.excluded.term_counts,
                },
            )
        )
    changes = [
        {"kind": kind, "term": t, "document_count": d}
        for t, d in sorted(document_delta.items())
        if d
    ]
    for chunk in _chunks(changes):
        statement = insert(CorpusTerm).values(chunk)
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["kind", "term"],
                set_={
                    "document_count": CorpusTerm.document_count + statement.excluded.document_count
                },
            )
        )
    if fewer := [term for term, d in document_delta.items() if d < 0]:
        # Only the terms that lost documents can have reached zero: no scan of the whole kind.
        await session.execute(
            delete(CorpusTerm).where(
                CorpusTerm.kind == kind,
                CorpusTerm.term == any_(bindparam("fewer", fewer, type_=ARRAY(String))),
                CorpusTerm.document_count <= 0,
            )
        )
    if documents or length:
        statement = insert(CorpusSize).values(kind=kind, documents=documents, total_length=length)
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["kind"],
                set_={
                    "documents": CorpusSize.documents + documents,
                    "total_length": CorpusSize.total_length + length,
                },
            )
        )


async def clear(session: AsyncSession, *, kind: str) -> None:
    """Forget a collection's statistics (a reindex records them anew)."""
    await _lock(session, kind)
    for model in (CorpusDocument, CorpusTerm, CorpusSize):
        await session.execute(delete(model).where(model.kind == kind))


@dataclass(frozen=True)
class TermWeights:
    """What the query's terms are worth in one collection: BM25's IDF and the average length."""

    documents: int
    average_length: float
    document_counts: dict[str, int]

    def idf(self, term: str) -> float:
        held = self.document_counts.get(term, 0)
        return math.log(1 + (self.documents - held + 0.5) / (held + 0.5))


async def term_weights(session: AsyncSession, *, kind: str, terms: Iterable[str]) -> TermWeights:
    size = await session.get(CorpusSize, kind)
    counts = dict(
        (
            await session.execute(
                select(CorpusTerm.term, CorpusTerm.document_count).where(
                    CorpusTerm.kind == kind, CorpusTerm.term.in_(set(terms))
                )
            )
        ).all()
    )
    documents = size.documents if size else 0
    average = size.total_length / documents if size and documents else 1.0
    return TermWeights(documents=documents, average_length=average, document_counts=counts)


@dataclass(frozen=True)
class DocumentTerms:
    length: int
    counts: dict[str, int]  # only the query's terms that the document holds


async def document_terms(
    session: AsyncSession, *, kind: str, entry_ids: Iterable[uuid.UUID], terms: Iterable[str]
) -> dict[uuid.UUID, DocumentTerms]:
    """The query terms each candidate holds, and how often: PostgreSQL sends only those pairs."""
    wanted = bindparam("terms", sorted(set(terms)), type_=ARRAY(String))
    term = func.unnest(wanted).table_valued("term").render_derived()
    rows = await session.execute(
        select(
            CorpusDocument.entry_id,
            CorpusDocument.length,
            term.c.term,
            CorpusDocument.term_counts[term.c.term].astext.cast(Integer),
        )
        .select_from(CorpusDocument)
        .join(term, CorpusDocument.term_counts.has_key(term.c.term))
        .where(CorpusDocument.kind == kind, CorpusDocument.entry_id.in_(set(entry_ids)))
    )
    found: dict[uuid.UUID, DocumentTerms] = {}
    for entry_id, length, name, count in rows:
        found.setdefault(entry_id, DocumentTerms(length=length, counts={})).counts[name] = count
    return found
