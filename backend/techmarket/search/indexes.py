"""The search indexes: one per collection, their settings in code, applied idempotently.

Meilisearch keeps 镁合金 as one word, so a search for 合金 would miss it; every document also
carries ``tokens``, the jieba search-mode segmentation of its text, which holds 合金 as a word.
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

log = logging.getLogger(__name__)
TASK_TIMEOUT_MS = 60_000


class SearchType(StrEnum):
    DEMAND = "demand"
    ACHIEVEMENT = "achievement"
    PROJECT = "project"


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
# Terms of the plan's key-technology list that must stay whole words.
DICTIONARY = [
    "信息技术应用创新",
    "新能源汽车",
    "轨道交通",
    "智能制造",
    "半导体",
    "特种金属材料",
    "镁合金",
    "铝合金",
    "炭基新材料",
    "碳纤维",
    "石墨烯",
    "新型化工材料",
    "煤炭高效清洁利用",
    "煤层气",
    "生物医药",
    "大健康",
    "有机旱作",
    "现代农业",
    "新能源",
    "光伏",
    "储能",
    "氢能",
    "锂电池",
    "碳化硅",
    "压铸",
    "热处理",
    "表面处理",
]
SYNONYMS = {
    "新能源车": ["新能源汽车"],
    "新能源汽车": ["新能源车", "电动汽车"],
    "电动汽车": ["新能源汽车"],
    "芯片": ["半导体", "集成电路"],
    "集成电路": ["芯片"],
    "信创": ["信息技术应用创新"],
    "信息技术应用创新": ["信创"],
}
STOP_WORDS = ["的", "了", "和", "与", "及", "等", "或", "之"]


def index_settings() -> MeilisearchSettings:
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
        typo_tolerance=TypoTolerance(enabled=True, disable_on_attributes=["tokens"]),
        dictionary=list(DICTIONARY),
        synonyms=dict(SYNONYMS),
        stop_words=list(STOP_WORDS),
    )


@dataclass(frozen=True)
class Indexes:
    """Index names: a prefix lets tests, and several platforms, share one Meilisearch."""

    prefix: str = ""

    def uid(self, kind: SearchType) -> str:
        return f"{self.prefix}{kind.value}s"

    async def ensure(self, client: AsyncClient) -> None:
        """Create the indexes and apply their settings; applying unchanged settings is a no-op."""
        for kind in SearchType:
            index = await client.get_or_create_index(self.uid(kind), primary_key="id")
            task = await index.update_settings(index_settings())
            result = await client.wait_for_task(task.task_uid, timeout_in_ms=TASK_TIMEOUT_MS)
            if result.status != "succeeded":
                raise RuntimeError(f"settings of {self.uid(kind)}: {result.error}")
