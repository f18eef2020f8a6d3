"""WSGI entry point: `gunicorn` here (gunicorn.conf.py names `wsgi:app`), or `flask --app wsgi run`."""

from sandbox.app import create_app, start_background_work

app = create_app()
start_background_work(app)
