"""The ceiling: a bare Flask app that answers every POST /twilio/sms with a constant
TwiML message, no signature check, no database, no broker. bench_webhooks.py
serves it with exactly the gunicorn settings of `hotline web` and the same load.

    gunicorn bench.ceiling_app:app
"""
from __future__ import annotations

from flask import Flask, Response

TWIML = ('<?xml version="1.0" encoding="UTF-8"?><Response><Message>'
         "Автобус келет 12.06 10:00-13:00, айыл өкмөтү.</Message></Response>")

app = Flask(__name__)


@app.post("/twilio/sms")
def sms() -> Response:
    return Response(TWIML, mimetype="text/xml")
