"""Whatever arrives, the server answers with a 2xx or a 4xx that says why — never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.office import Office

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
# Bodies shaped like the real ones, with wrong values, are the likelier bugs.
field_names = st.sampled_from(["service", "priority", "username", "pin", "reason", "number", "requeue", "level",
                               "reasons", "dossier_code", "printed", "x"])
near_bodies = st.dictionaries(field_names, json_values, max_size=4)
segments = st.sampled_from(["1", "0", "-1", "99999999999999999999", "abc", "A001", "%00", "1.5", ""])


@pytest.fixture
def posts(office: Office) -> list[str]:
    office.sign_in(1)
    spec = office.get("/openapi.json", device=None).json()
    return sorted(p for p, ops in spec["paths"].items() if "post" in ops)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_posts_never_500(office: Office, posts: list[str], data: st.DataObject) -> None:
    template = data.draw(st.sampled_from(posts))
    path = template
    for name in ("{n}", "{ticket_id}"):
        if name in path:
            path = path.replace(name, data.draw(segments))
    device = data.draw(st.sampled_from(["kiosk", "counter1", "display", "supervisor"]))
    body = data.draw(near_bodies | json_values)
    response = office.post(path, device, json=body)
    assert response.status_code < 500, (path, body, response.text)
    if response.status_code >= 400:
        assert response.json()["message"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=40), segment=segments)
def test_random_gets_never_500(office: Office, query: str, segment: str) -> None:
    for path in (f"/api/tickets/{segment}", f"/api/tickets/by-number/{segment}", f"/api/state?{query}"):
        response = office.get(path)
        assert response.status_code < 500, (path, response.text)
