"""`onestop display`: the lobby TV with its voice; `onestop display clips`: make the voice's recordings."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from platformdirs import user_cache_dir

from client.args import add_client_args, check_client_args

log = logging.getLogger("onestop.display")

VOICES = ("auto", "tts", "clips", "chime", "off")


def default_clips_dir() -> Path:
    from onestop.cli import default_data_dir

    return default_data_dir() / "clips"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "display",
        help="the lobby TV: calls, counters, queues, the voice",
        description="The lobby display, fullscreen. Press L (or tap) to switch Vietnamese/English. "
        "The same screen is served to browsers at http://SERVER:8000/display?token=TOKEN.",
    )
    add_client_args(parser)
    parser.add_argument(
        "--voice",
        choices=VOICES,
        default="auto",
        help="auto: text-to-speech with a Vietnamese voice, else the clips folder, else the chime (default auto)",
    )
    parser.add_argument(
        "--clips", type=Path, default=default_clips_dir(), help=f"recorded clips (default {default_clips_dir()})"
    )
    parser.add_argument("--tts-engine", metavar="NAME", help="a Qt text-to-speech engine by name (e.g. speechd)")
    parser.set_defaults(func=run)
    sub = parser.add_subparsers(dest="display_command", metavar="clips")
    clips = sub.add_parser("clips", help="make the voice's clips with espeak-ng, or list what to record")
    clips.add_argument("--out", type=Path, default=default_clips_dir(), help="the clips folder to fill")
    clips.add_argument(
        "--config", type=Path, help="office.toml whose [display] call_vi/call_en to follow (default: the standard)"
    )
    clips.add_argument("--list", action="store_true", help="only write clips.txt: every file to record and its words")
    clips.set_defaults(func=run_clips)


def run(args: argparse.Namespace) -> int:
    check_client_args(args, "display")
    # Qt Multimedia lists every optional library it did not find (PipeWire, VA-API) as a warning on
    # start-up; the voice logs what matters (which backend, whether there is an audio device).
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
    from display.app import run_display

    return run_display(args)


def run_clips(args: argparse.Namespace) -> int:
    from display.clipmaker import clip_list, make_clips, write_list
    from server.config import DisplayConfig, load_config

    config = load_config(args.config).display if args.config else DisplayConfig()
    templates = {"vi": config.call_vi, "en": config.call_en}
    languages = ["vi", "en"]
    if args.list:
        path = write_list(args.out, clip_list(templates, languages))
        print(f"{path}: {len(clip_list(templates, languages))} clips to record")
        return 0
    count = make_clips(args.out, templates, languages)
    print(f"{args.out}: {count} clips made with espeak-ng; start the display with --clips {args.out}")
    return 0


def cache_dir() -> Path:
    return Path(user_cache_dir("onestop", appauthor=False))
