"""A Django database backend that starts an embedded PostgreSQL server on first connection.

Used only when DATABASE_URL is unset, so that a fresh clone runs with nothing installed
beyond the Python packages. The server keeps running after the process exits and is shared
by every process (manage.py, the test run, gunicorn workers) pointing at the same folder.
"""
