from pydantic import BaseModel, ConfigDict, Field

from techmarket.catalog.models import Taxonomy


class TermRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    taxonomy: Taxonomy
    code: str
    name: str
    tag: str | None = Field(default=None, description="Strategic tag: 合 / 汽 / 生 / 材.")
