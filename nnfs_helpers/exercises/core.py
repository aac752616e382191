"""The exercise engine: a registry of checks, and a diagnosis that names the learner's mistake.

A notebook's check cell is one call, ``check_exercise("03.leaky_relu_backward", leaky_relu_backward)``.
The data, the reference answer, the hint and the exercise's own known mistakes live in
``nnfs_helpers/exercises/nbNN.py``, registered with :func:`exercise`::

    @exercise("03.leaky_relu_backward", hint="...", shapes={"z": "(N, M)", "dvalues": "(N, M)"})
    def _(call):
        z = ...
        got = call(z=z, dvalues=dvalues)
        return compare(got, expected, shape="(N, M)", relu_z=z, relu_upstream=dvalues)

``call`` runs the learner's function on copies of the data and keeps the learner's exceptions
apart from the check's own: ``NotImplementedError`` means "not attempted", any other exception
raised by the learner's code becomes the ``raised`` diagnosis, while an exception raised by the
check's own code is a bug in this package and surfaces as :class:`ExerciseCheckError`.
:func:`compare` diagnoses a wrong answer in the order of ``DIAGNOSES`` (docs/exercises.md).
"""

from __future__ import annotations

import ast
import contextvars
import copy
import inspect
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = [
    "DIAGNOSES",
    "Exercise",
    "ExerciseCheckError",
    "ExerciseResult",
    "Question",
    "check_exercise",
    "check_explorer",
    "compare",
    "exercise",
    "exercises",
    "question",
    "questions",
    "unpack",
]

# The order in which compare() looks for a mistake; "raised" and "modified_input" come from
# call(). An exercise's own known mistakes (the keys of ``known``) come before the generic
# sign and factor tests, since a known mistake that is a multiple of the answer says more.
DIAGNOSES = (
    "none",
    "not_numbers",
    "raised",
    "modified_input",
    "int_dtype",
    "keepdims",
    "transposed",
    "shape",
    "sign",
    "factor_n",
    "factor",
    "relu_mask",
    "values",
)

_ID = re.compile(r"^[a-z0-9]+\.[a-z_][a-z0-9_]*$")
_PACKAGE_DIR = str(Path(__file__).resolve().parent.parent)
_NUMPY_DIR = str(Path(np.__file__).resolve().parent)


# ---------------------------------------------------------------------------------------------
# Results and the registry


@dataclass(frozen=True)
class ExerciseResult:
    """What a check found. ``str(result)`` is exactly what the check cell prints."""

    id: str
    name: str
    status: str  # "not attempted" | "pass" | "fail"
    kind: str | None  # the diagnosis kind of a failure ("explorer" for explorer questions)
    message: str
    hint: str = ""

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def _ipython_display_(self) -> None:
        # The check already printed its line; a check cell's last expression must not add the
        # dataclass's repr (which repeats the hint) under it.
        return None

    def __str__(self) -> str:
        if self.kind == "explorer":
            return f"{'Yes' if self.passed else 'Not yet'}: {self.message}"
        if self.status == "not attempted":
            return (
                f"Exercise {self.id}: not attempted yet. Replace the raise line in the cell above "
                "with your code, run that cell, then run this one."
            )
        if self.status == "pass":
            return f"PASS {self.name}: {self.message}"
        hint = f"\nHint: {self.hint}" if self.hint else ""
        return f"FAIL {self.name}: {self.message}{hint}"


@dataclass(frozen=True)
class Exercise:
    id: str
    check: Callable
    hint: str
    shapes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    id: str
    check: Callable
    explorer: type | tuple[type, ...] | None = None


_EXERCISES: dict[str, Exercise] = {}
_QUESTIONS: dict[str, Question] = {}


class ExerciseCheckError(RuntimeError):
    """An exercise's or question's own code failed: a bug in nnfs_helpers, not in the learner's code."""


def _register(table: dict, id: str, entry, what: str) -> None:
    if not isinstance(id, str) or not _ID.match(id):
        raise ValueError(f"{what} id must look like '03.leaky_relu_backward' (notebook.name), got {id!r}")
    previous = table.get(id)
    # Re-running the module that registered an id (importlib.reload) may replace it; a second
    # module claiming the same id is a clash two notebooks would fight over.
    if previous is not None and previous.check.__module__ != entry.check.__module__:
        raise ValueError(f"{what} {id!r} is already registered by {previous.check.__module__}")
    table[id] = entry


