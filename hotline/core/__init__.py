"""Machinery shared by the domain packages: phones, time, logging."""
