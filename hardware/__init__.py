"""Devices the office plugs in: thermal ticket printers, LED number boards, call keypads.

Each device is an object with one raw-write seam; each transport is a small module.
"""
