"""Signals other domains listen to (alerts phone a worker whose SMS failed)."""
from blinker import Namespace

_signals = Namespace()

# sender: the OutboundMessage row whose final status is failed or undelivered
message_failed = _signals.signal("message-failed")
# sender: the OutboundMessage row that Twilio reported delivered
message_delivered = _signals.signal("message-delivered")
