"""How each collection looks as a spreadsheet: Chinese headers, the field behind each, and how
to read a cell. Imports, templates and exports share these, so an export imports back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements import service as achievement_service
from techmarket.achievements.models import Achievement, AchievementStatus
from techmarket.achievements.schemas import AchievementCreate
from techmarket.catalog.models import Taxonomy
from techmarket.core.principal import Principal
from techmarket.demands import service as demand_service
from techmarket.demands.models import Demand, DemandStatus
from techmarket.demands.schemas import DemandCreate
from techmarket.projects import service as project_service
from techmarket.projects.models import Project, ProjectOrigin
from techmarket.projects.schemas import ProjectCreate


class Kind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    BOOL = "bool"
    LIST = "list"  # separated by , ， ; ； 、
    TERM = "term"  # a taxonomy value, by its Chinese name or its code
    TERMS = "terms"
    CHOICE = "choice"  # one of a few fixed values, by its Chinese label or its code


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: Kind = Kind.TEXT
    taxonomy: Taxonomy | None = None
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (code, Chinese label) for Kind.CHOICE


@dataclass(frozen=True)
class Spec:
    columns: tuple[Column, ...]
    schema: type[BaseModel]
    add: Callable[..., Awaitable[Any]]  # (session=, principal=, data=, status=) → entry
    model: type[Any]
    published_status: Any | None  # None: this collection is never published in bulk

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


ACHIEVEMENT = Spec(
    columns=(
        Column("成果名称", "title", required=True),
        Column("成果简介", "abstract", required=True),
        Column("所属领域", "field", Kind.TERM, Taxonomy.FIELD, required=True),
        Column("所在地区", "region", Kind.TERM, Taxonomy.REGION, required=True),
        Column("成熟度", "maturity", Kind.TERM, Taxonomy.MATURITY),
        Column("技术就绪度（TRL）", "trl", Kind.INTEGER),
        Column("知识产权类型", "ip_type", Kind.TERM, Taxonomy.IP_TYPE),
        Column("知识产权号", "ip_numbers", Kind.LIST),
        Column("转化方式", "transfer_modes", Kind.TERMS, Taxonomy.TRANSFER_MODE, required=True),
        Column("参考价格（元）", "asking_price", Kind.DECIMAL),
        Column("价格面议", "price_negotiable", Kind.BOOL),
        Column("完成人", "inventors", Kind.LIST),
        Column("成果登记号", "registration_number"),
        Column("联系人", "contact_name"),
        Column("联系电话", "contact_phone"),
        Column("联系邮箱", "contact_email"),
        Column("关键词", "keywords", Kind.LIST),
    ),
    schema=AchievementCreate,
    add=achievement_service.add_achievement,
    model=Achievement,
    published_status=AchievementStatus.PUBLISHED,
)

PROJECT = Spec(
    columns=(
        Column("项目名称", "title", required=True),
        Column("负责人", "leader_name", required=True),
        Column("项目类别", "kind", Kind.TERM, Taxonomy.PROJECT_KIND, required=True),
        Column("所属领域", "field", Kind.TERM, Taxonomy.FIELD, required=True),
        Column("所在县区", "region", Kind.TERM, Taxonomy.REGION, required=True),
        Column(
            "项目来源",
            "origin",
            Kind.CHOICE,
            choices=((ProjectOrigin.CALL, "申报批次"), (ProjectOrigin.DIRECTED, "定向委托")),
        ),
        Column("申报批次编号", "call_id"),
        Column("申请经费（元）", "budget_requested", Kind.DECIMAL, required=True),
        Column("开始日期", "start_date", Kind.DATE, required=True),
        Column("结束日期", "end_date", Kind.DATE, required=True),
        Column("考核指标", "objectives", required=True),
        Column("关键词", "keywords", Kind.LIST),
    ),
    schema=ProjectCreate,
    add=project_service.add_project,
    model=Project,
    published_status=None,
)


class Collection(StrEnum):
    DEMANDS = "demands"
    ACHIEVEMENTS = "achievements"
    PROJECTS = "projects"


SPECS: dict[Collection, Spec] = {
    Collection.DEMANDS: DEMAND,
    Collection.ACHIEVEMENTS: ACHIEVEMENT,
    Collection.PROJECTS: PROJECT,
}


async def add_entry(
    spec: Spec, session: AsyncSession, principal: Principal, data: BaseModel, publish: bool
) -> Any:
    if publish:
        assert spec.published_status is not None
        return await spec.add(
            session=session, principal=principal, data=data, status=spec.published_status
        )
    return await spec.add(session=session, principal=principal, data=data)
