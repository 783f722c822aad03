"""Menus and dialogs defined once as data, rendered to TwiML for voice and to short SMS.

- texts/: every resident-facing text, in Kyrgyz, Russian and Uzbek
- engine.py: nodes, turns, sessions; what happens with a digit or a word
- voice.py / sms.py: render a Turn to TwiML or to an SMS reply
- menus.py: the language and main menus of CONTRACT.md
"""
