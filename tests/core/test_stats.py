"""core.stats: the definitions on hand-made records, and properties that hold for any office day."""

from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from core.stats import CounterEvent, TicketFacts, compute, hourly_cells, open_spans, service_s, wait_s

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
EIGHT = 1795741200.0  # 2026-11-27 08:00 +07
MIDNIGHT = EIGHT + 16 * 3600


def ticket(**kw: object) -> TicketFacts:
    base: dict[str, object] = dict(
        id=1, day="2026-11-27", hour=8, service="A", priority=False, status="done", issued_at=EIGHT,
        queued_at=EIGHT, first_called_at=EIGHT + 600, called_at=EIGHT + 600, started_at=None,
        finished_at=EIGHT + 900, counter=1, clerk="c1", estimated_wait_s=600,
    )  # fmt: skip
    base.update(kw)
    return TicketFacts(**base)  # type: ignore[arg-type]


def test_wait_runs_to_the_last_call_and_service_from_the_start() -> None:
    recalled = ticket(called_at=EIGHT + 700, started_at=EIGHT + 720)
    assert (wait_s(recalled), service_s(recalled)) == (700, 180)
    assert service_s(ticket()) == 300  # finished without start: from the call


def test_a_requeued_no_show_waits_twice_but_not_while_away() -> None:
    # Called at 08:10 (missed), came back and requeued at 09:00, called at 09:20.
    t = ticket(requeued=True, first_called_at=EIGHT + 600, queued_at=EIGHT + 3600, called_at=EIGHT + 4800)
    assert wait_s(t) == 600 + 1200


def test_no_wait_for_tickets_never_resolved() -> None:
    assert wait_s(ticket(status="cancelled", first_called_at=None, called_at=None)) is None
    assert wait_s(ticket(status="called")) is None


def test_open_spans_stop_at_pause_sign_out_roll_over_and_midnight() -> None:
    events = [
        CounterEvent(EIGHT, "signed_in", 1, "c1"),
        CounterEvent(EIGHT + 3600, "paused", 1),
        CounterEvent(EIGHT + 5400, "resumed", 1),
        CounterEvent(EIGHT + 7200, "signed_out", 1),
        CounterEvent(EIGHT, "signed_in", 2, "c2"),  # forgets to sign out
        CounterEvent(MIDNIGHT + 7 * 3600, "day_started", None),
        CounterEvent(EIGHT, "resumed", 3),  # a resume without a sign-in opens nothing
    ]
    spans = open_spans(events, TZ, now=MIDNIGHT + 8 * 3600)
    assert [(s.counter, s.clerk, s.seconds) for s in spans] == [(1, "c1", 3600), (1, "c1", 1800), (2, "c2", 57600)]
    # Still open now: counted up to now.
    assert [s.seconds for s in open_spans(events[:1], TZ, now=EIGHT + 60)] == [60]


statuses = st.sampled_from(["waiting", "called", "serving", "done", "no_show", "cancelled"])


@st.composite
def tickets(draw: st.DrawFn) -> list[TicketFacts]:
    out = []
    for i in range(draw(st.integers(0, 40))):
        issued = EIGHT + draw(st.floats(0, 8 * 3600))
        status = draw(statuses)
        called = issued + draw(st.floats(0, 7200)) if status != "waiting" and draw(st.booleans()) else None
        finished = (called or issued) + draw(st.floats(0, 3600)) if status in ("done", "no_show", "cancelled") else None
        out.append(
            TicketFacts(
                id=i, day=draw(st.sampled_from(["2026-11-27", "2026-11-28"])), hour=draw(st.integers(7, 17)),
                service=draw(st.sampled_from("ABC")), priority=draw(st.booleans()), status=status, issued_at=issued,
                queued_at=issued, first_called_at=called, called_at=called, started_at=None, finished_at=finished,
                counter=draw(st.sampled_from([None, 1, 2])), clerk=draw(st.sampled_from([None, "c1", "c2"])),
                estimated_wait_s=draw(st.integers(0, 3600)), transferred=draw(st.booleans()),
                requeued=False, close_reason=None, rating=draw(st.sampled_from([None, 1, 2, 3])),
            )  # fmt: skip
        )
    return out


@settings(max_examples=150, deadline=None)
@given(tickets())
def test_groups_add_up_to_the_totals(day: list[TicketFacts]) -> None:
    stats = compute(day, negative=frozenset({1})).as_dict()
    totals = stats["totals"]
    counts = ("issued", "served", "no_show", "cancelled", "waiting", "in_service", "ratings", "priority")
    for group in ("by_service", "by_hour", "by_day"):
        for key in counts:
            assert sum(r[key] for r in stats[group]) == totals[key], (group, key)
    assert totals["served"] + totals["no_show"] + totals["cancelled"] + totals["waiting"] + totals["in_service"] == (
        totals["issued"]
    )
    assert totals["served"] <= totals["issued"] and totals["ratings"] <= totals["served"]
    assert sum(totals["wait_histogram"]) == sum(r is not None for r in map(wait_s, day))
    if totals["wait_max_s"] is not None:
        assert totals["wait_median_s"] <= totals["wait_p90_s"] <= totals["wait_max_s"]
    for rate in ("service_level", "no_show_rate", "response_rate", "satisfaction_rate", "priority_share"):
        assert totals[rate] is None or 0 <= totals[rate] <= 100


@settings(max_examples=100, deadline=None)
@given(tickets())
def test_hourly_cells_add_up_and_are_what_the_district_accepts(day: list[TicketFacts]) -> None:
    cells = hourly_cells(day)
    assert sum(c["issued"] for c in cells) == len(day)
    for c in cells:
        assert c["served"] + c["no_show"] + c["cancelled"] <= c["issued"]
        waits = (c["wait_mean_s"], c["wait_p90_s"], c["wait_max_s"])
        assert all(w is None for w in waits) or all(w is not None and w <= c["wait_max_s"] for w in waits)


def test_range_coverage_counts_tickets_printed_with_a_range() -> None:
    tickets = [
        ticket(id=1, estimated_low_s=300, estimated_high_s=900),  # waited 600: inside
        ticket(id=2, estimated_low_s=700, estimated_high_s=900),  # waited 600: below the range
        ticket(id=3, estimated_low_s=300, estimated_high_s=600),  # the bounds count as inside
        ticket(id=4),  # printed before ranges: not judged on them
        ticket(id=5, estimated_low_s=0, estimated_high_s=60, transferred=True),  # another queue's estimate
    ]
    totals = compute(tickets, []).totals
    assert totals.estimate_in_range == round(2 / 3 * 100, 1)
    assert compute(tickets[3:4], []).totals.estimate_in_range is None
