"""The Celery app and thin tasks: each loads rows by id and calls a domain function."""
