# syntax=docker/dockerfile:1
# The web front of techmarket: nginx serving the built SPA and proxying /api/ to the api service.
#
#   docker build -f docker/web.Dockerfile -t techmarket-web .     (context: the repository root)

# --- build the SPA --------------------------------------------------------------------------------
# Node 20 is what the frontend is written and tested against (package.json: "node": ">=20.19").
FROM node:20-bookworm-slim AS build

WORKDIR /src/frontend

# Packages first: this layer is rebuilt only when the lock file changes.
COPY frontend/package.json frontend/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund --loglevel=error

# The build (`tsc -b && vite build`) does not read openapi.yaml (only `gen:api` does), but it is
# copied to where the scripts expect it (../openapi.yaml) so that any script may.
COPY openapi.yaml /src/openapi.yaml
COPY frontend/ ./
RUN npm run build

# --- serve it -------------------------------------------------------------------------------------
# nginx's stable branch, pinned to its minor version (patch releases arrive with a rebuild).
FROM nginx:1.30-alpine AS web

COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /src/frontend/dist /usr/share/nginx/html

EXPOSE 80
