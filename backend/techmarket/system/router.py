from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from techmarket import __version__
from techmarket.core.deps import EngineDep, MigrationHeadsDep, SearchClientDep
from techmarket.core.policy import ANYONE
from techmarket.system import service
from techmarket.system.schemas import Health, Readiness

router = APIRouter(tags=["system"], dependencies=[Depends(ANYONE)])


@router.get("/health", response_model=Health)
async def get_health() -> Health:
    """Liveness: the process is up and answering. Says nothing about its dependencies."""
    return Health(version=__version__)


@router.get(
    "/ready",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "A component is not ready"}},
)
async def get_readiness(
    engine: EngineDep, search: SearchClientDep, heads: MigrationHeadsDep
) -> JSONResponse:
    """Readiness: 200 when PostgreSQL answers at the migration head and Meilisearch is healthy."""
    readiness = await service.check_readiness(engine=engine, search=search, heads=heads)
    return JSONResponse(
        readiness.model_dump(mode="json"), status_code=200 if readiness.status == "ok" else 503
    )
