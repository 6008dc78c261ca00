"""The accuracy goals of issue 3, measured on the whole evaluation set (tests/eval/cases.yaml).

One evaluation per session (render, read and scan every case: a few seconds); each goal is its
own test so a failure names the goal it misses. ``python -m tests.eval.run_eval --show-errors``
lists the cases behind a failure.
"""

from __future__ import annotations

from typing import Any

import pytest

from .run_eval import GOALS, evaluate


@pytest.fixture(scope="session")
def metrics(nlp) -> dict[str, Any]:
    return evaluate(nlp=nlp)


def test_every_case_is_read(metrics):
    assert metrics["read_errors"] == {}


def test_overall_f1(metrics):
    micro = metrics["ours"]["micro"]
    assert micro["f1"] >= GOALS["f1"], (
        f"F1 {micro['f1']:.3f} (P {micro['precision']:.3f}, R {micro['recall']:.3f}, "
        f"FP {micro['fp']}, FN {micro['fn']}) below {GOALS['f1']}"
    )


def test_status_accuracy(metrics):
    status = metrics["status"]
    assert status["accuracy"] >= GOALS["status"], status


def test_level_accuracy(metrics):
    level = metrics["level"]
    assert level["accuracy"] >= GOALS["level"], level


def test_no_trap_reported_as_a_credential(metrics):
    assert metrics["traps"]["reported"] == []


def test_no_near_miss_reported_as_a_credential(metrics):
    assert metrics["near_miss_as_credential"] == []


def test_beats_the_keyword_baseline(metrics):
    assert metrics["ours"]["micro"]["f1"] > metrics["baseline"]["micro"]["f1"]
