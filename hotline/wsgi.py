"""The WSGI entry point for gunicorn: the one place an app is built at import."""
from hotline.app import create_app

app = create_app(web=True)  # bounded lock waits (hotline/app.py, WEB_LOCK_TIMEOUT_MS)
