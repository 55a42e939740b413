"""taxonomies: demand types, cooperation and transfer modes, maturity, IP types, project kinds

Revision ID: 0004_taxonomies
Revises: 0003_identity
Create Date: 2026-11-26 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_taxonomies"
down_revision: str | None = "0003_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("field", "region")
TERMS = {
    "organization_kind": [
        ("enterprise", "企业"),
        ("university", "高校"),
        ("institute", "科研院所"),
        ("new_rd_institution", "新型研发机构"),
        ("government", "政府部门"),
        ("service_agency", "服务机构"),
    ],
    "demand_type": [
        ("tech_breakthrough", "技术攻关"),
        ("tech_transfer", "技术转让"),
        ("joint_development", "合作开发"),
        ("tech_license", "技术许可"),
        ("tech_consulting", "技术咨询"),
        ("talent", "人才需求"),
    ],
    "cooperation_mode": [
        ("commissioned_development", "委托开发"),
        ("joint_development", "合作开发"),
        ("transfer", "技术转让"),
        ("license", "技术许可"),
        ("consulting_service", "技术咨询与服务"),
        ("joint_platform", "共建平台"),
    ],
    "maturity": [
        ("research", "研发阶段"),
        ("pilot_small", "小试"),
        ("pilot", "中试"),
        ("industrialized", "产业化"),
    ],
    "transfer_mode": [
        ("transfer", "转让"),
        ("license", "许可"),
        ("equity", "作价入股"),
        ("joint_development", "合作开发"),
    ],
    "ip_type": [
        ("invention_patent", "发明专利"),
        ("utility_model", "实用新型"),
        ("software_copyright", "软件著作权"),
        ("other", "其他"),
    ],
    "project_kind": [
        ("basic_research", "基础研究"),
        ("key_technology", "关键技术攻关"),
        ("major_program", "重大专项"),
        ("platform", "平台建设"),
        ("transformation", "成果转化"),
    ],
}


# Enumerated text columns get room to grow (32), so that a longer new value needs no migration.
WIDENED = [
    ("taxonomy_term", "taxonomy", 6),
    ("app_user", "membership", 6),
    ("organization", "kind", 18),
    ("organization", "status", 10),
]


def _check(values: Sequence[str]) -> str:
    return "taxonomy IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    for table, column, _ in WIDENED:
        op.alter_column(table, column, type_=sa.String(32))
    op.drop_constraint(op.f("ck_taxonomy_term_taxonomy"), "taxonomy_term", type_="check")
    op.create_check_constraint("taxonomy", "taxonomy_term", _check([*OLD, *TERMS]))
    terms = sa.table(
        "taxonomy_term",
        sa.column("taxonomy", sa.String),
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("position", sa.Integer),
    )
    op.bulk_insert(
        terms,
        [
            {"taxonomy": taxonomy, "code": code, "name": name, "position": position}
            for taxonomy, values in TERMS.items()
            for position, (code, name) in enumerate(values)
        ],
    )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM taxonomy_term WHERE taxonomy NOT IN ('field', 'region')"))
    op.drop_constraint(op.f("ck_taxonomy_term_taxonomy"), "taxonomy_term", type_="check")
    op.create_check_constraint("taxonomy", "taxonomy_term", _check(OLD))
    for table, column, length in WIDENED:
        op.alter_column(table, column, type_=sa.String(length))
