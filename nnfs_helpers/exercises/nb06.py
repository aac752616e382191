"""Notebook 06's exercises, each defined once (docs/exercises.md). Its explorer question is in
:mod:`.questions`.

Check data (issue 15): N, D, M all different, so a transposed dweights or a dinputs multiplied the
wrong way round cannot hide behind a square shape; G with unequal rows and columns (a row-sum shortcut
fails); several samples and a single one; for momentum, gradients that change sign, whole-number
gradients (an integer velocity cuts every fraction off), a learning rate and a momentum other than the
notebook's, momentum 0 (plain SGD) and a single step.
"""

from __future__ import annotations

import inspect
import itertools

import numpy as np

from .diagnose import common_factor, unpack
from .guard import Failed, names_read
from .registry import Mistake, define_exercise

# ---------------------------------------------------------------------------------------------
# 06.fix_the_bug

_BUG_SIGNATURE = "def fixed_dense_backward(inputs, weights, dvalues):\n"

# The docstring says a list is accepted because it is (unpack takes a tuple or a list for every exercise):
# the lesson is the three gradients, not Python's containers.
_BUG_STUB = '''\
def fixed_dense_backward(inputs, weights, dvalues):
    """SuspectDense's backward with its bug fixed, written as a function.

    inputs: (N, D), the layer's inputs. weights: (D, M). dvalues: (N, M), the upstream gradient.
    Returns (dinputs, dweights, dbiases) with shapes (N, D), (D, M) and (1, M), as a tuple
    (a list of the three works as well).
    """
    raise NotImplementedError("replace this line with your code")
'''

_BUG_SOLUTION = '''\
def fixed_dense_backward(inputs, weights, dvalues):
    """SuspectDense's backward with its bug fixed, written as a function.

    inputs: (N, D), the layer's inputs. weights: (D, M). dvalues: (N, M), the upstream gradient.
    Returns (dinputs, dweights, dbiases) with shapes (N, D), (D, M) and (1, M), as a tuple
    (a list of the three works as well).
    """
    dinputs = dvalues @ weights.T
    dweights = inputs.T @ dvalues
    dbiases = np.sum(dvalues, axis=0, keepdims=True)
    return dinputs, dweights, dbiases
'''

_RIGHT = {
    "dinputs": "    dinputs = dvalues @ weights.T\n",
    "dweights": "    dweights = inputs.T @ dvalues\n",
    "dbiases": "    dbiases = np.sum(dvalues, axis=0, keepdims=True)\n",
}


def _bug(ret: str = "    return dinputs, dweights, dbiases\n", **lines: str) -> str:
    body = "".join(lines.get(name, line) for name, line in _RIGHT.items())
    return _BUG_SIGNATURE + body + ret


_SUSPECT_CELL = """\
from nnfs_helpers import LayerDense


class SuspectDense(LayerDense):
    def backward(self, dvalues):
        self.dweights = self.inputs.T @ dvalues / len(dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = dvalues @ self.weights.T
        return self.dinputs


"""
_DELEGATE = """\
    layer = {layer}.from_arrays(weights)
    layer.forward(inputs)
    layer.backward(dvalues)
    return layer.dinputs, layer.dweights{times}, layer.dbiases
"""

_BUG_MISTAKES = [
    Mistake("bug_kept", _bug(dweights="    dweights = inputs.T @ dvalues / len(dvalues)\n"), "bug_kept"),
    # Issue 15: this answer was told "a sum where a mean belongs", the opposite of the lesson.
    Mistake("times_n", _bug(dweights="    dweights = inputs.T @ dvalues * len(dvalues)\n"), "times_n"),
    Mistake("dweights_transposed", _bug(dweights="    dweights = dvalues.T @ inputs\n"), "transposed"),
    Mistake("dbiases_keepdims", _bug(dbiases="    dbiases = np.sum(dvalues, axis=0)\n"), "keepdims"),
    Mistake("dbiases_mean", _bug(dbiases="    dbiases = np.mean(dvalues, axis=0, keepdims=True)\n"), "bias_mean"),
    # R1 and R2: the bug moved into dbiases was told "np.mean divides by N again".
    Mistake(
        "bug_moved_to_dbiases",
        _bug(dbiases="    dbiases = np.sum(dvalues, axis=0, keepdims=True) / len(dvalues)\n"),
        "a sum divided by N",
    ),
    # N6: dividing dbiases by N as well was told about dweights only.
    Mistake(
        "both_divided",
        _bug(
            dweights="    dweights = inputs.T @ dvalues / len(dvalues)\n",
            dbiases="    dbiases = np.sum(dvalues, axis=0, keepdims=True) / len(dvalues)\n",
        ),
        "dweights and dbiases are both N",
    ),
    Mistake(
        "mean_for_both",
        _bug(
            dweights="    dweights = inputs.T @ dvalues / len(inputs)\n",
            dbiases="    dbiases = np.mean(dvalues, axis=0, keepdims=True)\n",
        ),
        "dweights and dbiases are both N",
    ),
    Mistake(
        "all_three_divided",
        _bug(
            dinputs="    dinputs = dvalues @ weights.T / len(dvalues)\n",
            dweights="    dweights = inputs.T @ dvalues / len(dvalues)\n",
            dbiases="    dbiases = np.sum(dvalues, axis=0, keepdims=True) / len(dvalues)\n",
        ),
        "dinputs, dweights and dbiases are all N",
    ),
    Mistake("dweights_as_list", _bug(dweights="    dweights = (inputs.T @ dvalues).tolist()\n"), "Python list"),
    # NVJ: told only the shape.
    Mistake(
        "dbiases_wrong_axis",
        _bug(dbiases="    dbiases = np.sum(dvalues, axis=1, keepdims=True)\n"),
        "summed_over_neurons",
    ),
    # Q2: a sum over every axis, broadcast to (1, M), was told "a number typed into the body".
    Mistake(
        "dbiases_every_axis",
        _bug(dbiases="    dbiases = np.sum(dvalues, keepdims=True) + np.zeros((1, dvalues.shape[1]))\n"),
        "summed_every_axis",
    ),
    Mistake(
        "dbiases_every_axis_shape", _bug(dbiases="    dbiases = np.sum(dvalues, keepdims=True)\n"), "summed_every_axis"
    ),
    Mistake("dinputs_divided", _bug(dinputs="    dinputs = dvalues @ weights.T / len(dvalues)\n"), "divided_elsewhere"),
    # NVE: told only that the inner sizes differ; the message now points at the transpose.
    Mistake("dinputs_no_transpose", _bug(dinputs="    dinputs = dvalues @ weights\n"), "missing_transpose"),
    Mistake("dweights_no_transpose", _bug(dweights="    dweights = inputs @ dvalues\n"), "missing_transpose"),
    Mistake("wrong_order", _bug(ret="    return dweights, dinputs, dbiases\n"), "wrong_order"),
    Mistake("sign", _bug(dweights="    dweights = -inputs.T @ dvalues\n"), "sign"),
    # NVJ: the package's layer, or SuspectDense with dweights multiplied back by N, passed.
    Mistake(
        "package_layer",
        "from nnfs_helpers import LayerDense\n\n\n" + _BUG_SIGNATURE + _DELEGATE.format(layer="LayerDense", times=""),
        "package_layer",
    ),
    Mistake(
        "suspect_undone",
        _SUSPECT_CELL + _BUG_SIGNATURE + _DELEGATE.format(layer="SuspectDense", times=" * len(dvalues)"),
        "suspect_layer_called",
    ),
]


