#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Kills (SIGKILL) a command while it writes a file in the folder of DEST:
# once the file it has open there, named or not, holds PART of DEST's size
# (0: as soon as it is open). Started again when it ends first, 20 times at
# most. Exits 0 when it was killed while writing, 1 if never.
# Usage: kill-while-writing.py DEST PART COMMAND [ARGUMENT...]
import os
import signal
import subprocess
import sys

dest, part, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
folder = os.path.dirname(os.path.abspath(dest))
whole = os.stat(dest).st_size


def written(pid):
    """The size of the file the process is writing in the folder, or -1."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return -1
    size = -1
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith(folder + "/"):
                size = max(size, os.stat(f"/proc/{pid}/fd/{fd}").st_size)
        except OSError:
            continue
    return size


for attempt in range(20):
    p = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while p.poll() is None:
        if written(p.pid) >= part * whole:
            p.send_signal(signal.SIGKILL)
            break
    p.wait()
    if p.returncode == -signal.SIGKILL:
        sys.exit(0)
sys.exit(1)
