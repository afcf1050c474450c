"""Many devices at once: numbers stay unique and gap-free, no ticket goes to two counters."""

from concurrent.futures import ThreadPoolExecutor

import requests

from tests.helpers.office import Office


def test_concurrent_issuing_never_repeats_or_skips(office: Office) -> None:
    def kiosk(_: int) -> list[str]:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {office.tokens['kiosk']}"
        return [
            session.post(office.url + "/api/tickets", json={"service": "B"}, timeout=10).json()["number"]
            for _ in range(40)
        ]

    with ThreadPoolExecutor(6) as pool:
        numbers = [n for batch in pool.map(kiosk, range(6)) for n in batch]
    assert sorted(numbers) == [f"B{i:03d}" for i in range(1, 241)]


def test_counters_racing_for_one_queue_get_different_tickets(office: Office) -> None:
    for _ in range(60):
        office.issue("A")
    office.sign_in(1)
    office.sign_in(2)

    def counter(number: int) -> list[int]:
        got = []
        while True:
            ticket = office.act(number, "call-next").json()["ticket"]
            if ticket is None:
                return got
            got.append(ticket["id"])

    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(counter, (1, 2))
    assert first and second
    assert not set(first) & set(second)
    assert len(first) + len(second) == 60
