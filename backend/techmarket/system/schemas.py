from enum import StrEnum

from pydantic import BaseModel, Field


class ComponentStatus(StrEnum):
    OK = "ok"
    ERROR = "error"


class ComponentState(BaseModel):
    status: ComponentStatus
    detail: str | None = Field(default=None, description="Why the component is not ready.")


class Components(BaseModel):
    database: ComponentState = Field(description="PostgreSQL answers queries.")
    migrations: ComponentState = Field(description="The database schema is at the code's head.")
    search: ComponentState = Field(description="Meilisearch is healthy and accepts our key.")


class Health(BaseModel):
    status: str = "ok"
    version: str


class Readiness(BaseModel):
    status: str = Field(description="`ok` when every component is ok, else `unavailable`.")
    components: Components
