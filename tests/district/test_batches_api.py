"""POST /api/batches: strict, idempotent, out-of-order safe, and never a 500."""

from __future__ import annotations

import gzip
import json
import uuid

import pytest

from tests.helpers.district import DAY, District, batch, cell, post_batch


def test_a_batch_is_applied_and_its_figures_stand(district: District) -> None:
    token = district.offices["ky-son"]
    body = batch("ky-son", DAY, [cell(hour=8), cell(hour=9, service="B")], version=1)
    response = post_batch(district, body, token)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "batch_id": body["batch_id"], "status": "applied", "days": {DAY: "applied"}, "versions": {DAY: 1},
    }  # fmt: skip
    totals = district.stats("ky-son", DAY, DAY)["totals"]
    assert (totals["issued"], totals["served"], totals["no_show"], totals["rated"]) == (20, 16, 2, 14)


def test_a_replayed_batch_counts_once(district: District) -> None:
    token = district.offices["ky-son"]
    body = batch("ky-son", DAY, [cell()], version=1)
    first = post_batch(district, body, token).json()
    again = post_batch(district, body, token)
    assert again.status_code == 200
    assert again.json() == {**first, "status": "duplicate"}
    assert district.stats("ky-son", DAY, DAY)["totals"]["issued"] == 10


def test_a_newer_batch_replaces_the_day_and_an_older_one_arriving_late_does_not(district: District) -> None:
    token = district.offices["ky-son"]
    old = batch("ky-son", DAY, [cell(hour=8, issued=7, served=5)], version=100)
    new = batch("ky-son", DAY, [cell(hour=8, issued=12, served=10), cell(hour=9, service="C")], version=200)
    assert post_batch(district, new, token).json()["status"] == "applied"
    late = post_batch(district, old, token).json()
    assert late["status"] == "stale"
    assert late["days"] == {DAY: "stale"} and late["versions"] == {DAY: 200}
    assert district.stats("ky-son", DAY, DAY)["totals"]["issued"] == 22


def test_a_cell_missing_from_the_newer_batch_disappears(district: District) -> None:
    """A ticket transferred from A to B moves its cell: the day is replaced whole, never double counted."""
    token = district.offices["ky-son"]
    one = {"issued": 1, "served": 1, "no_show": 0, "cancelled": 0, "ratings": {"3": 1}}
    assert post_batch(district, batch("ky-son", DAY, [cell(service="A", **one)], version=1), token).ok
    assert post_batch(district, batch("ky-son", DAY, [cell(service="B", **one)], version=2), token).ok
    stats = district.stats("ky-son", DAY, DAY)
    assert [s["service"] for s in stats["by_service"]] == ["B"]
    assert stats["totals"]["issued"] == 1


def test_offices_are_kept_apart(district: District) -> None:
    post_batch(district, batch("ky-son", DAY, [cell(issued=10)], 1), district.offices["ky-son"])
    post_batch(district, batch("tan-ky", DAY, [cell(issued=7, served=7, no_show=0, cancelled=0)], 1),
               district.offices["tan-ky"])  # fmt: skip
    assert district.stats("ky-son", DAY, DAY)["totals"]["issued"] == 10
    assert district.stats("tan-ky", DAY, DAY)["totals"]["issued"] == 7


def test_unknown_and_missing_tokens_are_401(district: District) -> None:
    body = batch("ky-son", DAY, [cell()], 1)
    for token in (None, "forged-token"):
        response = post_batch(district, body, token)
        assert response.status_code == 401
        assert response.json()["error"] in ("no_token", "bad_token")


def test_another_offices_token_is_403(district: District) -> None:
    response = post_batch(district, batch("ky-son", DAY, [cell()], 1), district.offices["tan-ky"])
    assert response.status_code == 403
    assert "tan-ky" in response.json()["message"]
    assert district.stats("ky-son", DAY, DAY)["totals"]["issued"] == 0


def test_a_read_token_cannot_send(district: District) -> None:
    assert post_batch(district, batch("ky-son", DAY, [cell()], 1), district.readers["reader"]).status_code == 401


def test_a_batch_id_used_by_another_office_is_409(district: District) -> None:
    body = batch("ky-son", DAY, [cell()], 1)
    assert post_batch(district, body, district.offices["ky-son"]).status_code == 200
    stolen = {**body, "office": "tan-ky"}
    response = post_batch(district, stolen, district.offices["tan-ky"])
    assert response.status_code == 409


def _mutate(body: dict, path: tuple, value: object) -> dict:
    copy = json.loads(json.dumps(body))
    target = copy
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return copy


BAD = [
    (("extra",), 1, "extra"),
    (("version",), 0, "version"),
    (("version",), "1", "version"),
    (("office",), "Ky Son!", "office"),
    (("batch_id",), "not-a-uuid", "batch_id"),
    (("generated_at",), "2026-11-27T08:00:00", "generated_at"),
    (("days",), [], "days"),
    (("days",), ["2026-11-27", "2026-11-27"], "listed twice"),
    (("cells", 0, "hour"), 24, "hour"),
    (("cells", 0, "issued"), -1, "issued"),
    (("cells", 0, "issued"), 10**9, "issued"),
    (("cells", 0, "served"), 50, "exceeds issued"),
    (("cells", 0, "wait_mean_s"), None, "all null or all numbers"),
    (("cells", 0, "wait_p90_s"), 5000.0, "cannot exceed wait_max_s"),
    (("cells", 0, "wait_max_s"), 1e12, "wait_max_s"),
    (("cells", 0, "day"), "2026-11-26", "not in days"),
    (("cells", 0, "ratings"), {"9": 1}, "not in scale.levels"),
    (("cells", 0, "ratings"), {"3": 100}, "more ratings than tickets"),
    (("cells", 0, "service"), "A B", "service"),
    (("cells", 0, "oops"), 1, "oops"),
    (("cells", 0, "served"), KeyError, "served"),
    (("scale", "negative"), ["7"], "scale.negative"),
    (("scale", "levels"), ["3"], "levels"),
]


