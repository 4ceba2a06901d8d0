from __future__ import annotations
import trafilatura
from storyline.model import Cleaned

def clean_html(html: str, *, url: str | None = None) -> Cleaned:
    return Cleaned(text=trafilatura.extract(html) or "")
