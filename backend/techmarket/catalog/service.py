"""Reading taxonomies and checking that entries reference existing values."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.catalog.models import Taxonomy, Term
from techmarket.core.errors import AppError, FieldError


class UnknownTerm(AppError):
    code = "catalog.unknown_term"
    status = 422
    title = "Unknown taxonomy value"


async def list_terms(*, session: AsyncSession, taxonomy: Taxonomy) -> list[Term]:
    statement = (
        select(Term)
        .where(Term.taxonomy == taxonomy, Term.is_active)
        .order_by(Term.position, Term.code)
    )
    return list(await session.scalars(statement))


async def ensure_terms(
    *, session: AsyncSession, taxonomy: Taxonomy, codes: Iterable[str], field: str
) -> None:
    """Refuse codes that are not active values of ``taxonomy``, naming the input field."""
    wanted = set(codes)
    if not wanted:
        return
    found = set(
        await session.scalars(
            select(Term.code).where(
                Term.taxonomy == taxonomy, Term.code.in_(wanted), Term.is_active
            )
        )
    )
    if missing := sorted(wanted - found):
        raise UnknownTerm(
            f"unknown {taxonomy.value}: {', '.join(missing)}",
            fields=[
                FieldError(
                    field=field,
                    message=f"unknown {taxonomy.value}: {', '.join(missing)}",
                    type="value_error",
                )
            ],
        )
