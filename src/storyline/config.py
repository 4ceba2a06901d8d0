"""Settings read once from the environment, with the defaults the interface documents."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DB = "sqlite:///storyline.db"


def default_db_url() -> str:
    return os.environ.get("STORYLINE_DB") or DEFAULT_DB


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one input may cost. Pages past them are recorded as failures, not half-read."""

    max_input_bytes: int = 50 * 1024 * 1024  # one file, one URL body, one WARC record (decompressed)
    max_text_chars: int = 2_000_000  # an article body past this is not an article
    fetch_timeout: float = 20.0
    max_redirects: int = 5


LIMITS = Limits()
