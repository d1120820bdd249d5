"""The whatsapp-ingest container."""

import sys
import warnings

# Before anything imports peewee: it then loads without the PostgreSQL driver (puzzlesecretary/__init__.py).
import puzzlesecretary  # noqa: E402, F401

# Before anything imports requests: without charset_normalizer (2.2 MiB of the image's peak RSS,
# docs/performance.md). requests only guesses a body's encoding with it when the answer names
# no charset and .text is read; WAHA answers JSON, which .json() decodes without a guess, and
# the one .text (an error's first 200 characters) then reads as UTF-8. requests warns once that
# no detector is found; that is the point, so that one warning is silenced.
if "requests" not in sys.modules:
    sys.modules.setdefault("charset_normalizer", None)  # type: ignore[assignment]
    warnings.filterwarnings("ignore", message="Unable to find acceptable character detection dependency")
