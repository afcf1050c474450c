"""The kiosk's look: colours and a stylesheet whose sizes follow the screen.

Sizes are written for a 1920x1080 screen and scaled to the real one, so a
1280x800 kiosk keeps the same layout with smaller type.
"""

from __future__ import annotations

NAVY = "#0D3B66"
INK = "#1B1B1B"
PAPER = "#F4F6F8"
GREEN = "#2E7D32"
RED = "#B71C1C"
AMBER = "#8A5A00"
GREY = "#9E9E9E"

# Dark enough for white text (contrast >= 4.5:1), far apart on the colour wheel.
SERVICE_COLORS = ("#1565C0", "#2E7D32", "#C62828", "#6A1B9A", "#BF360C", "#00695C", "#4E342E", "#AD1457", "#283593")
DESIGN_SIZE = (1920, 1080)


def service_color(code: str, index: int, overrides: dict[str, str], own: str | None = None) -> str:
    """The service's colour set in the admin screens (``own``), else kiosk.toml's [colors], else the palette's."""
    return own or overrides.get(code.upper(), SERVICE_COLORS[index % len(SERVICE_COLORS)])


def darker(color: str, factor: float = 0.8) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(int(c * factor) for c in (r, g, b)))


# The least a button for citizens may be, on any screen: a finger (and an unsteady one) hits it.
TOUCH_MIN_PX = 64


def scale_for(width: int, height: int) -> float:
    return max(0.4, min(width / DESIGN_SIZE[0], height / DESIGN_SIZE[1]))


