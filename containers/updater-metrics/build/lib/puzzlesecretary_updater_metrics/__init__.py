"""The updater-metrics container."""
