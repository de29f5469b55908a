# SPDX-License-Identifier: Apache-2.0
"""Starting and stopping a phota-mock server, and its ``/_mock`` control plane."""

from __future__ import annotations

import json as _json
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from ._http import PhotaMockError, Response, describe, send

BINARY_ENV = "PHOTA_MOCK_BINARY"

# `phota-mock 0.1.0 listening on http://127.0.0.1:8040` (Sources/PhotaMockCLI/Serve.swift); an IPv6 host is
# bracketed.
_LISTENING = re.compile(
    r"^phota-mock (?P<version>\S+) listening on (?P<url>http://(?P<host>\[[^\]]*\]|[^:/\s]+):(?P<port>\d+))\s*$"
)

# An unspecified listening address is reached on loopback.
_UNSPECIFIED = {"0.0.0.0": "127.0.0.1", "[::]": "[::1]"}

# Fast-tier profiles take 5 to 10 image URLs, standard-tier ones 10 to 50.
_MIN_IMAGES = {"fast": 5, "standard": 10}


def parse_listening_line(line: str) -> Tuple[str, int, str]:
    """Reads the line phota-mock prints once it accepts connections.

    Returns ``(base_url, port, version)``; ``base_url`` is ``http://HOST:PORT`` with an unspecified address
    (``0.0.0.0``, ``[::]``) replaced by loopback. Raises ``ValueError`` for any other line.
    """
    match = _LISTENING.match(line.rstrip("\r\n"))
    if not match:
        raise ValueError(f"not a phota-mock listening line: {line!r}")
    host = _UNSPECIFIED.get(match["host"], match["host"])
    port = int(match["port"])
    if not 0 < port < 65536:
        raise ValueError(f"port out of range in {line!r}")
    return f"http://{host}:{port}", port, match["version"]


def find_binary(binary: Optional[Union[str, os.PathLike]] = None) -> str:
    """The executable to start: ``binary`` if given, else ``$PHOTA_MOCK_BINARY``, else ``phota-mock`` on PATH."""
    candidate = os.fspath(binary) if binary else os.environ.get(BINARY_ENV) or None
    if candidate:
        found = shutil.which(candidate) if os.sep not in candidate else candidate
        if found and os.path.isfile(found) and os.access(found, os.X_OK):
            return os.path.abspath(found)
        raise PhotaMockError(f"phota-mock binary {candidate!r} is not an executable file")
    found = shutil.which("phota-mock")
    if not found:
        raise PhotaMockError(
            f"phota-mock not found: set {BINARY_ENV}, pass --phota-mock-binary, or put phota-mock on PATH "
            "(build it with `swift build --product phota-mock`)"
        )
    return found


