"""The guarded call: the :class:`Checker` an exercise's check receives.

``checker.call(**arguments)`` runs the learner's function on copies of the arguments and keeps the
learner's exceptions apart from the check's own: ``NotImplementedError`` from the untouched stub means
"not attempted" (or, when the learner's code reached the stub's raise line on one branch only, or the
learner renamed their function, says so), any other exception raised by the learner's code becomes
the ``raised`` diagnosis (:mod:`.numpy_errors` words it), an argument changed in place becomes
``modified_input``. ``checker.compare(got, expected, ...)`` is :func:`.diagnose.compare` with what the
checker knows (the exercise's shapes, the sizes N, D, M, C of the last call, the recorded calls for the
smallest failing case).

``checker.rng(seed)`` and ``checker.size(default)`` make the check data: the notebook's own cases when
``checker.variant`` is None, hidden cases with other values and other sizes for a grader otherwise.
"""

from __future__ import annotations

import copy
import dis
import inspect
import re
import zlib
from collections.abc import Callable

import numpy as np

from .numpy_errors import describe_raise, fmt_shape

__all__ = ["Checker", "Failed", "NotAttempted"]


# Both derive from BaseException so that a check's own ``except Exception`` cannot swallow a
# learner's failure and let the check end in PASS.
class NotAttempted(BaseException):
    pass


