# SPDX-License-Identifier: Apache-2.0
"""The plugin seen from a user's suite (pytester)."""

import json

import pytest

RESET_SUITE = """
import json, os

seen = {}

def test_first(phota_client):
    seen["key"] = phota_client.api_key
    seen["profile"] = phota_client.add_profile(tag="kept")
    phota_client.set_credit(3)
    phota_client.add_fault({"method": "GET", "action": {"type": "error", "status": 500}})
    assert phota_client.get("profiles/ids?tag=kept").status == 500

def test_second(phota_mock, phota_api_key):
    assert phota_api_key != seen["key"]
    old = seen["key"]
    # The first test's account was reset when it ended: no journal entry, profile, balance or fault rule.
    assert phota_mock.journal(api_key=old) == []
    assert phota_mock.request("GET", "profiles/ids?tag=kept", old).body == {"profiles": []}
    assert phota_mock.credit(old)["balance"] is None
    assert phota_mock.faults() == []
"""


def test_account_is_reset_after_each_test(pytester, inner_env):
    pytester.makepyfile(test_reset=RESET_SUITE)
    result = pytester.runpytest("-p", "phota_mock.plugin")
    result.assert_outcomes(passed=2)


ARGS_SUITE = """
def test_args(phota_mock):
    clock = phota_mock.clock()
    assert clock["frozen"] is True
    assert clock["scale"] == 60
    assert "--preset" in phota_mock.command and "instant" in phota_mock.command
"""


def test_server_args_from_ini_and_command_line(pytester, inner_env):
    pytester.makeini("[pytest]\nphota_mock_args = --preset instant --time-scale 2\n")
    pytester.makepyfile(test_args=ARGS_SUITE)
    # The command line comes after the ini, and a flag given twice counts the last time.
    result = pytester.runpytest("-p", "phota_mock.plugin", "--phota-mock-args=--frozen-clock --time-scale 60")
    result.assert_outcomes(passed=1)


def test_binary_option(pytester, inner_env, monkeypatch):
    monkeypatch.delenv("PHOTA_MOCK_BINARY")
    pytester.makepyfile(test_bin="def test_it(phota_mock):\n    assert phota_mock.health()['status'] == 'ok'\n")
    result = pytester.runpytest("-p", "phota_mock.plugin", f"--phota-mock-binary={inner_env}")
    result.assert_outcomes(passed=1)
    result = pytester.runpytest("-p", "phota_mock.plugin", "--phota-mock-binary=/nonexistent/phota-mock")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*PhotaMockError*not an executable file*"])


def test_start_failure_is_a_clear_error(pytester, inner_env):
    pytester.makepyfile(test_bad="def test_it(phota_mock):\n    pass\n")
    result = pytester.runpytest("-p", "phota_mock.plugin", "--phota-mock-args=--port-typo 1")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*exited with status 64*", '*unknown option "--port-typo"*'])


XDIST_SUITE = """
import json, os
import pytest

@pytest.mark.parametrize("n", range(6))
def test_worker(phota_mock, phota_client, n, tmp_path_factory):
    profile = phota_client.add_profile(tag="x")
    phota_client.advance(5)
    assert phota_client.status(profile)["status"] == "READY"
    assert phota_client.get("profiles/ids?tag=x").body == {"profiles": [profile]}
    record = {"worker": os.environ.get("PYTEST_XDIST_WORKER"), "url": phota_mock.base_url,
              "pid": phota_mock.process.pid, "key": phota_client.api_key}
    out = os.environ["PHOTA_TEST_OUT"]
    with open(os.path.join(out, f"{n}.json"), "w") as f:
        json.dump(record, f)
"""


def test_runs_under_xdist(pytester, inner_env, monkeypatch, tmp_path):
    pytest.importorskip("xdist")
    out = tmp_path / "records"
    out.mkdir()
    monkeypatch.setenv("PHOTA_TEST_OUT", str(out))
    pytester.makeini("[pytest]\nphota_mock_args = --frozen-clock\n")
    pytester.makepyfile(test_workers=XDIST_SUITE)
    result = pytester.runpytest_subprocess("-p", "phota_mock.plugin", "-n", "2", "--dist", "load")
    result.assert_outcomes(passed=6)
    records = [json.loads(path.read_text()) for path in out.iterdir()]
    assert len(records) == 6
    workers = {record["worker"] for record in records}
    assert workers <= {"gw0", "gw1"} and None not in workers
    # One server per worker, a key per test.
    by_worker = {}
    for record in records:
        by_worker.setdefault(record["worker"], set()).add((record["url"], record["pid"]))
    assert all(len(servers) == 1 for servers in by_worker.values())
    assert len({server for servers in by_worker.values() for server in servers}) == len(workers)
    assert len({record["key"] for record in records}) == 6
