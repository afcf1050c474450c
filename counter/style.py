"""The counter app's look: one stylesheet, colours by meaning."""

from __future__ import annotations

GREEN = "#1b7f3b"
BLUE = "#1456a0"
AMBER = "#b26a00"
RED = "#b3261e"
GREY = "#5f6368"
INK = "#1f1f1f"
PAPER = "#f4f6f8"

CONNECTION_COLOURS = {"online": GREEN, "connecting": AMBER, "offline": RED}

STYLESHEET = f"""
QWidget#counterWindow {{ background: {PAPER}; color: {INK}; }}
QFrame#card {{ background: white; border: 1px solid #d5dae0; border-radius: 10px; }}
QLabel#muted {{ color: {GREY}; }}
QPushButton {{
    background: white; border: 1px solid #b8c0ca; border-radius: 8px;
    padding: 6px 10px; font-size: 17px; color: {INK};
}}
QPushButton:hover {{ background: #eef3f9; }}
QPushButton:pressed {{ background: #dde7f3; }}
QPushButton:disabled {{ color: #a9afb6; background: #f0f1f3; border-color: #dde0e4; }}
QPushButton#primary {{
    background: {BLUE}; color: white; border: none; font-size: 30px; font-weight: bold;
}}
QPushButton#primary:hover {{ background: #1866b8; }}
QPushButton#primary:disabled {{ background: #9fb6d0; color: #eef2f7; }}
QPushButton#finish {{ background: {GREEN}; color: white; border: none; font-weight: bold; }}
QPushButton#finish:disabled {{ background: #a8c9b2; color: #eef4f0; }}
QPushButton#danger {{ color: {RED}; }}
QPushButton#danger:disabled {{ color: #a9afb6; }}
QPushButton#toggle:checked {{ background: {BLUE}; color: white; border-color: {BLUE}; }}
QLineEdit {{
    font-size: 22px; padding: 8px; border: 1px solid #b8c0ca; border-radius: 8px; background: white;
}}
QLineEdit:focus {{ border: 2px solid {BLUE}; }}
"""
