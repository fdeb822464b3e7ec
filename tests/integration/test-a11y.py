#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every view and dialog of the real clientele window, walked the way Orca
# and a person with only a keyboard meet them, through AT-SPI.
#
# Seeds a book with the built clientele-cli (a customer with an alert, a
# promise, a preference, a note, an e-mail address and a phone number, an
# expected visit; a mail account and a message waiting in the outbox),
# starts the built clientele on it, and opens in turn, with the keyboard
# or the application's actions: the book on the customer's page, Today,
# the outbox, the compose dialog, the contact, promise, customer, note,
# preference and contact-detail dialogs, each page of Preferences (on
# Templates: a built-in template, its copy, and the page with the copy
# and its Delete button), the import dialog (through the file chooser, as
# a person does), the About window, and the customer's page again in a
# window of 360 px, folded to one pane. In each it fails on:
#   - a button, entry, entry row, switch, check box, drop-down, link, tab
#     or list row that is shown and has no accessible name: GTK 4.8 names
#     such a widget after its class ("GtkButton"), which counts as no
#     name, and a tooltip is not a name;
#   - a focusable control that Tab never reaches: Tab is pressed (XTest)
#     until the focus comes back where it started, and every control shown
#     and focusable must have had the focus. In a list, the arrow keys move
#     between rows and Tab enters the row that has the focus: a control
#     inside a list counts as reached when the list is. The text field of
#     libadwaita 1.2's entry rows is not in the AT-SPI tree, so AT-SPI
#     never sees it focused: entry rows are checked for names only.
# "Shown": GTK 4.8 sets no SHOWING state and leaves a page of a stack that
# was shown once its last area; a page is shown when Tab went into it, or
# when what it holds is found at its place (hit test).
# On the customer page, the alert of the Remember card must have the alert
# role (GTK_ACCESSIBLE_ROLE_ALERT, which GTK 4.8 exports as
# ATSPI_ROLE_ALERT) so that Orca reads it as an alert.
#
# Usage: test-a11y.py PATH-TO-CLIENTELE PATH-TO-CLIENTELE-CLI APP-ID
# Needs an X display and a D-Bus session bus, as test-atspi.py. Prints TAP;
# on failure, the accessible tree of the window and the application's
# output as comments.

import os
import re
import sys
import time

from taplib import Failure, comment, emit, run_steps, run_test
from atspilib import Atspi, Gio, GLib, AtspiApp, XK_RETURN, check_session, wait_for

XK_TAB = 0xff09
XK_ESCAPE = 0xff1b
# X modifier masks, for Atspi's LOCKMODIFIERS.
SHIFT = 1 << 0
CONTROL = 1 << 2
ALT = 1 << 3

ALERT = "Allergique aux plumes"
CUSTOMER = "Hélène Dupré"

# The roles of the controls that must have a name.
NAMED_ROLES = {getattr(Atspi.Role, role) for role in (
    "PUSH_BUTTON", "TOGGLE_BUTTON", "CHECK_BOX", "RADIO_BUTTON", "ENTRY",
    "PASSWORD_TEXT", "SPIN_BUTTON", "COMBO_BOX", "LIST_ITEM", "PAGE_TAB",
    "LINK", "SWITCH", "MENU_ITEM", "CHECK_MENU_ITEM", "RADIO_MENU_ITEM",
    "SLIDER") if hasattr(Atspi.Role, role)}
LIST_ROLES = {Atspi.Role.LIST, Atspi.Role.LIST_BOX, Atspi.Role.TREE, Atspi.Role.TABLE,
              Atspi.Role.TREE_TABLE}
# Focusable containers that hand the focus on to what they hold.
PASS_ON_ROLES = {Atspi.Role.SCROLL_PANE, Atspi.Role.FRAME, Atspi.Role.DIALOG,
                 Atspi.Role.WINDOW, Atspi.Role.PANEL, Atspi.Role.FILLER,
                 Atspi.Role.PAGE_TAB_LIST}
# GTK leaves its window controls out of the focus chain (Ctrl+W closes);
# the test runs in English.
WINDOW_CONTROLS = {"Minimize", "Maximize", "Close"}
# What GTK 4.8 says when a widget has no name: its type name.
TYPE_NAME = re.compile(r"(Gtk|Adw|Clt)[A-Z][A-Za-z]*")

