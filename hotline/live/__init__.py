"""Live updates from the bus crew: HERE, LATE, NEXT, LEFT and UNDO by SMS, pushed to residents around.

models.py    one row per crew command (CrewEvent), the record of what the bus did
commands.py  parsing the crew's SMS words (Latin and Cyrillic)
service.py   applying a command to a visit, UNDO, where the bus is, planned vs actual
notices.py   who is told, the texts, quiet hours, and the beat job that releases held notices
flows.py     registers the staff commands and the live line of the BUS answer
"""
