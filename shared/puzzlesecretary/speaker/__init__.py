"""PuzzleSecretary speaks first: recaps posted at each group's time, reminders before a game resets.

`clock.py` turns a local wall time into an instant (the DST rule), `recaps.py` and
`reminders.py` decide purely what is due, `plans.py` reads and writes the settings they need,
and `loop.py` is the thin loop that puts what is due in the outbox, once.
"""
