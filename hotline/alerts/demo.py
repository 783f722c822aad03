"""Demo: nothing to preload; the staff demo puts social workers on duty, so an SMS
"SOS" (or 9 in any voice menu) raises a live alert you can ACK from a staff phone."""


def load() -> str:
    return "alerts: send SOS from any phone to raise one; ACK/PASS/DONE <n> from a staff phone"
