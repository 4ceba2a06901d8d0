"""The HTTP API (FastAPI): the dossier's JSON objects under /api, OpenAPI at /openapi.json, the web UI beside it."""

from storyline.api.app import create_app

__all__ = ["create_app"]
