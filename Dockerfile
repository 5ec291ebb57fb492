# news worker: one worker process per container; scale with `docker compose up --scale worker=N`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WORKER_CONFIG=/app/config

RUN useradd --create-home --uid 10001 --user-group worker

WORKDIR /app

# The package only, without the dev extras; config/ comes last so editing it rebuilds little.
COPY pyproject.toml README.md ./
COPY worker/ worker/
RUN pip install --no-cache-dir . && rm -rf build ./*.egg-info
COPY config/ config/

USER worker

# `worker health` exits 0 only while this worker's heartbeat in Redis is fresh.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-m", "worker", "health"]

# SIGTERM (docker stop) lets the worker finish the pages in flight; compose allows 30s.
STOPSIGNAL SIGTERM
CMD ["python", "-m", "worker", "run"]
