"""A lawyer calls you back: callback requests by SMS, voice and missed call, and their queue."""