def exercise(id: str, *, hint: str, shapes: dict[str, str] | None = None):
    """Register the decorated function as the check of exercise ``id``.

    The check receives ``call`` (runs the learner's function, guarded) and returns a short
    sentence for the PASS line (what was checked) or ``compare``'s result. ``hint`` is shown
    only with FAIL. ``shapes`` maps each argument name (and ``"return"``) to its shape in the
    notation's letters, e.g. ``{"dvalues": "(N, M)", "return": "(D, M)"}``.
    """
    if not isinstance(hint, str) or not hint.strip():
        raise ValueError(f"exercise {id!r} needs a hint (a non-empty string), got {hint!r}")
    shapes = dict(shapes or {})
    for name, letters in shapes.items():
        if not isinstance(letters, str) or not letters.startswith("("):
            raise ValueError(f"exercise {id!r}: shapes[{name!r}] must look like '(N, M)', got {letters!r}")

    def register(check: Callable) -> Callable:
        _register(_EXERCISES, id, Exercise(id, check, hint.strip(), shapes), "exercise")
        return check

    return register


def question(id: str, *, explorer: type | tuple[type, ...] | None = None):
    """Register the decorated function as the check of explorer question ``id``.

    The check receives the explorer object (``widget.explorer``) and returns ``(answered, message)``:
    ``message`` follows ``Yes:`` or ``Not yet:``. A ``Not yet`` message says what the current
    setting gives without giving the answer away. ``explorer`` (a class) lets check_explorer
    refuse the wrong explorer with a clear TypeError.
    """

    def register(check: Callable) -> Callable:
        _register(_QUESTIONS, id, Question(id, check, explorer), "question")
        return check

    return register


def exercises() -> dict[str, Exercise]:
    """Every registered exercise, by id (a copy)."""
    return dict(_EXERCISES)


def questions() -> dict[str, Question]:
    """Every registered explorer question, by id (a copy)."""
    return dict(_QUESTIONS)


def _lookup(table: dict, id, what: str):
    if not isinstance(id, str):
        raise TypeError(f"the {what} id must be a string like '03.leaky_relu_backward', got {type(id).__name__}")
    if id not in table:
        notebook = id.split(".")[0]
        near = sorted(key for key in table if key.startswith(notebook + "."))
        known = ", ".join(near) if near else "none for that notebook"
        raise ValueError(f"no {what} {id!r} in nnfs_helpers.exercises (known: {known})")
    return table[id]


# ---------------------------------------------------------------------------------------------
# Control flow between call(), compare() and check_exercise()


# Both derive from BaseException so that a check's own ``except Exception`` cannot swallow a
# learner's failure and let the check end in PASS.
class _NotAttempted(BaseException):
    pass


