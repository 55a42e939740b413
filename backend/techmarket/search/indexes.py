"""The search indexes: one per collection, their settings in code, applied idempotently.

Meilisearch keeps 镁合金 as one word, so a search for 合金 would miss it; every document also
carries ``tokens``, the jieba search-mode segmentation of its text, which holds 合金 as a word,
and ``term_ids``, the same terms as opaque words for matching (``search/terms.py``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.models.settings import (
    LocalizedAttributes,
    MeilisearchSettings,
    MinWordSizeForTypos,
    TypoTolerance,
)

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
        searchable_attributes=["title", "keywords", "summary", "tokens", "term_ids"],
        filterable_attributes=list(FILTERABLE),
        sortable_attributes=["published_at"],
        displayed_attributes=["*"],
        localized_attributes=[
            LocalizedAttributes(
                attribute_patterns=["title", "summary", "keywords"], locales=["cmn"]
            )
        ],
        typo_tolerance=TypoTolerance(
            enabled=True,
            disable_on_attributes=["tokens", "term_ids"],
            # Chinese words are never typo-corrected; Latin words of 11 letters and more are. The
            # ten-letter term ids stay below: Meilisearch computed two-typo derivations for each
            # of them per query even on an attribute without typos (3 ms a word, measured).
            min_word_size_for_typos=MinWordSizeForTypos(one_typo=11, two_typos=12),
        ),
        dictionary=list(vocabulary.dictionary),
        synonyms=dict(vocabulary.synonyms),
        stop_words=list(vocabulary.stop_words),
    )


@dataclass(frozen=True)
class Indexes:
    """Index names: a prefix lets tests, and several platforms, share one Meilisearch."""

    prefix: str = ""

    def uid(self, kind: SearchType) -> str:
        return f"{self.prefix}{kind.value}s"

    async def ensure(self, client: AsyncClient, vocabulary: Vocabulary) -> None:
        """Create the indexes and apply their settings; applying unchanged settings is a no-op."""
        for kind in SearchType:
            index = await client.get_or_create_index(self.uid(kind), primary_key="id")
            task = await index.update_settings(index_settings(vocabulary))
            result = await client.wait_for_task(task.task_uid, timeout_in_ms=TASK_TIMEOUT_MS)
            if result.status != "succeeded":
                raise RuntimeError(f"settings of {self.uid(kind)}: {result.error}")
