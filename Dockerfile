# Hamstrong production image: gunicorn on PostgreSQL, static files baked in.
# The build steps live in scripts/docker-build-steps.sh so CI runs them too.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install --disable-pip-version-check -q .
COPY . .
RUN PYTHON=python scripts/docker-build-steps.sh \
 && rm -rf .venv .git tests db.sqlite3

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DEBUG=0 \
    WEB_CONCURRENCY=3
RUN useradd --create-home --uid 10001 hamstrong
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=hamstrong:hamstrong /app /app
WORKDIR /app
USER hamstrong
EXPOSE 8000
# /healthz is exempt from the HTTPS redirect; the Host header must be allowed.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import os, urllib.request as u; h = os.environ['ALLOWED_HOSTS'].split(',')[0].strip().lstrip('.'); u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"
ENTRYPOINT ["scripts/docker-entrypoint.sh"]
CMD ["sh", "-c", "exec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY} --access-logfile - --forwarded-allow-ips=\"${TRUSTED_PROXIES:-127.0.0.1}\""]
