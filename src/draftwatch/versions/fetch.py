"""Fetching a URL: the only network code, and the only home of httpx.

A fetch has a timeout, a size limit (the body is streamed and dropped past it), follows a few
redirects, and may be conditional (If-None-Match / If-Modified-Since from the last fetch).
Every failure is one BadInputError line.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from draftwatch.errors import BadInputError

TIMEOUT_SECONDS = float(os.environ.get("DRAFTWATCH_FETCH_TIMEOUT", "30"))
MAX_BYTES = int(os.environ.get("DRAFTWATCH_FETCH_MAX_BYTES", str(20 * 1024 * 1024)))
MAX_REDIRECTS = 5
USER_AGENT = "draftwatch (+https://pypi.org/project/draftwatch/)"


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # the final URL, after redirects
    status: int  # 200, or 304 (not modified: no body)
    content_type: str  # e.g. text/html, without parameters
    data: bytes | None
    etag: str
    last_modified: str
    fetched_at: str  # ISO 8601, UTC, seconds


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float | None = None,
    max_bytes: int | None = None,
) -> Fetched:
    import httpx

    limit = MAX_BYTES if max_bytes is None else max_bytes
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    fetched_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    waited = TIMEOUT_SECONDS if timeout is None else timeout
    deadline = time.monotonic() + waited * 2  # the whole fetch; `waited` bounds each wait
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=waited,
                trust_env=False,
            ) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            final = str(response.url)
            if response.status_code == 304:
                return Fetched(final, 304, "", None, etag, last_modified, fetched_at)
            if response.status_code >= 400:
                phrase = response.reason_phrase or "error"
                raise BadInputError(f"{url}: the server answered {response.status_code} {phrase}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise BadInputError(
                    f"{url}: too large ({_size(int(declared))}; limit {_size(limit)})"
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise BadInputError(f"{url}: too large (more than {_size(limit)})")
                if time.monotonic() > deadline:  # a server that drips its answer
                    raise BadInputError(
                        f"{url}: timed out (the answer took longer than {waited * 2:g} s)"
                    )
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            return Fetched(
                final,
                response.status_code,
                content_type,
                bytes(body),
                response.headers.get("etag", ""),
                response.headers.get("last-modified", ""),
                fetched_at,
            )
    except httpx.TimeoutException:
        raise BadInputError(f"{url}: timed out (no answer within {waited:g} s)") from None
    except httpx.TooManyRedirects:
        raise BadInputError(f"{url}: too many redirects") from None
    except httpx.InvalidURL as error:
        raise BadInputError(f"{url}: not a valid URL ({error})") from None
    except httpx.UnsupportedProtocol:
        raise BadInputError(f"{url}: only http:// and https:// URLs can be fetched") from None
    except httpx.ConnectError as error:
        raise BadInputError(f"{url}: cannot connect ({_reason(error)})") from None
    except httpx.HTTPError as error:
        raise BadInputError(f"{url}: fetch failed ({_reason(error)})") from None


def _reason(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count} bytes"
