"""The web container."""
