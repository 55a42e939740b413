from fastapi import APIRouter

from techmarket.catalog import service
from techmarket.catalog.models import Taxonomy
from techmarket.catalog.schemas import TermRead
from techmarket.core.deps import Anyone
from techmarket.db import SessionDep

router = APIRouter(prefix="/catalog", tags=["catalog"])


@router.get("/{taxonomy}", response_model=list[TermRead])
async def list_taxonomy_terms(taxonomy: Taxonomy, session: SessionDep, _: Anyone) -> list[TermRead]:
    """The values of a taxonomy (technical fields, regions), in display order."""
    terms = await service.list_terms(session=session, taxonomy=taxonomy)
    return [TermRead.model_validate(term) for term in terms]
