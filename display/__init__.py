"""The lobby display: the Qt app (`onestop display`), its voice and the clips it speaks with.

- window.DisplayWindow: the screen; board.py and widgets.py paint its parts.
- announcer: chime then the call, queued; speech.py says what words; audio.py plays WAVs.
- clipmaker: `onestop display clips` makes the voice's recordings with espeak-ng.
The same screen for browsers is server/routes_display.py + server/display_web/.
"""