class Failed(BaseException):
    """A diagnosis: raised by the checker or by compare(), caught by check_exercise()."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


_LETTER = re.compile(r"[A-Z][₀-₉0-9]*")


class Checker:
    """What one run of one exercise's check works with (passed to the check explicitly)."""

    def __init__(self, definition, fn: Callable, variant: int | None = None):
        self.definition = definition
        self.fn = fn
        self.variant = variant
        self.comparisons = 0
        self.calls: list[tuple[dict, object]] = []  # (arguments, what the learner returned)
        self.sizes: dict[str, int] = {}  # N, D, M, C ... of the last call, read from the shapes
        self.float32 = False  # set by compare() when an answer in float32 was judged
        self._sizes_rng = np.random.default_rng([zlib.crc32(definition.id.encode()), variant or 0, 1])

    # -- check data -------------------------------------------------------------------------

    @property
    def hidden(self) -> bool:
        return self.variant is not None

    def rng(self, seed: int) -> np.random.Generator:
        """The notebook's generator for ``seed``, or, for a hidden variant, one drawn from the variant."""
        if self.variant is None:
            return np.random.default_rng(seed)
        return np.random.default_rng([seed, 1_000_003, int(self.variant)])

    def size(self, default: int, low: int = 2, high: int = 7, avoid=()) -> int:
        """``default`` in the notebook; for a hidden variant a size in [low, high] not in ``avoid``."""
        if self.variant is None:
            return default
        choices = [n for n in range(low, high + 1) if n not in set(avoid)]
        return int(self._sizes_rng.choice(choices))

    def distinct_sizes(self, *defaults: int, low: int = 2, high: int = 7) -> tuple[int, ...]:
        """Several sizes that differ from each other (N != D != M): the defaults, or hidden ones."""
        chosen: list[int] = []
        for default in defaults:
            chosen.append(self.size(default, low, high, avoid=chosen))
        return tuple(chosen)

    # -- the guarded call --------------------------------------------------------------------

    def __call__(self, *args, **kwargs):  # the first engine's checks received ``call``
        return self.call(*args, **kwargs)

    def call(self, *args, **kwargs):
        fn = self.fn
        originals = dict(enumerate(args)) | kwargs
        args = [copy.deepcopy(value) for value in args]
        kwargs = {key: copy.deepcopy(value) for key, value in kwargs.items()}
        given = dict(enumerate(args)) | kwargs
        self.sizes = self._read_sizes(kwargs)
        call_args, call_kwargs = _match_parameters(fn, args, kwargs)
        try:
            result = fn(*call_args, **call_kwargs)
        except NotImplementedError:
            self._not_attempted(kwargs)
        except Exception as error:
            raise Failed("raised", describe_raise(error, fn, self.definition.shapes)) from None
        _refuse_edits_in_place(fn, originals, given)
        self.calls.append(({key: copy.deepcopy(value) for key, value in originals.items()}, copy.deepcopy(result)))
        return result

    def compare(self, got, expected, **options) -> str:
        from .diagnose import compare

        return compare(got, expected, checker=self, **options)

    def _read_sizes(self, kwargs: dict) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for name, letters in self.definition.shapes.items():
            shape = getattr(kwargs.get(name), "shape", None)
            parts = [part.strip() for part in letters.strip("()").split(",") if part.strip()]
            if isinstance(shape, tuple) and len(shape) == len(parts):
                for part, size in zip(parts, shape, strict=True):
                    if _LETTER.fullmatch(part):
                        sizes.setdefault(part, int(size))
        return sizes

    def _not_attempted(self, kwargs: dict):
        fn, definition = self.fn, self.definition
        shapes = ", ".join(
            f"`{name}` of shape {fmt_shape(value.shape)}" for name, value in kwargs.items() if hasattr(value, "shape")
        )
        if self.calls:
            raise Failed(
                "raise_on_branch",
                f"your function returned an answer for {len(self.calls)} case(s), then reached "
                f"`raise NotImplementedError` for {shapes or 'the next case'}: the stub's raise line is still "
                "there on one branch of your code; every input needs its answer",
            ) from None
        stub_code = _stub_code(definition)
        code = getattr(fn, "__code__", None)
        if stub_code is not None and code is not None and code.co_code != stub_code.co_code:
            raise Failed(
                "raise_on_branch",
                f"your function reached `raise NotImplementedError` for {shapes or 'the first case'}: the stub's "
                "raise line is still on a branch your code takes; remove it once every input has its answer",
            ) from None
        renamed = _renamed(fn)
        if renamed:
            name = getattr(fn, "__name__", definition.function_name)
            raise Failed(
                "renamed",
                f"`{name}` is still the stub (it raises NotImplementedError), but you also defined "
                f"`{renamed}` with the same arguments: the check calls the function named `{name}`, so give "
                f"yours that name (def {name}(...)) and run its cell again",
            ) from None
        raise NotAttempted() from None

    # -- the smallest failing case ------------------------------------------------------------

    def answered_right(self, arguments: dict, got) -> bool:
        """Whether the learner's recorded answer ``got`` for ``arguments`` equals the reference's."""
        if self.definition.solution is None:
            return False
        try:
            expected = self.definition.reference()(**copy.deepcopy(arguments))
            pairs = list(zip(got, expected, strict=True)) if isinstance(expected, tuple) else [(got, expected)]
            return all(
                np.shape(a) == np.shape(b) and np.allclose(np.asarray(a, dtype=np.float64), b, rtol=1e-6, atol=1e-9)
                for a, b in pairs
            )
        except Exception:  # an answer of another kind (a dict, a short tuple): not right
            return False

    def full_precision_case(self, names: tuple[str, ...]) -> None:
        """After every case passed: each case again, its arguments ``names`` nudged by up to 0.1 % so
        that no number keeps the short decimals the cases are built from. An answer right only on short
        decimals (rounded, float16, a constant that fits them) fails here, with what differs."""
        if self.definition.solution is None:
            return
        reference = self.definition.reference()
        rng = np.random.default_rng([zlib.crc32(self.definition.id.encode()), self.variant or 0, 2])
        for arguments, _ in list(self.calls):
            if not all(isinstance(key, str) for key in arguments):
                return
            trial = {}
            for key, value in arguments.items():
                value = copy.deepcopy(value)
                floats = isinstance(value, (float, np.floating)) or (
                    isinstance(value, np.ndarray) and value.dtype.kind == "f"
                )
                if key in names and floats:
                    value = value * (1 + rng.uniform(-1e-3, 1e-3, size=np.shape(value)))
                    value = float(value) if np.ndim(value) == 0 else value
                trial[key] = value
            with np.errstate(all="ignore"):
                expected = reference(**copy.deepcopy(trial))
            got = self.call(**trial)
            self._refuse_short_decimals(got, expected)

    def _refuse_short_decimals(self, got, expected) -> None:
        parts = got if isinstance(got, (tuple, list)) else [got]
        low = self.float32 or any(getattr(part, "dtype", None) in (np.float32, np.float16) for part in parts)
        if isinstance(expected, tuple):
            if not (isinstance(got, (tuple, list)) and len(got) == len(expected)):
                return  # the cases above judged the returned structure
            pairs = list(zip(got, expected, strict=True))
        else:
            pairs = [(got, expected)]
        for got_part, expected_part in pairs:
            try:
                got_array = np.asarray(got_part, dtype=np.float64)
            except (TypeError, ValueError):
                return
            expected_array = np.asarray(expected_part, dtype=np.float64)
            if got_array.shape != expected_array.shape:
                return  # the cases above judged the shape
            # float32 rounds a sum of products by about 1e-7 of its largest terms, and a logit near 1000 by
            # 3e-5: judged to 1e-4, scaled by the answer's largest value (float16 and 4-decimal rounding fail).
            scale = float(np.max(np.abs(expected_array), initial=0.0))
            rtol, atol = (1e-4, 1e-5 * scale + 1e-6) if low else (1e-6, 1e-9)
            if np.allclose(got_array, expected_array, rtol=rtol, atol=atol):
                continue
            off = ~np.isclose(got_array, expected_array, rtol=rtol, atol=atol)
            excess = np.abs(got_array - expected_array) / (atol + rtol * np.abs(expected_array))
            at = tuple(int(i) for i in np.unravel_index(int(np.argmax(excess)), off.shape))
            where = f" at {list(at)}" if got_array.ndim else ""
            raise Failed(
                "full_precision",
                f"your answer matched on every case above, whose numbers have only a few decimals, but not on the "
                f"same cases with their numbers nudged by up to 0.1 % (full precision): {int(off.sum())} of "
                f"{off.size} values differ; the worst{where}: expected {expected_array[at]:.6g}, got "
                f"{got_array[at]:.6g}. An answer right only on short decimals rounds something (np.round, round(), "
                "float16) or leans on the exact numbers of the cases (a threshold, a constant, a special case): "
                "compute with the inputs as they come, unrounded",
            )

    def smallest_failure(self, what: str, rtol: float, atol: float) -> str | None:
        """The smallest recorded call whose answer differs from the reference: its inputs, the
        expected and the returned value, and where they differ."""
        if not self.calls or self.definition.solution is None:
            return None
        try:
            reference = self.definition.reference()
        except Exception:
            return None
        from .diagnose import describe_case

        failing = []
        for arguments, got in self.calls:
            try:
                expected = reference(**copy.deepcopy(arguments))
            except Exception:
                return None
            try:
                got_array = np.asarray(got, dtype=np.float64)
                expected_array = np.asarray(expected, dtype=np.float64)
            except (TypeError, ValueError):
                continue
            if got_array.shape != expected_array.shape:
                continue
            if not np.allclose(got_array, expected_array, rtol=rtol, atol=atol):
                size = sum(np.size(value) for value in arguments.values())
                failing.append((size, len(failing), arguments, expected_array, got_array))
        if not failing:
            return None
        _, _, arguments, expected, got = min(failing, key=lambda item: item[:2])
        arguments, expected, got = self._shrink(reference, arguments, expected, got, rtol, atol)
        return describe_case(arguments, expected, got, what, self.definition.shapes, rtol, atol)

    def implied_divisors(self, divisor: str, rtol: float, atol: float) -> list[tuple[int, int | float]]:
        """The last call's case with each size (N, D, M ...) cut by one: for each trial the size
        ``divisor`` ("N*M") takes there and the number the learner's answer divides by in its place.
        A number typed into the body stays the same while the size changes."""
        if not self.calls or self.definition.solution is None:
            return []
        from .diagnose import common_factor

        try:
            reference = self.definition.reference()
        except Exception:
            return []
        arguments = self.calls[-1][0]
        trials = []
        for places in self._axes(arguments).values():
            trial = dict(arguments)
            for name, axis in places:
                if trial[name].shape[axis] <= 1:
                    break
                trial[name] = np.take(trial[name], range(trial[name].shape[axis] - 1), axis=axis)
            else:
                try:
                    right = np.asarray(reference(**copy.deepcopy(trial)), dtype=np.float64)
                    call_args, call_kwargs = _match_parameters(self.fn, [], copy.deepcopy(trial))
                    answer = np.asarray(self.fn(*call_args, **call_kwargs), dtype=np.float64)
                except BaseException:
                    continue
                factor = common_factor(answer, right, rtol, atol)
                sizes = self._read_sizes(trial)
                if not all(letter in sizes for letter in divisor.split("*")):
                    continue
                size = int(np.prod([sizes[letter] for letter in divisor.split("*")]))
                if factor is None:
                    # Right on the cut case (a typed 4 where N has just become 4): it divides by exactly the
                    # size there; anything else without one common factor says nothing about a divisor.
                    if answer.shape == right.shape and np.allclose(answer, right, rtol=rtol, atol=atol):
                        trials.append((size, size))
                    continue
                trials.append((size, size / factor))
        return trials

    def _axes(self, arguments) -> dict[str, list[tuple[str, int]]]:
        axes: dict[str, list[tuple[str, int]]] = {}
        for name, letters in self.definition.shapes.items():
            value = arguments.get(name)
            parts = [part.strip() for part in letters.strip("()").split(",") if part.strip()]
            if isinstance(value, np.ndarray) and value.ndim == len(parts):
                for axis, part in enumerate(parts):
                    if _LETTER.fullmatch(part):
                        axes.setdefault(part, []).append((name, axis))
        return axes

    def _shrink(self, reference, arguments, expected, got, rtol, atol):
        """A smaller failing case: each size (N, D, M ...) cut to 2, then 1, while the answer stays wrong."""
        axes = self._axes(arguments)
        from .diagnose import where_they_differ

        for letter, places in axes.items():
            # A softmax over one class is no example: C stays at 2 or more.
            for size in (2,) if letter == "C" else (2, 1):
                # Down to one only while nothing tells the wrong entries apart ("only in the last row").
                off = ~np.isclose(got, expected, rtol=rtol, atol=atol)
                if size == 1 and where_they_differ(off, arguments) not in ("", "everywhere"):
                    break
                trial = dict(arguments)
                for name, axis in places:
                    if trial[name].shape[axis] <= size:
                        break
                    trial[name] = _cut(trial[name], size, axis)
                    if trial[name] is None:
                        break
                else:
                    found = self._still_wrong(reference, trial, rtol, atol)
                    if found is not None:
                        arguments, (expected, got) = trial, found
        return arguments, expected, got

    def _still_wrong(self, reference, arguments, rtol, atol):
        try:
            right = np.asarray(reference(**copy.deepcopy(arguments)), dtype=np.float64)
            call_args, call_kwargs = _match_parameters(self.fn, [], copy.deepcopy(arguments))
            answer = np.asarray(self.fn(*call_args, **call_kwargs), dtype=np.float64)
        except BaseException:  # a smaller case the learner's code cannot run says nothing more
            return None
        if answer.shape == right.shape and not np.allclose(answer, right, rtol=rtol, atol=atol):
            return right, answer
        return None


