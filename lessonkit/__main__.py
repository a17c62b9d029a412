"""`python -m lessonkit COMMAND`: the command line of lessonkit.cli (normally run through ./lesson)."""
import os
import sys

from .cli import main

if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (`./lesson help | head`): no traceback, and no success
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
