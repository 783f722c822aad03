"""Voice prompt recordings: one store every web process reads (the database), the machine
voice that fills it out of the box, and coverage as a coordinator reads it.

- models.py: a recording (language, what it says, machine or human, the audio itself).
- audio.py: trim silence, one loudness, 8 kHz mono WAV.
- machine.py: eSpeak NG through ctypes (the espeakng-loader wheel: no system package).
- store.py: the lookup a voice webhook makes (cached per process), and saving.
- generate.py: what should be recorded, and making the machine voice of what changed.
- coverage.py: human / machine / missing, the share of a typical call in a human voice.
"""
