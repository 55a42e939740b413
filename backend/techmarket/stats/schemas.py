"""Public statistics 统计: key figures, breakdowns and the organisation league 组织榜."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field

from techmarket.connections.models import ConnectionStatus, TargetType


class KeyFigures(BaseModel):
    """The figures at the top of the home page; entries count once public (published and after)."""

    demands: int
    achievements: int
    projects: int = Field(description="Projects approved (立项) and after.")
    organizations: int = Field(description="Organisations the bureau has verified.")
    connections: int = Field(description="Connections (对接) in any status.")
    contracts: int = Field(description="Connections that ended in a contract.")
    contract_turnover: Decimal = Field(description="技术合同交易额: sum of contract amounts, CNY.")


class Bucket(BaseModel):
    """A count under a taxonomy code (field, region) or a status, with its display name."""

    key: str
    label: str
    count: int


class MonthCount(BaseModel):
    month: str = Field(description="Calendar month in China time, `YYYY-MM`.", examples=["2026-05"])
    count: int


class CollectionStats(BaseModel):
    """Public entries of one collection by field, by region and by month of publication (the
    last twelve months, oldest first, months without any included)."""

    by_field: list[Bucket]
    by_region: list[Bucket]
    by_month: list[MonthCount]


class TurnoverMonth(BaseModel):
    month: str = Field(description="Month of the contract date, `YYYY-MM`.")
    contracts: int
    amount: Decimal


class StatusCount(BaseModel):
    status: ConnectionStatus
    count: int


class StatsOverview(BaseModel):
    figures: KeyFigures
    demands: CollectionStats
    achievements: CollectionStats
    projects: CollectionStats
    connections_by_status: list[StatusCount]
    turnover_by_month: list[TurnoverMonth]


class LeagueSort(StrEnum):
    OUTCOMES = "outcomes"  # achievements transferred + challenges won, then turnover
    TURNOVER = "turnover"  # contract turnover, then outcomes


class LeagueContract(BaseModel):
    """One contract behind a league row: the public entry it concerns, its amount and date."""

    connection_id: uuid.UUID
    target_type: TargetType
    target_id: uuid.UUID = Field(description="The demand or achievement, at its public page.")
    target_title: str
    amount: Decimal
    contract_date: date


class LeagueRow(BaseModel):
    """An organisation's verifiable outcomes; each figure lists the records behind it."""

    rank: int
    organization_id: uuid.UUID
    organization_name: str
    organization_kind: str
    region: str
    achievements_transferred: int = Field(
        description="Its achievements marked transferred (已转化) under a recorded contract."
    )
    transferred_achievement_ids: list[uuid.UUID]
    challenges_won: int = Field(description="Challenges (揭榜挂帅) awarded to it.")
    contracts: int = Field(
        description="Contracts it supplied the technology for: on its achievements, or answering "
        "another organisation's demand."
    )
    contract_turnover: Decimal = Field(description="Sum of those contracts' amounts, CNY.")
    contract_records: list[LeagueContract]


class League(BaseModel):
    items: list[LeagueRow]
