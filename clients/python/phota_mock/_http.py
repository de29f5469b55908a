# SPDX-License-Identifier: Apache-2.0
"""HTTP on the standard library: no proxies, no redirects followed, every status returned."""

from __future__ import annotations

import json as _json
import urllib.error
import urllib.request
from email.message import Message
from typing import Any, Mapping, NamedTuple, Optional, Union


class PhotaMockError(Exception):
    """A call to phota-mock that did not succeed.

    ``status`` is the HTTP status (``None`` when the server never answered or never started), ``body`` the
    parsed JSON body (or the raw text when it is not JSON), ``method`` and ``url`` the request.
    """

    def __init__(
        self,
        message: str,
        status: Optional[int] = None,
        body: Any = None,
        method: Optional[str] = None,
        url: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = body
        self.method = method
        self.url = url

    @property
    def code(self) -> Optional[str]:
        """The Phota error body's ``code`` (``"NOT_FOUND"``, ``"BAD_REQUEST"``, …), when there is one."""
        return self.body.get("code") if isinstance(self.body, dict) else None


class Response(NamedTuple):
    """One answer. Unpacks as ``status, headers, body``.

    ``headers`` is case-insensitive (``headers["x-request-id"]``); ``body`` is the parsed JSON when the answer is
    JSON, else the raw bytes (pictures, metrics, an empty body).
    """

    status: int
    headers: Message
    body: Any


# Proxies from the environment (http_proxy, …) must never see a loopback server; redirects are the caller's to see.
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())

JSONBody = Union[Mapping[str, Any], list, str, int, float, bool, None]


def send(
    method: str,
    url: str,
    *,
    json: Any = None,
    data: Optional[bytes] = None,
    headers: Optional[Mapping[str, str]] = None,
    timeout: float = 60.0,
) -> Response:
    """Sends one request and returns its answer, whatever its status. A body is sent as JSON when ``json`` is given
    (``None`` sends no body: pass ``data=b"null"`` for a literal null), as ``data`` when that is given."""
    fields = dict(headers or {})
    if json is not None:
        data = _json.dumps(json).encode("utf-8")
        fields.setdefault("Content-Type", "application/json")
    elif data is None and method.upper() in ("POST", "PUT", "PATCH"):
        data = b""
    request = urllib.request.Request(url, data=data, method=method.upper(), headers=fields)
    try:
        with _opener.open(request, timeout=timeout) as answer:
            return Response(answer.status, answer.headers, _decode(answer.headers, answer.read()))
    except urllib.error.HTTPError as error:
        with error:
            return Response(error.code, error.headers, _decode(error.headers, error.read()))
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise PhotaMockError(f"{method.upper()} {url} failed: {reason}", method=method.upper(), url=url) from error


def _decode(headers: Message, raw: bytes) -> Any:
    kind = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if raw and (kind == "application/json" or kind.endswith("+json")):
        try:
            return _json.loads(raw)
        except ValueError:
            return raw
    return raw


def describe(body: Any) -> str:
    """A short text of a body for an error message."""
    if isinstance(body, (bytes, bytearray)):
        text = bytes(body[:500]).decode("utf-8", "replace")
    elif isinstance(body, (dict, list)):
        text = _json.dumps(body)[:500]
    else:
        text = str(body)[:500]
    return text
