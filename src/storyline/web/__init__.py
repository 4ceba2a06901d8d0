"""The web UI: server-rendered pages over the same read layer as the API, with static CSS and JS beside them."""

from storyline.web.pages import router
from storyline.web.render import templates

__all__ = ["router", "templates"]