_EVERY_AXIS = (
    "np.sum without axis= adds over every axis, the samples and the neurons; the bias gradient sums over the "
    "samples only, one total per neuron: np.sum(dvalues, axis=0, keepdims=True)"
)


def _refuse_sum_over_every_axis(part, expected: np.ndarray) -> None:
    """dbiases as the total of all of dvalues (np.sum without axis), as one number or spread over (1, M)."""
    try:
        values = np.asarray(part, dtype=np.float64)
    except (TypeError, ValueError):
        return
    total = float(expected.sum())
    if expected.size < 2 or values.size == 0 or np.allclose(expected, total):
        return
    if values.size in (1, expected.size) and np.allclose(values, total, rtol=1e-6, atol=1e-9):
        every = "dbiases is" if values.size == 1 else "every value of dbiases is"
        raise Failed("summed_every_axis", f"{every} {total:.4g}, the sum of all of dvalues: {_EVERY_AXIS}")


def _refuse_sum_over_neurons(part, dvalues: np.ndarray) -> None:
    """dbiases summed along axis=1 (one total per sample, shape (N, 1)) where the samples are to be summed."""
    try:
        values = np.asarray(part, dtype=np.float64)
    except (TypeError, ValueError):
        return
    per_sample = dvalues.sum(axis=1)
    if dvalues.shape[0] == dvalues.shape[1] or values.size != per_sample.size or values.shape == (1, dvalues.shape[1]):
        return
    if np.allclose(values.ravel(), per_sample, rtol=1e-6, atol=1e-12):
        raise Failed(
            "summed_over_neurons",
            f"dbiases has one total per sample, shape {values.shape}: you summed dvalues over the neurons (axis=1); "
            "a bias is shared by every sample, so its gradient sums over the samples, one total per neuron, shape "
            "(1, M): axis=0, keepdims=True",
        )


def _bug_known(component: str, expected: np.ndarray, n: int) -> dict:
    if n < 2:
        return {}
    lesson = "dvalues already carries the loss's 1/N, so the layer's backward adds no factor of its own"
    if component == "dweights":
        return {
            "bug_kept": (
                expected / n,
                f"dweights is still N = {n} times too small: it divides by N (as SuspectDense's `/ len(dvalues)` "
                "does, or as a mean over the samples would), and that division is the bug; " + lesson,
            ),
            "times_n": (
                expected * n,
                f"dweights is N = {n} times too large: you multiplied by N to undo the bug, but the fix is to "
                f"delete the `/ len(dvalues)`; {lesson}",
            ),
        }
    if component == "dbiases":
        return {
            "bias_mean": (
                expected / n,
                # The same value comes from np.mean and from np.sum(...) / len(dvalues): name neither.
                f"dbiases is N = {n} times too small: it divides by N again (a mean over the samples, or a sum "
                f"divided by N); the layer sums G over the samples (np.sum, axis=0) and divides by nothing, since "
                f"{lesson}",
            ),
            "times_n": (expected * n, f"dbiases is N = {n} times too large; {lesson}"),
        }
    return {
        "divided_elsewhere": (
            expected / n,
            f"dinputs is N = {n} times too small: a `/ len(dvalues)` moved here; {lesson}",
        ),
        "times_n": (expected * n, f"dinputs is N = {n} times too large; {lesson}"),
    }


_SHAPES = {"dinputs": "(N, D)", "dweights": "(D, M)", "dbiases": "(1, M)"}

_RELU_IN_DENSE = (
    "dinputs is 0 wherever an input is negative and right elsewhere: a ReLU mask. The dense layer has no ReLU; "
    "its dinputs is dvalues @ weights.T everywhere (the ReLU before it masks the gradient in its own backward)"
)