@pytest.mark.parametrize(("path", "value", "said"), BAD, ids=[f"{'.'.join(map(str, p))}={v!r}" for p, v, _ in BAD])
def test_bad_batches_are_4xx_with_a_message_naming_the_fault(
    district: District, path: tuple, value: object, said: str
) -> None:
    body = _mutate(batch("ky-son", DAY, [cell()], 1), path, value)
    response = post_batch(district, body, district.offices["ky-son"])
    assert response.status_code == 422, response.text
    assert said in response.json()["message"]
    assert district.stats("ky-son", DAY, DAY)["totals"]["issued"] == 0


def test_nan_and_duplicate_cells_are_refused(district: District) -> None:
    token = district.offices["ky-son"]
    body = batch("ky-son", DAY, [cell(), cell()], 1)
    assert "listed twice" in post_batch(district, body, token).json()["message"]
    raw = gzip.compress(json.dumps(batch("ky-son", DAY, [cell(wait_mean_s=float("nan"))], 1)).encode())
    assert post_batch(district, None, token, raw=raw).status_code == 422


def test_a_body_that_is_not_json_is_422(district: District) -> None:
    response = post_batch(district, None, district.offices["ky-son"], raw=gzip.compress(b"{not json"))
    assert response.status_code == 422
    assert "JSON" in response.json()["message"]


def test_oversized_bodies_are_413(district: District) -> None:
    token = district.offices["ky-son"]
    # Over the wire limit (incompressible bytes)...
    import os

    response = post_batch(district, None, token, raw=os.urandom(1024 * 1024 + 10))
    assert response.status_code == 413
    # ...and a gzip bomb: 10 KB on the wire, 10 MB once inflated.
    bomb = gzip.compress(b" " * 10_000_000)
    assert len(bomb) < 20_000
    response = post_batch(district, None, token, raw=bomb)
    assert response.status_code == 413
    assert "decompressed" in response.json()["message"]


def test_corrupt_gzip_is_400_and_unknown_encodings_415(district: District) -> None:
    token = district.offices["ky-son"]
    good = gzip.compress(json.dumps(batch("ky-son", DAY, [cell()], 1)).encode())
    assert post_batch(district, None, token, raw=good[:-12]).status_code == 400
    assert post_batch(district, None, token, raw=good + b"junk").status_code == 400
    assert post_batch(district, None, token, raw=b"\x1f\x8b garbage").status_code == 400
    response = post_batch(district, None, token, raw=good, **{"Content-Encoding": "br"})
    assert response.status_code == 415


def test_an_uncompressed_batch_is_accepted_too(district: District) -> None:
    body = batch("ky-son", DAY, [cell()], 1)
    raw = json.dumps(body).encode()
    response = post_batch(district, None, district.offices["ky-son"], raw=raw, **{"Content-Encoding": "identity"})
    assert response.status_code == 200, response.text


def test_a_month_in_one_batch_fits(district: District) -> None:
    """A backlog can travel as one batch: 40 days x 10 hours x 4 services."""
    days = [f"2026-10-{d:02d}" for d in range(1, 32)] + [f"2026-11-{d:02d}" for d in range(1, 31)]
    cells = [cell(day=d, hour=h, service=s) for d in days[:40] for h in range(7, 17) for s in "ABCD"]
    body = {**batch("ky-son", days[0], [], 1), "days": days[:40], "cells": cells}
    response = post_batch(district, body, district.offices["ky-son"])
    assert response.status_code == 200, response.text
    assert district.stats("ky-son", days[0], days[39])["totals"]["issued"] == 10 * len(cells)


def test_empty_batches_close_a_day(district: District) -> None:
    token = district.offices["ky-son"]
    post_batch(district, batch("ky-son", DAY, [cell()], 1), token)
    response = post_batch(district, batch("ky-son", DAY, [], 2), token)
    assert response.json()["status"] == "applied"
    assert district.stats("ky-son", DAY, DAY)["totals"]["issued"] == 0


def test_ids_are_uuids_and_versions_order_them(district: District) -> None:
    body = batch("ky-son", DAY, [cell()], 5)
    uuid.UUID(body["batch_id"])
    assert body["version"] == 5


def test_batches_arriving_together_share_a_commit_and_a_refused_one_spoils_none(district: District) -> None:
    """Group commit: many offices at once; one batch in the crowd is refused (409), the others all stand."""
    from concurrent.futures import ThreadPoolExecutor

    token = district.offices["ky-son"]
    days = [f"2026-11-{d:02d}" for d in range(1, 25)]
    bodies = [batch("ky-son", day, [cell(day=day)], 1) for day in days]
    taken = batch("tan-ky", "2026-11-25", [cell(day="2026-11-25")], 1)
    assert post_batch(district, taken, district.offices["tan-ky"]).ok
    thief = {**batch("ky-son", "2026-11-25", [cell(day="2026-11-25")], 1), "batch_id": taken["batch_id"]}
    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(lambda body: post_batch(district, body, token), [*bodies, thief]))
    assert [a.status_code for a in answers] == [200] * len(bodies) + [409]
    stats = district.stats("ky-son", days[0], "2026-11-25")
    assert stats["totals"]["issued"] == 10 * len(days)
