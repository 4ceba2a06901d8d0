"""Fetching `http(s)://` URLs with httpx, within the time, redirect and size bounds in `config.LIMITS`, and,
when `Limits.private_addresses` is off (the server's setting), only from public addresses (addresses.py).

Redirects are followed here, hop by hop, rather than by the client, so the bound holds whatever client the caller
passes. The body is streamed and dropped as soon as it passes the size limit. Every problem is a `FetchError`
whose message is one line: the status, the content type, the size, the timeout.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from types import TracebackType

import httpx

from storyline import __version__
from storyline.config import LIMITS, Limits
from storyline.errors import FetchError, IngestError
from storyline.ingest.addresses import guarded_client
from storyline.ingest.decode import decode
from storyline.ingest.files import one_line
from storyline.ingest.sniff import page_kind
from storyline.model import InputKind, RawInput

USER_AGENT = f"storyline/{__version__} (news dossier builder)"
SCHEMES = ("http://", "https://")
# What a server may send for an article, and how it is read; no content type at all is sniffed.
CONTENT_TYPES: dict[str, InputKind] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"


def is_url(source: str) -> bool:
    return source[:8].lower().startswith(SCHEMES)


class Session:
    """Fetches URLs with the caller's client, or with one made on first use and closed by `close()`."""

    def __init__(self, client: httpx.Client | None = None, *, limits: Limits = LIMITS) -> None:
        self._client = client
        self._owned: httpx.Client | None = None
        self._limits = limits

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._owned is not None:
            self._owned.close()
            self._owned = None

    @property
    def client(self) -> httpx.Client:
        if self._client is not None:
            return self._client
        if self._owned is None:
            make = httpx.Client if self._limits.private_addresses else guarded_client
            self._owned = make(
                timeout=httpx.Timeout(self._limits.fetch_timeout),
                headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
            )
        return self._owned

    def fetch(self, url: str) -> RawInput:
        """The page at `url` as a `RawInput` with `url` the final address and `fetched` the time (UTC)."""
        if not is_url(url):
            raise FetchError("not an http(s) URL", source=url)
        limits = self._limits
        deadline = time.monotonic() + limits.fetch_timeout
        try:
            return self._fetch(url, deadline)
        except FetchError as err:
            err.source = err.source or url
            raise
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {limits.fetch_timeout:g} s", source=url) from None
        except httpx.TooManyRedirects:
            raise FetchError(f"too many redirects (more than {limits.max_redirects})", source=url) from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchError(f"invalid URL: {_describe(exc)}", source=url) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"network error: {_describe(exc)}", source=url) from None
        except httpx.StreamError as exc:
            raise FetchError(f"cannot fetch: {_describe(exc)}", source=url) from None
        except UnicodeError:  # a host name that IDNA cannot encode
            raise FetchError("invalid URL: bad host name", source=url) from None

    def _fetch(self, url: str, deadline: float) -> RawInput:
        client = self.client
        limits = self._limits
        request = client.build_request("GET", url, timeout=httpx.Timeout(limits.fetch_timeout))
        for _ in range(limits.max_redirects + 1):
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                if response.is_redirect and response.next_request is not None:
                    request = response.next_request
                    if request.url.scheme not in ("http", "https"):
                        raise FetchError(f"refused: redirected to a {one_line(request.url.scheme, 20)}: URL")
                    continue
                return self._page(url, response, deadline)
            finally:
                response.close()
        raise FetchError(f"too many redirects (more than {limits.max_redirects})")

    def _page(self, url: str, response: httpx.Response, deadline: float) -> RawInput:
        status = response.status_code
        if not 200 <= status < 300:
            raise FetchError(f"HTTP {status} {response.reason_phrase}".rstrip())
        content_type = response.headers.get("content-type")
        media = content_type.split(";", 1)[0].strip().lower() if content_type else ""
        if media and media not in CONTENT_TYPES:
            raise FetchError(f"unsupported content type {one_line(media, 80)}")
        data = self._body(response, deadline)
        try:
            text = decode(data, content_type=content_type)
        except IngestError as err:
            raise FetchError(err.message) from None
        return RawInput(
            source=url,
            data=text,
            kind=CONTENT_TYPES.get(media) or page_kind(text),
            url=str(response.url),
            fetched=datetime.now(UTC),
        )

    def _body(self, response: httpx.Response, deadline: float) -> bytes:
        limits = self._limits
        limit = limits.max_input_bytes
        declared = response.headers.get("content-length", "")
        if declared.strip().isdigit() and int(declared) > limit:
            raise FetchError(f"too large: {int(declared)} bytes (the limit is {limit})")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"too large: more than {limit} bytes (the limit)")
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {limits.fetch_timeout:g} s")
            chunks.append(chunk)
        data = b"".join(chunks)
        if not data.strip():
            raise FetchError("empty response body")
        return data


def fetch_url(url: str, *, client: httpx.Client | None = None, limits: Limits = LIMITS) -> RawInput:
    """One URL fetched; raises `FetchError`."""
    with Session(client, limits=limits) as session:
        return session.fetch(url)


def _describe(exc: Exception) -> str:
    return one_line(str(exc), 160) or type(exc).__name__
