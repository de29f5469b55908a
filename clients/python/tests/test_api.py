# SPDX-License-Identifier: Apache-2.0
"""The fixtures against the session's server (started with --frozen-clock by pyproject.toml)."""

import json
import time
import uuid

import pytest

from phota_mock import PhotaClient, PhotaMockError


def test_fixtures_hand_out_a_key_and_a_client(phota_mock, phota_api_key, phota_client):
    assert phota_api_key.startswith("test-") and len(phota_api_key) == 37
    assert isinstance(phota_client, PhotaClient)
    assert phota_client.api_key == phota_api_key
    assert phota_client.base_url == phota_mock.base_url
    assert phota_client.api_url == phota_mock.base_url + "/v1/phota"
    assert phota_client.headers == {"X-API-Key": phota_api_key}
    assert phota_mock.clock()["frozen"] is True


def test_keys_are_isolated(phota_mock, phota_client):
    other = f"other-{uuid.uuid4().hex}"
    try:
        mine = phota_client.add_profile(tag="iso")
        theirs = phota_mock.add_profile(other, tag="iso")
        assert phota_client.get("profiles/ids?tag=iso").body == {"profiles": [mine]}
        assert phota_mock.request("GET", "profiles/ids?tag=iso", other).body == {"profiles": [theirs]}
        status, headers, body = phota_mock.request("GET", f"profiles/{mine}/status", other)
        assert status == 404 and body["code"] == "PROFILE_NOT_FOUND"
        assert headers["x-request-id"] == body["request_id"]
        # One account's clock moves alone.
        phota_client.advance(60)
        assert phota_client.status(mine)["status"] == "READY"
        assert phota_mock.status(other, theirs)["status"] == "VALIDATING"
    finally:
        phota_mock.reset(api_key=other)


def test_clock_advance_makes_a_profile_ready(phota_client):
    profile = phota_client.add_profile()
    assert phota_client.status(profile)["status"] == "VALIDATING"
    # default preset, fast tier: validating 0.5 s, queuing 0.5 s, training 1.5 s.
    phota_client.advance(0.5)
    assert phota_client.status(profile)["status"] == "QUEUING"
    phota_client.advance(0.5)
    assert phota_client.status(profile)["status"] == "IN_PROGRESS"
    with pytest.raises(TimeoutError):
        phota_client.wait_ready(profile, timeout=0.2)  # frozen: nothing moves by itself
    clock = phota_client.advance(1.5)
    assert clock["offset_ms"] == 2500 and clock["api_key"] == phota_client.api_key
    assert phota_client.wait_ready(profile, timeout=0)["status"] == "READY"
    picture = phota_client.get(f"profiles/{profile}/profile_picture")
    assert picture.status == 200 and picture.body[:3] == b"\xff\xd8\xff"
    history = [step["status"] for step in phota_client.mock.profile(profile)["history"]]
    assert history == ["QUEUING", "IN_PROGRESS", "READY"]


def test_wait_ready_reports_an_error(phota_client):
    urls = [f"https://example.com/{n}-phota-fail-validation.jpg" for n in range(5)]
    profile = phota_client.add_profile(urls)
    phota_client.advance(1)
    with pytest.raises(PhotaMockError, match="is ERROR: No subject detected"):
        phota_client.wait_ready(profile, timeout=1)


def test_a_fault_rule(phota_client):
    profile = phota_client.add_profile()
    rule = phota_client.add_fault(
        {"method": "GET", "path": "/v1/phota/profiles/*/status", "times": 1, "action": {"type": "error", "status": 503}}
    )
    assert rule["id"] and rule["api_key"] == phota_client.api_key
    assert any(r["id"] == rule["id"] for r in phota_client.mock.faults())
    failed = phota_client.get(f"profiles/{profile}/status")
    assert failed.status == 503 and failed.headers["Retry-After"] == "1"
    assert phota_client.get(f"profiles/{profile}/status").status == 200  # times: 1
    statuses = [entry["status"] for entry in phota_client.journal(route="/v1/phota/profiles/{profile_id}/status")]
    assert statuses == [503, 200]