def _refuse_n_in_several(parts, expected: dict, n: int) -> None:
    """Two or three of the gradients off by the same factor N (each divided by N again, or each multiplied
    by N): the message names every one of them, not only the first the loop would reach."""
    if n < 2:
        return
    for factor, wording, kind in ((1 / n, "too small", "divided_by_n_in_several"), (n, "too large", "times_n")):
        off = []
        for part, (name, value) in zip(parts, expected.items(), strict=True):
            try:
                values = np.asarray(part, dtype=np.float64)
            except (TypeError, ValueError):
                return
            if values.shape == value.shape and np.allclose(values, value * factor, rtol=1e-6, atol=1e-12):
                off.append(name)
        if len(off) < 2:
            continue
        named = " and ".join(off) if len(off) == 2 else ", ".join(off[:-1]) + " and " + off[-1]
        every = "both" if len(off) == 2 else "all"
        if factor < 1:
            fix = (
                "each of them divides by N (a `/ len(dvalues)`, or a mean over the samples), but dvalues already "
                "carries the loss's 1/N, so the layer's backward divides by nothing: delete every division by N "
                "(dbiases is np.sum(dvalues, axis=0, keepdims=True))"
            )
        else:
            fix = (
                "each of them is multiplied by N; dvalues already carries the loss's 1/N, so the layer's backward "
                "adds no factor of its own: delete the `/ len(dvalues)` of SuspectDense instead of undoing it"
            )
        raise Failed(kind, f"{named} are {every} N = {n} times {wording}: {fix}")


def _refuse_wrong_order(parts, expected: dict) -> None:
    """The three gradients returned in another order (each of them right)."""
    names = list(expected)
    for order in itertools.permutations(range(3)):
        if order == (0, 1, 2):
            continue
        try:
            fits = all(
                np.shape(parts[position]) == expected[names[index]].shape
                and np.allclose(np.asarray(parts[position], dtype=float), expected[names[index]])
                for position, index in enumerate(order)
            )
        except (TypeError, ValueError):
            return
        if fits:
            said = ", ".join(names[index] for index in order)
            raise Failed(
                "wrong_order",
                f"your three gradients are right, but you returned them as ({said}); the check reads them in the "
                "order of the docstring: return dinputs, dweights, dbiases",
            )


_MISSING_TRANSPOSE = {
    "dinputs": (
        "dinputs multiplies dvalues by weights without the transpose: dvalues is (N, M) and weights (D, M), so "
        "dvalues @ weights only works when D = M. dinputs has the shape of the inputs, (N, D): "
        "dvalues @ weights.T, (N, M) (M, D) -> (N, D)"
    ),
    "dweights": (
        "dweights multiplies inputs by dvalues without the transpose: inputs is (N, D) and dvalues (N, M), so "
        "inputs @ dvalues only works when D = N. dweights has the shape of the weights, (D, M): "
        "inputs.T @ dvalues, (D, N) (N, M) -> (D, M)"
    ),
}


def _name_a_missing_transpose(fn, rng) -> None:
    """After the learner's function raised: called on a square case (N = D = M), where a product without its
    transpose runs, the function shows which gradient lacks the .T."""
    size = 3
    inputs, weights, dvalues = (rng.standard_normal((size, size)).round(2) for _ in range(3))
    try:
        with np.errstate(all="ignore"):
            parts = unpack(fn(inputs.copy(), weights.copy(), dvalues.copy()), ("dinputs", "dweights", "dbiases"))
        values = [np.asarray(part, dtype=np.float64) for part in parts[:2]]
    except BaseException:  # the square case raised as well, or returned something else: no named transpose
        return
    for name, value, untransposed, right in (
        ("dinputs", values[0], dvalues @ weights, dvalues @ weights.T),
        ("dweights", values[1], inputs @ dvalues, inputs.T @ dvalues),
    ):
        if value.shape == right.shape and np.allclose(value, untransposed) and not np.allclose(value, right):
            raise Failed("missing_transpose", _MISSING_TRANSPOSE[name])


def _from_the_package(obj) -> bool:
    module = obj.__name__ if inspect.ismodule(obj) else getattr(obj, "__module__", None)
    return isinstance(module, str) and module.split(".")[0] == "nnfs_helpers"


def _borrowed_backward(cls) -> tuple[str, str] | None:
    """Whose backward a layer class runs: ("package", class name) for nnfs_helpers' LayerDense or a subclass
    that keeps its backward or hands over to it with super(); ("suspect", "SuspectDense") for the notebook's
    SuspectDense, bug and all; None for the learner's own, written without super()."""
    for klass in inspect.getmro(cls):
        method = klass.__dict__.get("backward")
        if method is None:
            continue
        if _from_the_package(klass):
            return "package", klass.__name__
        code = getattr(method, "__code__", None)
        # The notebook's SuspectDense divides by len(dvalues); one the learner fixed in its own cell does not.
        if klass.__name__ == "SuspectDense" and (code is None or "len" in code.co_names):
            return "suspect", klass.__name__
        if code is None or "super" not in code.co_names:
            return None  # the learner's own backward
    return None


def _label(name: str, value, through: str) -> str:
    """How the message names what the learner read: the class itself, or the name that leads to it."""
    shown = value.__name__ if inspect.isclass(value) else name
    return through if shown == through else f"{through} (through {shown})"


