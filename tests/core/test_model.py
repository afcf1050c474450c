import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.estimate import estimate_wait_s, recent_mean_service_s
from core.lifecycle import TRANSITIONS, Action, TransitionError, can_requeue, next_status
from core.model import FINAL_STATUSES, LabelFormat, TicketStatus


@pytest.mark.parametrize(
    ("fmt", "number", "label"),
    [
        ("A###", 1, "A001"),
        ("A###", 23, "A023"),
        ("A###", 1000, "A1000"),
        ("1###", 1, "1001"),
        ("2###", 42, "2042"),
        ("##", 7, "07"),
    ],
)
def test_label_formats(fmt: str, number: int, label: str) -> None:
    assert LabelFormat.parse(fmt).format(number) == label


@pytest.mark.parametrize("bad", ["A", "a###", "ABCD###", "A#", "A######", "A#B#", ""])
def test_bad_label_formats_say_how(bad: str) -> None:
    with pytest.raises(ValueError, match="'A###'"):
        LabelFormat.parse(bad)


@given(st.sampled_from(["A###", "B##", "1###", "42##"]), st.sets(st.integers(1, 50_000), min_size=2, max_size=50))
def test_labels_are_unique_within_a_service(fmt: str, numbers: set[int]) -> None:
    label = LabelFormat.parse(fmt)
    assert len({label.format(n) for n in numbers}) == len(numbers)


def test_final_states_have_no_way_out_but_requeue() -> None:
    for (status, action), _ in TRANSITIONS.items():
        if status in FINAL_STATUSES:
            assert (status, action) == (TicketStatus.NO_SHOW, Action.REQUEUE)


def test_transition_error_names_action_and_state() -> None:
    with pytest.raises(TransitionError, match="cannot recall ticket A001: it is serving"):
        next_status(TicketStatus.SERVING, Action.RECALL, label="A001")


def test_requeue_only_once() -> None:
    assert can_requeue(TicketStatus.NO_SHOW, already_requeued=False)
    assert not can_requeue(TicketStatus.NO_SHOW, already_requeued=True)
    assert not can_requeue(TicketStatus.DONE, already_requeued=False)


def test_estimate_baseline() -> None:
    assert estimate_wait_s(0, 540, 2) == 270
    assert estimate_wait_s(4, 240, 1) == 1200
    assert estimate_wait_s(4, 240, 0) == 1200  # nobody signed in yet: one counter assumed


def test_recent_mean_falls_back_until_enough_samples() -> None:
    assert recent_mean_service_s([100, 200], 540) == 540
    assert recent_mean_service_s([100, 200, 300], 540) == 200
    assert recent_mean_service_s([1000] * 5 + [100] * 20, 540) == 100  # only the last 20 count
