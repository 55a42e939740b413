"""Expired demands leave the public lists by themselves; their owners are asked to renew or
close them, once per expiry."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.scheduler import Periodic
from techmarket.demands.models import Demand, DemandStatus
from techmarket.notifications.service import notify_organization

BATCH = 500


async def remind_expired_demands(session: AsyncSession) -> int:
    """Notify the owners of live demands past their validity; answer how many demands."""
    expired = list(
        await session.scalars(
            select(Demand)
            .where(
                Demand.status.in_([DemandStatus.PUBLISHED, DemandStatus.IN_PROGRESS]),
                Demand.valid_until < date.today(),
                or_(
                    Demand.expiry_reminded_for.is_(None),
                    Demand.expiry_reminded_for != Demand.valid_until,
                ),
            )
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    for demand in expired:
        await notify_organization(
            session,
            organization_id=demand.organization_id,
            kind="demand.expired",
            title=f"需求《{demand.title}》已过有效期",
            body="该需求已不在公开列表中显示。请延长有效期以继续征集，或关闭该需求。",
            entity_type="demand",
            entity_id=demand.id,
        )
        demand.expiry_reminded_for = demand.valid_until
    return len(expired)


async def _run(session: AsyncSession) -> None:
    await remind_expired_demands(session)


EXPIRY_REMINDERS = Periodic("demands.expiry_reminders", timedelta(hours=1), _run)
