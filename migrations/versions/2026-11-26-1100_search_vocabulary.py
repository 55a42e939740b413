"""search vocabulary: synonyms, dictionary and stop words, seeded, edited by admins

Revision ID: 0014_search_vocabulary
Revises: 0013_title_trigrams
Create Date: 2026-11-26 10:47:46.424739+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014_search_vocabulary"
down_revision: str | None = "0013_title_trigrams"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Terms of the plan's key-technology list that must stay whole words, obvious synonyms, and the
# particles a query never needs.
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


def upgrade() -> None:
    op.create_table(
        "search_vocabulary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "synonym",
                "dictionary",
                "stop_word",
                name="vocabulary_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("term", sa.String(length=100), nullable=False),
        sa.Column("equivalents", postgresql.ARRAY(sa.String(length=100)), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_vocabulary")),
        sa.UniqueConstraint("kind", "term", name=op.f("uq_search_vocabulary_kind")),
    )
    terms = sa.table(
        "search_vocabulary",
        sa.column("kind", sa.String),
        sa.column("term", sa.String),
        sa.column("equivalents", postgresql.ARRAY(sa.String)),
    )
    op.bulk_insert(
        terms,
        [{"kind": "synonym", "term": t, "equivalents": e} for t, e in SYNONYMS.items()]
        + [{"kind": "dictionary", "term": t, "equivalents": []} for t in DICTIONARY]
        + [{"kind": "stop_word", "term": t, "equivalents": []} for t in STOP_WORDS],
    )


def downgrade() -> None:
    op.drop_table("search_vocabulary")