def _borrowed_layers(fn, seen=None) -> dict[str, str]:
    """What the learner's function reads (and the notebook functions and methods it calls read) that hands
    the backward pass to a layer it did not write: {label: "package" or "suspect"}. numpy, and classes and
    functions the learner wrote in the notebook, are their own work."""
    seen = set() if seen is None else seen
    code, namespace = getattr(fn, "__code__", None), getattr(fn, "__globals__", None)
    if code is None or not isinstance(namespace, dict) or code in seen:
        return {}
    seen.add(code)
    names = names_read(code)
    found: dict[str, str] = {}
    for name in sorted(names_read(code, globals_only=True)):
        if name not in namespace:
            continue
        value = namespace[name]
        if inspect.ismodule(value):
            if _from_the_package(value):  # nnfs_helpers.LayerDense, nnfs_helpers.layers.LayerDense
                modules, paths = [(value, name)], {}
                while modules:
                    module, prefix = modules.pop()
                    for attribute in sorted(names):
                        inner = getattr(module, attribute, None)
                        if inspect.ismodule(inner) and _from_the_package(inner) and len(prefix) < 80:
                            modules.append((inner, f"{prefix}.{attribute}"))
                        elif inspect.isclass(inner) and _from_the_package(inner) and _borrowed_backward(inner):
                            path = f"{prefix}.{attribute}"  # the longest way to the class, as it was written
                            paths[inner] = max(paths.get(inner, ""), path, key=len)
                found.update(dict.fromkeys(paths.values(), "package"))
            continue
        if inspect.isfunction(value):
            if not _from_the_package(value):  # a package helper such as rel_error computes no gradient
                found.update(_borrowed_layers(value, seen))
            continue
        cls = value if inspect.isclass(value) else type(value)
        if not callable(getattr(cls, "backward", None)):
            continue
        borrowed = _borrowed_backward(cls)
        if borrowed:
            found[_label(name, value, borrowed[1])] = borrowed[0]
        else:
            found.update(_borrowed_layers(cls.backward, seen))
    return found


def _refuse_a_borrowed_layer(fn) -> None:
    """06's exercise asks for the backward pass written out; a layer's backward called inside the answer
    (the package's, which has no bug, or SuspectDense's, with its result undone) is not that."""
    found = _borrowed_layers(fn)
    suspect = sorted(name for name, whose in found.items() if whose == "suspect")
    package = sorted(name for name, whose in found.items() if whose == "package")
    write = (
        "write the backward pass yourself, from inputs, weights and dvalues, as SuspectDense.backward does it, "
        "with its one wrong line fixed"
    )
    if suspect:
        raise Failed(
            "suspect_layer_called",
            f"your function runs the backward pass of {' and '.join(suspect)}, the one with the bug: its "
            "dweights is right only once corrected afterwards, and the exercise is to remove the bug, not to undo "
            "it; " + write,
        )
    if package:
        raise Failed(
            "package_layer",
            f"your function uses {' and '.join(package)}: the package's layer, whose backward pass already has "
            "no bug, computes the gradients for you; " + write,
        )


@define_exercise(
    "06.fix_the_bug",
    full_precision=("inputs", "weights", "dvalues"),
    stub=_BUG_STUB,
    solution=_BUG_SOLUTION,
    why=(
        "The check marks only dweights WRONG, with a relative error of (N − 1)/(N + 1): the extra / len(dvalues) "
        "divides by N a second time, since the loss's gradient already carries the mean's 1/N into dvalues."
    ),
    idea=(
        "The loss is a mean over the batch, so a 1/N belongs somewhere in the chain: where does it enter, and "
        "does the dense layer need to apply it again?"
    ),
    hint=(
        "Run check_layer_gradients on a SuspectDense: the line it marks WRONG is the one to fix. "
        "The batch's 1/N belongs to the loss's gradient, which reaches the layer inside dvalues."
    ),
    array_only=True,
    points=2,
    shapes={"inputs": "(N, D)", "weights": "(D, M)", "dvalues": "(N, M)"},
    mistakes=_BUG_MISTAKES,
    # The hint is about where the 1/N belongs; a transpose, an axis or the order of the returns is named in full
    # by its own message, and the 1/N hint would send the learner back to the wrong line.
    hint_kinds=(
        "bug_kept",
        "times_n",
        "bias_mean",
        "divided_elsewhere",
        "divided_by_n_in_several",
        "factor",
        "factor_n",
        "factor_size",
        "hard_coded_size",
        "values",
    ),
)
def _fix_the_bug(checker):
    rng = checker.rng(606)
    sizes = [checker.distinct_sizes(5, 4, 3, low=2, high=7), (1, *checker.distinct_sizes(2, 6, low=2, high=7))]
    for n, d, m in sizes:
        inputs = rng.standard_normal((n, d)).round(2)
        weights = rng.standard_normal((d, m)).round(2)
        dvalues = rng.standard_normal((n, m)).round(2)  # unequal rows and columns
        _refuse_a_borrowed_layer(checker.fn)
        try:
            got = checker.call(inputs=inputs, weights=weights, dvalues=dvalues)
        except Failed as failure:
            if failure.kind == "raised":
                _name_a_missing_transpose(checker.fn, rng)
            raise
        parts = unpack(got, ("dinputs", "dweights", "dbiases"))
        expected = {
            "dinputs": dvalues @ weights.T,
            "dweights": inputs.T @ dvalues,
            "dbiases": dvalues.sum(axis=0, keepdims=True),
        }
        _refuse_wrong_order(parts, expected)
        _refuse_n_in_several(parts, expected, n)
        tag = "" if n > 1 else " (in the case of one sample, N = 1)"
        _refuse_sum_over_every_axis(parts[2], expected["dbiases"])
        _refuse_sum_over_neurons(parts[2], dvalues)
        for part, (name, value) in zip(parts, expected.items(), strict=True):
            known = _bug_known(name, value, n)
            if name == "dinputs":
                known["relu_in_dense"] = (value * (inputs > 0), _RELU_IN_DENSE)
            checker.compare(part, value, what=name + tag, shape=_SHAPES[name], n=n, known=known)
    (n, d, m), (_, d1, m1) = sizes
    return (
        f"dinputs, dweights and dbiases all match for N = {n}, D = {d}, M = {m} and for one sample (D = {d1}, M = {m1})"
    )


