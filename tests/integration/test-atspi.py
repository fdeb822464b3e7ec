#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The real clientele window, driven the way an assistive technology (or a
# person) drives it: through AT-SPI and the keyboard.
#
# Seeds a book with the built clientele-cli, then, with the window side by
# side (1000 px) and folded to one pane (360 px): starts the built clientele
# on it, finds its window in the AT-SPI desktop by process id, finds the
# search entry and the results list by their accessible names, types part
# of a name on the (XTest) keyboard, presses Enter, and waits for the
# customer's alert and a preference to be on screen in the window's
# accessible tree, outside the results list. Folded, the customer page must
# appear only after Enter.
#
# Usage: test-atspi.py PATH-TO-CLIENTELE PATH-TO-CLIENTELE-CLI
# Needs an X display (Xvfb) and a D-Bus session bus (dbus-run-session), as in
# build-aux/check; starts the accessibility bus if the session has none, and
# stops what it started. Prints TAP; on failure, the accessible tree and the
# application's output as comments.

import os
import sys
import time

from taplib import Failure, comment, emit, run_steps, run_test
from atspilib import (Atspi, GLib, AtspiApp, XK_BACKSPACE, XK_RETURN, check_session,
                      wait_for)

# Accessible names given in src/gui/clt-window.ui.
SEARCH_LABEL = "Search customers"
RESULTS_LABEL = "Customers"
QUERY = "hel"
ALERT = "Allergique aux plumes"
PREFERENCE = "Chambre côté cour"

# Marc Aubert comes first in the book, so the window opens on him, not on
# the customer searched for.
CUSTOMERS = [
    ["Marc Aubert", "--preference", "Journal Le Monde le matin"],
    ["Anne Bonnet", "--alert", "Ne jamais appeler avant 10 h",
     "--preference", "Pointure 38"],
    ["Hélène Dupré", "--alert", ALERT, "--preference", PREFERENCE,
     "--note", "Vient chaque année pour le festival de jazz"],
    ["Helmut Schneider", "--preference", "Prefers e-mail to phone calls"],
    ["Zoë Martin", "--preference", "Végétarienne"],
    ["Louis Lefèvre"],
]

# (name, window width, window height): side by side, and folded to the list
# alone, where Enter is what opens the customer.
LAYOUTS = [
    ("wide", 1000, 700),
    ("narrow", 360, 700),
]