def _cut(value: np.ndarray, size: int, axis: int) -> np.ndarray | None:
    """The first ``size`` entries along ``axis``. Rows that were distributions along that axis (label rows,
    probabilities: non-negative, summing to 1) stay distributions, rescaled, so the example shown is one the
    exercise allows; None where a row would lose all its mass (a one-hot row cut before its 1)."""
    taken = np.take(value, range(size), axis=axis)
    if value.dtype.kind != "f" or value.size == 0 or np.any(value < 0):
        return taken
    if not np.allclose(value.sum(axis=axis), 1.0, rtol=0, atol=1e-9):
        return taken
    mass = taken.sum(axis=axis, keepdims=True)
    if np.any(mass < 1e-12):
        return None
    return taken / mass


def _stub_code(definition):
    if not definition.stub:
        return None
    namespace: dict = {"np": np}
    try:
        exec(compile(definition.stub, "<stub>", "exec"), namespace)
    except Exception:
        return None
    fn = namespace.get(definition.function_name)
    return getattr(fn, "__code__", None)


def _renamed(fn) -> str | None:
    """Another function of the learner's, defined in the notebook with the same parameters."""
    code = getattr(fn, "__code__", None)
    space = getattr(fn, "__globals__", None)
    # Only a notebook's (or a script's) own namespace: a module full of functions is not a notebook.
    if code is None or not isinstance(space, dict) or space.get("__name__") != "__main__":
        return None
    try:
        wanted = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return None
    from .registry import all_exercises

    # Another exercise's function (04's sigmoid_backward beside its log_softmax_backward stub) is not a rename.
    exercise_functions = {definition.function_name for definition in all_exercises().values()}
    for name, value in list(space.items()):
        other = getattr(value, "__code__", None)
        if value is fn or other is None or not inspect.isfunction(value) or name.startswith("_"):
            continue
        if name in exercise_functions:
            continue
        if other.co_code == code.co_code or "nnfs_helpers" in (value.__module__ or ""):
            continue
        try:
            if list(inspect.signature(value).parameters) == wanted:
                return name
        except (TypeError, ValueError):
            continue
    return None


