# SPDX-License-Identifier: GPL-3.0-or-later
#
# What the integration tests share: TAP output, the exceptions a step
# raises, the loop that runs the steps, the end of main(), and starting and
# stopping the programs a test runs beside it.
#
# Imported as "taplib" by the test-*.py scripts beside it: Python puts a
# script's own directory first on sys.path.

import os
import signal
import subprocess
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


def spawn_logged(argv, env, log_path):
    """Starts argv in a process group of its own, so that what it starts
    goes with it; its output goes to log_path, never to our stdout, which
    meson waits on."""
    with open(log_path, "wb") as log:
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)


def stop_process_group(process, timeout=5):
    """Ends a process started by spawn_logged() and its group: SIGTERM,
    then SIGKILL after timeout seconds."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
