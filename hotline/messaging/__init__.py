"""Outgoing and incoming SMS and calls."""