def _refuse_edits_in_place(fn, originals: dict, given: dict) -> None:
    """A backward pass that writes into the array it received corrupts that array for whoever
    else holds it (in a network, the caller: the layer that passed it in); the book's ReLU copies
    dvalues for this reason."""
    try:
        names = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        names = []
    for key, original in originals.items():
        if not isinstance(original, np.ndarray):
            continue
        if given[key].shape == original.shape and np.array_equal(
            original, given[key], equal_nan=original.dtype.kind in "fc"
        ):
            continue
        name = names[key] if isinstance(key, int) and key < len(names) else key
        raise Failed(
            "modified_input",
            f"your function changed its argument `{name}` in place; in a network the code that called your "
            f"function still uses that array, so work on a copy, e.g. `{name}.copy()`, or build a new array",
        )


def _match_parameters(fn, args: list, kwargs: dict) -> tuple[list, dict]:
    """Arguments for the learner's function. A learner who renamed a parameter is still checked:
    the names that match go by name, the others fill the remaining parameters in order."""
    try:
        parameters = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return args, kwargs
    kinds = [parameter.kind for parameter in parameters.values()]
    if inspect.Parameter.VAR_KEYWORD in kinds or all(name in parameters for name in kwargs):
        return args, kwargs
    positional = [
        name
        for name, parameter in parameters.items()
        if parameter.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    ][len(args) :]
    by_name = {name: value for name, value in kwargs.items() if name in parameters}
    free = [name for name in positional if name not in by_name]
    unmatched = [value for name, value in kwargs.items() if name not in parameters]
    if len(unmatched) > len(free):
        return args, kwargs  # let Python's own TypeError say which argument has no place
    by_name.update(zip(free, unmatched, strict=False))
    return args, by_name


