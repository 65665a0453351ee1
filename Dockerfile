# syntax=docker/dockerfile:1
# One image per service, built from the repository root:
#   docker build --build-arg SERVICE=documents -t hausportal-documents .
# SERVICE is one of: documents smartpost tasks portal notify.
# The image holds only the service's virtual environment (non-editable installs of the
# service, hausportal-kit and hausportal-contracts, and their locked dependencies): no source
# tree, no uv, no secrets. It runs as uid 10001 and writes nothing outside /tmp.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG UV_VERSION=0.13.9

FROM ghcr.io/astral-sh/uv:${UV_VERSION} AS uv

# --- builder: resolve from uv.lock, then install the workspace members -------------------
FROM ${PYTHON_IMAGE} AS builder
COPY --from=uv /uv /bin/uv

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3 \
    UV_PROJECT_ENVIRONMENT=/app/.venv

WORKDIR /src

# Workspace discovery needs the root and every member's pyproject.toml (uv #6685), but not
# their sources: this layer changes only when dependencies change.
COPY pyproject.toml uv.lock ./
COPY libs/contracts/pyproject.toml libs/contracts/
COPY libs/kit/pyproject.toml libs/kit/
COPY services/documents/pyproject.toml services/documents/
COPY services/smartpost/pyproject.toml services/smartpost/
COPY services/tasks/pyproject.toml services/tasks/
COPY services/portal/pyproject.toml services/portal/
COPY services/notify/pyproject.toml services/notify/
COPY deploy/embedded/pyproject.toml deploy/embedded/

ARG SERVICE
RUN case "${SERVICE}" in \
      documents|smartpost|tasks|portal|notify) ;; \
      *) echo "build with --build-arg SERVICE=documents|smartpost|tasks|portal|notify" >&2; exit 1 ;; \
    esac

# Third-party dependencies of this one service, exactly as locked.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-default-groups --no-install-workspace \
      --package "hausportal-${SERVICE}"

# The shared libraries and this service's sources; installed as wheels, not editable, so
# the runtime stage needs the virtual environment only.
COPY libs/ libs/
COPY services/${SERVICE}/ services/${SERVICE}/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-default-groups --no-editable \
      --package "hausportal-${SERVICE}"

# --- runtime -----------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home \
       --home-dir /tmp --shell /usr/sbin/nologin app

COPY --from=builder /app/.venv /app/.venv

ENV PATH="/app/.venv/bin:${PATH}" \
    HOME=/tmp \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HAUSPORTAL_SERVICE=${SERVICE}

LABEL org.opencontainers.image.title="hausportal-${SERVICE}"

WORKDIR /app
USER 10001:10001
EXPOSE 8000

# The Helm chart sets the same command explicitly; `hausportal-<service> migrate` runs the
# service's migrations from this image.
CMD ["/bin/sh", "-c", "exec uvicorn \"hausportal.${HAUSPORTAL_SERVICE}.main:create_app\" --factory --host 0.0.0.0 --port 8000 --proxy-headers"]
