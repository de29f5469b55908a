# SPDX-License-Identifier: Apache-2.0
import os
import sys
from pathlib import Path

import pytest

from phota_mock import find_binary

# The package's root, so that inner pytest runs (pytester) and xdist workers import this copy.
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def phota_binary(pytestconfig) -> str:
    """The executable the plugin starts, as an absolute path."""
    return find_binary(pytestconfig.getoption("phota_mock_binary") or pytestconfig.getini("phota_mock_binary") or None)


@pytest.fixture
def inner_env(monkeypatch, phota_binary):
    """What an inner pytest run needs: this package importable and the binary named."""
    paths = [str(PACKAGE_ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    monkeypatch.setenv("PHOTA_MOCK_BINARY", phota_binary)
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)
    if str(PACKAGE_ROOT) not in sys.path:
        monkeypatch.syspath_prepend(str(PACKAGE_ROOT))
    return phota_binary
