# SPDX-License-Identifier: Apache-2.0
"""PhotaMock itself: the listening line, start, stop, start-up failures, admin calls."""

import os
import signal
import stat
import time

import pytest

from phota_mock import PhotaMock, PhotaMockError, find_binary, parse_listening_line


@pytest.mark.parametrize(
    "line, url, port, version",
    [
        ("phota-mock 0.1.0 listening on http://127.0.0.1:8040\n", "http://127.0.0.1:8040", 8040, "0.1.0"),
        ("phota-mock 1.2.3-dev listening on http://127.0.0.1:1\r\n", "http://127.0.0.1:1", 1, "1.2.3-dev"),
        ("phota-mock 0.1.0 listening on http://0.0.0.0:5000", "http://127.0.0.1:5000", 5000, "0.1.0"),
        ("phota-mock 0.1.0 listening on http://[::]:5000", "http://[::1]:5000", 5000, "0.1.0"),
        ("phota-mock 0.1.0 listening on http://[::1]:41234", "http://[::1]:41234", 41234, "0.1.0"),
        ("phota-mock 0.1.0 listening on http://localhost:80", "http://localhost:80", 80, "0.1.0"),
    ],
)
def test_parse_listening_line(line, url, port, version):
    assert parse_listening_line(line) == (url, port, version)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "listening on http://127.0.0.1:8040",
        "phota-mock 0.1.0 listening on http://127.0.0.1",
        "phota-mock 0.1.0 listening on http://127.0.0.1:0",
        "phota-mock 0.1.0 listening on http://127.0.0.1:70000",
        "phota-mock 0.1.0 listening on https://127.0.0.1:8040",
        "phota-mock 0.1.0 listening on http://127.0.0.1:8040 extra",
        "error: unknown option \"--bogus\"",
    ],
)
def test_parse_rejects_other_lines(line):
    with pytest.raises(ValueError):
        parse_listening_line(line)


def test_start_and_stop(phota_binary):
    mock = PhotaMock(binary=phota_binary)
    assert not mock.running and mock.stop() is None
    assert mock.start() is mock
    assert mock.running
    assert mock.base_url == f"http://127.0.0.1:{mock.port}" and mock.port > 0
    assert mock.api_url == mock.base_url + "/v1/phota"
    assert mock.command[1:8] == ["serve", "--port", "0", "--db", ":memory:", "--log-level", "warning"]
    assert mock.health() == {"status": "ok"}
    assert mock.ready()["status"] == "ready"
    pid = mock.process.pid
    assert mock.stop() == 0  # SIGTERM: a clean shutdown
    assert not mock.running
    assert mock.stop() == 0
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(PhotaMockError):
        mock.health()


def test_context_manager_and_extra_args(phota_binary):
    with PhotaMock(["--preset", "instant", "--frozen-clock"], binary=phota_binary) as mock:
        assert mock.clock()["frozen"] is True
        # instant: READY at once, even on a frozen clock.
        profile = mock.add_profile("ctx")
        assert mock.status("ctx", profile)["status"] == "READY"
        process = mock.process
    assert process.poll() == 0


def test_two_servers_are_independent(phota_binary):
    with PhotaMock(binary=phota_binary) as first, PhotaMock(binary=phota_binary) as second:
        assert first.port != second.port
        first.add_profile("same-key")
        assert second.request("GET", "profiles/ids", "same-key").body == {"profiles": []}


def test_binary_from_environment(phota_binary, monkeypatch):
    monkeypatch.setenv("PHOTA_MOCK_BINARY", phota_binary)
    assert find_binary() == phota_binary
    monkeypatch.setenv("PHOTA_MOCK_BINARY", "/nonexistent/phota-mock")
    with pytest.raises(PhotaMockError, match="not an executable"):
        find_binary()
    # An explicit binary wins over the variable.
    assert find_binary(phota_binary) == phota_binary


def test_missing_binary_on_path(monkeypatch, tmp_path):
    monkeypatch.delenv("PHOTA_MOCK_BINARY", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PhotaMockError, match="phota-mock not found"):
        PhotaMock().start()


def test_bad_option_reports_stderr(phota_binary):
    mock = PhotaMock(["--bogus"], binary=phota_binary)
    with pytest.raises(PhotaMockError) as raised:
        mock.start()
    message = str(raised.value)
    assert "exited with status 64" in message
    assert 'unknown option "--bogus"' in message


def _script(tmp_path, body):
    path = tmp_path / "fake-phota-mock"
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_no_listening_line_times_out(tmp_path):
    fake = _script(tmp_path, 'echo "still starting up" >&2\nexec sleep 30\n')
    mock = PhotaMock(binary=fake, startup_timeout=0.5)
    started = time.monotonic()
    with pytest.raises(PhotaMockError) as raised:
        mock.start()
    assert time.monotonic() - started < 10
    assert "no listening line within 0.5 s" in str(raised.value)
    assert "still starting up" in str(raised.value)
    assert mock.process.poll() is not None  # killed, not left behind


def test_unexpected_first_line(tmp_path):
    fake = _script(tmp_path, 'echo "oops" >&2\necho "hello"\nexec sleep 30\n')
    with pytest.raises(PhotaMockError) as raised:
        PhotaMock(binary=fake, startup_timeout=5).start()
    assert "printed 'hello'" in str(raised.value) and "oops" in str(raised.value)


def test_stop_kills_after_grace(tmp_path):
    fake = _script(
        tmp_path,
        "trap '' TERM\necho 'phota-mock 0.0.0 listening on http://127.0.0.1:9'\n"
        "while :; do sleep 0.1; done\n",
    )
    mock = PhotaMock(binary=fake, stop_grace=0.5).start()
    assert mock.port == 9
    started = time.monotonic()
    assert mock.stop() == -signal.SIGKILL
    assert time.monotonic() - started < 10


def test_admin_token(phota_binary):
    with PhotaMock(binary=phota_binary, admin_token="s3cret") as mock:
        assert mock.clock()["frozen"] is False
        answer = mock.request("GET", "/_mock/clock")
        assert answer.status == 401 and answer.body["code"] == "ADMIN_UNAUTHORIZED"


def test_admin_errors_carry_status_and_body(phota_mock):
    with pytest.raises(PhotaMockError) as raised:
        phota_mock.remove_fault("no-such-rule")
    assert raised.value.status == 404
    assert raised.value.code == "NOT_FOUND"
    assert raised.value.body["detail"] == "No fault rule no-such-rule."
    with pytest.raises(PhotaMockError) as raised:
        phota_mock.set_clock(0)  # backwards
    assert raised.value.status == 400 and raised.value.code == "BAD_REQUEST"