class PhotaMock:
    """One phota-mock server, a child process of this one.

    ``PhotaMock(args=["--preset", "instant"])`` runs ``phota-mock serve --port 0 --db :memory: --log-level
    warning --preset instant`` (later flags win, so ``args`` may override those defaults). ``start()`` waits for
    the listening line; ``stop()`` (or leaving a ``with`` block) ends it. The admin methods call ``/_mock`` and
    raise :class:`PhotaMockError` on any non-2xx answer.
    """

    def __init__(
        self,
        args: Sequence[str] = (),
        *,
        binary: Optional[Union[str, os.PathLike]] = None,
        startup_timeout: float = 30.0,
        stop_grace: float = 10.0,
        admin_token: Optional[str] = None,
        env: Optional[Mapping[str, str]] = None,
        request_timeout: float = 60.0,
    ) -> None:
        self.args = list(args)
        self.binary = binary
        self.startup_timeout = startup_timeout
        self.stop_grace = stop_grace
        self.admin_token = admin_token
        self.env = env
        self.request_timeout = request_timeout
        self.base_url: Optional[str] = None
        self.port: Optional[int] = None
        self.version: Optional[str] = None
        self.process: Optional[subprocess.Popen] = None
        self._stderr = None

    # MARK: Lifecycle

    @property
    def command(self) -> List[str]:
        """The command line ``start()`` runs."""
        command = [find_binary(self.binary), "serve", "--port", "0", "--db", ":memory:", "--log-level", "warning"]
        if self.admin_token is not None:
            command += ["--admin-token", self.admin_token]
        return command + self.args

    @property
    def api_url(self) -> str:
        """``http://127.0.0.1:PORT/v1/phota``."""
        return self._base() + "/v1/phota"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> "PhotaMock":
        """Starts the server and waits (``startup_timeout`` seconds at most) for its listening line."""
        if self.process is not None:
            raise PhotaMockError("this PhotaMock was already started")
        command = self.command
        environment = dict(os.environ if self.env is None else self.env)
        self._stderr = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._stderr, env=environment
            )
        except OSError as error:
            self._close_files()
            raise PhotaMockError(f"cannot run {command[0]}: {error}") from error
        lines: "queue.Queue[bytes]" = queue.Queue()
        # Reading on a thread bounds the wait portably; the thread ends when stdout closes.
        threading.Thread(target=self._pump, args=(self.process.stdout, lines), daemon=True).start()
        try:
            line = lines.get(timeout=self.startup_timeout)
        except queue.Empty:
            self._kill()
            self._close_files(keep_stderr=True)
            raise PhotaMockError(
                f"phota-mock printed no listening line within {self.startup_timeout:g} s\n"
                f"command: {' '.join(command)}\nstderr:\n{self.stderr_text()}"
            ) from None
        text = line.decode("utf-8", "replace")
        try:
            self.base_url, self.port, self.version = parse_listening_line(text)
        except ValueError:
            # End of output (the process exited) or an unexpected first line.
            status = self._kill()
            self._close_files(keep_stderr=True)
            what = f"exited with status {status}" if not text else f"printed {text.strip()!r}"
            raise PhotaMockError(
                f"phota-mock {what} instead of its listening line\n"
                f"command: {' '.join(command)}\nstderr:\n{self.stderr_text()}"
            ) from None
        return self

    @staticmethod
    def _pump(stream, lines: "queue.Queue[bytes]") -> None:
        first = True
        try:
            for line in iter(stream.readline, b""):
                if first:
                    lines.put(line)
                    first = False
        except (OSError, ValueError):
            pass
        if first:
            lines.put(b"")

    def stop(self) -> Optional[int]:
        """SIGTERM, a wait of ``stop_grace`` seconds, then SIGKILL. Returns the exit status (``None`` if never
        started); calling it again returns the same status."""
        process = self.process
        if process is None:
            return None
        if process.poll() is None:
            try:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=self.stop_grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._close_files(keep_stderr=True)
        return process.returncode

    def _kill(self) -> Optional[int]:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.kill()
        status = self.process.wait()
        return status

    def _close_files(self, keep_stderr: bool = False) -> None:
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
        if not keep_stderr and self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def stderr_text(self) -> str:
        """What the server wrote on stderr so far (its log, at ``--log-level warning`` unless overridden)."""
        if self._stderr is None or self._stderr.closed:
            return ""
        self._stderr.flush()
        position = self._stderr.tell()
        self._stderr.seek(0)
        data = self._stderr.read()
        self._stderr.seek(position)
        return data.decode("utf-8", "replace")

    def __enter__(self) -> "PhotaMock":
        if self.process is None:
            self.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped" if self.process else "not started"
        return f"<PhotaMock {self.base_url or '-'} {state}>"

    def _base(self) -> str:
        if self.base_url is None:
            raise PhotaMockError("phota-mock is not started")
        return self.base_url

    # MARK: Requests

    def request(
        self,
        method: str,
        path: str,
        api_key: Optional[str] = None,
        json: Any = None,
        *,
        headers: Optional[Mapping[str, str]] = None,
        data: Optional[bytes] = None,
        timeout: Optional[float] = None,
    ) -> Response:
        """Any request; returns ``Response(status, headers, body)`` whatever the status (redirects are not
        followed). ``path`` is a full URL, a path from the server's root (``/v1/phota/profiles/ids``) or one
        under the API (``profiles/ids``). ``api_key`` goes in ``X-API-Key``."""
        fields = dict(headers or {})
        if api_key is not None:
            fields["X-API-Key"] = api_key
        return send(
            method, self.url(path), json=json, data=data, headers=fields, timeout=timeout or self.request_timeout
        )

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` (see :meth:`request`)."""
        if path.startswith(("http://", "https://")):
            return path
        if path.startswith("/"):
            return self._base() + path
        return self.api_url + "/" + path

    def api(self, method: str, path: str, api_key: str, json: Any = None, *, expect: Sequence[int] = ()) -> Any:
        """A Phota API call whose body is returned; raises :class:`PhotaMockError` unless the status is 2xx (or
        one of ``expect``)."""
        answer = self.request(method, path, api_key, json)
        return self._checked(method, path, answer, expect)

    def admin(
        self,
        method: str,
        path: str,
        json: Any = None,
        *,
        query: Optional[Mapping[str, Any]] = None,
    ) -> Any:
        """A ``/_mock`` call (``path`` relative to ``/_mock/``); returns the parsed body or raises
        :class:`PhotaMockError`. ``None`` values in ``query`` are left out."""
        target = "/_mock/" + path.lstrip("/")
        pairs = {key: _query_value(value) for key, value in (query or {}).items() if value is not None}
        if pairs:
            target += "?" + urllib.parse.urlencode(pairs)
        headers = {"X-Admin-Token": self.admin_token} if self.admin_token is not None else None
        answer = self.request(method, target, json=json, headers=headers)
        return self._checked(method, target, answer, ())

    def _checked(self, method: str, path: str, answer: Response, expect: Sequence[int]) -> Any:
        if 200 <= answer.status < 300 or answer.status in expect:
            return answer.body
        raise PhotaMockError(
            f"{method.upper()} {path} answered {answer.status}: {describe(answer.body)}",
            status=answer.status,
            body=answer.body,
            method=method.upper(),
            url=self.url(path),
        )

    # MARK: Control plane (/_mock)

    def health(self) -> Dict[str, Any]:
        return self.admin("GET", "health")

    def ready(self) -> Dict[str, Any]:
        """``/_mock/ready``; a ``503`` (storage failing, shutting down) raises."""
        return self.admin("GET", "ready")

    def reset(self, api_key: Optional[str] = None) -> Dict[str, Any]:
        """Wipes everything, or one account (profiles, balance, journal entries, its fault rules, clock offset,
        jobs, deliveries, webhook secret)."""
        return self.admin("POST", "reset", {"api_key": api_key} if api_key is not None else None)

    def clock(self, api_key: Optional[str] = None) -> Dict[str, Any]:
        """``{"now", "now_iso", "frozen", "scale"}`` (+ ``"api_key"``, ``"offset_ms"`` for one account)."""
        return self.admin("GET", "clock", query={"api_key": api_key})

    def freeze(self) -> Dict[str, Any]:
        """Stops the global simulated clock."""
        return self.admin("POST", "clock/freeze")

    def unfreeze(self) -> Dict[str, Any]:
        return self.admin("POST", "clock/unfreeze")

    def advance(
        self, seconds: Optional[float] = None, api_key: Optional[str] = None, *, milliseconds: Optional[int] = None
    ) -> Dict[str, Any]:
        """Moves the clock forward (only ``api_key``'s account when given); every transition due is applied before
        it returns."""
        if (seconds is None) == (milliseconds is None):
            raise ValueError("give seconds or milliseconds")
        body: Dict[str, Any] = {"seconds": seconds} if seconds is not None else {"milliseconds": milliseconds}
        if api_key is not None:
            body["api_key"] = api_key
        return self.admin("POST", "clock/advance", body)

    def set_clock(self, ms: int) -> Dict[str, Any]:
        """Sets the global clock to ``ms`` epoch milliseconds (forward only)."""
        return self.admin("POST", "clock/set", {"now": int(ms)})

    def set_scale(self, scale: float) -> Dict[str, Any]:
        """Simulated seconds per real second."""
        return self.admin("POST", "clock/scale", {"scale": scale})

    def credit(self, api_key: str) -> Dict[str, Any]:
        """``{"api_key", "balance"}``: dollars, ``None`` for unlimited."""
        return self.admin("GET", "credits/" + _segment(api_key))

    def set_credit(self, api_key: str, dollars: Optional[float]) -> Dict[str, Any]:
        """Sets a balance in dollars (``None``: unlimited)."""
        return self.admin("PUT", "credits/" + _segment(api_key), {"balance": dollars})

    def seed_profiles(
        self,
        api_key: str,
        count: int = 1,
        status: str = "READY",
        *,
        tag: Optional[str] = None,
        training_tier: Optional[str] = None,
        image_urls: Optional[Sequence[str]] = None,
        message: Optional[str] = None,
    ) -> List[str]:
        """Creates ``count`` profiles directly in ``status`` (no credit charged); returns their ids."""
        body: Dict[str, Any] = {"api_key": api_key, "count": count, "status": status}
        for key, value in (
            ("tag", tag),
            ("training_tier", training_tier),
            ("image_urls", list(image_urls) if image_urls is not None else None),
            ("message", message),
        ):
            if value is not None:
                body[key] = value
        return self.admin("POST", "profiles", body)["profile_ids"]

    def profile(self, profile_id: str) -> Dict[str, Any]:
        """The full record: account, tier, tag, URLs, status, phase timestamps, plan and history."""
        return self.admin("GET", "profiles/" + _segment(profile_id))

    def force(self, profile_id: str, status: str, message: Optional[str] = None) -> Dict[str, Any]:
        """Moves a profile to ``READY``, ``ERROR`` or ``INACTIVE`` now."""
        body: Dict[str, Any] = {"status": status}
        if message is not None:
            body["message"] = message
        return self.admin("POST", f"profiles/{_segment(profile_id)}/force", body)

    def load_fixtures(self, scenario: Union[Mapping[str, Any], str, os.PathLike]) -> Dict[str, Any]:
        """Applies a scenario ``{"accounts": [...], "profiles": [...], "faults": [...]}``, given as a dict or as
        the path of a JSON file; returns ``{"loaded": {"accounts", "profiles", "faults"}}``."""
        if not isinstance(scenario, Mapping):
            scenario = _json.loads(Path(scenario).read_text(encoding="utf-8"))
        return self.admin("POST", "fixtures", dict(scenario))

    def journal(self, **filters: Any) -> List[Dict[str, Any]]:
        """Recorded ``/v1/phota`` requests, oldest first; filters ``path``, ``route``, ``method``, ``status``,
        ``api_key``, ``since`` (epoch ms), ``limit``. Returns the list of entries."""
        return self.admin("GET", "journal", query=filters)["entries"]

    def journal_count(self, **filters: Any) -> int:
        return self.admin("GET", "journal/count", query=filters)["count"]

    def clear_journal(self, **filters: Any) -> int:
        """Removes matching entries; returns how many."""
        return self.admin("DELETE", "journal", query=filters)["cleared"]

    def add_fault(self, rule: Mapping[str, Any]) -> Dict[str, Any]:
        """Adds a fault rule (``method``, ``path``, ``route``, ``api_key``, ``times``, ``probability``, ``seed``,
        ``latency``, ``action``, or ``callback_url`` for deliveries); returns it with its ``id``."""
        return self.admin("POST", "faults", dict(rule))

    def faults(self) -> List[Dict[str, Any]]:
        return self.admin("GET", "faults")["faults"]

    def remove_fault(self, rule_id: str) -> Dict[str, Any]:
        return self.admin("DELETE", "faults/" + _segment(rule_id))

    def clear_faults(self) -> int:
        """Removes every fault rule; returns how many there were."""
        return self.admin("DELETE", "faults")["removed"]

    def metrics(self) -> str:
        """The Prometheus text."""
        body = self.admin("GET", "metrics")
        return body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else str(body)

    def jobs(self, api_key: Optional[str] = None) -> List[Dict[str, Any]]:
        """Async jobs, newest first (at most 1000)."""
        return self.admin("GET", "jobs", query={"api_key": api_key})["jobs"]

    def callbacks(self, api_key: Optional[str] = None, job_id: Optional[str] = None) -> List[Dict[str, Any]]:
        """Callback deliveries with every attempt, oldest first."""
        return self.admin("GET", "callbacks", query={"api_key": api_key, "job_id": job_id})["deliveries"]

    def inbox_url(self, name: str) -> str:
        """A ``callback_url`` that phota-mock records itself (read it with :meth:`inbox`)."""
        return f"{self._base()}/_mock/inbox/{_segment(name)}"

    def inbox(self, name: str) -> List[Dict[str, Any]]:
        """The callbacks the inbox received: ``received_at``, ``job_id``, ``signature_valid``, ``headers``,
        ``body``."""
        return self.admin("GET", "inbox/" + _segment(name))["callbacks"]

    def clear_inbox(self, name: str) -> int:
        return self.admin("DELETE", "inbox/" + _segment(name))["cleared"]

    def wait_inbox(self, name: str, count: int = 1, timeout: float = 10.0) -> List[Dict[str, Any]]:
        """Waits (real time) until the inbox holds ``count`` callbacks; returns them."""
        deadline = time.monotonic() + timeout
        while True:
            callbacks = self.inbox(name)
            if len(callbacks) >= count:
                return callbacks
            if time.monotonic() >= deadline:
                raise TimeoutError(f"inbox {name!r} holds {len(callbacks)} callbacks, not {count}, after {timeout:g} s")
            time.sleep(0.02)

    def rotate_webhook_secret(self, api_key: str) -> Dict[str, Any]:
        """Replaces the account's webhook secret; returns ``{"api_key", "secret"}``."""
        return self.admin("POST", f"webhook-secret/{_segment(api_key)}/rotate")

    # MARK: Phota API helpers

    def add_profile(
        self,
        api_key: str,
        image_urls: Optional[Sequence[str]] = None,
        training_tier: str = "fast",
        tag: Optional[str] = None,
    ) -> str:
        """``POST /v1/phota/profiles/add``; returns the new profile id. Without ``image_urls``, the tier's fewest
        example URLs."""
        if image_urls is None:
            count = _MIN_IMAGES.get(training_tier, 10)
            image_urls = [f"https://example.com/phota-mock-client/{n}.jpg" for n in range(1, count + 1)]
        body: Dict[str, Any] = {"image_urls": list(image_urls), "training_tier": training_tier}
        if tag is not None:
            body["tag"] = tag
        return self.api("POST", "profiles/add", api_key, body)["profile_id"]

    def status(self, api_key: str, profile_id: str) -> Dict[str, Any]:
        """``GET /v1/phota/profiles/{id}/status``: ``{"profile_id", "status", "message"}``."""
        return self.api("GET", f"profiles/{_segment(profile_id)}/status", api_key)

    def job(self, api_key: str, job_id: str) -> Dict[str, Any]:
        """``GET /v1/phota/jobs/{job_id}``."""
        return self.api("GET", f"jobs/{_segment(job_id)}", api_key)

    def wait_job(self, api_key: str, job_id: str, timeout: float = 10.0, interval: float = 0.02) -> Dict[str, Any]:
        """Polls an async job until it is ``SUCCEEDED`` or ``FAILED`` (real time; a frozen clock must be advanced
        past its processing time); returns it. ``TimeoutError`` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.job(api_key, job_id)
            if job["status"] in ("SUCCEEDED", "FAILED"):
                return job
            if time.monotonic() >= deadline:
                raise TimeoutError(f"job {job_id} is still {job['status']} after {timeout:g} s")
            time.sleep(interval)

    def wait_ready(self, api_key: str, profile_id: str, timeout: float = 10.0, interval: float = 0.05) -> Dict[str, Any]:
        """Polls the status until ``READY`` (real time; a frozen clock must be advanced meanwhile). Raises
        :class:`PhotaMockError` if the profile ends in ``ERROR`` or ``INACTIVE``, ``TimeoutError`` after
        ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.status(api_key, profile_id)
            if state["status"] == "READY":
                return state
            if state["status"] in ("ERROR", "INACTIVE"):
                raise PhotaMockError(
                    f"profile {profile_id} is {state['status']}: {state.get('message')}", status=200, body=state
                )
            if time.monotonic() >= deadline:
                raise TimeoutError(f"profile {profile_id} is still {state['status']} after {timeout:g} s")
            time.sleep(interval)


def _segment(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