class Test(AtspiApp):
    def __init__(self, clientele, cli):
        super().__init__(clientele, cli)
        self.entry = None
        self.results = None

    def step_seed(self):
        for customer in CUSTOMERS:
            self.run_cli("add", *customer)
        found = self.run_cli("search", QUERY)
        if "Hélène Dupré" not in found:
            raise Failure("clientele-cli search %s does not find Hélène Dupré" % QUERY, found)
        return "%d customers in %s" % (len(CUSTOMERS), self.database)

    def step_start(self, layout):
        self.entry = None
        self.results = None
        return self.start_app(*layout)

    def step_find_entry(self):
        def find():
            entry = results = None
            for node, _depth in self.walk():
                role = node.get_role()
                name = node.get_name() or ""
                if entry is None and role in (Atspi.Role.ENTRY, Atspi.Role.TEXT) \
                        and name == SEARCH_LABEL:
                    entry = node
                elif results is None and role in (Atspi.Role.LIST, Atspi.Role.TABLE, Atspi.Role.TREE) \
                        and name == RESULTS_LABEL:
                    results = node
            return (entry, results) if entry is not None and results is not None else None

        found = wait_for(find, 15, 0.25)
        if found is None:
            raise Failure("no entry named “%s” and list named “%s”" % (SEARCH_LABEL, RESULTS_LABEL))
        self.entry, self.results = found
        states = self.entry.get_state_set()
        return "%s “%s”%s; %s “%s”" % (
            self.entry.get_role_name(), self.entry.get_name(),
            ", focused" if states.contains(Atspi.StateType.FOCUSED) else "",
            self.results.get_role_name(), self.results.get_name())

    def entry_text(self):
        return self.entry.get_text(0, self.entry.get_character_count())

    def entry_has_query(self):
        return self.entry_text() == QUERY

    def step_type(self):
        # The page must not show her before she is searched for, or this
        # test would prove nothing.
        shown = self.find_on_page(ALERT)
        if shown is not None:
            raise Failure("the customer page shows “%s” before anything was typed" % ALERT)

        # The window opens with the search entry focused; typing anywhere
        # in it types into the search.
        Atspi.generate_keyboard_event(0, QUERY, Atspi.KeySynthType.STRING)
        if wait_for(self.entry_has_query, 10):
            return "typed “%s” on the keyboard" % QUERY

        # Without a window manager, the first key presses can go by before
        # the window has the input focus: erase and type once more.
        text = self.entry_text()
        comment("the search entry reads “%s” after typing “%s”: typing again" % (text, QUERY))
        for _ in range(len(text)):
            Atspi.generate_keyboard_event(XK_BACKSPACE, None, Atspi.KeySynthType.SYM)
        Atspi.generate_keyboard_event(0, QUERY, Atspi.KeySynthType.STRING)
        if wait_for(self.entry_has_query, 10):
            return "typed “%s” on the keyboard, the second time" % QUERY

        # Not what a person does, but it tells a keyboard problem from a
        # search problem.
        text = self.entry_text()
        if self.entry.set_text_contents(QUERY) and wait_for(self.entry_has_query, 5):
            raise Failure("key presses did not reach the search entry (it read “%s”); "
                          "EditableText could set it" % text)
        raise Failure("the search entry reads “%s”, not “%s”" % (self.entry_text(), QUERY))

    def step_enter(self, layout):
        folded = layout[1] < 600
        if folded:
            # The list alone is shown: Enter is what opens the customer.
            time.sleep(0.5)
            if self.find_on_page(ALERT) is not None:
                raise Failure("the customer page is shown before Enter although the window is %d px wide"
                              % layout[1])
        Atspi.generate_keyboard_event(XK_RETURN, None, Atspi.KeySynthType.SYM)
        node = wait_for(lambda: self.find_on_page(ALERT), 10, 0.2)
        if node is None:
            raise Failure("the customer page does not show “%s” after Enter" % ALERT)
        return "“%s” shown by a %s at %s%s" % (ALERT, node.get_role_name(), self.describe_extents(node),
                                               ", only after Enter" if folded else "")

    def step_page(self):
        node = wait_for(lambda: self.find_on_page(PREFERENCE), 10, 0.2)
        if node is None:
            raise Failure("the customer page does not show “%s”" % PREFERENCE)
        return "“%s” shown by a %s at %s" % (PREFERENCE, node.get_role_name(), self.describe_extents(node))

    def find_on_page(self, text):
        """A node outside the search results whose name or text contains
        @text and that is on screen: GTK 4.8 does not set SHOWING, but gives
        a widget that is not drawn an empty area."""
        width, height = self.window_size()
        for node, _depth in self.walk(skip=self.results):
            if text in self.node_text(node):
                extents = node.get_extents(Atspi.CoordType.WINDOW)
                if extents.width > 0 and extents.height > 0 and \
                        extents.x < width and extents.y < height and \
                        extents.x + extents.width > 0 and extents.y + extents.height > 0:
                    return node
        return None

    # ------------------------------------------------------------------------

    def run(self):
        steps = [
            ("the accessibility bus is running", self.step_accessibility_bus),
            ("clientele-cli seeds the book", self.step_seed),
        ]
        for layout in LAYOUTS:
            name, width, height = layout
            where = "%s window (%d×%d)" % (name, width, height)
            steps += [
                ("%s: clientele shows up in the AT-SPI desktop" % where,
                 lambda layout=layout: self.step_start(layout)),
                ("%s: the search entry and the results are found by their accessible names" % where,
                 self.step_find_entry),
                ("%s: typing “%s” goes into the search entry" % (where, QUERY), self.step_type),
                ("%s: Enter opens the best match, showing the alert “%s”" % (where, ALERT),
                 lambda layout=layout: self.step_enter(layout)),
                ("%s: the customer page shows the preference “%s”" % (where, PREFERENCE),
                 self.step_page),
            ]
        return run_steps(steps, errors=(Failure, GLib.Error), format_error=self.format_error,
                         describe_failure=self.describe_failure)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("Usage: %s PATH-TO-CLIENTELE PATH-TO-CLIENTELE-CLI\n" % sys.argv[0])
        return 2

    # Like the GUI tests, this needs what build-aux/check gives it.
    missing = check_session()
    if missing is not None:
        emit("1..0 # SKIP " + missing)
        return 0

    return run_test(Test(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])))


if __name__ == "__main__":
    sys.exit(main())
