"""Twilio's side of the service: /twilio/sms, /twilio/voice, /twilio/status."""
