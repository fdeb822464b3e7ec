# SPDX-License-Identifier: GPL-3.0-or-later
#
# What the integration tests share: TAP output, the exceptions a step
# raises, the loop that runs the steps, and the end of main().
#
# Imported as "taplib" by the test-*.py scripts beside it: Python puts a
# script's own directory first on sys.path.

import signal
import sys
import time


def emit(line=""):
    print(line, flush=True)


def comment(text):
    for line in str(text).splitlines() or [""]:
        emit("# " + line)


class Failure(Exception):
    """A check failed; details are printed as TAP comments."""

    def __init__(self, message, details=None):
        super().__init__(message)
        self.details = details


class Skip(Exception):
    """A step or case cannot run here."""


def run_steps(steps, cases=(), errors=(Failure,), format_error=str, describe_failure=None,
              after_step=None, skip_reason="an earlier step failed"):
    """Runs @steps, then @cases, each a (description, callable) pair, and
    prints one TAP line each, after the plan; returns whether none failed.

    What a callable returns is printed as a comment with its time. A step
    builds on the ones before: when it fails, the ones after it (cases
    included) are skipped with @skip_reason; when it raises Skip, with the
    Skip's reason. A case stands alone: when it fails or raises Skip, the
    next ones still run.

    Failure and the exceptions in @errors count as failures: the TAP line
    is "not ok", followed by format_error(exception) and the Failure's
    details as comments, then whatever describe_failure() prints. Anything
    else propagates. after_step(), if given, runs after each callable run,
    whatever the outcome."""
    steps = list(steps)
    cases = list(cases or ())
    errors = tuple(errors)
    if Failure not in errors:
        errors = (Failure,) + errors
    emit("1..%d" % (len(steps) + len(cases)))
    skipping = None
    all_ok = True
    for index, (description, run) in enumerate(steps + cases):
        number = index + 1
        is_step = index < len(steps)
        if skipping is not None:
            emit("ok %d - %s # SKIP %s" % (number, description, skipping))
            continue
        start = time.monotonic()
        try:
            result = run()
            emit("ok %d - %s" % (number, description))
            comment("%s (%.2f s)" % (result, time.monotonic() - start))
        except Skip as e:
            emit("ok %d - %s # SKIP %s" % (number, description, e))
            if is_step:
                skipping = str(e)
        except errors as e:
            all_ok = False
            emit("not ok %d - %s" % (number, description))
            comment(format_error(e))
            if isinstance(e, Failure) and e.details:
                comment(e.details)
            if describe_failure is not None:
                describe_failure()
            if is_step:
                skipping = skip_reason
        finally:
            if after_step is not None:
                after_step()
    return all_ok


def run_test(test):
    """The end of main(): runs test.run(), then test.cleanup() whatever
    happens, SIGTERM included (meson stops a test with it on timeout).
    Returns the exit status."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        ok = test.run()
    finally:
        test.cleanup()
    return 0 if ok else 1
