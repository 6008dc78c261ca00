"""One exception family for everything that can go wrong reading a document.

Messages are one line, name the file and say the reason, so a batch can print them as they are.
Every class pickles (a worker process sends them back to the parent).
"""

from __future__ import annotations


class DocumentError(Exception):
    """A document could not be read. ``str(err)`` is ``"<name>: <reason>"`` on one line."""

    code = "unreadable"

    def __init__(self, name: str, reason: str) -> None:
        self.name = str(name)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.name}: {self.reason}")

    def __reduce__(self):  # keep both arguments when pickled across processes
        return (type(self), (self.name, self.reason))


class UnsupportedFormatError(DocumentError):
    code = "unsupported"


class EncryptedDocumentError(DocumentError):
    code = "encrypted"


class CorruptDocumentError(DocumentError):
    code = "corrupt"


class NoTextError(DocumentError):
    code = "no-text"


class TooLargeError(DocumentError):
    code = "too-large"
