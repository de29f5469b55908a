# SPDX-License-Identifier: Apache-2.0
"""Start phota-mock from Python, drive its ``/_mock`` control plane, and use it from pytest."""

from ._http import PhotaMockError, Response
from .client import PhotaClient
from .server import BINARY_ENV, PhotaMock, find_binary, parse_listening_line

__all__ = [
    "BINARY_ENV",
    "PhotaClient",
    "PhotaMock",
    "PhotaMockError",
    "Response",
    "find_binary",
    "parse_listening_line",
]
__version__ = "0.1.0"
