"""credscan: find machine-learning credentials in resumes and job postings."""

from __future__ import annotations

__version__ = "0.1.0"
