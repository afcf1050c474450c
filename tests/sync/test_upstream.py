"""The agent's district client through a faulty link: what each failure means for the outbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from server.errors import ConfigError
from sync.http import make_session
from sync.upstream import DistrictClient, Verdict
from tests.helpers.district import DAY, District, batch, cell
from tests.sync.faultproxy import FaultProxy

TIMEOUT = (2.0, 1.0)


@pytest.fixture
def proxy(district: District) -> Iterator[FaultProxy]:
    running = FaultProxy(district.port)
    yield running
    running.close()


def client(url: str, token: str) -> DistrictClient:
    return DistrictClient(make_session(), url, token, TIMEOUT)


def send(district: District, proxy: FaultProxy, version: int = 1) -> tuple[Verdict, str, str]:
    body = batch("ky-son", DAY, [cell()], version)
    outcome = client(proxy.url, district.offices["ky-son"]).send(json.dumps(body), body["batch_id"])
    return outcome.verdict, outcome.message, body["batch_id"]


@pytest.mark.parametrize(
    "fault", ["refuse", "http500", "http503", "hang", "reset_mid_body", "garbage", "not_http", "lost_ack"]
)
def test_every_failure_of_the_link_means_send_again(district: District, proxy: FaultProxy, fault: str) -> None:
    proxy.faults(fault)
    verdict, message, _ = send(district, proxy)
    assert verdict is Verdict.RETRY, message
    assert message


def test_a_slow_answer_within_the_timeout_is_an_acknowledgement(district: District, proxy: FaultProxy) -> None:
    proxy.faults("slow")
    verdict, message, _ = send(district, proxy)
    assert verdict is Verdict.ACKNOWLEDGED and message == "applied"


def test_a_lost_acknowledgement_then_a_resend_counts_once(district: District, proxy: FaultProxy) -> None:
    body = batch("ky-son", DAY, [cell()], 1)
    district_client = client(proxy.url, district.offices["ky-son"])
    proxy.faults("lost_ack")
    assert district_client.send(json.dumps(body), body["batch_id"]).verdict is Verdict.RETRY
    again = district_client.send(json.dumps(body), body["batch_id"])
    assert (again.verdict, again.message, again.days) == (Verdict.ACKNOWLEDGED, "duplicate", {DAY: "applied"})
    assert district.stats("ky-son", DAY, DAY)["totals"]["issued"] == 10


def test_a_wrong_token_stops_sending_and_an_invalid_batch_is_set_aside(district: District, proxy: FaultProxy) -> None:
    body = batch("ky-son", DAY, [cell()], 1)
    refused = client(proxy.url, "not-a-token").send(json.dumps(body), body["batch_id"])
    assert refused.verdict is Verdict.REFUSED and "401" in refused.message
    other = client(proxy.url, district.offices["tan-ky"]).send(json.dumps(body), body["batch_id"])
    assert other.verdict is Verdict.REFUSED and "403" in other.message
    broken = {**body, "cells": [{**body["cells"][0], "hour": 25}]}
    rejected = client(proxy.url, district.offices["ky-son"]).send(json.dumps(broken), body["batch_id"])
    assert rejected.verdict is Verdict.REJECTED and "hour" in rejected.message


def test_an_acknowledgement_must_name_the_batch(district: District, proxy: FaultProxy) -> None:
    body = batch("ky-son", DAY, [cell()], 1)
    outcome = client(proxy.url, district.offices["ky-son"]).send(json.dumps(body), "another-batch-id")
    assert outcome.verdict is Verdict.RETRY


def test_tls_is_verified_by_default_and_a_ca_bundle_must_exist(tmp_path: Path) -> None:
    assert make_session().verify is True
    assert make_session(insecure=True).verify is False
    with pytest.raises(ConfigError, match="no such file"):
        make_session(tmp_path / "missing.pem")
    with pytest.raises(ConfigError, match="contradict"):
        make_session(tmp_path / "missing.pem", insecure=True)
    pem = tmp_path / "ca.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\n")
    assert make_session(pem).verify == str(pem)


def test_a_plain_http_server_behind_https_is_not_trusted(district: District) -> None:
    """Speaking TLS to something that is not a verified TLS server fails as 'send again', never as success."""
    https_url = district.url.replace("http://", "https://")
    body = batch("ky-son", DAY, [cell()], 1)
    outcome = client(https_url, district.offices["ky-son"]).send(json.dumps(body), body["batch_id"])
    assert outcome.verdict is Verdict.RETRY and "SSL" in outcome.message
