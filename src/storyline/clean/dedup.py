"""Near-duplicates: MinHash over word shingles, banded for LSH lookups in the store.

A syndicated copy of a wire story differs from the original by a headline, an outlet line or a sentence; its
5-word shingles overlap the original's far above chance. 128 permutations in 32 bands of 4 rows put the LSH
threshold near 0.42 for candidates; a candidate is a copy only when its estimated Jaccard similarity is at least
`THRESHOLD`, so the bands cast a wide net and the check decides.

A copy is published near its original: within `COPY_DAYS` of it (either date unknown counts as near). The same
words published further apart are another report (a brief that repeats word for word: "North Korea fired
artillery rounds near the NLL" in January and again in August), read against its own date.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date, timedelta

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
THRESHOLD = 0.8
COPY_DAYS = 7
_WORD = re.compile(r"\w+")


def near_in_time(a: date | None, b: date | None) -> bool:
    """Whether two publication dates are close enough for one text to be a copy of the other."""
    return a is None or b is None or abs((a - b).days) <= COPY_DAYS


def copy_window(published: date | None) -> tuple[date, date] | None:
    """The publication dates a copy of a text published then may have: None, any."""
    if published is None:
        return None
    return published - timedelta(days=COPY_DAYS), published + timedelta(days=COPY_DAYS)


def signature(text: str) -> MinHash | None:
    """The MinHash of a text's word 5-shingles; None for texts too short to judge (under 2 shingles)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE + 1:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch([" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)])
    return m


def bands(sig: MinHash) -> list[str]:
    """The LSH band keys of a signature: the same key in two documents makes them candidates."""
    values = sig.hashvalues
    keys = []
    for b in range(BANDS):
        chunk = values[b * ROWS : (b + 1) * ROWS].tobytes()
        keys.append(f"{b:02d}:{hashlib.blake2b(chunk, digest_size=12).hexdigest()}")
    return keys


def to_bytes(sig: MinHash) -> bytes:
    return bytes(sig.hashvalues.astype(np.uint64).tobytes())


def similarity(sig: MinHash, stored: bytes) -> float:
    other = np.frombuffer(stored, dtype=np.uint64)
    if other.shape != sig.hashvalues.shape:
        return 0.0
    return float(np.count_nonzero(sig.hashvalues == other)) / NUM_PERM


def nearest(sig: MinHash, candidates: Iterable[tuple[str, bytes]]) -> tuple[str, float] | None:
    """The candidate (id, stored signature) this signature nearly repeats (estimated Jaccard ≥ `THRESHOLD`):
    the most similar, the first of equals; None if none is."""
    best: tuple[str, float] | None = None
    for doc_id, stored in candidates:
        sim = similarity(sig, stored)
        if sim >= THRESHOLD and (best is None or sim > best[1]):
            best = (doc_id, sim)
    return best
