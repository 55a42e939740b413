"""achievement.project_id: achievements published from a completed project link back to it

Revision ID: 0012_achievement_project
Revises: 0011_merge
Create Date: 2026-11-26 09:42:57.777199+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_achievement_project"
down_revision: str | None = "0011_merge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("achievement", sa.Column("project_id", sa.Uuid(), nullable=True))
    op.create_index(op.f("ix_achievement_project_id"), "achievement", ["project_id"], unique=False)
    op.create_foreign_key(
        op.f("fk_achievement_project_id_project"),
        "achievement",
        "project",
        ["project_id"],
        ["id"],
        ondelete="SET NULL",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("fk_achievement_project_id_project"), "achievement", type_="foreignkey")
    op.drop_index(op.f("ix_achievement_project_id"), table_name="achievement")
    op.drop_column("achievement", "project_id")
