"""How each collection looks as a spreadsheet: Chinese headers, the field behind each, and how
to read a cell. Imports, templates and exports share these, so an export imports back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.catalog.models import Taxonomy
from techmarket.core.principal import Principal
from techmarket.demands import service as demand_service
from techmarket.demands.models import Demand, DemandStatus
from techmarket.demands.schemas import DemandCreate


class Kind(StrEnum):
    TEXT = "text"
    DECIMAL = "decimal"
    DATE = "date"
    BOOL = "bool"
    LIST = "list"  # separated by , ， ; ； 、
    TERM = "term"  # a taxonomy value, by its Chinese name or its code
    TERMS = "terms"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: Kind = Kind.TEXT
    taxonomy: Taxonomy | None = None
    required: bool = False


@dataclass(frozen=True)
class Spec:
    columns: tuple[Column, ...]
    schema: type[BaseModel]
    add: Callable[..., Awaitable[Any]]  # (session=, principal=, data=, status=) → entry
    model: type[Any]
    published_status: Any

    def column(self, field: str) -> Column | None:
        return next((c for c in self.columns if c.field == field), None)


DEMAND = Spec(
    columns=(
        Column("需求名称", "title", required=True),
        Column("需求描述", "description", required=True),
        Column("技术指标", "indicators"),
        Column("所属领域", "field", Kind.TERM, Taxonomy.FIELD, required=True),
        Column("所在地区", "region", Kind.TERM, Taxonomy.REGION, required=True),
        Column("需求类型", "demand_type", Kind.TERM, Taxonomy.DEMAND_TYPE, required=True),
        Column("合作方式", "cooperation_mode", Kind.TERM, Taxonomy.COOPERATION_MODE),
        Column("预算下限（元）", "budget_min", Kind.DECIMAL),
        Column("预算上限（元）", "budget_max", Kind.DECIMAL),
        Column("预算面议", "budget_negotiable", Kind.BOOL),
        Column("截止日期", "deadline", Kind.DATE),
        Column("有效期至", "valid_until", Kind.DATE, required=True),
        Column("联系人", "contact_name"),
        Column("联系电话", "contact_phone"),
        Column("联系邮箱", "contact_email"),
        Column("关键词", "keywords", Kind.LIST),
    ),
    schema=DemandCreate,
    add=demand_service.add_demand,
    model=Demand,
    published_status=DemandStatus.PUBLISHED,
)


class Collection(StrEnum):
    DEMANDS = "demands"


SPECS: dict[Collection, Spec] = {Collection.DEMANDS: DEMAND}


async def add_entry(
    spec: Spec, session: AsyncSession, principal: Principal, data: BaseModel, publish: bool
) -> Any:
    if publish:
        return await spec.add(
            session=session, principal=principal, data=data, status=spec.published_status
        )
    return await spec.add(session=session, principal=principal, data=data)
