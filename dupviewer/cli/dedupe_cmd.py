"""`dupviewer-cli dedupe` (being written)."""


def register(subparsers) -> None:
    subparsers.add_parser("dedupe", help="not available yet")