def names_read(code, *, globals_only: bool = False) -> set[str]:
    """The names a code object (and the functions nested in it) reads: every name, attributes included, or only
    the global ones (so an attribute `.dense1` is not taken for the notebook's global `dense1`)."""
    if globals_only:
        names = {op.argval for op in dis.get_instructions(code) if op.opname in ("LOAD_GLOBAL", "LOAD_NAME")}
    else:
        names = set(code.co_names)
    for constant in code.co_consts:
        if hasattr(constant, "co_names"):
            names |= names_read(constant, globals_only=globals_only)
    return names


def notebook_arrays_read(fn) -> list[str]:
    """The notebook's global numpy arrays that ``fn`` reads by name (``inputs`` where its argument is ``X``):
    the check calls it with its own arrays, which such a function never sees."""
    code = getattr(fn, "__code__", None)
    namespace = getattr(fn, "__globals__", None)
    if code is None or not isinstance(namespace, dict):
        return []
    names = set(code.co_names)
    for constant in code.co_consts:  # names read inside a comprehension or a lambda
        if hasattr(constant, "co_names"):
            names |= set(constant.co_names)
    arguments = set(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
    return sorted(name for name in names - arguments if not name.startswith("_") and _array_like(namespace.get(name)))


def _array_like(value) -> bool:
    """A numpy array, or a list of numbers such as notebook 01's ``x = [1.0, -2.0, 3.0]``."""
    if isinstance(value, np.ndarray):
        return True
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, (int, float)) and not isinstance(item, bool) for item in value)
    )
