"""The local engine's worker processes: how they start, and that they read what one process reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from storyline.engines.local import _context

SRC = Path(__file__).resolve().parent.parent / "src"

# Run in a fresh process (no thread but its own): the model loaded, the same documents read by one process and by
# two workers; prints the start method the pool used and whether the readings agree.
SCRIPT = r"""
import json
from storyline.engines.local import _context
from storyline.extract.nlp import load
from storyline.model import Document
from storyline.pipeline import annotate_documents
texts = [
    f"Officials in Tokyo said on Monday that talks number {i} with Pyongyang on the abductees would resume in "
    f"Beijing next week. North Korea fired {i + 2} missiles into the sea on Sunday, the ministry said."
    for i in range(40)
]
docs = [Document(id=f"d{i}", text=t) for i, t in enumerate(texts)]
one = list(annotate_documents(iter(docs), workers=1))
method = _context().get_start_method()
two = list(annotate_documents(iter(docs), workers=2))
print(json.dumps({"method": method, "same": one == two, "events": sum(len(a.events) for a in two)}))
"""


def test_workers_forked_from_a_process_holding_the_model_read_as_that_process_does() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=os.environ | {"PYTHONPATH": str(SRC)},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["method"] == "fork"  # the model was loaded and no other thread ran: the workers share it
    assert out["same"] and out["events"] > 40


def test_a_process_running_another_thread_starts_its_workers_from_the_fork_server() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, name="a-progress-bar")
    other.start()
    try:
        assert _context().get_start_method() == "forkserver"  # a fork would copy that thread's locks
    finally:
        stop.set()
        other.join()
