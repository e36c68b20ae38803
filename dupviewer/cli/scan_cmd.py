"""`dupviewer-cli scan` (being written)."""


def register(subparsers) -> None:
    subparsers.add_parser("scan", help="not available yet")
