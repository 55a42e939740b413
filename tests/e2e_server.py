"""The platform as the browser tests see it: API, built SPA, PostgreSQL and Meilisearch.

Playwright starts this script (frontend/playwright.config.ts). It serves on ``E2E_PORT`` with its
own data folder, wiped first so every run starts from the same state. With ``DATABASE_URL`` set it
uses a database of its own on that server (``techmarket_e2e``), never the one named.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from frontend/

from techmarket import runtime
from techmarket.cli import main
from techmarket.settings import REPO_DIR
from tests.databases import fresh_database

DATA_DIR = REPO_DIR / "var" / "e2e"


def wipe_data() -> None:
    """Start from nothing, after stopping servers that a killed earlier run may have left."""
    lock = runtime.DataDirLock(DATA_DIR)
    lock.acquire()
    try:
        postgres = runtime.EmbeddedPostgres(DATA_DIR / "postgres")
        if (postgres.pgdata / "PG_VERSION").exists():
            postgres.stop()
        runtime.EmbeddedMeilisearch(DATA_DIR / "meilisearch", Path(), "").stop_stale()
        shutil.rmtree(DATA_DIR / "postgres", ignore_errors=True)
        shutil.rmtree(DATA_DIR / "meilisearch", ignore_errors=True)
    finally:
        lock.release()


def prepare_environment() -> None:
    os.environ["TECHMARKET_PORT"] = os.environ.get("E2E_PORT", "8765")
    os.environ["TECHMARKET_DATA_DIR"] = str(DATA_DIR)
    os.environ["TECHMARKET_ENV"] = "testing"
    os.environ.setdefault("TECHMARKET_LOG_LEVEL", "WARNING")  # keep the test report readable
    # Every browser test signs in from 127.0.0.1: the per-IP limit (30 in 15 minutes) would stop
    # the suite half-way. The per-account limit on failures stays as in production.
    os.environ.setdefault("TECHMARKET_AUTH__LOGIN_ATTEMPTS_PER_IP", "10000")
    wipe_data()
    if server_url := os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = asyncio.run(fresh_database(server_url, "techmarket_e2e"))


if __name__ == "__main__":
    prepare_environment()
    sys.exit(main(["run"]))
