"""PuzzleSecretary: daily puzzle scores from group chats, rolled up."""

__version__ = "0.1.0"
