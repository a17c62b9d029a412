"""Unit tests of the output comparison rules documented in CONTRIBUTING.md."""
from lessonkit.outputs import Tolerance, ToleranceSyntaxError, compare, normalize

import pytest


def test_spacing_colours_and_outer_blank_lines_are_ignored():
    assert compare("\n a   b \n", "\x1b[1ma b\x1b[0m\n\n").ok


def test_progress_bars_redrawn_with_carriage_returns_keep_their_last_state():
    assert normalize("1/3 [=>  ]\r3/3 [====] done\n") == "3/3 [====] done"
    assert normalize("abc\bd") == "abd"
    assert normalize("loss 0.5\b\b\b0.4") == "loss 0.4"
    assert normalize("\bx") == "x"


def test_exact_numbers_by_default():
    assert not compare("0.97", "0.96").ok


def test_ellipsis_within_a_line_and_for_whole_lines():
    assert compare("x at 0x...\n...\nend", "x at 0x7f00\na\nb\nend").ok
    assert compare("a\n...\nb", "a\nb").ok
    assert not compare("a\n...\nb", "a\nc").ok


def test_tolerance_on_decimals_and_separately_on_integers():
    tol = Tolerance.parse("abs=0.02 ints=2")
    assert compare("acc 0.95 in 10 epochs", "acc 0.96 in 10 epochs", tol).ok
    assert not compare("acc 0.95", "acc 0.90", tol).ok
    assert compare("[[50 2]]", "[[49 3]]", tol).ok
    assert not compare("[[50 2]]", "[[45 7]]", tol).ok
    assert compare("rmse 3.00", "rmse 3.25", Tolerance.parse("rel=0.1")).ok


def test_text_around_numbers_must_still_match():
    assert not compare("loss: 0.5", "accuracy: 0.5", Tolerance.parse("abs=1")).ok


@pytest.mark.parametrize("args", ["", "abs", "abs=x", "speed=3"])
def test_bad_tolerance_directives_are_rejected(args):
    with pytest.raises(ToleranceSyntaxError):
        Tolerance.parse(args)


# --- Keras progress lines ---------------------------------------------------------------------------

BAR = "━" * 20
# What Keras 3 writes in a notebook for one epoch of 18 steps (verbose=1): redraws with \b and \r.
KERAS_V1 = ("\x1b[1m 1/18\x1b[0m \x1b[32m━\x1b[0m\x1b[37m━━━━━━━━━━━━━━━━━━━\x1b[0m \x1b[1m7s\x1b[0m 429ms/step"
            " - accuracy: 0.3125 - loss: 1.2000" + "\b" * 70 + "\r"
            "\x1b[1m18/18\x1b[0m \x1b[32m" + BAR + "\x1b[0m\x1b[37m\x1b[0m \x1b[1m0s\x1b[0m 3ms/step"
            " - accuracy: 0.4375 - loss: 1.1033\n")


def test_keras_progress_lines_match_without_elisions():
    assert normalize(KERAS_V1) == f"18/18 {BAR} 0s 3ms/step - accuracy: 0.4375 - loss: 1.1033"
    # another run: other times, another bar drawing; same metrics
    assert compare(f"18/18 {BAR} 2s 11ms/step - accuracy: 0.4375 - loss: 1.1033", KERAS_V1).ok
    assert compare("Epoch 1/5\n18/18 - 1s - 35ms/step - accuracy: 0.4375 - loss: 1.1033",
                   "Epoch 1/5\n18/18 - 0s - 912us/step - accuracy: 0.4375 - loss: 1.1033").ok
    assert compare("4/4 ━━━━━━━━━━━━━━━━━━━━ 0s 10ms/step", "4/4 ━━━━━━━━━━━━━━━━━━━━ 1s 1s/step").ok
    assert compare("1/3 ━━━━━━━━━━━━━━━━━━━━ 1:02 3s/step", "1/3 ━━━━━━━━━━━━━━━━━━━━ 59s 2s/step").ok


def test_keras_progress_lines_still_compare_step_counts_and_metrics():
    assert not compare(f"18/18 {BAR} 0s 3ms/step - accuracy: 0.5000 - loss: 1.1033", KERAS_V1).ok
    assert not compare(f"17/17 {BAR} 0s 3ms/step - accuracy: 0.4375 - loss: 1.1033", KERAS_V1).ok
    tol = Tolerance.parse("abs=0.1")
    assert compare(f"18/18 {BAR} 0s 3ms/step - accuracy: 0.5 - loss: 1.1", KERAS_V1, tol).ok
    assert not compare(f"18/18 {BAR} 0s 3ms/step - accuracy: 0.6 - loss: 1.1", KERAS_V1, tol).ok
    # only the head of a progress line is volatile: a time elsewhere is compared
    assert not compare("took 3ms/step", "took 4ms/step").ok


def test_old_elisions_of_progress_lines_still_match():
    assert compare("18/18 - ... - accuracy: ... - loss: 1.1033", "18/18 - 1s - 3ms/step - accuracy: 0.4 - loss: 1.1033").ok


def test_retake_replaces_plain_outputs_and_keeps_intended_elisions():
    from lessonkit.outputs import retake

    # no elision: the real output, spacing kept (tables stay aligned)
    assert retake("a  b\n1", "a   b\n2\n") == "a   b\n2"
    # progress elisions go, the whole-line elision and the in-line elision stay
    shown = "Epoch 1/3\n18/18 - ... - accuracy: 0.4 - loss: 1.1\n...\nid at 0x...\nEpoch 3/3\n18/18 - ... - loss: 0.5"
    actual = ("Epoch 1/3\n18/18 - 1s - 3ms/step - accuracy: 0.4 - loss: 1.1\nEpoch 2/3\n18/18 - 0s - 2ms/step - "
              "accuracy: 0.6 - loss: 0.7\nid at 0x7f00\nEpoch 3/3\n18/18 - 0s - 2ms/step - loss: 0.5\n")
    assert retake(shown, actual) == ("Epoch 1/3\n18/18 - 1s - 3ms/step - accuracy: 0.4 - loss: 1.1\n...\n"
                                     "id at 0x...\nEpoch 3/3\n18/18 - 0s - 2ms/step - loss: 0.5")
    # a metric elided on purpose stays elided; the rest of the progress line is the real one
    assert retake(f"18/18 {BAR} ... - accuracy: ... - loss: 1.1033", KERAS_V1) == \
        f"18/18 {BAR} 0s 3ms/step - accuracy: ... - loss: 1.1033"
    # numbers within a tolerance are refreshed from the run
    assert retake("acc ...\nloss 0.50", "acc 9\nloss 0.52", Tolerance.parse("abs=0.1")) == "acc ...\nloss 0.52"
    # ... and beyond it (another backend's numbers, a changed model): the lines still match apart from them
    assert retake("Epoch 1/9\nloss 0.99\n...\nloss 0.03", "Epoch 1/9\nloss 10.3\nloss 2\nloss 0.04",
                  Tolerance.parse("abs=0.02")) == "Epoch 1/9\nloss 10.3\n...\nloss 0.04"
    # an elided output that no longer matches is left to the author
    assert retake("a\n...\nz", "a\nb\nc") is None