def stylesheet(scale: float) -> str:
    def px(n: float) -> str:
        return f"{max(6, round(n * scale))}px"

    return f"""
    QWidget#kiosk {{ background: {PAPER}; }}
    QWidget#header {{ background: {NAVY}; }}
    QLabel#office {{ color: white; font-size: {px(34)}; font-weight: bold; }}
    QLabel#clock {{ color: white; font-size: {px(34)}; }}
    QPushButton#language {{
        background: white; color: {NAVY}; font-size: {px(30)}; font-weight: bold;
        border-radius: {px(14)}; padding: {px(10)} {px(28)}; min-height: {px(56)};
    }}
    QPushButton#language:pressed {{ background: #DDE6F0; }}
    QLabel[role="title"] {{ color: {NAVY}; font-size: {px(54)}; font-weight: bold; }}
    QLabel[role="subtitle"] {{ color: {INK}; font-size: {px(34)}; }}
    QLabel[role="tile-code"] {{ color: white; font-size: {px(64)}; font-weight: bold; }}
    QLabel[role="tile-name"] {{ color: white; font-size: {px(40)}; font-weight: bold; }}
    QLabel[role="tile-other"] {{ color: rgba(255, 255, 255, 215); font-size: {px(26)}; }}
    QLabel[role="tile-stats"] {{
        color: white; font-size: {px(28)}; background: rgba(0, 0, 0, 60);
        border-radius: {px(10)}; padding: {px(6)} {px(14)};
    }}
    QLabel[role="notice"] {{
        color: white; background: {AMBER}; font-size: {px(32)}; font-weight: bold;
        border-radius: {px(16)}; padding: {px(16)} {px(28)};
    }}
    QLabel[role="banner"] {{
        color: {RED}; background: #FDECEA; border: {px(3)} solid {RED}; font-size: {px(30)};
        border-radius: {px(16)}; padding: {px(12)} {px(24)};
    }}
    QFrame[role="offline"] {{ background: white; border: {px(4)} solid {RED}; border-radius: {px(28)}; }}
    QLabel[role="offline-vi"] {{ color: {RED}; font-size: {px(58)}; font-weight: bold; }}
    QLabel[role="offline-en"] {{ color: {RED}; font-size: {px(42)}; }}
    QLabel[role="offline-retry"] {{ color: {INK}; font-size: {px(34)}; }}
    QPushButton[role="big"] {{
        color: white; background: {GREEN}; font-size: {px(48)}; font-weight: bold;
        border-radius: {px(24)}; padding: {px(16)}; min-height: {px(96)};
    }}
    QPushButton[role="big"]:pressed {{ background: {darker(GREEN)}; }}
    QPushButton[role="choice"] {{
        color: {NAVY}; background: white; border: {px(4)} solid {NAVY}; font-size: {px(38)};
        font-weight: bold; border-radius: {px(22)}; padding: {px(12)}; min-height: {px(66)};
    }}
    QPushButton[role="choice"]:pressed {{ background: #DDE6F0; }}
    QPushButton[role="choice"]:disabled, QPushButton[role="big"]:disabled {{ color: {GREY}; border-color: {GREY}; }}
    QPushButton[role="back"] {{
        color: {NAVY}; background: transparent; border: {px(3)} solid {NAVY}; font-size: {px(34)};
        border-radius: {px(18)}; padding: {px(12)} {px(36)}; min-height: {px(80)};
    }}
    QLabel[role="caption"] {{ color: {INK}; font-size: {px(44)}; }}
    QLabel[role="number"] {{ font-size: {px(280)}; font-weight: bold; }}
    QLabel[role="number-fault"] {{ font-size: {px(210)}; font-weight: bold; }}
    QLabel[role="ticket-service"] {{ color: {INK}; font-size: {px(50)}; font-weight: bold; }}
    QLabel[role="info"] {{ color: {INK}; font-size: {px(40)}; }}
    QLabel[role="closed"] {{
        color: {AMBER}; background: #FFF4D6; border: {px(3)} solid #E0A100; font-size: {px(36)};
        font-weight: bold; border-radius: {px(14)}; padding: {px(8)} {px(18)};
    }}
    QLabel[role="status-ok"] {{
        color: white; background: {GREEN}; font-size: {px(42)}; font-weight: bold;
        border-radius: {px(20)}; padding: {px(18)} {px(30)};
    }}
    QFrame[role="fault"] {{ background: #FDECEA; border: {px(4)} solid {RED}; border-radius: {px(24)}; }}
    QLabel[role="fault-vi"] {{ color: {RED}; font-size: {px(40)}; font-weight: bold; }}
    QLabel[role="fault-en"] {{ color: {RED}; font-size: {px(30)}; }}
    QLabel[role="fault-photo"] {{ color: {INK}; font-size: {px(34)}; font-weight: bold; }}
    QLabel[role="qr-caption"] {{ color: {INK}; font-size: {px(28)}; }}
    QLabel[role="pin-dots"] {{ color: {NAVY}; font-size: {px(80)}; letter-spacing: {px(16)}; }}
    QLabel[role="message"] {{ color: {RED}; font-size: {px(32)}; }}
    QLabel[role="setting"] {{ color: {INK}; font-size: {px(30)}; }}
    QPushButton[role="key"] {{
        color: {NAVY}; background: white; border: {px(3)} solid {NAVY}; font-size: {px(52)};
        font-weight: bold; border-radius: {px(18)}; min-height: {px(110)}; min-width: {px(150)};
    }}
    QPushButton[role="key"]:pressed {{ background: #DDE6F0; }}
    QPushButton[role="secondary"] {{
        background: white; border: {px(4)} solid {NAVY}; border-radius: {px(24)}; padding: 0 {px(24)};
    }}
    QPushButton[role="secondary"]:pressed {{ background: #DDE6F0; }}
    QPushButton[role="secondary"]:disabled {{ border-color: {GREY}; }}
    QLabel[role="secondary-main"] {{ color: {NAVY}; font-size: {px(38)}; font-weight: bold; }}
    QLabel[role="secondary-other"] {{ color: {NAVY}; font-size: {px(28)}; }}
    QPushButton[role="appointment"] {{
        background: {NAVY}; border: none; border-radius: {px(24)}; padding: 0 {px(6)};
        min-height: {max(TOUCH_MIN_PX, round(96 * scale))}px;
    }}
    QPushButton[role="appointment"]:pressed {{ background: {darker(NAVY)}; }}
    QPushButton[role="appointment"]:disabled {{ background: {GREY}; }}
    QLabel[role="appointment-main"] {{ color: white; font-size: {max(18, round(34 * scale))}px; font-weight: bold; }}
    QLabel[role="appointment-other"] {{ color: rgba(255, 255, 255, 225); font-size: {max(15, round(26 * scale))}px; }}
    QLabel[role="rate-number"] {{
        color: {NAVY}; background: white; border: {px(4)} solid {NAVY}; border-radius: {px(22)};
        font-size: {px(110)}; font-weight: bold; padding: {px(8)} {px(30)};
    }}
    QLabel[role="rate-scan"] {{ color: {NAVY}; font-size: {px(40)}; font-weight: bold; }}
    QPushButton[role="rate-key"] {{
        color: {NAVY}; background: white; border: {px(3)} solid {NAVY}; font-size: {px(40)};
        font-weight: bold; border-radius: {px(14)}; min-height: {px(84)}; min-width: {px(76)};
    }}
    QPushButton[role="rate-key"]:pressed {{ background: #DDE6F0; }}
    QPushButton[role="rate-field"] {{
        color: {INK}; background: white; border: {px(3)} solid {GREY}; border-radius: {px(18)};
        font-size: {px(40)}; font-weight: bold; padding: {px(10)} {px(20)}; text-align: left;
    }}
    QPushButton[role="rate-field"][active="true"] {{ color: {NAVY}; border: {px(5)} solid {NAVY}; }}
    QPushButton[role="find"] {{ background: {NAVY}; border: none; border-radius: {px(16)}; }}
    QPushButton[role="find"]:pressed {{ background: {darker(NAVY)}; }}
    QPushButton[role="find"]:disabled {{ background: {GREY}; }}
    QLabel[role="find-main"] {{ color: white; font-size: {px(32)}; font-weight: bold; }}
    QLabel[role="find-other"] {{ color: rgba(255, 255, 255, 215); font-size: {px(24)}; }}
    QLabel[role="search-box"] {{
        color: {INK}; background: white; border: {px(4)} solid {NAVY}; border-radius: {px(18)};
        font-size: {px(44)}; padding: {px(10)} {px(24)}; min-height: {px(70)};
    }}
    QLabel[role="search-box"][empty="true"] {{ color: #6B6B6B; font-size: {px(34)}; }}
    QPushButton[role="chip"] {{
        color: white; background: {NAVY}; font-size: {px(30)}; font-weight: bold;
        border-radius: {px(28)}; padding: {px(8)} {px(28)}; min-height: {px(56)};
    }}
    QPushButton[role="chip"]:pressed {{ background: {darker(NAVY)}; }}
    QWidget[role="result-list"] {{ background: transparent; }}
    QPushButton[role="result"] {{
        background: white; border: {px(3)} solid #C5D3E0; border-radius: {px(16)}; text-align: left;
    }}
    QPushButton[role="result"]:pressed {{ background: #DDE6F0; border-color: {NAVY}; }}
    QLabel[role="result-main"] {{ color: {NAVY}; font-size: {px(36)}; font-weight: bold; }}
    QLabel[role="result-other"] {{ color: {INK}; font-size: {px(26)}; }}
    QLabel[role="list-hint"] {{ color: {INK}; font-size: {px(30)}; padding: {px(8)}; }}
    QPushButton[role="kbd"], QPushButton[role="kbd-tone"] {{
        color: {NAVY}; background: white; border: {px(3)} solid {NAVY}; font-size: {px(40)};
        font-weight: bold; border-radius: {px(14)}; min-height: {px(70)};
    }}
    QPushButton[role="kbd-tone"] {{ background: #E8EEF5; }}
    QPushButton[role="kbd"]:pressed, QPushButton[role="kbd-tone"]:pressed {{ background: #C9D7E6; }}
    QLabel[role="procedure-name"] {{ color: {NAVY}; font-size: {px(54)}; font-weight: bold; }}
    QLabel[role="procedure-about"] {{ color: {INK}; font-size: {px(30)}; }}
    QWidget[role="procedure-details"] {{ background: white; border-radius: {px(20)}; }}
    QLabel[role="section"] {{ color: {NAVY}; font-size: {px(40)}; font-weight: bold; }}
    QLabel[role="paper"] {{ color: {INK}; font-size: {px(36)}; }}
    QLabel[role="paper-terms"] {{ color: {NAVY}; font-size: {px(36)}; font-weight: bold; }}
    QLabel[role="fact-heading"] {{ color: {NAVY}; font-size: {px(30)}; font-weight: bold; }}
    QLabel[role="fact"] {{ color: {INK}; font-size: {px(36)}; }}
    QLabel[role="procedure-note"] {{
        color: {AMBER}; background: #FFF4E0; font-size: {px(28)}; border-radius: {px(12)}; padding: {px(10)} {px(16)};
    }}
    QLabel[role="print-status"] {{ color: {INK}; font-size: {px(32)}; }}
    QLabel[role="print-status"][state="printed"] {{ color: {GREEN}; font-weight: bold; }}
    QLabel[role="print-status"][state="failed"] {{ color: {RED}; font-weight: bold; }}
    QLabel[role="info-small"] {{ color: {INK}; font-size: {px(30)}; }}
    QScrollArea[role="touch-list"], QWidget#qt_scrollarea_viewport {{ background: transparent; }}
    QScrollArea[role="touch-list"] QScrollBar:vertical {{
        width: {px(26)}; background: #E3E9F0; border-radius: {px(13)}; margin: 0;
    }}
    QScrollArea[role="touch-list"] QScrollBar::handle:vertical {{
        background: {NAVY}; border-radius: {px(13)}; min-height: {px(90)};
    }}
    QScrollArea[role="touch-list"] QScrollBar::add-line:vertical,
    QScrollArea[role="touch-list"] QScrollBar::sub-line:vertical {{ height: 0; }}
    QScrollArea[role="touch-list"] QScrollBar::add-page:vertical,
    QScrollArea[role="touch-list"] QScrollBar::sub-page:vertical {{ background: transparent; }}
    """
