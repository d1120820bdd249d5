"""Recaps: what a group played yesterday, last week, last month, in a dozen lines that spoil nothing."""