# ---------------------------------------------------------------------------------------------
# 06.momentum_velocity

_MOMENTUM_SIGNATURE = "def momentum_velocity(gradients, learning_rate, momentum):\n"

_MOMENTUM_STUB = '''\
def momentum_velocity(gradients, learning_rate, momentum):
    """The step SGD with momentum adds to a parameter at its last update.

    gradients: (T, P), the parameter's gradient at each of T steps, in order (P numbers each).
    The velocity starts at zeros. Returns the velocity after the last step, shape (P,).
    """
    raise NotImplementedError("replace this line with your code")
'''

_MOMENTUM_SOLUTION = '''\
def momentum_velocity(gradients, learning_rate, momentum):
    """The step SGD with momentum adds to a parameter at its last update.

    gradients: (T, P), the parameter's gradient at each of T steps, in order (P numbers each).
    The velocity starts at zeros. Returns the velocity after the last step, shape (P,).
    """
    velocity = np.zeros(gradients.shape[1])
    for gradient in gradients:
        velocity = momentum * velocity - learning_rate * gradient
    return velocity
'''

_LOOP = "    for gradient in gradients:\n"


def _mom(
    update: str, *, start="    velocity = np.zeros(gradients.shape[1])\n", loop=_LOOP, ret="    return velocity\n"
):
    return _MOMENTUM_SIGNATURE + start + loop + update + ret


_UPDATE = "        velocity = momentum * velocity - learning_rate * gradient\n"

_MOMENTUM_MISTAKES = [
    # R2: told "0.9 times the expected value: one common factor", and "(v,)" was told a shape.
    Mistake(
        "momentum_on_both",
        _mom("        velocity = momentum * (velocity - learning_rate * gradient)\n"),
        "momentum_on_both",
    ),
    Mistake("returned_tuple", _mom(_UPDATE, ret="    return (velocity,)\n"), "tuple"),
    Mistake("sign", _mom("        velocity = momentum * velocity + learning_rate * gradient\n"), "sign"),
    Mistake("reversed", _mom(_UPDATE, loop="    for gradient in gradients[::-1]:\n"), "reversed"),
    Mistake("no_momentum", _MOMENTUM_SIGNATURE + "    return -learning_rate * gradients[-1]\n", "no_momentum"),
    Mistake(
        "total_step",
        _mom(
            "        velocity = momentum * velocity - learning_rate * gradient\n        total = total + velocity\n",
            start="    velocity = np.zeros(gradients.shape[1])\n    total = np.zeros(gradients.shape[1])\n",
            ret="    return total\n",
        ),
        "total_step",
    ),
    Mistake("skips_first", _mom(_UPDATE, loop="    for gradient in gradients[1:]:\n"), "one_step_off"),
    # NVJ: the velocity started at the first gradient instead of at zeros.
    Mistake(
        "started_at_first_gradient",
        _mom(_UPDATE, start="    velocity = gradients[0].astype(float)\n"),
        "started_at_first_gradient",
    ),
    Mistake(
        "started_at_first_gradient_from_one",
        _mom(_UPDATE, start="    velocity = gradients[0]\n", loop="    for gradient in gradients[1:]:\n"),
        "started_at_first_gradient_from_one",
    ),
    Mistake("skips_last", _mom(_UPDATE, loop="    for gradient in gradients[:-1]:\n"), "one_step_off_last"),
    # Passed the first engine's data (float gradients): zeros_like of whole-number gradients is an integer array.
    Mistake(
        "integer_velocity",
        _mom(
            "        velocity[:] = momentum * velocity - learning_rate * gradient\n",
            start="    velocity = np.zeros_like(gradients[0])\n",
        ),
        "written into it in place",
    ),
    # N6: an in-place edit of the gradients was told as an integer problem only.
    Mistake(
        "gradients_edited_in_place",
        _MOMENTUM_SIGNATURE
        + "    gradients *= -learning_rate\n    velocity = np.zeros(gradients.shape[1])\n"
        + "    for gradient in gradients:\n        velocity = momentum * velocity + gradient\n    return velocity\n",
        "modified_input",
    ),
    Mistake(
        "rate_on_both",
        _mom("        velocity = learning_rate * (momentum * velocity - gradient)\n"),
        "rate_on_both",
    ),
    Mistake("returned_list", _mom(_UPDATE, ret="    return velocity.tolist()\n"), "Python list"),
    Mistake(
        "averaged",
        _mom("        velocity = momentum * velocity - (1 - momentum) * learning_rate * gradient\n"),
        "averaged",
    ),
    # Passed the first engine's data (always momentum 0.9, a fixed learning rate): numbers typed into the body.
    Mistake("momentum_typed_in", _mom("        velocity = 0.9 * velocity - learning_rate * gradient\n"), "typed_in"),
    # Q2: a learning rate typed in was told "2 times the expected value: one common factor".
    Mistake("rate_typed_in", _mom("        velocity = momentum * velocity - 1.0 * gradient\n"), "rate_typed_in"),
    Mistake("rate_typed_in_0_1", _mom("        velocity = momentum * velocity - 0.1 * gradient\n"), "rate_typed_in"),
    # N6b (NVD): every step's velocity returned was told only "shape (P,); you returned (T, P)".
    Mistake(
        "all_velocities",
        _mom(
            _UPDATE + "        steps.append(velocity)\n",
            start="    velocity = np.zeros(gradients.shape[1])\n    steps = []\n",
            ret="    return np.array(steps)\n",
        ),
        "every_velocity",
    ),
    Mistake(
        "all_velocities_list",
        _mom(
            _UPDATE + "        steps.append(velocity)\n",
            start="    velocity = np.zeros(gradients.shape[1])\n    steps = []\n",
            ret="    return steps\n",
        ),
        "every_velocity",
    ),
    # N6b (NVD): the training section's decay, added although the exercise says "no decay", got only "differs".
    Mistake(
        "decay_added",
        _MOMENTUM_SIGNATURE
        + "    velocity = np.zeros(gradients.shape[1])\n"
        + "    for t, gradient in enumerate(gradients):\n"
        + "        rate = learning_rate / (1 + 1e-2 * t)\n"
        + "        velocity = momentum * velocity - rate * gradient\n    return velocity\n",
        "decay_added",
    ),
    Mistake(
        "decay_added_from_step_1",
        _MOMENTUM_SIGNATURE
        + "    velocity = np.zeros(gradients.shape[1])\n    decay = 0.001\n"
        + "    for t, gradient in enumerate(gradients, start=1):\n"
        + "        velocity = momentum * velocity - learning_rate / (1 + decay * t) * gradient\n    return velocity\n",
        "decay_added",
    ),
    # N6b (NVC): the two coefficients swapped, and row 0 counted twice, were told only "differs".
    Mistake(
        "coefficients_swapped",
        _mom("        velocity = learning_rate * velocity - momentum * gradient\n"),
        "coefficients_swapped",
    ),
    Mistake(
        "first_row_twice",
        _mom(_UPDATE, start="    velocity = -learning_rate * gradients[0]\n"),
        "first_row_twice",
    ),
]


