"""The one error an importer raises for a document it will not take."""

from pathlib import Path


class DocumentRefused(Exception):
    """A document was refused: malformed, hostile, too large, of an unknown format, or its parse
    produced counts outside the source descriptor's expected bounds. Nothing was written."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"refused {self.path}: {reason}")
