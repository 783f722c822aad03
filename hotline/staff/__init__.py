"""Coordinators, social workers and lawyers: who they are and when they are on duty."""