class _Failed(BaseException):
    """A diagnosis: raised by call() or compare(), caught by check_exercise()."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass
class _Context:
    exercise: Exercise
    fn: Callable
    comparisons: int = 0


_CURRENT: contextvars.ContextVar[_Context | None] = contextvars.ContextVar("nnfs_exercise", default=None)


def _context() -> _Context | None:
    return _CURRENT.get()


def _function_name(fn, id: str) -> str:
    name = getattr(fn, "__name__", "")
    return name if name.isidentifier() else id.split(".", 1)[1]


def check_exercise(id: str, fn, quiet: bool = False) -> ExerciseResult:
    """Check the learner's function ``fn`` against exercise ``id``; print and return the result.

    Prints one line for "not attempted" and PASS, and ``FAIL name: diagnosis`` plus a
    ``Hint:`` line for a wrong answer. ``quiet=True`` prints nothing.
    """
    entry = _lookup(_EXERCISES, id, "exercise")
    if not callable(fn):
        raise TypeError(
            f"check_exercise({id!r}, ...) expects your function (the name after `def`), got {type(fn).__name__}"
        )
    name = _function_name(fn, id)
    context = _Context(entry, fn)
    token = _CURRENT.set(context)
    try:
        said = entry.check(_Caller(context))
    except _NotAttempted:
        result = ExerciseResult(id, name, "not attempted", None, "")
    except _Failed as failure:
        result = ExerciseResult(id, name, "fail", failure.kind, failure.message, entry.hint)
    except Exception as error:
        raise ExerciseCheckError(
            f"the check of exercise {id!r} failed inside nnfs_helpers ({type(error).__name__}: {error}). "
            "This is a bug in the package's check, not in your function; please report it."
        ) from error
    else:
        if isinstance(said, str) and said.strip():
            message = said.strip()
        else:
            count = context.comparisons
            message = f"matches the reference ({count} comparison{'s' if count != 1 else ''})"
        result = ExerciseResult(id, name, "pass", None, message)
    finally:
        _CURRENT.reset(token)
    if not quiet:
        print(result)
    return result


def check_explorer(id: str, widget_or_explorer, quiet: bool = False) -> ExerciseResult:
    """Say whether the explorer's current setting answers question ``id`` (``Yes:`` / ``Not yet:``)."""
    entry = _lookup(_QUESTIONS, id, "question")
    explorer = getattr(widget_or_explorer, "explorer", widget_or_explorer)
    if entry.explorer is not None and not isinstance(explorer, entry.explorer):
        classes = entry.explorer if isinstance(entry.explorer, tuple) else (entry.explorer,)
        wanted = " or ".join(cls.__name__ for cls in classes)
        raise TypeError(
            f"check_explorer({id!r}, ...) expects the {wanted} (or the widget showing it), "
            f"got {type(widget_or_explorer).__name__}"
        )
    try:
        answered, message = entry.check(explorer)
    except Exception as error:
        raise ExerciseCheckError(
            f"the check of question {id!r} failed inside nnfs_helpers ({type(error).__name__}: {error}). "
            "This is a bug in the package's check, not in your setting; please report it."
        ) from error
    result = ExerciseResult(id, id, "pass" if answered else "fail", "explorer", str(message))
    if not quiet:
        print(result)
    return result


# ---------------------------------------------------------------------------------------------
# call(): run the learner's function, guarded


class _Caller:
    """The ``call`` a check receives. Calls the learner's function on copies of the arguments,
    so a function that edits its inputs in place cannot corrupt the check's own data."""

    def __init__(self, context: _Context):
        self._context = context

    def __call__(self, *args, **kwargs):
        fn = self._context.fn
        originals = dict(enumerate(args)) | kwargs
        args = [copy.deepcopy(value) for value in args]
        kwargs = {key: copy.deepcopy(value) for key, value in kwargs.items()}
        given = dict(enumerate(args)) | kwargs
        args, kwargs = _match_parameters(fn, args, kwargs)
        try:
            result = fn(*args, **kwargs)
        except NotImplementedError:
            raise _NotAttempted() from None
        except Exception as error:
            raise _Failed("raised", _describe_raise(error, fn, self._context.exercise.shapes)) from None
        _refuse_edits_in_place(fn, originals, given)
        return result


