"""Moved to hotline.messaging.receipts (machinery every layer may use, not the web layer's).

Kept while branches written before the move are merged; new code imports the new path."""
from hotline.messaging.receipts import *  # noqa: F401,F403
