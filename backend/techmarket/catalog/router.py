from fastapi import APIRouter, status

from techmarket.catalog import service
from techmarket.catalog.models import Taxonomy
from techmarket.catalog.schemas import TermAdminRead, TermCreate, TermRead, TermUpdate
from techmarket.core.deps import Admin, Anyone
from techmarket.core.errors import problem_responses
from techmarket.db import SessionDep

router = APIRouter(prefix="/catalog", tags=["catalog"])


@router.get("/{taxonomy}", response_model=list[TermRead])
async def list_taxonomy_terms(taxonomy: Taxonomy, session: SessionDep, _: Anyone) -> list[TermRead]:
    """The active values of a taxonomy (fields, regions, demand types, ...), in display order."""
    terms = await service.list_terms(session=session, taxonomy=taxonomy)
    return [TermRead.model_validate(term) for term in terms]


@router.get("/{taxonomy}/all", response_model=list[TermAdminRead])
async def list_all_taxonomy_terms(
    taxonomy: Taxonomy, session: SessionDep, _: Admin
) -> list[TermAdminRead]:
    """Every value of a taxonomy, retired ones included, with position and state (admins)."""
    terms = await service.list_terms(session=session, taxonomy=taxonomy, include_inactive=True)
    return [TermAdminRead.model_validate(term) for term in terms]


@router.post(
    "/{taxonomy}",
    response_model=TermAdminRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(409),
)
async def create_taxonomy_term(
    taxonomy: Taxonomy, data: TermCreate, principal: Admin, session: SessionDep
) -> TermAdminRead:
    """Add a value to a taxonomy (admins)."""
    term = await service.create_term(
        session=session, principal=principal, taxonomy=taxonomy, data=data
    )
    return TermAdminRead.model_validate(term)


@router.patch("/{taxonomy}/{code}", response_model=TermAdminRead, responses=problem_responses(404))
async def update_taxonomy_term(
    taxonomy: Taxonomy, code: str, data: TermUpdate, principal: Admin, session: SessionDep
) -> TermAdminRead:
    """Rename, re-tag, reorder or deactivate a value (admins); codes never change."""
    term = await service.update_term(
        session=session, principal=principal, taxonomy=taxonomy, code=code, data=data
    )
    return TermAdminRead.model_validate(term)
