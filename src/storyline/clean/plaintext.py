from __future__ import annotations
from storyline.model import Cleaned

def clean_text(text: str) -> Cleaned:
    return Cleaned(text=text)
