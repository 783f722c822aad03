"""Urgent help: a discreet signal that reaches a social worker on duty, escalating until taken.

models (Alert, AlertEvent: the timeline), roster (who is asked, tier by tier),
service (raise, take, pass, close), escalation (the beat-driven steps), flows
(SMS detector, voice node 9), staff_commands (ACK/DONE/PASS), guard (who may
act on an alert; slowing a phone that guesses), purge (what is left after purge),
routes (the screen a worker hears before a live call is bridged, and the alert call),
beat_watch (is escalation running; the coordinators told when not).
"""
