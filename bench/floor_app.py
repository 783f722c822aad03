"""The floor of a durable design: a bare Flask app that checks the Twilio
signature, records each message with one INSERT and COMMIT (raw psycopg, one
connection per thread, no ORM) and answers a constant TwiML message.

Any design that writes a message to PostgreSQL before answering it, as the
hotline does so that nothing is lost, costs at least this much. bench_webhooks.py
serves it with the gunicorn settings of `hotline web` and the same load, so its
ratio to the ceiling tells how much of the ceiling such a design can reach here.

    HOTLINE_DATABASE_URL=postgresql+psycopg://... TWILIO_AUTH_TOKEN=... \
    HOTLINE_PUBLIC_URL=http://127.0.0.1:PORT gunicorn bench.floor_app:app
"""
from __future__ import annotations

import os
import threading

import psycopg
from flask import Flask, Response, request
from twilio.request_validator import RequestValidator

from bench.ceiling_app import TWIML

CONNINFO = os.environ["HOTLINE_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
PUBLIC_URL = os.environ["HOTLINE_PUBLIC_URL"]
VALIDATOR = RequestValidator(os.environ["TWILIO_AUTH_TOKEN"])
FORBIDDEN = Response("forbidden", status=403)

app = Flask(__name__)
_local = threading.local()


def _create_table() -> None:
    with psycopg.connect(CONNINFO) as connection:  # one transaction: both gunicorn workers run this
        connection.execute("SELECT pg_advisory_xact_lock(7431)")
        connection.execute("CREATE TABLE IF NOT EXISTS floor_messages (sid text PRIMARY KEY, from_phone text,"
                           " body text, created_at timestamptz NOT NULL DEFAULT now())")


def _connection() -> psycopg.Connection:
    if getattr(_local, "connection", None) is None:
        _local.connection = psycopg.connect(CONNINFO, autocommit=True)  # each INSERT commits
    return _local.connection


@app.post("/twilio/sms")
def sms() -> Response:
    form = request.form
    if not VALIDATOR.validate(PUBLIC_URL + request.path, form, request.headers.get("X-Twilio-Signature", "")):
        return FORBIDDEN
    _connection().execute("INSERT INTO floor_messages (sid, from_phone, body) VALUES (%s, %s, %s)"
                          " ON CONFLICT (sid) DO NOTHING", (form["MessageSid"], form["From"], form["Body"]))
    return Response(TWIML, mimetype="text/xml")


_create_table()
