"""GET /admin: the admin screens' web page, served without a token, holding nothing until sign-in."""

from __future__ import annotations

from tests.helpers.office import Office


def test_the_page_and_its_files(office: Office) -> None:
    page = office.get("/admin", None)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "DENY"
    assert 'id="sign-in"' in page.text and "Đăng nhập quản trị" in page.text and "UBND xã Kỳ Sơn" in page.text
    script = office.get("/admin/admin.js", None)
    assert script.status_code == 200 and "/api/admin/sign-in" in script.text
    assert "innerHTML" not in script.text  # the DOM is built with textContent only
    assert office.get("/admin/admin.css", None).status_code == 200
    missing = office.get("/admin/secrets.txt", None)
    assert missing.status_code == 404 and missing.json()["message_vi"]


def test_the_page_is_not_on_the_citizens_listener(office: Office) -> None:
    from server.public_app import PUBLIC_ROUTERS

    paths = {route.path for module in PUBLIC_ROUTERS for route in module.router.routes}  # type: ignore[attr-defined]
    assert paths and not {p for p in paths if p.startswith("/admin") or p.startswith("/api/admin")}
