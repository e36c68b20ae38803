"""The headless engine: discovery, decoding, hashing, cache, grouping, keep rules, removal.

Nothing under this package imports Qt; the GUI and the CLI are its clients.
"""
