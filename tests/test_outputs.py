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
