"""`dupviewer-cli find` (being written)."""


def register(subparsers) -> None:
    subparsers.add_parser("find", help="not available yet")
