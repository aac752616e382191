"""Translating an exception raised in the learner's code into the notation's words.

A numpy shape error ("matmul: Input operand 1 has a mismatch in its core dimension 0 ...") says
less than the shapes themselves: :func:`describe_raise` finds the learner's own line in the
traceback, re-reads the operands of the failing product or sum there, and names their shapes with
the letters of the exercise's ``shapes`` ("`dvalues` is (N, M) = (3, 4)").
"""

from __future__ import annotations

import ast
import re
import traceback
from pathlib import Path

import numpy as np

__all__ = ["describe_raise", "fmt_shape"]

# Both spellings of each folder: imported through notebooks/nnfs_helpers (a link), the package's own
# frames carry the link's path, and they must not be taken for the learner's code.
_PACKAGE_DIR = tuple({str(Path(__file__).parent.parent), str(Path(__file__).resolve().parent.parent)})
_NUMPY_DIR = tuple({str(Path(np.__file__).parent), str(Path(np.__file__).resolve().parent)})


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
        if not tb.tb_frame.f_code.co_filename.startswith(_PACKAGE_DIR + _NUMPY_DIR)
        and "site-packages" not in tb.tb_frame.f_code.co_filename
    ]
    return foreign[-1] if foreign else None


def describe_raise(error: BaseException, fn, shapes: dict[str, str]) -> str:
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
    if isinstance(error, NameError) and getattr(error, "name", None):
        # A helper from a cell above that this kernel has not run (after a restart), or a misspelling.
        return (
            f"{said}\n  at {where}\n  `{error.name}` is not defined in this kernel: run the cell above that "
            f"defines it (after a restart, Run All Above Selected Cell), or check its spelling"
        )
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


def fmt_shape(shape: tuple[int, ...]) -> str:
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
    return described + (f"{letters} = {fmt_shape(shape)}" if letters else fmt_shape(shape))


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
    if isinstance(error, TypeError) and "Cannot cast ufunc" in str(error) and "int" in str(error):
        said = (
            "an in-place operation (*=, +=, ...) on an integer array cannot store its fractional result; "
            "build a new float array instead (x * 2.0, x.astype(float))"
        )
        target = _augmented_target(line)
        arguments = frame.f_code.co_varnames[: frame.f_code.co_argcount] if frame is not None else ()
        if target in arguments:
            return said + f", and never change an argument (`{target}`) in place"
        return said + "; a .copy() of an integer array is an integer array too"
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
                f"you multiplied {fmt_shape(a)} by {fmt_shape(b)}, and a matrix product needs the inner sizes "
                f"to match ({a[-1]} vs {b[0] if len(b) == 1 else b[-2]}); "
                f"{_describe_operand(left, a, shapes)}, {_describe_operand(right, b, shapes)}"
            )
        if broadcast and not _broadcastable(a, b):
            return (
                f"you combined {fmt_shape(a)} with {fmt_shape(b)} element by element, and numpy cannot "
                f"broadcast those shapes together; {_describe_operand(left, a, shapes)}, "
                f"{_describe_operand(right, b, shapes)}" + _keepdims_advice([a, b], reduced=False)
            )
    # The operands were not plain names (a call inside the expression): say what numpy saw, and
    # the shapes of the arguments in the notation's letters.
    if _DOT.search(text):
        found = _DOT.search(text)
        said = (
            f"you multiplied {fmt_shape(_shape(found.group(1)))} by {fmt_shape(_shape(found.group(2)))}, "
            "and a matrix product needs the inner sizes to match"
        )
    elif matmul:
        said = f"you multiplied two matrices whose inner sizes differ ({matmul.group(2)} vs {matmul.group(1)})"
    elif _BROADCAST.search(text):
        listed = [_shape(part) for part in re.findall(r"\(([\d,]*)\)", broadcast.group(1))]
        said = (
            f"you combined {' with '.join(fmt_shape(shape) for shape in listed)} element by element, "
            "and numpy cannot broadcast those shapes" + _keepdims_advice(listed, reduced=True)
        )
    else:
        said = "an in-place operation (+=, -=, ...) would have to change the shape of its target"
    arguments = _argument_shapes(frame, shapes)
    # Not the operands themselves (a call inside the expression): the arguments, for the learner to trace.
    return said + (f"; your function's arguments: {arguments}" if arguments else "")


def _augmented_target(line: str) -> str | None:
    """The name an augmented assignment (``d *= ...``, ``d[mask] *= ...``) on ``line`` writes into."""
    try:
        node = ast.parse(line.strip()).body[0]
    except (SyntaxError, IndexError):
        return None
    if not isinstance(node, ast.AugAssign):
        return None
    target = node.target
    while isinstance(target, (ast.Subscript, ast.Attribute)):
        target = target.value
    return target.id if isinstance(target, ast.Name) else None


def _keepdims_advice(listed: list[tuple[int, ...]], reduced: bool) -> str:
    """A (N,) meeting a (N, C). Inside a call (``reduced``) it is what a sum or max over axis 1 without
    keepdims leaves; between two plain names the vector must pair its values with the matrix's rows, and
    the advice names no axis to sum over (which one is right depends on the exercise)."""
    vectors = [shape for shape in listed if len(shape) == 1]
    matrices = [shape for shape in listed if len(shape) == 2]
    if vectors and matrices and vectors[0][0] == matrices[0][0] != matrices[0][1]:
        if reduced:
            return (
                f" (a sum or max over axis 1 gives {fmt_shape(vectors[0])}; with keepdims=True it gives "
                f"{fmt_shape((vectors[0][0], 1))}, which broadcasts)"
            )
        return (
            f" (to pair each of the {vectors[0][0]} values with one row, give the vector an axis: "
            f"v[:, None] has shape {fmt_shape((vectors[0][0], 1))}, which broadcasts; a sum or max with "
            "keepdims=True keeps that axis)"
        )
    return ""


def _argument_shapes(frame, shapes: dict[str, str]) -> str:
    described = []
    for name, letters in shapes.items():
        shape = getattr(frame.f_locals.get(name), "shape", None)
        if isinstance(shape, tuple):
            described.append(f"`{name}` is {letters} = {fmt_shape(shape)}")
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
