"""The committed OpenAPI document (``openapi.yaml``) is generated from the app, never by hand."""

from __future__ import annotations

import yaml

from techmarket.main import create_app
from techmarket.settings import Settings


def openapi_yaml() -> str:
    schema = create_app(Settings()).openapi()
    return yaml.safe_dump(schema, allow_unicode=True, sort_keys=False, width=100)
