# SPDX-License-Identifier: Apache-2.0
"""pytest plugin: a phota-mock server per session (per xdist worker) and a fresh API key per test.

Loaded by the ``pytest11`` entry point once the package is installed, or with ``-p phota_mock.plugin``.

Fixtures:

- ``phota_mock``: the session's :class:`~phota_mock.PhotaMock`, started on first use, stopped at the end.
  Extra server arguments come from the ini option ``phota_mock_args`` then ``--phota-mock-args`` (later flags
  win); the binary from ``--phota-mock-binary``, the ini option ``phota_mock_binary``, ``$PHOTA_MOCK_BINARY``, or
  ``phota-mock`` on PATH.
- ``phota_api_key``: a new key ``test-<32 hex>`` per test, its account reset (and its inbox emptied) afterwards.
  Accounts are isolated, so tests never see each other's profiles, balances, clocks or jobs.
- ``phota_client``: a :class:`~phota_mock.PhotaClient` of that server and key.
"""

from __future__ import annotations

import shlex
import uuid
from typing import Iterator, List

import pytest

from .client import PhotaClient
from .server import PhotaMock


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("phota-mock")
    group.addoption(
        "--phota-mock-binary",
        default=None,
        help="the phota-mock executable (default: $PHOTA_MOCK_BINARY, else phota-mock on PATH)",
    )
    group.addoption(
        "--phota-mock-args",
        default=None,
        help='extra arguments for `phota-mock serve`, one shell-quoted string (e.g. "--preset instant")',
    )
    parser.addini("phota_mock_args", "extra arguments for `phota-mock serve` (shell-quoted)", type="args", default=[])
    parser.addini("phota_mock_binary", "the phota-mock executable", default="")


def _server_args(config: pytest.Config) -> List[str]:
    args = list(config.getini("phota_mock_args"))
    extra = config.getoption("phota_mock_args")
    if extra:
        args += shlex.split(extra)
    return args


def _binary(config: pytest.Config):
    return config.getoption("phota_mock_binary") or config.getini("phota_mock_binary") or None


@pytest.fixture(scope="session")
def phota_mock(pytestconfig: pytest.Config) -> Iterator[PhotaMock]:
    """A phota-mock server for the whole session (each xdist worker starts its own)."""
    mock = PhotaMock(_server_args(pytestconfig), binary=_binary(pytestconfig))
    mock.start()
    try:
        yield mock
    finally:
        mock.stop()


@pytest.fixture
def phota_api_key(phota_mock: PhotaMock) -> Iterator[str]:
    """A fresh API key (an account of its own); reset after the test."""
    key = f"test-{uuid.uuid4().hex}"
    yield key
    if phota_mock.running:
        phota_mock.reset(api_key=key)
        phota_mock.clear_inbox(key)


@pytest.fixture
def phota_client(phota_mock: PhotaMock, phota_api_key: str) -> PhotaClient:
    """The server's URLs and the test's key in one object (its inbox is named after the key)."""
    return PhotaClient(phota_mock, phota_api_key)