# GTK 4.8 exports GTK_ACCESSIBLE_ROLE_ALERT as ATSPI_ROLE_ALERT.
ALERT_ROLE = Atspi.Role.ALERT


def key(keysym):
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)


def chord(modifiers, keysym):
    """Presses @keysym with the @modifiers (a mask) held."""
    Atspi.generate_keyboard_event(modifiers, None, Atspi.KeySynthType.LOCKMODIFIERS)
    try:
        Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
    finally:
        Atspi.generate_keyboard_event(modifiers, None, Atspi.KeySynthType.UNLOCKMODIFIERS)


def type_text(text):
    Atspi.generate_keyboard_event(0, text, Atspi.KeySynthType.STRING)


class Test(AtspiApp):
    def __init__(self, clientele, cli, app_id):
        super().__init__(clientele, cli, prefix="clientele-a11y-")
        self.app_id = app_id
        self.focused = []
        self.listener = None
        # A keyring the application might start stays out of the user's.
        self.env["HOME"] = self.tmp
        self.vcard = os.path.join(self.tmp, "customers.vcf")
        self.current = None        # the window walked last, for describe_failure

    # --- the book ---------------------------------------------------------

    def step_seed(self):
        today = time.strftime("%Y-%m-%d")
        number = self.run_cli("add", CUSTOMER, "--alert", ALERT,
                              "--preference", "Chambre côté cour",
                              "--note", "Vient chaque année pour le festival de jazz",
                              "--email", "helene.dupre@example.fr",
                              "--phone", "+33 6 12 34 56 78").strip()
        self.run_cli("add", "Marc Aubert", "--preference", "Journal Le Monde le matin")
        self.run_cli("promise", number, "Rappeler pour la robe retouchée", "--due", today,
                     # A reminder now would need a notification daemon.
                     "--remind", "2030-01-09T09:00")
        self.run_cli("log", number, "--kind", "visit", "--note", "Essayage",
                     "--at", today + "T23:58")
        signature = os.path.join(self.tmp, "signature.txt")
        with open(signature, "w", encoding="utf-8") as f:
            f.write("Marc, à la réception\n")
        # No user name: no password to look up in a keyring.
        self.run_cli("account", "smtp", "--host", "127.0.0.1", "--port", "2525",
                     "--security", "none",
                     "--from", "Hôtel des Tilleuls <desk@example.fr>",
                     "--business", "Hôtel des Tilleuls", "--signature-file", signature)
        self.run_cli("mail", number, "--template", "thank-you-visit", "--at", "2030-01-10T10:00")
        with open(self.vcard, "w", encoding="utf-8") as f:
            f.write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Martin\r\nN:Martin;Zoë;;;\r\n"
                    "EMAIL:zoe.martin@example.fr\r\nEND:VCARD\r\n")
        return "2 customers, a promise, an expected visit and a message in %s" % self.database

    # --- focus --------------------------------------------------------------

    def focus_cb(self, event):
        if event.detail1 == 1 and event.source is not None:
            self.focused.append(event.source)

    def step_listen(self):
        self.listener = Atspi.EventListener.new(self.focus_cb)
        self.listener.register("object:state-changed:focused")
        return "listening to focus changes"

    def pump(self, seconds):
        """Lets libatspi deliver events for @seconds."""
        context = GLib.MainContext.default()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            while context.iteration(False):
                pass
            time.sleep(0.01)

    def press_tab(self):
        """Presses Tab; returns what took the focus since the last press,
        in order (none, when AT-SPI does not see it)."""
        self.pump(0.01)
        key(XK_TAB)
        # GTK tells of a focus change at once, or never: the text field of
        # libadwaita 1.2's entry rows is not in the AT-SPI tree. One that
        # comes late is kept for the next press.
        deadline = time.monotonic() + 0.3
        while time.monotonic() < deadline:
            self.pump(0.01)
            if self.focused:
                # Let a focus that moves on at once (into a row) land.
                self.pump(0.02)
                break
        focused, self.focused = self.focused, []
        return focused

    # --- walking a window ---------------------------------------------------

    @staticmethod
    def has_area(node):
        if "Component" not in node.get_interfaces():
            return True
        extents = node.get_extents(Atspi.CoordType.WINDOW)
        return extents.width > 0 and extents.height > 0

    def page_is_shown(self, page, root):
        """Whether the page of a stack is the one shown. GTK 4.8 sets no
        SHOWING state and leaves a page that was shown once its last area:
        the page shown is the one whose labels and buttons are found where
        they are. (GTK finds nothing at some points, in header bars and
        margins: a few of them are tried.)"""
        probes = 0
        stack = [page]
        seen = 0
        while stack and probes < 6 and seen < 300:
            node = stack.pop()
            seen += 1
            n = node.get_child_count()
            if n == 0:
                if "Component" not in node.get_interfaces():
                    continue
                extents = node.get_extents(Atspi.CoordType.WINDOW)
                if extents.width <= 0 or extents.height <= 0:
                    continue
                probes += 1
                hit = root.get_accessible_at_point(extents.x + extents.width // 2,
                                                   extents.y + extents.height // 2,
                                                   Atspi.CoordType.WINDOW)
                if hit is not None:
                    return self.same(hit, page) or self.inside(hit, page)
                continue
            stack.extend(reversed([node.get_child_at_index(i) for i in range(n)]))
        # Nothing found anywhere: nothing there to name or reach either.
        return probes == 0

    @staticmethod
    def is_stack_page(node):
        # A GtkStackPage has no area of its own; its one child is the page.
        return node.get_name() == "GtkStackPage" and "Component" not in node.get_interfaces()

    def shown_pages(self, pages, root, reached):
        """The pages of a stack that are shown: those Tab went into, else
        those found where they are."""
        shown = [page for page in pages if page.path in reached]
        if shown:
            return shown
        return [page for page in pages if self.page_is_shown(page, root)]

    def shown_nodes(self, root, reached):
        """Yields (node, list it is in or None) for what is shown under
        @root: a node with no area hides what it holds, and so does a page
        of a stack that is not the one shown. @reached holds the paths of
        what Tab went through and of their ancestors."""
        root.clear_cache()
        window = root.get_extents(Atspi.CoordType.WINDOW)
        stack = [(root, None, False)]
        while stack:
            node, in_list, scrolled = stack.pop()
            try:
                states = node.get_state_set()
                if not states.contains(Atspi.StateType.VISIBLE) or not self.has_area(node):
                    continue
                # Out of the window and not scrolled out of it: a bar that
                # is not revealed.
                if not scrolled and "Component" in node.get_interfaces():
                    e = node.get_extents(Atspi.CoordType.WINDOW)
                    if e.x >= window.width or e.y >= window.height or \
                            e.x + e.width <= 0 or e.y + e.height <= 0:
                        continue
                role = node.get_role()
                n = node.get_child_count()
                children = [node.get_child_at_index(i) for i in range(n)]
            except GLib.Error:
                continue
            yield node, in_list
            if role in LIST_ROLES and in_list is None:
                in_list = node
            children = [child for child in children if child is not None]
            children = self.shown_children(children, root, reached)
            scrolled = scrolled or role == Atspi.Role.SCROLL_PANE
            stack.extend(reversed([(child, in_list, scrolled) for child in children]))

    def shown_children(self, children, root, reached):
        """@children less the pages of stacks that are not shown. A
        GtkStackPage holds its page; the pages of an AdwViewStack are
        children that share one area."""
        plain = []
        pages = {}
        for child in children:
            if self.is_stack_page(child):
                page = child.get_child_at_index(0) if child.get_child_count() > 0 else None
                if page is not None and self.has_area(page):
                    pages.setdefault("GtkStackPage", []).append(page)
            elif "Component" in child.get_interfaces():
                e = child.get_extents(Atspi.CoordType.WINDOW)
                pages.setdefault((e.x, e.y, e.width, e.height), []).append(child)
            else:
                plain.append(child)
        shown = []
        for area, group in pages.items():
            if len(group) > 1 or area == "GtkStackPage":
                shown += self.shown_pages(group, root, reached)
            else:
                shown += group
        # Back in their order.
        order = {child.path: i for i, child in enumerate(children)}
        return plain + sorted(shown, key=lambda node: order.get(node.path, -1))

    def nodes_with_area(self, root):
        """What @root holds that has an area, hidden pages of stacks
        included: to look things up, not to check them."""
        for node, _depth in self.walk(root):
            try:
                if self.has_area(node):
                    yield node
            except GLib.Error:
                pass

    def ancestors(self, nodes):
        paths = set()
        for node in nodes:
            try:
                while node is not None and node.path not in paths:
                    paths.add(node.path)
                    node = node.get_parent()
            except GLib.Error:
                pass
        return paths

    @staticmethod
    def describe(node):
        try:
            return "%s “%s”" % (node.get_role_name(), node.get_name() or "")
        except GLib.Error:
            return "(gone)"

    def path_of(self, node, root):
        """Where @node is, for a person to find it: its named ancestors."""
        names = []
        try:
            parent = node.get_parent()
            while parent is not None and not self.same(parent, root):
                name = parent.get_name() or ""
                if name and not TYPE_NAME.fullmatch(name):
                    names.append(name)
                parent = parent.get_parent()
        except GLib.Error:
            pass
        return " in ".join("“%s”" % name for name in names[:3]) or "at the top"

    def check(self, what, root):
        """Checks the names and the Tab order of what @root shows."""
        self.current = root
        # GTK tells of focus changes only in what an AT has seen.
        for _node in self.walk(root):
            pass
        cycle = self.tab_cycle(what, 200)
        reached = self.ancestors(cycle)
        unnamed = []
        focusable = []
        n_named = 0
        for node, in_list in self.shown_nodes(root, reached):
            role = node.get_role()
            states = node.get_state_set()
            name = (node.get_name() or "").strip()
            if (role in NAMED_ROLES or (role == Atspi.Role.TEXT and
                                        states.contains(Atspi.StateType.EDITABLE))) and \
                    not self.in_combo(node, root):
                n_named += 1
                if not name or TYPE_NAME.fullmatch(name):
                    extents = node.get_extents(Atspi.CoordType.WINDOW)
                    unnamed.append("%s %s at %d,%d (%s), holding:\n%s" % (
                        node.get_role_name(), "“%s”" % name if name else "with no name",
                        extents.x, extents.y, self.path_of(node, root),
                        self.describe_tree(node)))
            if states.contains(Atspi.StateType.FOCUSABLE) and \
                    states.contains(Atspi.StateType.SENSITIVE) and \
                    role not in PASS_ON_ROLES and role not in LIST_ROLES and \
                    role != Atspi.Role.TEXT and \
                    not (role == Atspi.Role.PUSH_BUTTON and name in WINDOW_CONTROLS) and \
                    not self.in_combo(node, root):
                focusable.append((node, in_list))
        if unnamed:
            raise Failure("%s: %d control(s) without an accessible name" % (what, len(unnamed)),
                          "\n".join(unnamed))

        reached_lists = []
        for node in cycle:
            if node.get_role() in LIST_ROLES:
                reached_lists.append(node)
        missed = []
        for node, in_list in focusable:
            if any(self.same(node, other) for other in cycle):
                continue
            # A header shows one of two view switchers, wide or narrow, and
            # GTK 4.8 leaves the other its last area: a tab counts as
            # reached when one of its name is.
            if node.get_role() == Atspi.Role.PAGE_TAB and \
                    any(other.get_role() == Atspi.Role.PAGE_TAB and other.get_name() == name
                        for other in cycle for name in [node.get_name()]):
                continue
            if in_list is not None and any(self.same(in_list, other) for other in reached_lists):
                continue
            if in_list is not None and any(self.inside(other, in_list) for other in cycle):
                continue
            if node.get_role() in LIST_ROLES and any(self.inside(other, node) for other in cycle):
                continue
            missed.append("%s (%s)" % (self.describe(node), self.path_of(node, root)))
        if missed:
            raise Failure("%s: Tab never reaches %d focusable control(s)" % (what, len(missed)),
                          "Tab went through:\n  " + "\n  ".join(self.describe(n) for n in cycle) +
                          "\nnever reached:\n  " + "\n  ".join(missed))
        return "%d controls named, Tab goes through %d stops and reaches all %d focusable controls" % (
            n_named,
            len(cycle), len(focusable))

    def in_combo(self, node, root):
        """Whether @node is part of a drop-down (its list shows the value
        chosen; the drop-down has the name)."""
        try:
            parent = node.get_parent()
            while parent is not None and not self.same(parent, root):
                if parent.get_role() == Atspi.Role.COMBO_BOX:
                    return True
                parent = parent.get_parent()
        except GLib.Error:
            pass
        return False

    def inside(self, node, ancestor):
        try:
            parent = node.get_parent()
            while parent is not None:
                if self.same(parent, ancestor):
                    return True
                parent = parent.get_parent()
        except GLib.Error:
            pass
        return False

    def tab_cycle(self, what, n_presses):
        """Presses Tab until the focus comes back to the first object Tab
        gave it to; returns the objects in the order Tab reached them (not
        the fields of entry rows, which AT-SPI does not see)."""
        self.pump(0.05)
        self.focused = []
        cycle = []
        unseen = 0
        for _ in range(n_presses):
            nodes = self.press_tab()
            if not nodes:
                unseen += 1
                if unseen > 25:
                    raise Failure("%s: Tab moves the focus nowhere AT-SPI sees, %d times in a row%s"
                                  % (what, unseen, " after " + self.describe(cycle[-1]) if cycle else ""))
                continue
            unseen = 0
            for node in nodes:
                if cycle and self.same(node, cycle[0]):
                    return cycle
                cycle.append(node)
        raise Failure("%s: Tab never comes back to where it started" % what,
                      "\n".join(self.describe(n) for n in cycle))

    # --- windows ------------------------------------------------------------

    def windows(self):
        self.app_accessible.clear_cache()
        found = []
        for i in range(self.app_accessible.get_child_count()):
            child = self.app_accessible.get_child_at_index(i)
            # GTK 4.8 gives an AdwWindow the role filler.
            if child is not None:
                found.append(child)
        return found

    def wait_for_new_window(self, over=(), timeout=15):
        """The window the application opened over its main one (and over
        the windows in @over)."""
        def find():
            for window in self.windows():
                if not self.same(window, self.window) and \
                        not any(self.same(window, other) for other in over) and \
                        window.get_state_set().contains(Atspi.StateType.VISIBLE) and \
                        self.has_area(window):
                    return window
            return None
        window = wait_for(find, timeout, 0.2)
        if window is None:
            raise Failure("no window opened",
                          "windows: " + ", ".join(self.describe(w) for w in self.windows()))
        # Its content is laid out after it is mapped.
        time.sleep(0.5)
        return window

    def wait_for_no_window(self, window, timeout=10):
        def gone():
            return not any(self.same(w, window) for w in self.windows())
        if not wait_for(gone, timeout, 0.2):
            raise Failure("the window %s did not close" % self.describe(window))

    def find_node(self, root, role, name):
        for node in self.nodes_with_area(root):
            if node.get_role() == role and node.get_name() == name:
                return node
        return None

    def wait_for_node(self, root, role, name, timeout=10):
        node = wait_for(lambda: self.find_node(root, role, name), timeout, 0.2)
        if node is None:
            raise Failure("no %s “%s” shown" % (Atspi.Role(role).value_nick, name))
        return node

    def activate_app_action(self, name, parameter=None):
        """Activates app.@name through org.gtk.Actions, as GNOME Shell and
        the notifications do."""
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        params = [parameter] if parameter is not None else []
        bus.call_sync(self.app_id, "/" + self.app_id.replace(".", "/"), "org.gtk.Actions",
                      "Activate", GLib.Variant("(sava{sv})", (name, params, {})),
                      None, Gio.DBusCallFlags.NONE, 10000, None)

    def close_window(self, window):
        key(XK_ESCAPE)
        try:
            self.wait_for_no_window(window, 3)
        except Failure:
            chord(CONTROL, ord("w"))
            self.wait_for_no_window(window)

    # --- steps --------------------------------------------------------------

    def step_start(self, name="wide", width=1000):
        result = self.start_app(name, width, 700)
        search = self.wait_for_node(self.window, Atspi.Role.ENTRY, "Search customers")
        # The window opens with the search focused; Enter opens the best match.
        type_text("dupré")
        time.sleep(0.5)
        key(XK_RETURN)
        self.wait_for_node(self.window, Atspi.Role.LABEL, ALERT)
        return result + "; %s" % self.describe(search)

    def step_book(self):
        return self.check("the book with %s’s page" % CUSTOMER, self.window)

    def step_alert_role(self):
        labels = [node for node in self.nodes_with_area(self.window)
                  if node.get_role() == Atspi.Role.LABEL and node.get_name() == ALERT]
        roles = []
        for label in labels:
            parent = label.get_parent()
            while parent is not None and not self.same(parent, self.window):
                if parent.get_role() == ALERT_ROLE:
                    return "“%s” is in a %s named “%s”" % (ALERT, parent.get_role_name(),
                                                            parent.get_name())
                roles.append(parent.get_role_name())
                parent = parent.get_parent()
        raise Failure("no ancestor of “%s” has the role %s" % (ALERT, ALERT_ROLE.value_nick),
                      "ancestors: " + ", ".join(roles))

    def step_view(self, digit, tab, check=True):
        """Alt+@digit shows the view whose switcher tab is @tab."""
        def selected():
            node = self.find_node(self.window, Atspi.Role.PAGE_TAB, tab)
            return node is not None and node.get_state_set().contains(Atspi.StateType.SELECTED)
        chord(ALT, ord(digit))
        if not wait_for(selected, 10, 0.2):
            raise Failure("Alt+%s does not show %s" % (digit, tab))
        time.sleep(0.3)
        return self.check(tab, self.window) if check else "%s shown" % tab

    def step_dialog(self, title, open_dialog):
        open_dialog()
        window = self.wait_for_new_window()
        try:
            return self.check("%s (%s)" % (title, self.describe(window)), window)
        finally:
            self.close_window(window)

    def step_preferences(self, page, tab):
        self.activate_app_action("preferences-page", GLib.Variant("s", page))
        window = self.wait_for_new_window()
        try:
            self.wait_for_node(window, Atspi.Role.PAGE_TAB, tab)
            return self.check("Preferences, %s" % tab, window)
        finally:
            self.close_window(window)

    def step_templates(self):
        """The Templates page, a built-in template, its copy saved, and the
        page again with the copy and its Delete button."""
        self.activate_app_action("preferences-page", GLib.Variant("s", "templates"))
        window = self.wait_for_new_window()
        try:
            self.wait_for_node(window, Atspi.Role.PAGE_TAB, "Templates")
            results = []
            row = self.wait_for_node(window, Atspi.Role.LIST_ITEM, "Thank you for your visit")
            self.tab_to(row)
            key(XK_RETURN)
            dialog = self.wait_for_new_window(over=[window])
            results.append(self.check("a built-in template (%s)" % self.describe(dialog), dialog))
            self.click(dialog, "Duplicate")
            time.sleep(0.5)
            results.append(self.check("its copy", dialog))
            self.click(dialog, "Save")
            self.wait_for_no_window(dialog)
            self.wait_for_node(window, Atspi.Role.LIST_ITEM, "Thank you for your visit (Copy)")
            time.sleep(0.5)
            results.append(self.check("Preferences, Templates, with a template of one’s own", window))
            return "; ".join(results)
        finally:
            self.close_window(window)

    def tab_to(self, node, n_presses=60):
        """Presses Tab until @node has the focus, as a person would."""
        self.focused = []
        for _ in range(n_presses):
            if any(self.same(other, node) for other in self.press_tab()):
                return
        raise Failure("Tab never reaches %s" % self.describe(node))

    def step_narrow(self):
        """The window folded to one pane, as on a phone, on the customer."""
        started = self.step_start("narrow", 360)
        width, _height = self.window_size()
        if width > 360:
            raise Failure("the window is %d px wide, not 360" % width)
        return started + "; " + self.check("the customer’s page at 360 px", self.window)

    def step_page_dialog(self, button):
        """A dialog of the customer page, opened by its button."""
        return self.step_dialog(button, lambda: self.click(self.window, button))

    def step_import(self):
        self.click(self.window, "Main Menu")
        item = wait_for(lambda: next((node for node in self.nodes_with_area(self.window)
                                      if node.get_role() == Atspi.Role.MENU_ITEM and
                                      (node.get_name() or "").startswith("Import")), None), 5, 0.2)
        if item is None:
            raise Failure("the main menu has no Import item")
        item.do_action(0)
        chooser = self.wait_for_new_window()
        # The file chooser takes a path typed after "/".
        type_text(self.vcard)
        time.sleep(0.5)
        key(XK_RETURN)
        self.wait_for_no_window(chooser)
        return self.step_dialog("Import", lambda: None)

    def click(self, root, name):
        """Clicks the button named @name (GTK 4.8 names a button with a
        mnemonic “_Save Save”)."""
        for node in self.nodes_with_area(root):
            label = node.get_name() or ""
            if (label == name or label.endswith(" " + name)) and \
                    node.get_role() in (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON) \
                    and node.get_n_actions() > 0:
                node.do_action(0)
                return node
        raise Failure("no button “%s” to click" % name)

    def run(self):
        steps = [
            ("the accessibility bus is running", self.step_accessibility_bus),
            ("clientele-cli seeds the book", self.step_seed),
            ("focus changes are heard", self.step_listen),
            ("clientele opens on %s" % CUSTOMER, self.step_start),
        ]
        cases = [
            ("the book: every control named, every one reached by Tab", self.step_book),
            ("the alert on the Remember card has the alert role", self.step_alert_role),
            ("Today (Alt+2): every control named and reached",
             lambda: self.step_view("2", "Today")),
            ("the outbox (Alt+3): every control named and reached",
             lambda: self.step_view("3", "Outbox")),
            ("back to the book (Alt+1)",
             lambda: self.step_view("1", "Customers", check=False)),
            ("compose (Ctrl+M): every control named and reached",
             lambda: self.step_dialog("New Message", lambda: chord(CONTROL, ord("m")))),
            ("log a contact (Ctrl+L): every control named and reached",
             lambda: self.step_dialog("Log a Contact", lambda: chord(CONTROL, ord("l")))),
            ("add a promise (Shift+Ctrl+P): every control named and reached",
             lambda: self.step_dialog("New Promise",
                                      lambda: chord(CONTROL | SHIFT, ord("P")))),
            ("the customer dialog (Edit): every control named and reached",
             lambda: self.step_dialog("Edit Customer", lambda: self.click(self.window, "Edit"))),
            ("a new note: every control named and reached",
             lambda: self.step_page_dialog("Add Note")),
            ("a new preference: every control named and reached",
             lambda: self.step_page_dialog("Add Preference")),
            ("a new contact detail: every control named and reached",
             lambda: self.step_page_dialog("Add Contact Detail")),
            ("a new customer (Ctrl+N): every control named and reached",
             lambda: self.step_dialog("New Customer", lambda: chord(CONTROL, ord("n")))),
            ("Preferences, General", lambda: self.step_preferences("general", "General")),
            ("Preferences, E-mail", lambda: self.step_preferences("mail", "E-mail")),
            ("Preferences, Templates, a template and a template of one’s own", self.step_templates),
            ("Preferences, Sharing", lambda: self.step_preferences("sharing", "Sharing")),
            ("the import dialog, through the file chooser", self.step_import),
            ("the About window", lambda: self.step_dialog(
                "About", lambda: self.activate_app_action("about"))),
            ("at 360 px, the customer's page: every control named and reached",
             self.step_narrow),
        ]
        # A11Y_ONLY=REGEX runs the cases whose description matches, to work on one.
        only = os.environ.get("A11Y_ONLY")
        if only:
            cases = [case for case in cases if re.search(only, case[0])]
        return run_steps(steps, cases, errors=(Failure, GLib.Error), format_error=self.format_error,
                         describe_failure=self.describe_current)

    def describe_current(self):
        if self.current is not None:
            comment("Accessible tree of the window walked:")
            comment(self.describe_tree(self.current))
        if self.app is not None and os.path.exists(self.app_log):
            with open(self.app_log, encoding="utf-8", errors="replace") as log:
                comment("clientele said: " + (log.read().strip() or "nothing"))

    def cleanup(self):
        if self.listener is not None:
            self.listener.deregister("object:state-changed:focused")
        super().cleanup()


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("Usage: %s PATH-TO-CLIENTELE PATH-TO-CLIENTELE-CLI APP-ID\n" % sys.argv[0])
        return 2
    missing = check_session()
    if missing is not None:
        emit("1..0 # SKIP " + missing)
        return 0
    return run_test(Test(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]))


if __name__ == "__main__":
    sys.exit(main())