def test_async_job_callback_reaches_the_inbox(phota_client):
    submit = phota_client.post(
        "generate",
        {"prompt": "a lighthouse", "async": True, "response_mode": "urls", "callback_url": phota_client.inbox_url},
    )
    assert submit.status == 202, submit.body
    job_id = submit.body["job_id"]
    assert phota_client.inbox() == []
    phota_client.advance(1)  # default preset: a studio call takes 0.2 s
    # The job ends on the account's timer, shortly after the advance returns.
    assert phota_client.wait_job(job_id, timeout=10)["status"] == "SUCCEEDED"
    [callback] = phota_client.wait_inbox(1, timeout=10)
    assert callback["job_id"] == job_id
    assert callback["signature_valid"] is True
    assert callback["headers"]["x-phota-event"] == "job.succeeded"
    assert callback["body"]["job"]["status"] == "SUCCEEDED"
    # The inbox holds the callback as soon as it arrives; the delivery is DELIVERED once the sender has read the
    # inbox's 200, a moment later.
    deadline = time.monotonic() + 10
    [delivery] = phota_client.callbacks(job_id=job_id)
    while delivery["state"] == "PENDING" and time.monotonic() < deadline:
        time.sleep(0.02)
        [delivery] = phota_client.callbacks(job_id=job_id)
    assert delivery["state"] == "DELIVERED" and delivery["url"] == phota_client.inbox_url
    assert [job["job_id"] for job in phota_client.mock.jobs(api_key=phota_client.api_key)] == [job_id]
    # A rotated secret no longer matches the delivery's signature.
    secret = phota_client.get("webhook-secret").body["secret"]
    rotated = phota_client.mock.rotate_webhook_secret(phota_client.api_key)
    assert rotated["api_key"] == phota_client.api_key and rotated["secret"] != secret
    assert phota_client.mock.clear_inbox(phota_client.inbox_name) == 1


def test_credits(phota_client):
    assert phota_client.credit()["balance"] is None
    assert phota_client.set_credit(2)["balance"] == 2
    phota_client.add_profile()  # fast: $1.49
    assert phota_client.credit()["balance"] == pytest.approx(0.51)
    answer = phota_client.post("profiles/add", {"image_urls": [f"https://e.com/{n}.jpg" for n in range(5)], "training_tier": "fast"})
    assert answer.status == 402 and answer.body["code"] == "INSUFFICIENT_CREDIT"


def test_seeding_forcing_and_fixtures(phota_mock, phota_client, tmp_path):
    ids = phota_mock.seed_profiles(phota_client.api_key, count=3, status="READY", tag="seeded")
    assert phota_client.get("profiles/ids?tag=seeded").body == {"profiles": ids}
    assert phota_mock.force(ids[0], "ERROR", "broken")["status"] == "ERROR"
    assert phota_client.status(ids[0]) == {"profile_id": ids[0], "status": "ERROR", "message": "broken"}
    scenario = {"accounts": [{"api_key": phota_client.api_key, "balance": 5}]}
    assert phota_mock.load_fixtures(scenario)["loaded"]["accounts"] == 1
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps({"profiles": [{"api_key": phota_client.api_key, "count": 2, "tag": "file"}]}))
    assert phota_mock.load_fixtures(path)["loaded"]["profiles"] == 2
    assert len(phota_client.get("profiles/ids?tag=file").body["profiles"]) == 2
    assert phota_client.credit()["balance"] == 5


def test_journal_helpers(phota_mock, phota_client):
    phota_client.get("profiles/ids")
    phota_client.get("profiles/nope/status")
    assert phota_mock.journal_count(api_key=phota_client.api_key) == 2
    [entry] = phota_client.journal(status=404)
    assert entry["path"] == "/v1/phota/profiles/nope/status" and entry["method"] == "GET"
    assert phota_mock.clear_journal(api_key=phota_client.api_key) == 2
    assert phota_client.journal() == []
    assert "phota_mock_requests_total" in phota_mock.metrics()


def test_reset_wipes_one_account(phota_mock, phota_client):
    phota_client.add_profile()
    phota_client.set_credit(1)
    phota_client.advance(10)
    assert phota_mock.reset(api_key=phota_client.api_key) == {"reset": phota_client.api_key}
    assert phota_client.get("profiles/ids").body == {"profiles": []}
    assert phota_client.credit()["balance"] is None
    assert phota_client.clock()["offset_ms"] == 0


def test_redirects_are_not_followed(phota_client):
    answer = phota_client.post("profiles/add/", {})
    assert answer.status == 307
    assert answer.headers["Location"].endswith("/v1/phota/profiles/add")
