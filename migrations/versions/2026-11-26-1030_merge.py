"""merge: achievements and connections, projects and reviews, attachments and imports

Revision ID: 0011_merge
Revises: 0006_achievement_connection, 0007_project_review, 0010_notifications
Create Date: 2026-11-26 10:30:00
"""

from collections.abc import Sequence

revision: str = "0011_merge"
down_revision: str | Sequence[str] | None = (
    "0006_achievement_connection",
    "0007_project_review",
    "0010_notifications",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
