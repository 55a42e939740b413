"""The search indexes: one per collection, their settings in code, applied idempotently.

Meilisearch keeps 镁合金 as one word, so a search for 合金 would miss it; every document also
carries ``tokens``, the jieba search-mode segmentation of its text, which holds 合金 as a word.

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
class Indexes:
    """Index names: a prefix lets tests, and several platforms, share one Meilisearch."""

    prefix: str = ""

    def uid(self, kind: SearchType) -> str:
        return f"{self.prefix}{kind.value}s"

    def terms_uid(self, kind: SearchType) -> str:
        return f"{self.prefix}{kind.value}s_terms"

    def all_uids(self) -> list[str]:
        return [uid for kind in SearchType for uid in (self.uid(kind), self.terms_uid(kind))]

    async def ensure(self, client: AsyncClient, vocabulary: Vocabulary) -> None:
        """Create the indexes and apply their settings; applying unchanged settings is a no-op."""
        for kind in SearchType:
            for uid, settings in (
                (self.uid(kind), index_settings(vocabulary)),
                (self.terms_uid(kind), terms_index_settings()),
            ):
                index = await client.get_or_create_index(uid, primary_key="id")
                task = await index.update_settings(settings)
                result = await wait_for_task(client, task.task_uid, timeout_ms=TASK_TIMEOUT_MS)
                if result.status != "succeeded":
                    raise RuntimeError(f"settings of {uid}: {result.error}")
