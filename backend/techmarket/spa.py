"""Serving the built single-page app: files as they are, every other path gets index.html."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

API_PREFIX = "/api/"


class SinglePageApp(StaticFiles):
    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory, html=True, check_dir=False)
        self.index = directory / "index.html"

    async def check_config(self) -> None:
        """An unbuilt SPA must not break the API: missing files answer 404 instead."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or scope["path"].startswith(API_PREFIX):
                raise
            response = await self._index_or_missing(error)
        if path.startswith("assets/"):
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        else:
            response.headers["Cache-Control"] = "no-cache"
        return response

    async def _index_or_missing(self, error: HTTPException) -> Response:
        if not self.index.exists():
            raise HTTPException(404, "the web app is not built: run `make setup`") from error
        return FileResponse(self.index)
