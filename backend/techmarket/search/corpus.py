"""The statistics of the indexed corpus that Meilisearch does not give: how many documents hold
each term, how often each document holds it, and the documents' lengths (for BM25).

They change with the index: the indexer records them as it sends each Meilisearch task, under
the same lock (``lock``), so matching weighs the documents that search returns and concurrent
workers apply changes in one order.
"""

from __future__ import annotations

import json
import math
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Float,
    Integer,
    String,
    Subquery,
    Text,
    Uuid,
    any_,
    bindparam,
    column,
    delete,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.db import Base


class CorpusDocument(Base):
    """One indexed entry's term counts. The table keeps rows up to 8 kB uncompressed
    (``toast_tuple_target``, migration 0020): matching reads a few terms of ~200 rows, and a
    compressed value is decompressed again for each term read."""

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


_UPSERT_DOCUMENTS = text(
    """
    INSERT INTO corpus_document (kind, entry_id, length, term_counts)
    SELECT :kind, entry_id, length, term_counts::jsonb
    FROM unnest(:ids, :lengths, :counts) AS rows (entry_id, length, term_counts)
    ON CONFLICT (kind, entry_id)
    DO UPDATE SET length = excluded.length, term_counts = excluded.term_counts
    """
).bindparams(
    bindparam("ids", type_=ARRAY(Uuid)),
    bindparam("lengths", type_=ARRAY(Integer)),
    bindparam("counts", type_=ARRAY(Text)),
)
_UPSERT_TERMS = text(
    """
    INSERT INTO corpus_term (kind, term, document_count)
    SELECT :kind, term, delta FROM unnest(:terms, :deltas) AS rows (term, delta)
    ON CONFLICT (kind, term)
    DO UPDATE SET document_count = corpus_term.document_count + excluded.document_count
    """
).bindparams(bindparam("terms", type_=ARRAY(String)), bindparam("deltas", type_=ARRAY(Integer)))


async def lock(session: AsyncSession, *, kind: str) -> None:
    """Serialise writers of one collection's index and statistics until the transaction ends."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtext('corpus:' || :kind))"), {"kind": kind}
    )


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
    await lock(session, kind=kind)
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
    # One statement per table whatever the batch, its rows as arrays: an ORM executemany of
    # the ~30,000 term rows of a 1,000-entry batch took a quarter of the indexer's CPU, and
    # as many statements of PostgreSQL's.
    if present:
        await session.execute(
            _UPSERT_DOCUMENTS,
            {
                "kind": kind,
                "ids": list(present),
                "lengths": [c.total() for c in present.values()],
                "counts": [json.dumps(c, ensure_ascii=False) for c in present.values()],
            },
        )
    if changes := sorted((t, d) for t, d in document_delta.items() if d):
        await session.execute(
            _UPSERT_TERMS,
            {"kind": kind, "terms": [t for t, _ in changes], "deltas": [d for _, d in changes]},
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
    await lock(session, kind=kind)
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
    """The collection's size and each known term's document count, in one round trip."""
    wanted = bindparam("terms", sorted(set(terms)), type_=ARRAY(String))
    rows = (
        await session.execute(
            select(
                CorpusSize.documents,
                CorpusSize.total_length,
                CorpusTerm.term,
                CorpusTerm.document_count,
            )
            .select_from(CorpusSize)
            .outerjoin(
                CorpusTerm,
                (CorpusTerm.kind == CorpusSize.kind) & (CorpusTerm.term == any_(wanted)),
            )
            .where(CorpusSize.kind == kind)
        )
    ).all()
    if not rows or not rows[0].documents:
        return TermWeights(documents=0, average_length=1.0, document_counts={})
    return TermWeights(
        documents=rows[0].documents,
        average_length=rows[0].total_length / rows[0].documents,
        document_counts={row.term: row.document_count for row in rows if row.term is not None},
    )


K1, B = 1.5, 0.75  # BM25's usual constants; the measured grid was flat around them

_BM25 = text(
    """
    SELECT d.entry_id,
           sum(part.score) AS score,
           jsonb_object_agg(part.term, part.score) AS term_scores
    FROM corpus_document AS d
    CROSS JOIN LATERAL (
        SELECT q.term,
               q.idf * n.count * (:k1 + 1)
                 / (n.count + :k1 * (1 - :b + :b * d.length / :average_length)) AS score
        FROM unnest(:terms, :idfs) AS q(term, idf)
        CROSS JOIN LATERAL (SELECT (d.term_counts ->> q.term)::int AS count) AS n
        WHERE n.count IS NOT NULL
    ) AS part
    WHERE d.kind = :kind AND d.entry_id = ANY(:entry_ids)
    GROUP BY d.entry_id
    """
).bindparams(
    bindparam("terms", type_=ARRAY(String)),
    bindparam("idfs", type_=ARRAY(Float)),
    bindparam("entry_ids", type_=ARRAY(Uuid)),
)


def bm25_scores(
    *, kind: str, weights: TermWeights, terms: Iterable[str], entry_ids: Iterable[uuid.UUID]
) -> Subquery:
    """BM25 of each candidate for the query ``terms``, with what each term contributed
    (``entry_id``, ``score``, ``term_scores``): computed where the counts are, so PostgreSQL
    sends one row per candidate rather than one per (candidate, term)."""
    wanted = sorted(set(terms))
    return (
        _BM25.bindparams(
            kind=kind,
            terms=wanted,
            idfs=[weights.idf(t) for t in wanted],
            entry_ids=list(set(entry_ids)),
            k1=K1,
            b=B,
            average_length=weights.average_length,
        )
        .columns(column("entry_id", Uuid), column("score", Float), column("term_scores", JSONB))
        .subquery("bm25")
    )
