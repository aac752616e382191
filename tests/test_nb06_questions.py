"""Notebook 06's explorer question: the smallest hidden layer that reaches 85 % accuracy.

The check trains the smaller widths itself (training paths depend on the CPU), which costs seconds,
so the logic is tested here with a table of accuracies in place of training, plus one real run.
"""

from __future__ import annotations

import pytest

from nnfs_helpers.exercises import check_explorer, nb06


class FakeExplorer:
    """Stands in for the training explorer: only state() and the training constants are read."""

    samples, decay, momentum = 100, 1e-3, 0.9

    def __init__(self, **changes):
        self._state = {
            "learning_rate": 1.0,
            "hidden": 64,
            "epochs": 2000,
            "seed": 0,
            "trained": True,
            "loss": 0.2,
            "accuracy": 0.92,
        }
        self._state.update(changes)

    def state(self):
        return dict(self._state)


@pytest.fixture
def table(monkeypatch):
    accuracies = {width: 0.7 for width in range(2, 130, 2)}
    accuracies.update({28: 0.88, 30: 0.88, 40: 0.90})
    calls = []

    def fake(hidden, samples, decay, momentum):
        calls.append(hidden)
        return accuracies[hidden]

    monkeypatch.setattr(nb06, "_final_accuracy", fake)
    return calls


def test_untrained_or_changed_settings_are_not_an_answer(table):
    assert "press Train" in check_explorer("06.smallest_hidden", FakeExplorer(trained=False), quiet=True).message
    changed = check_explorer("06.smallest_hidden", FakeExplorer(seed=3, hidden=28, accuracy=0.9), quiet=True)
    assert not changed.passed and "seed" in changed.message
    assert table == []


def test_too_small_is_said_without_training_anything(table):
    result = check_explorer("06.smallest_hidden", FakeExplorer(hidden=26, accuracy=0.79), quiet=True)
    assert not result.passed and "below 0.85" in result.message and "says nothing about the widths" in result.message
    assert table == []


def test_too_large_costs_one_run(table):
    result = check_explorer("06.smallest_hidden", FakeExplorer(hidden=64, accuracy=0.92), quiet=True)
    assert not result.passed and "smaller hidden layer reaches" in result.message
    assert table == [28]


def test_the_smallest_width_passes_after_every_smaller_one_is_tried(table):
    result = check_explorer("06.smallest_hidden", FakeExplorer(hidden=28, accuracy=0.88), quiet=True)
    assert result.passed, result.message
    assert sorted(table) == list(range(2, 28, 2))


def test_a_machine_where_a_smaller_width_reaches_it_says_not_yet(monkeypatch):
    monkeypatch.setattr(nb06, "_final_accuracy", lambda hidden, *setup: 0.86 if hidden == 20 else 0.5)
    result = check_explorer("06.smallest_hidden", FakeExplorer(hidden=28, accuracy=0.88), quiet=True)
    assert not result.passed


def test_the_real_training_matches_the_explorers_own():
    """One real run: the check's training of a width gives what the explorer shows for it."""
    from nnfs_helpers.widgets import training_explorer

    widget = training_explorer(hidden=12, epochs=2000)
    widget.explorer.train()
    shown = widget.explorer.state()["accuracy"]
    assert nb06._final_accuracy(12, 100, 1e-3, 0.9) == shown