def _refuse_edits_in_place(fn, originals: dict, given: dict) -> None:
    """A backward pass that writes into the array it received corrupts that array for whoever
    else holds it (in a network, the layer above); the book's ReLU copies dvalues for this reason."""
    names = list(inspect.signature(fn).parameters)
    for key, original in originals.items():
        if not isinstance(original, np.ndarray):
            continue
        if np.array_equal(original, given[key], equal_nan=original.dtype.kind in "fc"):
            continue
        name = names[key] if isinstance(key, int) and key < len(names) else key
        raise _Failed(
            "modified_input",
            f"your function changed its argument `{name}` in place; in a network that array still belongs "
            f"to someone else (the layer above), so work on a copy, e.g. `{name}.copy()`, or build a new array",
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


def _learner_frame(error: BaseException, fn):
    """The innermost traceback entry in the learner's own code: in the file (notebook cell) that
    defined ``fn``, else outside numpy and this package."""
    code = getattr(fn, "__code__", None)
    home = code.co_filename if code is not None else None
    entries = []
    tb = error.__traceback__
    while tb is not None:
        entries.append(tb)
        tb = tb.tb_next
    own = [tb for tb in entries if home is not None and tb.tb_frame.f_code.co_filename == home]
    if own:
        return own[-1]
    foreign = [
        tb
        for tb in entries
        if not tb.tb_frame.f_code.co_filename.startswith((_PACKAGE_DIR, _NUMPY_DIR))
        and "site-packages" not in tb.tb_frame.f_code.co_filename
    ]
    return foreign[-1] if foreign else None


def _describe_raise(error: BaseException, fn, shapes: dict[str, str]) -> str:
    text = str(error).strip()
    if len(text) > 200:
        text = text[:197] + "..."
    said = f"your function raised {type(error).__name__}" + (f": {text}" if text else "")
    tb = _learner_frame(error, fn)
    if tb is None:
        return said
    summary = traceback.extract_tb(tb, limit=1)[0]
    # Line numbers of a notebook cell count from the cell's first line, as Jupyter shows them.
    where = f"line {summary.lineno}"
    if summary.line:
        where += f": {summary.line.strip()}"
    translated = _translate_numpy_error(error, summary.line or "", tb.tb_frame, shapes)
    if translated:  # numpy's own words (gufunc signatures) say less than the shapes do
        return f"your function raised {type(error).__name__} at {where}\n  {translated}"
    return f"{said}\n  at {where}"


# numpy's messages for the three shape errors learners meet
_MATMUL = re.compile(
    r"matmul: Input operand \d has a mismatch in its core dimension \d.*\(size (\d+) is different from (\d+)\)"
)
_DOT = re.compile(r"shapes \(([\d, ]*)\) and \(([\d, ]*)\) not aligned")
_BROADCAST = re.compile(r"could not be broadcast together with (?:remapped )?shapes (.*)$")
_OUTPUT = re.compile(
    r"non-broadcastable output operand with shape \(([\d, ]*)\) doesn't match the broadcast shape \(([\d, ]*)\)"
)
_SAFE_NODES = (
    ast.Name,
    ast.Attribute,
    ast.Constant,
    ast.Subscript,
    ast.Slice,
    ast.Tuple,
    ast.UnaryOp,
    ast.BinOp,
    ast.Load,
    ast.operator,
    ast.unaryop,
)


def _shape(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text))


def _fmt_shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(size) for size in shape) + (",)" if len(shape) == 1 else ")")


def _letters_of(node: ast.AST, shapes: dict[str, str]) -> str | None:
    """The notation letters of an argument (``dvalues``) or its transpose (``weights.T``)."""
    if isinstance(node, ast.Name) and node.id in shapes:
        return shapes[node.id]
    if isinstance(node, ast.Attribute) and node.attr == "T" and isinstance(node.value, ast.Name):
        letters = shapes.get(node.value.id)
        if letters:
            parts = [part.strip() for part in letters.strip("()").split(",") if part.strip()]
            return "(" + ", ".join(reversed(parts)) + ")"
    return None


def _operand_shape(node: ast.AST, frame) -> tuple[int, ...] | None:
    # Only expressions without calls are re-evaluated: looking up names and .T cannot change
    # the learner's state, while calling their functions again might.
    if not all(isinstance(child, _SAFE_NODES) for child in ast.walk(node)):
        return None
    try:
        value = eval(compile(ast.Expression(node), "<operand>", "eval"), frame.f_globals, dict(frame.f_locals))
    except Exception:
        return None
    shape = getattr(value, "shape", None)
    return tuple(shape) if isinstance(shape, tuple) else None


def _describe_operand(node: ast.AST, shape: tuple[int, ...], shapes: dict[str, str]) -> str:
    letters = _letters_of(node, shapes)
    described = f"`{ast.unparse(node)}` is "
    return described + (f"{letters} = {_fmt_shape(shape)}" if letters else _fmt_shape(shape))


def _operand_pairs(line: str, matmul: bool):
    """(left, right) expression nodes on the learner's line: matrix products, or element-wise
    arithmetic for a broadcast error."""
    try:
        tree = ast.parse(line.strip())
    except SyntaxError:  # one line of a statement that spans several: fall back to numpy's words
        return []
    pairs = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.MatMult) == matmul:
                pairs.append((node.left, node.right))
        elif isinstance(node, ast.AugAssign) and not matmul:
            target = ast.parse(ast.unparse(node.target), mode="eval").body  # read it, do not assign it
            pairs.append((target, node.value))
        elif matmul and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ("dot", "matmul") and len(node.args) == 2:
                pairs.append((node.args[0], node.args[1]))
            elif node.func.attr == "dot" and len(node.args) == 1:
                pairs.append((node.func.value, node.args[0]))
    return pairs


