# SPDX-License-Identifier: Apache-2.0
"""One test's view of a server: its base URL and its own API key."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence

from ._http import Response
from .server import PhotaMock


class PhotaClient:
    """A server and one API key (an isolated account), as the ``phota_client`` fixture hands it out.

    ``base_url``, ``api_url`` and ``headers`` configure a client under test; the methods call the API with the
    key and move only this account's clock. ``inbox_name`` is an inbox of its own for callbacks.
    """

    def __init__(self, mock: PhotaMock, api_key: str, inbox_name: Optional[str] = None) -> None:
        self.mock = mock
        self.api_key = api_key
        self.inbox_name = inbox_name or api_key

    @property
    def base_url(self) -> str:
        return self.mock._base()

    @property
    def api_url(self) -> str:
        return self.mock.api_url

    @property
    def headers(self) -> Dict[str, str]:
        """``{"X-API-Key": key}``."""
        return {"X-API-Key": self.api_key}

    @property
    def inbox_url(self) -> str:
        return self.mock.inbox_url(self.inbox_name)

    def request(self, method: str, path: str, json: Any = None, *, headers: Optional[Mapping[str, str]] = None) -> Response:
        """See :meth:`PhotaMock.request`; sent with this key."""
        return self.mock.request(method, path, self.api_key, json, headers=headers)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, json: Any = None) -> Response:
        return self.request("POST", path, json)

    def delete(self, path: str) -> Response:
        return self.request("DELETE", path)

    def add_profile(
        self, image_urls: Optional[Sequence[str]] = None, training_tier: str = "fast", tag: Optional[str] = None
    ) -> str:
        return self.mock.add_profile(self.api_key, image_urls, training_tier, tag)

    def status(self, profile_id: str) -> Dict[str, Any]:
        return self.mock.status(self.api_key, profile_id)

    def wait_ready(self, profile_id: str, timeout: float = 10.0) -> Dict[str, Any]:
        return self.mock.wait_ready(self.api_key, profile_id, timeout)

    def job(self, job_id: str) -> Dict[str, Any]:
        return self.mock.job(self.api_key, job_id)

    def wait_job(self, job_id: str, timeout: float = 10.0) -> Dict[str, Any]:
        return self.mock.wait_job(self.api_key, job_id, timeout)

    def advance(self, seconds: float) -> Dict[str, Any]:
        """Moves this account's clock only."""
        return self.mock.advance(seconds, api_key=self.api_key)

    def clock(self) -> Dict[str, Any]:
        return self.mock.clock(self.api_key)

    def credit(self) -> Dict[str, Any]:
        return self.mock.credit(self.api_key)

    def set_credit(self, dollars: Optional[float]) -> Dict[str, Any]:
        return self.mock.set_credit(self.api_key, dollars)

    def add_fault(self, rule: Mapping[str, Any]) -> Dict[str, Any]:
        """A fault rule narrowed to this key (removed by the reset after the test)."""
        return self.mock.add_fault({**rule, "api_key": self.api_key})

    def journal(self, **filters: Any) -> List[Dict[str, Any]]:
        return self.mock.journal(api_key=self.api_key, **filters)

    def callbacks(self, job_id: Optional[str] = None) -> List[Dict[str, Any]]:
        return self.mock.callbacks(api_key=self.api_key, job_id=job_id)

    def inbox(self) -> List[Dict[str, Any]]:
        return self.mock.inbox(self.inbox_name)

    def wait_inbox(self, count: int = 1, timeout: float = 10.0) -> List[Dict[str, Any]]:
        return self.mock.wait_inbox(self.inbox_name, count, timeout)

    def __repr__(self) -> str:
        return f"<PhotaClient {self.mock.base_url or '-'} key={self.api_key}>"
