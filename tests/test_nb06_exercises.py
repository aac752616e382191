"""Notebook 06's Exercise 1 (06.fix_the_bug): the returned container its docstring promises."""

from __future__ import annotations

import numpy as np

from nnfs_helpers.exercises import all_exercises, check_exercise


def _fixed(container):
    def fixed_dense_backward(inputs, weights, dvalues):
        dinputs = dvalues @ weights.T
        dweights = inputs.T @ dvalues
        dbiases = np.sum(dvalues, axis=0, keepdims=True)
        return container((dinputs, dweights, dbiases))

    return fixed_dense_backward


def test_the_docstring_says_a_tuple_or_a_list_is_accepted():
    definition = all_exercises()["06.fix_the_bug"]
    for source in (definition.stub, definition.solution):
        assert "as a tuple" in source and "a list of the three works as well" in source


def test_a_tuple_and_a_list_of_the_three_gradients_both_pass():
    for container in (tuple, list):
        result = check_exercise("06.fix_the_bug", _fixed(container), quiet=True)
        assert result.passed, (container, result.message)


def test_a_list_of_two_gradients_names_what_was_expected_and_what_came_in():
    def two(inputs, weights, dvalues):
        return [dvalues @ weights.T, inputs.T @ dvalues]

    result = check_exercise("06.fix_the_bug", two, quiet=True)
    assert not result.passed
    assert "return 3 things, `dinputs, dweights, dbiases`" in result.message
    assert "you returned a list of 2 things" in result.message