def _translate_numpy_error(error: BaseException, line: str, frame, shapes: dict[str, str]) -> str | None:
    if not isinstance(error, ValueError):
        return None
    text = str(error)
    matmul = _MATMUL.search(text) or _DOT.search(text)
    broadcast = _BROADCAST.search(text) or _OUTPUT.search(text)
    if not (matmul or broadcast):
        return None
    for left, right in _operand_pairs(line, matmul=bool(matmul)):
        a, b = _operand_shape(left, frame), _operand_shape(right, frame)
        if a is None or b is None:
            continue
        if matmul and _inner_sizes_differ(a, b):
            return (
                f"you multiplied {_fmt_shape(a)} by {_fmt_shape(b)}, and a matrix product needs the inner sizes "
                f"to match ({a[-1]} vs {b[0] if len(b) == 1 else b[-2]}); "
                f"{_describe_operand(left, a, shapes)}, {_describe_operand(right, b, shapes)}"
            )
        if broadcast and not _broadcastable(a, b):
            return (
                f"you combined {_fmt_shape(a)} with {_fmt_shape(b)} element by element, and numpy cannot "
                f"broadcast those shapes together; {_describe_operand(left, a, shapes)}, "
                f"{_describe_operand(right, b, shapes)}" + _keepdims_advice([a, b])
            )
    # The operands were not plain names (a call inside the expression): say what numpy saw, and
    # the shapes of the arguments in the notation's letters.
    if _DOT.search(text):
        found = _DOT.search(text)
        said = (
            f"you multiplied {_fmt_shape(_shape(found.group(1)))} by {_fmt_shape(_shape(found.group(2)))}, "
            "and a matrix product needs the inner sizes to match"
        )
    elif matmul:
        said = f"you multiplied two matrices whose inner sizes differ ({matmul.group(2)} vs {matmul.group(1)})"
    elif _BROADCAST.search(text):
        listed = [_shape(part) for part in re.findall(r"\(([\d,]*)\)", broadcast.group(1))]
        said = (
            f"you combined {' with '.join(_fmt_shape(shape) for shape in listed)} element by element, "
            "and numpy cannot broadcast those shapes" + _keepdims_advice(listed)
        )
    else:
        said = "an in-place operation (+=, -=, ...) would have to change the shape of its target"
    arguments = _argument_shapes(frame, shapes)
    return said + (f"; {arguments}" if arguments else "")


def _keepdims_advice(listed: list[tuple[int, ...]]) -> str:
    """A (N,) meeting a (N, C) is what a sum or max over axis 1 without keepdims leaves."""
    vectors = [shape for shape in listed if len(shape) == 1]
    matrices = [shape for shape in listed if len(shape) == 2]
    if vectors and matrices and vectors[0][0] == matrices[0][0] != matrices[0][1]:
        return (
            f" (a sum or max over axis 1 gives {_fmt_shape(vectors[0])}; with keepdims=True it gives "
            f"{_fmt_shape((vectors[0][0], 1))}, which broadcasts)"
        )
    return ""


def _argument_shapes(frame, shapes: dict[str, str]) -> str:
    described = []
    for name, letters in shapes.items():
        shape = getattr(frame.f_locals.get(name), "shape", None)
        if isinstance(shape, tuple):
            described.append(f"`{name}` is {letters} = {_fmt_shape(shape)}")
    return ", ".join(described)


def _inner_sizes_differ(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    if not a or not b:
        return False
    inner_b = b[0] if len(b) == 1 else b[-2]
    return a[-1] != inner_b


def _broadcastable(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# compare(): the diagnosis of a returned value


def _close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=False))


def _number(value: float) -> str:
    if not np.isfinite(value):
        return str(value)
    return f"{value:.6g}"


def _where(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]" if index else ""


def _expected_shape(what: str, letters: str | None, shape: tuple[int, ...]) -> str:
    if not shape:
        return f"{what} should be a single number"
    if letters:
        return f"{what} should have shape {letters} = {_fmt_shape(shape)}"
    return f"{what} should have shape {_fmt_shape(shape)}"


