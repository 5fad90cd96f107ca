# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 STATIC_ROOT=/app/staticfiles
WORKDIR /app

COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock

COPY . .
# collectstatic (compressed, fingerprinted copies in $STATIC_ROOT) needs settings but no
# database: give it a syntactically valid URL.
RUN DATABASE_URL=postgres://build@localhost/build python manage.py collectstatic --noinput -v0

RUN useradd --create-home --uid 1000 app && chown -R app /app
USER app
EXPOSE 8000
# Workers from WEB_CONCURRENCY (config/gunicorn.py); in a container it listens on every address.
ENV BIND=0.0.0.0:8000
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
