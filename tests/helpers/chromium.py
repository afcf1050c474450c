"""Headless Chromium for looking at pages (Debian's chromium and chromium-driver; scripts/bootstrap installs them)."""

from __future__ import annotations

import shutil

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
)  # fmt: skip


def chromium(width: int, height: int, *extra: str) -> webdriver.Chrome:
    """A browser window of ``width`` x ``height``; below 500 px wide, a phone (device emulation)."""
    binary, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    assert binary and driver_path, "needs Debian's chromium and chromium-driver (scripts/bootstrap installs them)"
    options = Options()
    options.binary_location = binary
    for arg in (*FLAGS, f"--window-size={width},{height}", *extra):
        options.add_argument(arg)
    if width < 500:  # a window narrower than 500 px needs the device emulation
        metrics = {"width": width, "height": height, "pixelRatio": 2}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(20)
    return driver
