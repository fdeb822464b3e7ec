#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The address book and the task list a book is shared through, picked
# from the command line: the built clientele-cli against a real Radicale
# on loopback (the harness of test-sync-cli.py), on which this test makes
# extra collections first, as another program would have.
#
#  a. `sync collections` lists the address books and the task lists (those
#     that take VTODOs: not an agenda of events only), one a line, kind,
#     path and name, by name; with the server's options before setup, for
#     the account set up after.
#  b. `sync setup --address-book --task-list` with collections that exist:
#     the round sends the customers and the promises there and makes no
#     "Clientele" ones; a task list without journal entries keeps the
#     logged contacts on this desk; a second desk picking the same ones
#     gets the same book.
#  c. a path that is no address book (a task list, nothing) is refused and
#     sets nothing up.
#  d. another collection for a book already shared: the next round is a
#     first round with it (the whole book sent, nothing lost, nothing
#     twice), the old collection left as it was on the server; then the
#     task list changed to one that takes journal entries: the logged
#     contacts go there too.
#  e. another address book that holds the same guest under another uid (a
#     phone's card with the same e-mail): the customer takes that uid, and
#     its promise, already in the task list kept, is sent again naming it.
#
# Usage: test-sync-collections.py PATH-TO-CLIENTELE-CLI

import base64
import http.client
import importlib.util
import os
import shutil
import sys

from taplib import Failure, emit, run_steps, run_test

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("sync_cli", os.path.join(HERE, "test-sync-cli.py"))
sync_cli = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync_cli)

PASSWORD = sync_cli.PASSWORD
DUE = sync_cli.DUE
USER = "pick"

ADDRESSBOOK = """<?xml version="1.0" encoding="utf-8"?>
<D:mkcol xmlns:D="DAV:" xmlns:A="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>
<D:resourcetype><D:collection/><A:addressbook/></D:resourcetype>
<D:displayname>%s</D:displayname></D:prop></D:set></D:mkcol>"""
CALENDAR = """<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
<D:displayname>%s</D:displayname>
<C:supported-calendar-component-set>%s</C:supported-calendar-component-set>
</D:prop></D:set></C:mkcalendar>"""


