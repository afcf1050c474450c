"""The district server against its own /openapi.json (schemathesis), with every kind of token:
no server error, no status code it does not document, no answer that breaks its schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from tests.helpers.district import DAY, District, a_month, batch, cell, post_batch, prepare_district, start_district
from tests.helpers.office import FakeClock

KINDS = ("office", "user", "none", "forged")
EXAMPLES = 30  # per operation and token kind: ~13 operations x 4 kinds x 2 backends
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(params=KINDS)
def token_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def fuzzed(tmp_path: Path, db: str | None, token_kind: str) -> Iterator[tuple[District, dict[str, str]]]:
    district = start_district(prepare_district(tmp_path / "district", {"ky-son": "UBND xã Kỳ Sơn"}, db=db),
                              FakeClock())  # fmt: skip
    a_month(district, "ky-son", DAY, 3, seed=1, unhappy=0.1)
    assert post_batch(district, batch("ky-son", "2026-11-28", [cell(day="2026-11-28")], 1),
                      district.offices["ky-son"]).ok  # fmt: skip
    token = {"office": district.offices["ky-son"], "user": district.readers["reader"], "none": None,
             "forged": "forged-token-0123456789abcdefgh"}[token_kind]  # fmt: skip
    yield district, ({"Authorization": f"Bearer {token}"} if token else {})
    district.stop()


def test_the_api_keeps_its_word(fuzzed: tuple[District, dict[str, str]]) -> None:
    """Every operation, fuzzed from its declaration (schemathesis's own pytest plugin does not run on pytest 9)."""
    district, headers = fuzzed
    schema = schemathesis.openapi.from_url(district.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    with requests.Session() as session:
        session.trust_env = False
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            def call(case: schemathesis.Case) -> None:
                case.call_and_validate(session=session, headers=headers, checks=CHECKS)

            call()


def test_the_schema_declares_the_bearer_scheme_strict_ids_and_the_error_body(district: District) -> None:
    spec = requests.get(district.url + "/openapi.json", timeout=10).json()
    assert spec["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http", "scheme": "bearer", "description": "an office token (sending) or a user token (reading)",
    }  # fmt: skip
    error = spec["components"]["schemas"]["ErrorBody"]
    assert set(error["required"]) == {"error", "message", "message_vi"}
    post = spec["paths"]["/api/batches"]["post"]
    assert set(post["responses"]) == {"200", "400", "401", "403", "409", "413", "415", "422", "503"}
    error_ref = {"$ref": "#/components/schemas/ErrorBody"}
    assert post["responses"]["422"]["content"]["application/json"]["schema"] == error_ref
    stats = spec["paths"]["/api/offices/{office_id}/stats"]["get"]
    office_id = next(p for p in stats["parameters"] if p["name"] == "office_id")
    assert office_id["schema"]["pattern"] == "^[a-z0-9][a-z0-9_-]{0,63}$"
    assert set(stats["responses"]["200"]["content"]) == {"application/json", "text/csv"}
