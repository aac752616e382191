"""Recorded checks: an exercise's visible cases, replayed without its reference code (docs/grading.md).

The student release (``scripts/release.py``) ships a copy of the package whose exercise checks replay
what the real check did once with the reference solution: :func:`record` runs the check with a
:class:`RecordingChecker` (a :class:`~nnfs_helpers.exercises.guard.Checker` that writes down every
call it makes to the learner's function, with its arguments, and every comparison, with the expected
value, the known mistakes' values and their messages), and :func:`replay_check` makes a check function
out of that record. The replayed check calls the learner's function with the same arguments through
the same guarded call and judges the answers with the same :func:`~nnfs_helpers.exercises.diagnose.compare`,
so a learner sees the same PASS line and the same diagnoses for the notebook's cases; no reference code
and no hidden case (``variant=``) is in the record.
"""

from __future__ import annotations

import copy

import numpy as np

from ..exercises.guard import Checker, Failed

__all__ = ["RecordingChecker", "RecordingError", "record", "replay_check"]

# The masks diagnose._relu_mistake tries; a function of the mask (relu_upstream) is recorded at these.
_MASKS = ("ge", "lt", "le", "all")


class RecordingError(RuntimeError):
    """A check did something a record cannot replay (a compared value that is not a returned one)."""


def _masks(z) -> dict[str, np.ndarray]:
    z = np.asarray(z)
    return {"ge": z >= 0, "lt": z < 0, "le": z <= 0, "all": np.ones_like(z, dtype=bool)}


class RecordingChecker(Checker):
    """A Checker that runs the reference solution and writes down what the check asked of it."""

    def __init__(self, definition):
        super().__init__(definition, definition.reference(), None)
        self.events: list[tuple] = []
        self._results: list = []

    def call(self, *args, **kwargs):
        recorded = (copy.deepcopy(list(args)), copy.deepcopy(kwargs))
        result = super().call(*args, **kwargs)
        self.events.append(("call", *recorded, copy.deepcopy(result)))
        self._results.append(result)
        return result

    def _locate(self, got) -> tuple:
        for index in range(len(self._results) - 1, -1, -1):
            result = self._results[index]
            if result is got:
                return index, None
            if isinstance(result, (tuple, list)):
                for part, value in enumerate(result):
                    if value is got:
                        return index, part
        # A value the check built from several answers (one comparison over all neurons).
        if isinstance(got, np.ndarray):
            results = self._results
            for start in range(len(results)):
                for mode in _COMBINE:
                    try:
                        combined = _combine(mode, results[start:])
                    except (TypeError, ValueError):
                        continue
                    if combined.shape == got.shape and np.array_equal(combined, got, equal_nan=True):
                        return start, mode
        raise RecordingError(
            f"the check of {self.definition.id!r} compares a value that is not one its function returned"
        )

    def compare(self, got, expected, **options):
        where = self._locate(got)
        stored = {}
        for key, value in options.items():
            if key == "relu_upstream" and callable(value):
                masks = _masks(options["relu_z"])
                value = {name: np.asarray(value(mask.astype(np.float64))) for name, mask in masks.items()}
                stored[key] = ("masks", value)
            elif callable(value):
                raise RecordingError(f"the check of {self.definition.id!r} passes a function as {key}=")
            else:
                stored[key] = ("value", copy.deepcopy(value))
        self.events.append(("compare", where, copy.deepcopy(expected), stored))
        return super().compare(got, expected, **options)


_COMBINE = ("asarray", "concat", "array")


def _combine(mode: str, results: list) -> np.ndarray:
    if mode == "asarray":
        if len(results) != 1:
            raise ValueError("one answer")
        return np.asarray(results[0])
    if mode == "concat":
        return np.concatenate([np.asarray(result, dtype=float) for result in results])
    return np.array(results, dtype=float)


def record(definition) -> dict:
    """The record of ``definition``'s visible check: its events and the PASS line it printed."""
    checker = RecordingChecker(definition)
    try:
        said = definition.check(checker)
    except Failed as failure:  # the reference itself must pass
        raise RecordingError(
            f"the reference solution of {definition.id!r} fails its own check: {failure.message}"
        ) from None
    if isinstance(said, str) and said.strip():
        said = said.strip()
    else:
        said = None
    return {"id": definition.id, "events": checker.events, "said": said}


def _upstream_from_masks(table: dict[str, np.ndarray], z):
    masks = _masks(z)

    def upstream(mask):
        mask = np.asarray(mask).astype(bool)
        for name, candidate in masks.items():
            if mask.shape == candidate.shape and np.array_equal(mask, candidate):
                return table[name]
        return np.full(mask.shape, np.nan)

    return upstream


def replay_check(recorded: dict):
    """A check function (``check(checker) -> message``) that replays ``recorded``."""
    events = recorded["events"]
    parts: dict[int, list[str]] = {}
    for event in events:
        if event[0] == "compare" and isinstance(event[1][1], int):
            parts.setdefault(event[1][0], []).append(str(event[3].get("what", ("value", "a value"))[1]))

    def check(checker):
        results = []
        for event in events:
            if event[0] == "call":
                _, args, kwargs, _reference = event
                results.append(checker.call(*copy.deepcopy(args), **copy.deepcopy(kwargs)))
                continue
            _, (index, part), expected, stored = event
            got = results[index]
            if isinstance(part, str):  # answers combined: each must first have the reference's shape
                references = [event[3] for event in events if event[0] == "call"][index:]
                for answer, reference in zip(results[index:], references, strict=False):
                    integer = np.asarray(answer).dtype.kind in "iub" and np.asarray(reference).dtype.kind == "f"
                    if answer is None or np.shape(answer) != np.shape(reference) or integer:
                        checker.compare(answer, copy.deepcopy(np.asarray(reference)), what=stored["what"][1])
                got = _combine(part, results[index:])
            elif part is not None:
                from ..exercises.diagnose import unpack

                names = tuple(name.split(" (")[0] for name in parts[index])
                got = unpack(got, names)[part]
            options = {}
            for key, (_how, value) in stored.items():
                options[key] = copy.deepcopy(value)
            if "relu_upstream" in stored and stored["relu_upstream"][0] == "masks":
                options["relu_upstream"] = _upstream_from_masks(stored["relu_upstream"][1], options["relu_z"])
            checker.compare(got, copy.deepcopy(expected), **options)
        return recorded["said"]

    return check


def define_recorded(id: str, *, stub: str, hint: str, points: int, shapes: dict, record) -> None:
    """Register exercise ``id`` (student release) with a check that replays the record in the file ``record``."""
    import pickle
    from pathlib import Path

    from ..exercises.registry import _EXERCISES, ExerciseDef, _register

    recorded = pickle.loads(Path(record).read_bytes())
    entry = ExerciseDef(id=id, check=replay_check(recorded), hint=hint, stub=stub, points=points, shapes=shapes)
    _register(_EXERCISES, entry, "exercise")
