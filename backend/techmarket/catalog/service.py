"""Reading taxonomies and checking that entries reference existing values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.catalog.models import FIXED_TAXONOMIES, Taxonomy, Term
from techmarket.catalog.schemas import TermCreate, TermUpdate
from techmarket.core import audit
from techmarket.core.errors import AppError, FieldError
from techmarket.core.principal import Principal
from techmarket.db import transactional


class TermNotFound(AppError):
    code = "catalog.term_not_found"
    status = 404
    title = "No such taxonomy value"


class TermExists(AppError):
    code = "catalog.term_exists"
    status = 409
    title = "This code is already used in this taxonomy"


class TaxonomyFixed(AppError):
    code = "catalog.taxonomy_fixed"
    status = 409
    title = "The values of this taxonomy are fixed; rename them instead"


class UnknownTerm(AppError):
    code = "catalog.unknown_term"
    status = 422
    title = "Unknown taxonomy value"


async def list_terms(
    *, session: AsyncSession, taxonomy: Taxonomy, include_inactive: bool = False
) -> list[Term]:
    """The values to choose from; admins also see retired ones, to bring them back."""
    statement = select(Term).where(Term.taxonomy == taxonomy).order_by(Term.position, Term.code)
    if not include_inactive:
        statement = statement.where(Term.is_active)
    return list(await session.scalars(statement))


_ACTIVE_CODES = "catalog.active_codes"  # session.info key: taxonomy → its active codes


async def active_codes(
    session: AsyncSession, taxonomies: Iterable[Taxonomy]
) -> Mapping[Taxonomy, frozenset[str]]:
    """Active codes of taxonomies, read once per session and in one query for all of them: an
    entry names four or five taxonomies, a bulk creation of a thousand entries the same ones,
    and taxonomies hold tens of values."""
    cache: dict[Taxonomy, frozenset[str]] = session.info.setdefault(_ACTIVE_CODES, {})
    if missing := {taxonomy for taxonomy in taxonomies if taxonomy not in cache}:
        found: dict[Taxonomy, set[str]] = {taxonomy: set() for taxonomy in missing}
        rows = await session.execute(
            select(Term.taxonomy, Term.code).where(Term.taxonomy.in_(missing), Term.is_active)
        )
        for taxonomy, code in rows:
            found[taxonomy].add(code)
        cache.update({taxonomy: frozenset(codes) for taxonomy, codes in found.items()})
    return cache


def _forget_active_codes(session: AsyncSession) -> None:
    session.info.pop(_ACTIVE_CODES, None)


async def ensure_terms(
    *, session: AsyncSession, taxonomy: Taxonomy, codes: Iterable[str], field: str
) -> None:
    """Refuse codes that are not active values of ``taxonomy``, naming the input field."""
    wanted = set(codes)
    if not wanted:
        return
    if missing := sorted(wanted - (await active_codes(session, [taxonomy]))[taxonomy]):
        raise UnknownTerm(
            f"unknown {taxonomy.value}: {', '.join(missing)}",
            fields=[
                FieldError(
                    field=field,
                    message=f"unknown {taxonomy.value}: {', '.join(missing)}",
                )
            ],
        )


@transactional
async def create_term(
    *, session: AsyncSession, principal: Principal, taxonomy: Taxonomy, data: TermCreate
) -> Term:
    if taxonomy in FIXED_TAXONOMIES:
        raise TaxonomyFixed()
    exists = await session.scalar(
        select(Term.id).where(Term.taxonomy == taxonomy, Term.code == data.code)
    )
    if exists:
        raise TermExists(
            fields=[FieldError(field="body.code", message="already used", type="conflict")]
        )
    term = Term(taxonomy=taxonomy, is_active=True, **data.model_dump())
    session.add(term)
    await session.flush()
    _forget_active_codes(session)
    audit.record(
        session,
        principal=principal,
        action="catalog.create_term",
        entity_type="taxonomy_term",
        entity_id=f"{taxonomy}:{term.code}",
        after=data.model_dump(),
    )
    return term


@transactional
async def update_term(
    *, session: AsyncSession, principal: Principal, taxonomy: Taxonomy, code: str, data: TermUpdate
) -> Term:
    term = await session.scalar(select(Term).where(Term.taxonomy == taxonomy, Term.code == code))
    if term is None:
        raise TermNotFound()
    before, after = audit.changes(term, data.model_dump(exclude_unset=True))
    for name, value in after.items():
        setattr(term, name, value)
    if after:
        audit.record(
            session,
            principal=principal,
            action="catalog.update_term",
            entity_type="taxonomy_term",
            entity_id=f"{taxonomy}:{code}",
            before=before,
            after=after,
        )
    await session.flush()
    _forget_active_codes(session)
    return term