def unpack(got, names: tuple[str, ...] | list[str]) -> tuple:
    """Split a learner's returned tuple into its parts, or fail with ``none`` / ``not_numbers``."""
    names = tuple(names)
    if got is None:
        raise _Failed("none", f"your function returned None: is a `return {', '.join(names)}` line missing?")
    if not isinstance(got, (tuple, list)) or len(got) != len(names):
        came = f"a {type(got).__name__}" + (f" of {len(got)} things" if isinstance(got, (tuple, list)) else "")
        raise _Failed("not_numbers", f"return {len(names)} things, `{', '.join(names)}`; you returned {came}")
    return tuple(got)


def compare(
    got,
    expected,
    *,
    what: str = "your result",
    shape: str | None = None,
    n: int | None = None,
    relu_z=None,
    relu_upstream=None,
    known: dict[str, tuple] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> str:
    """Compare the learner's returned ``got`` with ``expected``; return a short PASS sentence, or
    fail with the first diagnosis that fits, in the order of ``DIAGNOSES``.

    ``shape``: the expected shape in the notation's letters (default: the exercise's
    ``shapes["return"]``). ``n``: the batch size N, to recognise a missing or doubled 1/N.
    ``relu_z`` and ``relu_upstream``: the z that the ReLU decides on and the quantity it masks,
    either an array (the result is ``relu_upstream * mask``) or a function of the mask; then
    ``z >= 0``, ``z < 0``, ``z <= 0`` and no mask at all are recognised. ``known``: this
    exercise's own mistakes, ``{kind: (wrong_answer, message)}``.
    """
    context = _context()
    if context is not None:
        context.comparisons += 1
        if shape is None:
            shape = context.exercise.shapes.get("return")
    expected = np.asarray(expected, dtype=np.float64)

    if got is None:
        raise _Failed("none", "your function returned None: is the `return` line missing?")
    try:
        raw = np.asarray(got)
    except Exception:  # ragged lists and objects numpy cannot hold
        raw = np.asarray(None, dtype=object)
    if raw.dtype.kind not in "biuf":
        came = type(got).__name__
        if isinstance(got, np.ndarray):
            came = f"an array of dtype {got.dtype}"
        elif isinstance(got, (list, tuple)) and got:
            lengths = {len(item) for item in got if isinstance(item, (list, tuple, np.ndarray))}
            ragged = " rows of different lengths" if len(lengths) > 1 else ""
            came = f"a {came} holding{ragged or ' ' + type(got[0]).__name__}"
        raise _Failed("not_numbers", f"{what} should be numbers ({_shape_words(shape, expected.shape)}); got {came}")
    values = raw.astype(np.float64)

    if raw.dtype.kind in "iu" and not np.array_equal(expected, np.round(expected)):
        if not _close(values, expected, rtol, atol):
            raise _Failed(
                "int_dtype",
                f"{what} has dtype {raw.dtype}, so every fraction was cut off; "
                "start from floats (e.g. np.zeros(..., dtype=float) or x.astype(float))",
            )

    if values.shape != expected.shape:
        raise _Failed(*_shape_mistake(values, expected, what, shape, rtol, atol))

    if _close(values, expected, rtol, atol):
        return f"{what} matches the reference" + (f", shape {_fmt_shape(expected.shape)}" if expected.ndim else "")

    for kind, (alternative, message) in (known or {}).items():
        alternative = np.asarray(alternative, dtype=np.float64)
        if alternative.shape == values.shape and _close(values, alternative, rtol, atol):
            raise _Failed(kind, message)
    nonzero = bool(np.any(np.abs(expected) > atol))
    if nonzero and _close(values, -expected, rtol, atol):
        every = "every value has" if expected.ndim else "it has"
        raise _Failed("sign", f"{what} has the right size but {every} the wrong sign: a flipped sign")
    if nonzero and n is not None and n > 1:
        if _close(values, expected * n, rtol, atol):
            raise _Failed(
                "factor_n", f"{what} is N = {n} times too large: a 1/N is missing (a sum where a mean belongs)"
            )
        if _close(values, expected / n, rtol, atol):
            raise _Failed(
                "factor_n",
                f"{what} is N = {n} times too small: one 1/N too many "
                "(divided by N twice, or a mean where a sum belongs)",
            )
    # One number is always some factor times another: a common factor needs two values to share it.
    if np.count_nonzero(np.abs(expected) > atol) >= 2:
        factor = float(np.sum(values * expected) / np.sum(expected * expected))
        if np.isfinite(factor) and abs(factor - 1) > 1e-6 and abs(factor) > 1e-12:
            if _close(values, expected * factor, rtol, atol):
                said = f"every value of {what} is" if expected.ndim else f"{what} is"
                raise _Failed("factor", f"{said} {_number(factor)} times the expected value: one common factor")
    if relu_z is not None:
        mask_mistake = _relu_mistake(values, np.asarray(relu_z), relu_upstream, what, rtol, atol)
        if mask_mistake:
            raise _Failed("relu_mask", mask_mistake)
    raise _Failed("values", _values_message(values, expected, what, rtol, atol))


def _shape_words(letters: str | None, shape: tuple[int, ...]) -> str:
    if not shape:
        return "a single number"
    return f"shape {letters} = {_fmt_shape(shape)}" if letters else f"shape {_fmt_shape(shape)}"


def _shape_mistake(values, expected, what, letters, rtol, atol) -> tuple[str, str]:
    expected_words = _expected_shape(what, letters, expected.shape)
    got_words = "a single number" if not values.shape else f"shape {_fmt_shape(values.shape)}"
    squeezed = tuple(size for size in expected.shape if size != 1)
    if values.ndim < expected.ndim and values.shape == squeezed:
        if _close(values.reshape(expected.shape), expected, rtol, atol):
            return (
                "keepdims",
                f"{expected_words}; you returned {got_words}: the values are right, but the sum dropped an axis "
                "(keepdims=True keeps it)",
            )
        return "shape", f"{expected_words}; you returned {got_words} (keepdims=True keeps a summed axis)"
    if expected.ndim == 2 and values.shape == expected.shape[::-1]:
        if _close(values, expected.T, rtol, atol):
            return "transposed", f"{expected_words}; you returned its transpose, {got_words}"
        return "shape", f"{expected_words}; you returned {got_words}, the transposed shape"
    return "shape", f"{expected_words}; you returned {got_words}"


def _relu_mistake(values, z, upstream, what, rtol, atol) -> str | None:
    if upstream is None:
        return None
    apply = upstream if callable(upstream) else (lambda mask: np.asarray(upstream, dtype=np.float64) * mask)
    wrong_side = (
        f"{what} has the mask on the wrong side of z = 0: the z > 0 side is the one whose slope is 1, "
        "the mask is 1[z > 0], not 1[z < 0]"
    )
    candidates = [
        (
            z >= 0,
            f"{what} treats z = 0 exactly as if z > 0; the derivative at 0 is taken from the z < 0 side, "
            "so the mask is 1[z > 0], not 1[z >= 0]",
        ),
        (z < 0, wrong_side),
        (z <= 0, wrong_side),
        (
            np.ones_like(z, dtype=bool),
            f"{what} treats every z as if z > 0: the mask 1[z > 0] that separates the two sides is missing",
        ),
    ]
    for mask, message in candidates:
        wrong = np.asarray(apply(mask.astype(np.float64)), dtype=np.float64)
        if _close(values, wrong, rtol, atol):
            return message
    return None


def _values_message(values, expected, what, rtol, atol) -> str:
    off = ~np.isclose(values, expected, rtol=rtol, atol=atol)
    count = int(np.count_nonzero(off))
    error = np.where(off, np.abs(np.nan_to_num(values - expected, nan=np.inf)), -1.0)
    worst = np.unravel_index(int(np.argmax(error)), expected.shape) if expected.ndim else ()
    worst = tuple(int(i) for i in worst)
    if not expected.ndim:
        return f"{what} should be {_number(float(expected))}, got {_number(float(values))}"
    return (
        f"{count} of {expected.size} values of {what} differ from the reference; the worst is at "
        f"{_where(worst)}: expected {_number(float(expected[worst]))}, got {_number(float(values[worst]))}"
    )
