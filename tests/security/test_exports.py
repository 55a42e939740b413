"""Formula injection: no exported cell starts a formula, whichever character would start it."""

from __future__ import annotations

import io

import pytest
from httpx import AsyncClient
from openpyxl import load_workbook

from techmarket.core.tabular import FORMULA_PREFIXES, neutralise
from tests.entries import Actors, create_demand

PAYLOADS = ["=1+1", '+cmd|" /C calc"!A0', '-2+3+cmd|" /C calc"!A0', '@SUM(1+1)*cmd|" /C calc"!A0']


async def test_every_formula_prefix_is_neutralised_in_exports(
    client: AsyncClient, actors: Actors
) -> None:
    for payload in PAYLOADS:
        await create_demand(client, actors.owner, title=payload, description=payload)
    exported = await client.get("/api/v1/exports/demands.xlsx", headers=actors.owner)
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    cells = [c for row in sheet.iter_rows(min_row=2, values_only=True) for c in row]
    for payload in PAYLOADS:
        assert f"'{payload}" in cells
    assert not any(isinstance(c, str) and c.startswith(FORMULA_PREFIXES) for c in cells)


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_each_prefix_gets_the_quote(prefix: str) -> None:
    assert neutralise(f"{prefix}HYPERLINK(1)") == f"'{prefix}HYPERLINK(1)"
