"""One Settings object for the whole process.

Environment variables use the prefix ``TECHMARKET_`` (nested groups with ``__``), plus the bare
``DATABASE_URL``, ``MEILI_URL`` and ``MEILI_KEY`` that operators and platforms expect.
"""

from __future__ import annotations

import os
import re
import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent
_ORIGIN = re.compile(r"https?://[a-z0-9.-]+(:[0-9]{1,5})?")


class Environment(StrEnum):
    LOCAL = "local"
    TESTING = "testing"
    PRODUCTION = "production"


class JWTSettings(BaseModel):
    secret: str | None = Field(
        default=None,
        description="HMAC signing key; generated into the data folder when not given.",
    )
    # HMAC only: the key is a shared secret, and a configurable "none" or RS* would open the
    # door to unsigned or algorithm-confused tokens.
    algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    access_token_minutes: int = 15


class AuthSettings(BaseModel):
    refresh_token_days: int = 30
    invitation_days: int = 7
    login_window_seconds: int = Field(
        default=900, ge=1, le=86_400, description="Sliding window of the login limits."
    )
    login_failures_per_account: int = Field(default=5, description="Failed logins per window.")
    login_attempts_per_ip: int = Field(default=30, description="Login attempts per window.")


class WebhookSettings(BaseModel):
    timeout_seconds: float = Field(
        default=5.0, gt=0, description="How long a receiver may take to answer one delivery."
    )
    max_attempts: int = Field(default=8, ge=1, description="Attempts before a delivery fails.")
    retry_base_seconds: float = Field(
        default=30.0, ge=0, description="First back-off; doubled after each failed attempt."
    )
    concurrency: int = Field(default=8, ge=1, description="Deliveries in flight at once.")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TECHMARKET_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    env: Environment = Environment.LOCAL
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    data_dir: Path = Path("var")
    log_level: str = "INFO"
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "TECHMARKET_DATABASE_URL"),
    )
    meili_url: str | None = Field(
        default=None, validation_alias=AliasChoices("MEILI_URL", "TECHMARKET_MEILI_URL")
    )
    meili_key: str | None = Field(
        default=None, validation_alias=AliasChoices("MEILI_KEY", "TECHMARKET_MEILI_KEY")
    )
    meili_binary: Path | None = Field(
        default=None,
        description="Meilisearch executable for the zero-setup default (else the one in tools/).",
    )
    spa_dir: Path = REPO_DIR / "frontend" / "dist"
    startup_timeout_seconds: float = 30.0
    database_pool_size: int = Field(
        default=20,
        ge=1,
        le=200,
        description="PostgreSQL connections one process keeps open. Beyond it (and ten more), "
        "requests wait; a connection opened beyond it is closed after use, and opening one "
        "costs a login and type introspection.",
    )
    api_processes: int = Field(
        default=1,
        ge=1,
        le=32,
        description="Processes `techmarket run` serves the API with, on one port (uvicorn "
        "workers): one event loop uses one core. Each has its own connection pool and, with "
        "worker_in_process, its own outbox worker.",
    )
    worker_in_process: bool = Field(
        default=True,
        description="Run the outbox worker in the API process; off when `techmarket worker` runs.",
    )
    worker_batch_size: int = Field(
        default=1000, ge=1, le=10_000, description="Outbox events one worker loop takes at once."
    )
    worker_batches_in_flight: int = Field(
        default=16,
        ge=1,
        le=64,
        description="Outbox batches one worker delivers at once: while Meilisearch indexes one "
        "batch, the next ones are read and sent, and it indexes those queued meanwhile together.",
    )
    worker_lease_seconds: float = Field(
        default=60,
        ge=1,
        le=3600,
        description="How long claimed outbox events stay with their worker; renewed while it "
        "works, so only a worker that died gives its events back, after at most this long.",
    )
    search_index_prefix: str = Field(
        default="", pattern=r"^[a-z0-9_]*$", description="Prefix of the Meilisearch index names."
    )
    cors_origins: list[str] = Field(
        default=[],
        description="Origins (scheme://host[:port]) whose scripts may call the API from a browser; "
        "a JSON list, e.g. '[\"https://erp.example.cn\"]'. Empty: same origin only.",
    )
    attachment_max_mb: int = Field(default=20, ge=1, le=1024)
    admin_email: str | None = Field(default=None, description="Ensure this admin exists at start.")
    admin_password: str | None = None
    seed_demo: bool = Field(default=True, description="Seed demo data on an empty database.")
    jwt: JWTSettings = JWTSettings()
    auth: AuthSettings = AuthSettings()
    webhooks: WebhookSettings = WebhookSettings()

    @field_validator("cors_origins")
    @classmethod
    def _exact_origins(cls, origins: list[str]) -> list[str]:
        """An allowlist names origins: a wildcard would let any site read a user's answers."""
        for origin in origins:
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(f"{origin!r} is not an origin like https://erp.example.cn")
        return origins

    @field_validator("data_dir")
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    def secret(self, name: str) -> str:
        """Read a generated secret from the data folder, creating it (mode 0600) on first use."""
        path = self.data_dir / "secrets" / name
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        value = secrets.token_urlsafe(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(value)
        return value

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    def jwt_secret(self) -> str:
        return self.jwt.secret or self.secret("jwt_secret")

    def check_production(self) -> None:
        """Refuse generated secrets in production: replicas must share one key."""
        if self.env is Environment.PRODUCTION:
            missing = [
                name
                for name, value in (
                    ("TECHMARKET_JWT__SECRET", self.jwt.secret),
                    ("DATABASE_URL", self.database_url),
                    ("MEILI_URL", self.meili_url),
                )
                if not value
            ]
            if missing:
                raise ValueError(f"production needs these settings: {', '.join(missing)}")


@lru_cache
def get_settings() -> Settings:
    return Settings()
