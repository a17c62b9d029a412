"""`python -m lessonkit COMMAND`: the command line of lessonkit.cli (normally run through ./lesson)."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