def _refuse_a_typed_rate(checker, got, grads, rate, beta) -> None:
    """A learning rate typed into the body: the velocity is a common factor times the right one, and the
    learner's function, called again with another learning_rate, returns the same velocity."""
    try:
        values = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return
    right = _momentum_reference(grads, rate, beta)
    if values.shape != right.shape:
        return
    factor = common_factor(values, right, 1e-6, 1e-9)
    if factor is None or factor <= 0:
        return
    try:
        with np.errstate(all="ignore"):
            again = checker.fn(np.array(grads, copy=True), 2 * rate, beta)
        same = np.shape(again) == values.shape and np.allclose(np.asarray(again, dtype=np.float64), values)
    except Exception:
        return
    if same:
        raise Failed(
            "rate_typed_in",
            f"your velocity used a learning rate of {factor * rate:.6g}, but this check called the function with "
            f"learning_rate={rate:g} (the velocity is {factor:.6g} times the expected one): use the "
            "`learning_rate` argument η, not a number typed into the body",
        )


def _explain_an_edit_of_the_gradients(checker, failed: Failed, grads, rate, beta) -> None:
    """An in-place edit of `gradients` (gradients *= -learning_rate) raises on the notebook's whole-number
    gradients; told only as an integer problem, the learner never hears that the argument was edited."""
    if failed.kind != "raised" or np.asarray(grads).dtype.kind not in "iu":
        return
    floats = np.array(grads, dtype=np.float64)
    given = floats.copy()
    try:
        with np.errstate(all="ignore"):
            checker.fn(given, rate, beta)
    except Exception:
        return
    if not np.array_equal(given, floats):
        raise Failed(
            "modified_input",
            "your function edits its argument `gradients` in place (an `*=` or `-=` on it, or a write into one of "
            "its rows): on the whole-number gradients of this case, an integer array, that edit cannot even store "
            "its fractions and raised, and on floats it would change the caller's array, which in a network is the "
            "layer's own gradient; build a new array instead, e.g. `step = learning_rate * gradient` inside the loop",
        )


def _refuse_an_integer_velocity(got, grads, rate, beta, what: str) -> None:
    """A velocity that comes back as integers: it was written into, in place, in an integer array (the usual
    one is np.zeros_like(gradients[0]) of whole-number gradients), and every fraction was cut off."""
    if not isinstance(got, np.ndarray) or got.dtype.kind not in "biu":
        return
    right = _momentum_reference(np.asarray(grads, dtype=np.float64), rate, beta)
    if got.shape != right.shape or np.array_equal(right, np.round(right)):
        return
    at = int(np.flatnonzero(right != np.round(right))[0])
    raise Failed(
        "int_dtype",
        f"{what} came back as an integer array (dtype {got.dtype}): it started as one (dtype=int, or "
        "np.zeros_like(gradients[0]), which copies the whole-number gradients' dtype) and the update was written "
        "into it in place (v[:] = ..., v[i] = ...), which keeps that dtype, so every fraction was cut off (at "
        f"[{at}] {right[at]:.4g} was stored as {got.flat[at]}); start from floats, np.zeros(gradients.shape[1]), "
        "or assign a new array at each step: v = momentum * v - learning_rate * gradient",
    )


def _refuse_every_velocity(got, grads, rate, beta) -> None:
    """The velocity after every step returned (an array or a list of T rows) where only the last one belongs."""
    if isinstance(got, tuple):
        return  # `return v,` is told as a tuple by compare
    try:
        values = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return
    t, p = np.shape(grads)
    if values.shape != (t, p) or t < 2:
        return
    right = _momentum_reference(np.asarray(grads, dtype=np.float64), rate, beta)
    if not np.allclose(values[-1], right, rtol=1e-6, atol=1e-9):
        return
    came = f"a Python list of {t} velocities" if isinstance(got, list) else f"an array of shape (T, P) = ({t}, {p})"
    raise Failed(
        "every_velocity",
        f"you returned the velocity after every step, {came}; the function returns only the velocity after the last "
        f"step, shape (P,) = ({p},): return `velocity` after the loop, without collecting the steps",
    )


def _decayed_reference(gradients, rate, beta, decay, start) -> np.ndarray:
    velocity = np.zeros(gradients.shape[1])
    for t, gradient in enumerate(gradients, start=start):
        velocity = beta * velocity - rate / (1 + decay * t) * gradient
    return velocity


