"""Command line: thin click verbs over the library rooms."""

from __future__ import annotations

import click

from scanner import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="credscan")
def cli() -> None:
    """Find machine-learning credentials in resumes and job postings."""


def main() -> None:
    cli()
