# syntax=docker/dockerfile:1
# The Python services of techmarket (api, worker, migrate): one image, three commands.
#
#   docker build -t techmarket .          (docker compose builds it as ${TECHMARKET_IMAGE})
#
# The repository layout is kept inside the image (/app/backend, /app/migrations, /app/alembic.ini)
# because the app finds alembic.ini relative to the package: techmarket.settings.REPO_DIR is the
# parent of backend/. The project is installed editable (uv's default for the project itself):
# the venv holds a .pth file pointing at /app/backend, so REPO_DIR resolves to /app. A
# non-editable install would put the package under .venv/lib/python3.11/site-packages and
# REPO_DIR would point there, where no alembic.ini exists.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- builder: the locked dependencies and the project in /app/.venv -----------------------------
FROM ${PYTHON_IMAGE} AS builder

ARG UV_VERSION=0.13.9
ENV UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Same uv, from the same place, as the Makefile (.tools/bin/uv).
RUN pip install --no-cache-dir "uv==${UV_VERSION}"

WORKDIR /app

# Dependencies first: this layer is rebuilt only when pyproject.toml or uv.lock change.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project

# Then the project itself (editable: a .pth file with /app/backend).
COPY backend ./backend
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev

# --- runtime: no build tools, no uv, a non-root user ------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    TECHMARKET_HOST=0.0.0.0 \
    TECHMARKET_PORT=8000 \
    TECHMARKET_DATA_DIR=/app/var

RUN groupadd --system --gid 10001 techmarket \
    && useradd --system --uid 10001 --gid techmarket --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin techmarket

WORKDIR /app

# Same paths as in the builder: the venv's python links to /usr/local/bin/python3.11 and its
# .pth file names /app/backend, both of which exist here too.
COPY --from=builder /app/.venv /app/.venv
COPY alembic.ini ./
COPY migrations ./migrations
COPY backend ./backend

# Code stays owned by root (read-only for the app). The data folder is the app's: the data-folder
# lock (var/.lock) lives there, and var/attachments is where compose mounts the attachments volume
# (a new named volume takes this folder's owner). Bytecode is compiled now, as the app cannot.
RUN python -m compileall -q /app/backend /app/migrations \
    && install -d -o techmarket -g techmarket -m 0750 /app/var /app/var/attachments

USER techmarket

EXPOSE 8000

# `techmarket run` serves the API; compose runs `techmarket migrate` and `techmarket worker` from
# this same image. With DATABASE_URL and MEILI_URL set it starts no servers of its own.
CMD ["techmarket", "run"]
