"""Places and the bus schedule: where the bus goes, when, and what people call those places."""
