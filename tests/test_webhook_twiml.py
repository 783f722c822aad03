"""The SMS reply's TwiML is built as a string (issue 20), and must print exactly what twilio's
MessagingResponse printed: the same bytes reach Twilio for every text."""
from __future__ import annotations

import pytest
from twilio.twiml.messaging_response import MessagingResponse

from hotline.webhooks.inbound import sms_reply


def twilios(text: str | None) -> str:
    response = MessagingResponse()
    if text:
        response.message(text)
    return str(response)


@pytest.mark.parametrize("text", [
    None, "", "Гүлчө: 05.12 09:30-12:00, айыл өкмөтү. 1 - эскертүү", "a & b < c > d",
    "&amp; already escaped", "quotes \" and ' stay", "]]> <![CDATA[", "tab\tnew\nline\r",
    "emoji 🚌 and ZWJ 👩‍⚖️", "\x01 control", "  spaces kept  ", "<Message>inner</Message>",
])
def test_the_reply_is_what_twilios_messaging_response_printed(text):
    assert sms_reply(text) == twilios(text)