def _refuse_decay(got, grads, rate, beta) -> None:
    """A decaying learning rate, eta / (1 + decay * t), although the exercise has no decay. The decay the learner
    typed in is found by a search over decay > 0, for steps counted from 0 and from 1."""
    try:
        values = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return
    grads = np.asarray(grads, dtype=np.float64)
    right = _momentum_reference(grads, rate, beta)
    if len(grads) < 2 or values.shape != right.shape or np.allclose(values, right, rtol=1e-6, atol=1e-9):
        return

    def misfit(log_decay, start):
        return float(np.sum((_decayed_reference(grads, rate, beta, 10.0**log_decay, start) - values) ** 2))

    for start in (0, 1):
        grid = np.linspace(-6.0, 1.0, 71)
        best = grid[int(np.argmin([misfit(x, start) for x in grid]))]
        low, high = best - 0.1, best + 0.1
        for _ in range(60):  # golden-section search around the best point of the grid
            a, b = high - 0.618 * (high - low), low + 0.618 * (high - low)
            if misfit(a, start) < misfit(b, start):
                high = b
            else:
                low = a
        decay = float(10.0 ** ((low + high) / 2))
        if np.allclose(_decayed_reference(grads, rate, beta, decay, start), values, rtol=1e-5, atol=1e-9):
            counted = "t = 0, 1, 2, ..." if start == 0 else "t = 1, 2, 3, ..."
            raise Failed(
                "decay_added",
                f"your velocity uses a learning rate that decays, learning_rate / (1 + decay * t) with decay ≈ "
                f"{decay:.3g} and {counted}: this exercise leaves decay out (the training section's optimizer adds it; "
                "here the learning rate is the same at every step): v <- momentum * v - learning_rate * gradient",
            )


def _velocity_from(start: np.ndarray, gradients, learning_rate: float, momentum: float) -> np.ndarray:
    velocity = np.array(start, dtype=float)
    for gradient in gradients:
        velocity = momentum * velocity - learning_rate * gradient
    return velocity


def _momentum_reference(gradients: np.ndarray, learning_rate: float, momentum: float) -> np.ndarray:
    velocity = np.zeros(gradients.shape[1])
    for gradient in gradients:
        velocity = momentum * velocity - learning_rate * gradient
    return velocity


def _momentum_known(gradients, rate, beta) -> dict:
    velocities, velocity = [], np.zeros(gradients.shape[1])
    for gradient in gradients:
        velocity = beta * velocity - rate * gradient
        velocities.append(velocity)
    known = {
        "no_momentum": (
            -rate * gradients[-1],
            "that is a plain SGD step with the last gradient: momentum adds a share of every earlier step",
        ),
        "reversed": (
            _momentum_reference(gradients[::-1], rate, beta),
            "you weighted the first gradient most: the newest gradient counts fully, and each older one "
            "is multiplied by the momentum once more per step since",
        ),
        "total_step": (
            np.sum(velocities, axis=0),
            "that is the sum of all the steps (how far the parameter moved in total); return the last "
            "velocity, the step taken at the last update",
        ),
        "averaged": (
            _momentum_reference(gradients, (1 - beta) * rate, beta),
            "you multiplied the gradient by (1 - momentum), v <- momentum * v - (1 - momentum) * learning_rate * "
            "gradient, which makes the velocity a running average of the gradients; SGD with momentum as in the "
            "notebook adds the whole -learning_rate * gradient each step: v <- momentum * v - learning_rate * gradient",
        ),
    }
    if len(gradients) > 1 and beta != 1:
        known["every_gradient_fully"] = (
            -rate * gradients.sum(axis=0),
            "that counts every gradient fully (-learning_rate times their sum); in the velocity each older "
            "gradient is multiplied by the momentum once more per step since: loop v <- momentum * v - "
            "learning_rate * gradient",
        )
        known["mean_gradient"] = (
            -rate * gradients.mean(axis=0),
            "that is a plain step with the mean gradient; momentum keeps a velocity: loop v <- momentum * v - "
            "learning_rate * gradient over the rows, in order",
        )
        known["momentum_on_gradient"] = (
            -rate * beta * gradients.sum(axis=0),
            "you multiplied the gradient by the momentum; the momentum multiplies the previous velocity: "
            "v <- momentum * v - learning_rate * gradient",
        )
    if beta != rate:
        known["coefficients_swapped"] = (
            _momentum_reference(np.asarray(gradients, dtype=float), beta, rate),
            "you swapped the two coefficients, v <- learning_rate * v - momentum * gradient: the momentum β "
            "multiplies the previous velocity and the learning rate η the new gradient: v <- momentum * v - "
            "learning_rate * gradient",
        )
    if len(gradients) > 0:
        known["first_row_twice"] = (
            _momentum_reference(np.vstack([gradients[:1], gradients]).astype(float), rate, beta),
            "you counted row 0 twice: the velocity starts at zeros, not at -learning_rate * gradients[0], and the "
            "loop then applies every row once, row 0 included",
        )
    if len(gradients) > 0:
        # NVJ: a velocity started at the first gradient was told only "differs from the right answer".
        started = _velocity_from(np.asarray(gradients[0], dtype=float), gradients, rate, beta)
        from_row_one = _velocity_from(np.asarray(gradients[0], dtype=float), gradients[1:], rate, beta)
        for kind, value, loop in (
            ("started_at_first_gradient", started, "then applied the update to every row, row 0 included"),
            ("started_at_first_gradient_from_one", from_row_one, "then applied the update to rows 1 to T - 1"),
        ):
            known[kind] = (
                value,
                f"your velocity started at gradients[0] (v = gradients[0]) and {loop}; before the first step "
                "the parameter has not moved yet, so the velocity starts at zeros, np.zeros(gradients.shape[1]), "
                "and row 0 comes in through the first update like every other row: v <- momentum * v - "
                "learning_rate * gradient, once per row, in order",
            )
    if len(gradients) > 1:
        known["one_step_off"] = (
            _momentum_reference(gradients[1:], rate, beta),
            f"that is the velocity after {len(gradients) - 1} of the {len(gradients)} steps, without the first "
            "gradient: loop over every row of gradients, in order",
        )
        known["one_step_off_last"] = (
            _momentum_reference(gradients[:-1], rate, beta),
            f"that is the velocity after {len(gradients) - 1} of the {len(gradients)} steps, without the last "
            "gradient: loop over every row of gradients, in order",
        )
    if beta != 0:
        velocity = np.zeros(gradients.shape[1])
        for gradient in np.asarray(gradients, dtype=float):
            velocity = beta * (velocity - rate * gradient)
        known["momentum_on_both"] = (
            velocity,
            f"your velocity is β = {beta:g} times the expected one: you wrote v <- momentum * (v - learning_rate * "
            "gradient), so the momentum also multiplies the new gradient; it multiplies only the previous velocity: "
            "v <- momentum * v - learning_rate * gradient",
        )
    if rate != 1:
        velocity = np.zeros(gradients.shape[1])
        for gradient in np.asarray(gradients, dtype=float):
            velocity = rate * (beta * velocity - gradient)
        known["rate_on_both"] = (
            velocity,
            "you multiplied the whole update by the learning rate, v <- learning_rate * (momentum * v - gradient), "
            "so the old velocity shrinks by η at every step as well; η multiplies only the new gradient: "
            "v <- momentum * v - learning_rate * gradient",
        )
    if beta != 0.9:
        known["typed_in"] = (
            _momentum_reference(gradients, rate, 0.9),
            f"your velocity used momentum 0.9, but this check called the function with momentum={beta:g}: use "
            "the `momentum` argument, not a number typed into the body",
        )
    return known


