"""A PostgreSQL backend that starts its own server (pgserver) on first connection.

Used when DATABASE_URL is not set, so `make demo` needs nothing but Python. The server
lives in a git-ignored data folder and is shared by every process of the project
(gunicorn, management commands, workers); pgserver stops it when the last one exits.
"""
