"""The search indexes, their settings in code, applied idempotently.

Search has one index for the four collections (``search_uid``, decision 0011): a search across
them is one Meilisearch query, ranked and paged as one list, and ``type`` is a filter and a
facet like the others. Meilisearch keeps 镁合金 as one word, so a search for 合金 would miss
it; every document also carries ``tokens``, the jieba search-mode segmentation of its text,
which holds 合金 as a word.

Matching has an index of its own per collection (``terms_uid``): each entry's terms as opaque
words (``term_ids``, ``search/terms.py``), ranked by shared words only, without typos, prefixes
or word proximity. In the search index those hundred hash words per document cost a third of
Meilisearch's indexing time (proximity pairs, prefixes) and slowed every matching query with
ranking rules it does not need (decision 0010).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.models.settings import (
    LocalizedAttributes,
    MeilisearchSettings,
    TypoTolerance,
)

from techmarket.search.engine import wait_for_task
from techmarket.search.vocabulary import Vocabulary

log = logging.getLogger(__name__)
TASK_TIMEOUT_MS = 60_000


class SearchType(StrEnum):
    DEMAND = "demand"
    ACHIEVEMENT = "achievement"
    PROJECT = "project"
    CHALLENGE = "challenge"  # 揭榜挂帅


FILTERABLE = [
    "type",
    "field",
    "region",
    "status",
    "organization_id",
    "demand_type",
    "maturity",
    "transfer_modes",
    "kind",
]
FACETS = ["type", "field", "region", "status", "maturity"]


def index_settings(vocabulary: Vocabulary) -> MeilisearchSettings:
    return MeilisearchSettings(
        searchable_attributes=["title", "keywords", "summary", "tokens"],
        filterable_attributes=list(FILTERABLE),
        sortable_attributes=["published_at"],
        displayed_attributes=["*"],
        localized_attributes=[
            LocalizedAttributes(
                attribute_patterns=["title", "summary", "keywords"], locales=["cmn"]
            )
        ],
        # Chinese words are never typo-corrected; jieba's tokens are exact words by design.
        typo_tolerance=TypoTolerance(enabled=True, disable_on_attributes=["tokens"]),
        dictionary=list(vocabulary.dictionary),
        synonyms=dict(vocabulary.synonyms),
        stop_words=list(vocabulary.stop_words),
    )


def terms_index_settings() -> MeilisearchSettings:
    """Candidates for matching: how many of the query's terms a document holds, nothing else."""
    return MeilisearchSettings(
        searchable_attributes=["term_ids"],
        filterable_attributes=[],
        sortable_attributes=[],
        displayed_attributes=["id"],
        ranking_rules=["words"],
        typo_tolerance=TypoTolerance(enabled=False),
        prefix_search="disabled",
        proximity_precision="byAttribute",
        facet_search=False,
        stop_words=[],
        synonyms={},
    )


@dataclass(frozen=True)
class IndexSpec:
    uid: str
    primary_key: str
    settings: MeilisearchSettings


@dataclass(frozen=True)
class Indexes:
    """Index names: a prefix lets tests, and several platforms, share one Meilisearch."""

    prefix: str = ""

    @property
    def search_uid(self) -> str:
        return f"{self.prefix}entries"

    def terms_uid(self, kind: SearchType) -> str:
        return f"{self.prefix}{kind.value}s_terms"

    def all_uids(self) -> list[str]:
        return [self.search_uid, *(self.terms_uid(kind) for kind in SearchType)]

    def specs(self, vocabulary: Vocabulary) -> list[IndexSpec]:
        """Every index with its primary key and settings."""
        return [
            IndexSpec(self.search_uid, "key", index_settings(vocabulary)),
            *(IndexSpec(self.terms_uid(kind), "id", terms_index_settings()) for kind in SearchType),
        ]

    async def ensure(self, client: AsyncClient, vocabulary: Vocabulary) -> None:
        """Create the indexes and apply their settings; applying unchanged settings is a no-op.
        The search indexes of one collection each (before decision 0011) are deleted."""
        for spec in self.specs(vocabulary):
            index = await client.get_or_create_index(spec.uid, primary_key=spec.primary_key)
            task = await index.update_settings(spec.settings)
            result = await wait_for_task(client, task.task_uid, timeout_ms=TASK_TIMEOUT_MS)
            if result.status != "succeeded":
                raise RuntimeError(f"settings of {spec.uid}: {result.error}")
        for kind in SearchType:
            legacy = f"{self.prefix}{kind.value}s"
            if await client.get_raw_index(legacy) is not None:
                task = await client.index(legacy).delete()
                await wait_for_task(client, task.task_uid, timeout_ms=TASK_TIMEOUT_MS)
