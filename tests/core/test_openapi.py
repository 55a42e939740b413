"""openapi.yaml is generated from the app and committed: drift fails the build."""

from __future__ import annotations

from collections import Counter

import yaml

from techmarket.openapi import openapi_yaml
from techmarket.settings import REPO_DIR


def test_committed_openapi_matches_the_app() -> None:
    committed = (REPO_DIR / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == openapi_yaml(), "openapi.yaml is stale: run `make openapi` and commit it"


def test_operation_ids_are_unique() -> None:
    document = yaml.safe_load(openapi_yaml())
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert [name for name, n in Counter(ids).items() if n > 1] == []
