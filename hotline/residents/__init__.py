"""The people who text and call us: language, opt-out, their village."""