@define_exercise(
    "06.momentum_velocity",
    full_precision=("gradients", "learning_rate", "momentum"),
    stub=_MOMENTUM_STUB,
    solution=_MOMENTUM_SOLUTION,
    why=(
        "Unrolled over rows 0 to T−1, v = −η (gradients[T−1] + β gradients[T−2] + … + β^(T−1) gradients[0]): each "
        "older gradient counts β times less per step since, so after four steps (rows 0 to 3) row 0 has been "
        "multiplied by β at each of the three steps after its own: it still counts β³ = 0.9³ ≈ 0.73 of its "
        "plain-SGD weight."
    ),
    idea=(
        "The velocity carries a share of every earlier step into the next one: go through the gradients in "
        "order, and at each step decide what is kept of the old velocity and what the new gradient adds."
    ),
    hint=(
        "Start from a velocity of zeros (floats) and apply v <- momentum * v - learning_rate * gradient once per "
        "row of gradients, in order; return the last v (the step added to the parameter), not the sum of the steps."
    ),
    array_only=True,
    points=2,
    shapes={"gradients": "(T, P)", "return": "(P,)"},
    mistakes=_MOMENTUM_MISTAKES,
)
def _momentum_velocity(checker):
    rng = checker.rng(660)
    t, p = checker.distinct_sizes(4, 3, low=3, high=6)
    # The notebook's kind of gradients: whole numbers (an integer array), changing sign between steps.
    gradients = rng.integers(-3, 4, size=(t, p))
    gradients[0] = np.where(gradients[0] == 0, 2, gradients[0])
    gradients[1] = -gradients[0] + rng.integers(0, 2, size=p)
    # The notebook's learning rates and momenta; a hidden variant draws others, so none can be typed in.
    rates, betas = (0.5, 0.1, 0.2, 0.3), (0.9, 0.6)
    if checker.hidden:
        rates = tuple(float(r) for r in rng.uniform(0.05, 0.95, size=4).round(3))
        betas = tuple(float(b) for b in rng.uniform(0.5, 0.97, size=2).round(3))
    cases = [
        (gradients, rates[0], betas[0], "the velocity"),
        (
            rng.normal(size=(checker.size(5, low=3, high=7), p)).round(2),
            rates[1],
            betas[1],
            f"the velocity (momentum {betas[1]:g})",
        ),
        (
            rng.normal(size=(checker.size(2, low=2, high=5), p + 2)).round(2),
            rates[2],
            0.0,
            "the velocity with momentum 0",
        ),
        (rng.normal(size=(1, p)).round(2) + 1.0, rates[3], betas[0], "the velocity after one step"),
    ]
    for grads, rate, beta, what in cases:
        try:
            got = checker.call(gradients=grads, learning_rate=rate, momentum=beta)
        except Failed as failed:
            _explain_an_edit_of_the_gradients(checker, failed, grads, rate, beta)
            raise
        _refuse_an_integer_velocity(got, grads, rate, beta, what)
        _refuse_every_velocity(got, grads, rate, beta)
        _refuse_a_typed_rate(checker, got, grads, rate, beta)
        _refuse_decay(got, grads, rate, beta)
        checker.compare(
            got,
            _momentum_reference(grads, rate, beta),
            what=what,
            shape="(P,)",
            known=_momentum_known(grads, rate, beta),
        )
    return (
        f"the velocity matches after {t} steps of whole-number gradients with momentum {betas[0]:g}, with momentum "
        f"{betas[1]:g} and another learning rate, with momentum 0 (plain SGD) and after a single step"
    )


# Every explorer question is defined in .questions (B2); imported here, after nb01..nb05, until the
# package's __init__ imports it itself.
from . import questions  # noqa: E402, F401
