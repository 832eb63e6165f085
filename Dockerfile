# Qingfeng (清风) production image: gunicorn serves the app, WhiteNoise the static files.
# Build: docker compose build   (see README.md, "Production deployment")
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    QINGFENG_VAR_DIR=/app/var \
    QINGFENG_PRIVATE_MEDIA_ROOT=/data/private

# gettext compiles the translations; no compiler is needed (all wheels are binary).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 1000 qingfeng \
    && useradd --system --uid 1000 --gid qingfeng --home-dir /app --shell /usr/sbin/nologin qingfeng

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

# Code and static files stay owned by root: the app user writes only var/ and /data/private.
COPY . .

# Translations and static files are built into the image. The settings need a key and
# hosts to load; these throwaway values exist only during the build.
RUN mkdir -p /app/var /data/private \
    && if [ -d locale ]; then DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=localhost python manage.py compilemessages -v0; fi \
    && DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput -v0 \
    && rm -rf /app/var/* \
    && chown -R qingfeng:qingfeng /app/var /data/private

USER qingfeng
VOLUME ["/data/private"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "scripts/healthcheck.py"]

CMD ["gunicorn", "config.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", \
     "--timeout", "60", \
     "--forwarded-allow-ips", "*", \
     "--access-logfile", "-"]