class Test(sync_cli.Test):
    def __init__(self, cli):
        super().__init__(cli)
        self.expected_listing = None

    def request(self, method, path, body):
        connection = http.client.HTTPConnection("127.0.0.1", self.radicale.port, timeout=30)
        token = base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode("utf-8")).decode("ascii")
        connection.request(method, path, body.encode("utf-8"),
                           {"Authorization": "Basic " + token,
                            "Content-Type": "application/xml; charset=utf-8"})
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status not in (200, 201, 207):
            raise Failure("%s %s: %d" % (method, path, response.status))

    def make_calendar(self, path, name, components):
        self.request("MKCALENDAR", path,
                     CALENDAR % (name, "".join('<C:comp name="%s"/>' % c for c in components)))

    def folder(self, name):
        return os.path.join(self.radicale.storage, "collection-root", USER, name)

    def items(self, name):
        return sync_cli.read_server_items(self.folder(name))

    def server_uids(self, name):
        return sorted(sync_cli.properties(text, "UID")[0] for text in self.items(name).values())

    def collections(self, desk, *server):
        if server:
            args = ("sync", "collections", "--url", self.radicale.url, "--user", USER,
                    "--password-stdin")
            return desk.cli(*args, stdin=PASSWORD + "\n").stdout
        return desk.cli("sync", "collections").stdout

    def pick(self, desk, address_book, task_list, check=True):
        args = ["sync", "setup", "--url", self.radicale.url, "--user", USER, "--password-stdin"]
        if address_book is not None:
            args += ["--address-book", address_book]
        if task_list is not None:
            args += ["--task-list", task_list]
        return desk.cli(*args, stdin=PASSWORD + "\n", check=check)

    def customer_uids(self, desk):
        return sorted(uid for uid, _ in desk.customers())

    # --- steps -----------------------------------------------------------------

    def step_radicale(self):
        self.radicale = sync_cli.Radicale(self.tmp, self.env)
        self.radicale.add_user(USER)
        self.radicale.start()
        # What another program made: an address book, a task list with
        # journal entries, one without, and an agenda of events only.
        # Radicale makes the user's home at the first request.
        self.request("PROPFIND", "/%s/" % USER, "")
        self.request("MKCOL", "/%s/contacts/" % USER, ADDRESSBOOK % "Contacts")
        self.make_calendar("/%s/taches/" % USER, "Tâches", ["VTODO"])
        self.make_calendar("/%s/journal/" % USER, "Journal", ["VTODO", "VJOURNAL"])
        self.make_calendar("/%s/agenda/" % USER, "Agenda", ["VEVENT"])
        return "%s, pid %d" % (self.radicale.url, self.radicale.process.pid)

    # --- cases -----------------------------------------------------------------

    def case_listing(self):
        desk = sync_cli.Desk(self, "listing", USER)
        listing = self.collections(desk, "server")
        self.expected_listing = ("address-book\t/pick/contacts/\tContacts\n"
                                 "task-list\t/pick/journal/\tJournal\n"
                                 "task-list-no-journal\t/pick/taches/\tTâches\n")
        self.expect(listing == self.expected_listing, "sync collections printed %r" % listing)
        self.expect(not os.path.exists(desk.path), "listing made a book")
        # The server's options are all needed, or none.
        result = desk.cli("sync", "collections", "--url", self.radicale.url, check=False)
        self.expect(result.returncode == 1, "collections with --url alone exited with %d"
                    % result.returncode)
        result = desk.cli("sync", "collections", "--url", self.radicale.url, "--user", USER,
                          "--password-stdin", stdin="pas-le-bon\n", check=False)
        said = self.expect_fails(result, ["password"], "collections with a wrong password")
        return said

    def case_refused(self):
        desk = sync_cli.Desk(self, "refused", USER)
        desk.add("Hélène Dupré", "--email", "helene@exemple.fr")
        said = []
        for address_book, task_list, words in (("/pick/taches/", None, ["no address book", "/pick/taches/"]),
                                               (None, "/pick/agenda/", ["no task list", "/pick/agenda/"]),
                                               ("/pick/nothing/", None, ["no address book",
                                                                        "sync collections"])):
            said.append(self.expect_fails(self.pick(desk, address_book, task_list, check=False),
                                          words, "setup with %s" % (address_book or task_list)))
            self.expect("not shared" in desk.status(), "a refused setup set something up")
        self.expect(sorted(os.listdir(os.path.join(self.radicale.storage, "collection-root", USER)))
                    == ["agenda", "contacts", "journal", "taches"],
                    "a refused setup made collections")
        return " | ".join(said)

    def case_picked(self):
        a = sync_cli.Desk(self, "picked-a", USER)
        b = sync_cli.Desk(self, "picked-b", USER)
        helene = a.add("Hélène Dupré", "--email", "helene@exemple.fr")
        a.add("Marc Aubert", "--phone", "06 12 34 56 78")
        a.cli("promise", str(helene), "Rappeler pour la chambre 12", "--due", DUE)
        a.cli("log", str(helene), "--kind", "call", "--note", "Appel pour la chambre")
        self.pick(a, "/pick/contacts/", "http://127.0.0.1:%d/pick/taches" % self.radicale.port)
        a.sync(expect=(3, 0, 0))
        self.expect(self.server_uids("contacts") == ["urn:uuid:" + u for u in self.customer_uids(a)]
                    or self.server_uids("contacts") == self.customer_uids(a),
                    "the address book holds %r" % self.server_uids("contacts"))
        todos = self.items("taches")
        self.expect(len(todos) == 1 and "Rappeler pour la chambre 12" in list(todos.values())[0],
                    "the task list holds %r" % list(todos))
        self.expect(sorted(os.listdir(os.path.join(self.radicale.storage, "collection-root", USER)))
                    == ["agenda", "contacts", "journal", "taches"],
                    "the round made collections of its own")
        self.expect(a.contacts() and a.pending() == 0, "the logged contact is not kept here")
        listing = self.collections(a)
        self.expect(listing == self.expected_listing, "collections for the account set up: %r"
                    % listing)

        self.pick(b, "/pick/contacts/", "/pick/taches/")
        b.sync(expect=(0, 3, 0))
        self.expect(b.listing() == a.listing() and b.promises() == a.promises() and
                    not b.contacts(), "the second desk does not hold the same book")
        a.sync(expect=(0, 0, 0))
        # The same ones picked again, written otherwise: nothing starts afresh.
        self.pick(a, "http://127.0.0.1:%d/pick/contacts" % self.radicale.port, "/pick/taches/")
        self.expect(a.query("SELECT count(*) FROM sync_items WHERE href IS NOT NULL")[0][0] == 3,
                    "picking the same ones again forgot what the book knew of them")
        a.sync(expect=(0, 0, 0))
        return "%d customers, %d promise, the logged contact on its desk" % (
            len(a.customers()), len(todos))

    def case_changed(self):
        a = sync_cli.Desk(self, "changed", USER)
        helene = a.add("Zoë Lefèvre", "--email", "zoe@exemple.fr")
        a.cli("promise", str(helene), "Envoyer le devis", "--due", DUE)
        self.pick(a, "/pick/contacts/", "/pick/taches/")
        counts = a.sync()
        self.expect(counts[0] == 2, "the first round pushed %d" % counts[0])
        a.cli("log", str(helene), "--kind", "visit", "--note", "Visite")
        a.sync()
        listing = a.listing()
        customers = a.customers()
        old_contacts = self.items("contacts")
        old_tasks = self.items("taches")

        # The address book only, for the account set up (keyring password).
        output = a.cli("sync", "setup", "--address-book", "Clientele").stdout
        self.expect("next round" in output, "setup printed %r" % output)
        pushed, pulled, merged = a.sync()
        new = os.path.join(self.radicale.storage, "collection-root", USER, "clientele-contacts")
        self.expect(os.path.isdir(new), "no Clientele address book was made")
        new_uids = sorted(sync_cli.properties(t, "UID")[0]
                          for t in sync_cli.read_server_items(new).values())
        self.expect(len(new_uids) == len(customers) and pushed == len(customers) and pulled == 0,
                    "the new address book holds %r after %r" % (new_uids, (pushed, pulled, merged)))
        self.expect(self.items("contacts") == old_contacts, "the old address book changed")
        self.expect(self.items("taches") == old_tasks, "the task list changed")
        self.expect(a.listing() == listing and a.customers() == customers, "the book changed")
        self.expect(a.pending() == 0, "changes wait after the round")

        # The task list to one that takes journal entries: promises and
        # logged contacts go there.
        self.pick(a, None, "/pick/journal/")
        a.sync()
        journal = list(self.items("journal").values())
        self.expect(sum("BEGIN:VTODO" in t for t in journal) == len(a.promises()) and
                    sum("BEGIN:VJOURNAL" in t for t in journal) == len(a.contacts()),
                    "the journal task list holds %d records for %d promises and %d contacts"
                    % (len(journal), len(a.promises()), len(a.contacts())))
        self.expect(self.items("taches") == old_tasks, "the old task list changed")
        self.expect(a.sync() == (0, 0, 0), "a round after it still had work")
        return "%d customers sent again, old collections untouched" % pushed

    def put(self, path, body, content_type):
        connection = http.client.HTTPConnection("127.0.0.1", self.radicale.port, timeout=30)
        token = base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode("utf-8")).decode("ascii")
        connection.request("PUT", path, body.encode("utf-8"),
                           {"Authorization": "Basic " + token, "Content-Type": content_type})
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status not in (200, 201, 204):
            raise Failure("PUT %s: %d" % (path, response.status))

    def case_adopted(self):
        a = sync_cli.Desk(self, "adopted", USER)
        self.request("MKCOL", "/%s/phone/" % USER, ADDRESSBOOK % "Téléphone")
        self.put("/%s/phone/phone-card.vcf" % USER,
                 "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-card\r\nFN:Inès Garnier\r\n"
                 "N:Garnier;Inès;;;\r\nEMAIL:ines@exemple.fr\r\nEND:VCARD\r\n", "text/vcard")
        ines = a.add("Inès Garnier", "--email", "ines@exemple.fr")
        a.cli("promise", str(ines), "Garder la chambre 7", "--due", DUE)
        self.pick(a, "/pick/contacts/", "/pick/journal/")
        a.sync()
        old_uid = a.query("SELECT uid FROM customers WHERE id = ?", ines)[0][0]

        a.cli("sync", "setup", "--address-book", "/pick/phone/")
        a.sync()
        self.expect(a.query("SELECT uid FROM customers WHERE id = ?", ines)[0][0] == "phone-card",
                    "the customer did not take the card's uid")
        self.expect(len(self.items("phone")) == 1 + len(a.customers()) - 1,
                    "the phone's address book holds %d cards for %d customers"
                    % (len(self.items("phone")), len(a.customers())))
        promise = [t for t in self.items("journal").values() if "Garder la chambre 7" in t]
        self.expect(len(promise) == 1, "the promise is %d times in the task list" % len(promise))
        named = sync_cli.properties(promise[0], "X-CLIENTELE-CUSTOMER")
        self.expect(named == ["phone-card"], "the promise names %r, not the card (was %s)"
                    % (named, old_uid))
        self.expect(a.sync() == (0, 0, 0) and a.pending() == 0, "a round after it still had work")
        return "%s became phone-card; its promise says so on the server" % old_uid

    def run(self):
        steps = [
            ("prerequisites: clientele-cli sync, radicale, gnome-keyring-daemon",
             self.step_prerequisites),
            ("a keyring on the session bus", self.step_keyring),
            ("a Radicale on loopback with an address book and task lists of its own",
             self.step_radicale),
        ]
        cases = [
            ("sync collections lists address books and task lists, by name", self.case_listing),
            ("a path that is no collection of its kind is refused, nothing set up",
             self.case_refused),
            ("setup with picked collections: the round uses them, makes none; a second desk",
             self.case_picked),
            ("another collection for a shared book: a first round with it, the old one "
             "left as it was", self.case_changed),
            ("another address book with the same guest: the promise is sent again naming "
             "the uid taken", self.case_adopted),
        ]
        return run_steps(steps, cases, describe_failure=self.describe_failure)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("Usage: %s PATH-TO-CLIENTELE-CLI\n" % sys.argv[0])
        return 2
    if sync_cli.needs_private_bus():
        if os.environ.get(sync_cli.PRIVATE_BUS_VARIABLE) or shutil.which("dbus-run-session") is None:
            emit("1..0 # SKIP no D-Bus session bus with a free keyring name")
            return 0
        env = dict(os.environ)
        env[sync_cli.PRIVATE_BUS_VARIABLE] = "1"
        sys.stdout.flush()
        os.execvpe("dbus-run-session", ["dbus-run-session", "--", sync_cli.PYTHON,
                                        os.path.abspath(__file__)] + sys.argv[1:], env)
    return run_test(Test(os.path.abspath(sys.argv[1])))


if __name__ == "__main__":
    sys.exit(main())
