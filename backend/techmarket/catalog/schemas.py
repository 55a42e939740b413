from pydantic import BaseModel, ConfigDict, Field

from techmarket.catalog.models import Taxonomy


class TermRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    taxonomy: Taxonomy
    code: str
    name: str
    tag: str | None = Field(default=None, description="Strategic tag: 合 / 汽 / 生 / 材.")


class TermCreate(BaseModel):
    code: str = Field(
        pattern=r"^[a-z][a-z0-9_]{1,49}$", description="Stable code, e.g. `hydrogen`."
    )
    name: str = Field(min_length=1, max_length=100)
    tag: str | None = Field(default=None, max_length=10)
    position: int = Field(default=0, ge=0, le=10_000)


class TermUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    tag: str | None = Field(default=None, max_length=10)
    position: int | None = Field(default=None, ge=0, le=10_000)
    is_active: bool | None = Field(
        default=None, description="Inactive terms stay on existing entries but cannot be chosen."
    )


class TermAdminRead(TermRead):
    position: int
    is_active: bool
