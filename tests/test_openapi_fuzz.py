"""Schemathesis against the app's own OpenAPI document: every operation, with generated valid and invalid
requests, answers as its schema says (status codes, content types, bodies), never with a 500, and writing is
refused without the token. The dossier is the sample corpus plus an article full of markup and quotes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from storyline.api import create_app
from storyline.api.guards import Policy
from storyline.pipeline import ingest
from storyline.store import open_store
from tests.conftest import EXAMPLES, dossier_fingerprint

EXAMPLES_PER_OPERATION = 60
TRIED: dict[str, int] = {}
FINGERPRINT: dict[str, str] = {}  # the dossier's, before any request


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('openapi') / 'dossier.db'}"
    hostile = tmp_path_factory.mktemp("openapi-input") / "hostile.jsonl"
    hostile.write_text(json.dumps({
        "title": "<script>alert(1)</script> ' OR 1=1 --", "published": "2019-05-01", "outlet": "Robert'); DROP",
        "text": "Officials in Tokyo said on Monday that the talks would resume next month.\n\n"
                "\"We will not give up,\" the minister said, according to the ministry.",
    }) + "\n", encoding="utf-8")
    with open_store(url) as store:
        ingest(store, [str(EXAMPLES), str(hostile)], workers=1)
    FINGERPRINT[url] = dossier_fingerprint(url)
    return url


@pytest.fixture(scope="module")
def app(dossier: str) -> Iterator[FastAPI]:
    # a token the generated requests do not know: every POST /api/ingest must be refused (401/403), and stay so
    application = create_app(dossier, policy=Policy(token="not-in-the-schema", rate=0))
    yield application
    application.state.store.close()


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
def test_every_operation_answers_as_its_schema_says(app: FastAPI, mode: GenerationMode) -> None:
    """Positive: requests the schema allows; negative: requests it forbids, which must be 4xx, not 500."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case: Any) -> None:
            label = f"{mode.value} {case.operation.label}"
            TRIED[label] = TRIED.get(label, 0) + 1
            response = case.call()
            # JSON Schema cannot say how long each month is: 2018-11-31 matches the pattern, and is still a 422
            if not (response.status_code == 422 and "day is out of range for month" in response.text):
                case.validate_response(response)
            assert response.status_code < 500, (label, response.text[:300])

        try:
            check()
        except Unsatisfiable:  # nothing of this operation can be made invalid (e.g. no parameters): none to send
            assert mode is GenerationMode.NEGATIVE and not list(operation.iter_parameters()) and not operation.body


def test_the_fuzzing_wrote_nothing(dossier: str) -> None:
    """Runs after the fuzzing above (file order): the dossier is byte for byte what was ingested."""
    assert sum(TRIED.values()) >= 100, TRIED  # the run above really sent requests
    print(f"\nschemathesis: {sum(TRIED.values())} requests over {len(TRIED)} operations")
    assert dossier_fingerprint(dossier) == FINGERPRINT[dossier]
