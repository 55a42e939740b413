from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.db import Base, str_enum


class Taxonomy(StrEnum):
    FIELD = "field"  # 技术领域 (the plan's key-technology list)
    REGION = "region"  # 区县 and development zones
    ORGANIZATION_KIND = "organization_kind"  # 机构类型: labels of a fixed set of codes
    DEMAND_TYPE = "demand_type"  # 需求类型
    COOPERATION_MODE = "cooperation_mode"  # 合作方式
    MATURITY = "maturity"  # 成熟度
    TRANSFER_MODE = "transfer_mode"  # 转化方式
    IP_TYPE = "ip_type"  # 知识产权类型
    PROJECT_KIND = "project_kind"  # 项目类别


# Codes the application itself relies on: admins may rename these terms, not add to them.
FIXED_TAXONOMIES = frozenset({Taxonomy.ORGANIZATION_KIND})


class Term(Base):
    """One value of a taxonomy, e.g. the field 新能源汽车 or the region 盐湖区."""

    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("taxonomy", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taxonomy: Mapped[Taxonomy] = mapped_column(str_enum(Taxonomy, "taxonomy"))
    code: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(100))
    tag: Mapped[str | None] = mapped_column(String(10))  # strategic tag 合 / 汽 / 生 / 材
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
