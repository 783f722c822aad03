"""Celery's entry point: `celery -A tasks.worker worker` (or `hotline worker`)."""
from hotline.app import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
