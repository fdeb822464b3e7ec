/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libintl.h>
#include <locale.h>
#include <unistd.h>

#include "clt-sync-merge.h"
#include "clt-text.h"

/* The three-way merge of issue 14 as a pure function: every rule as a case
 * of its own (base, front desk, back office), then symmetry and
 * idempotence over all of them, the first-sync adoption of a guest both
 * books hold, and the notes a clerk reads when a value lost. */

#define T0 G_GINT64_CONSTANT (1796464800000000) /* 2026-12-05 10:00 UTC, µs */
#define SECOND G_GINT64_CONSTANT (1000000)

/* Ties on the time go to the greater desk id: "bureau" beats "accueil". */
#define FRONT "accueil"
#define BACK "bureau"

typedef struct
{
  CltSyncDoc *base;    /* NULL: never agreed */
  CltSyncDoc *local;
  CltSyncDoc *remote;
} Triple;

static void
triple_clear (Triple *t)
{
  g_clear_pointer (&t->base, clt_sync_doc_unref);
  g_clear_pointer (&t->local, clt_sync_doc_unref);
  g_clear_pointer (&t->remote, clt_sync_doc_unref);
}

static GVariant *
contact (const char *label,
         const char *value)
{
  return g_variant_new ("(ss)", label, value);
}

static GVariant *
preference (const char *category,
            const char *text,
            gboolean    alert)
{
  return g_variant_new ("(ssbb)", category, text, alert, FALSE);
}

/* Hélène Dupré as both desks last agreed on her. */
static CltSyncDoc *
helene (void)
{
  CltSyncDoc *doc = clt_sync_doc_new (CLT_SYNC_CUSTOMER, "helene-uid");

  clt_sync_doc_set_state (doc, CLT_SYNC_LIVE, T0, FRONT);
  clt_sync_doc_set (doc, "given", g_variant_new_string ("Hélène"), T0, FRONT);
  clt_sync_doc_set (doc, "family", g_variant_new_string ("Dupré"), T0, FRONT);
  clt_sync_doc_set (doc, "email/e1", contact ("travail", "helene.dupre@exemple.fr"), T0, FRONT);
  clt_sync_doc_set (doc, "phone/p1", contact ("mobile", "06 12 34 56 78"), T0, FRONT);
  clt_sync_doc_set (doc, "preference/f1", preference ("food", "Sans gluten", TRUE), T0, FRONT);
  clt_sync_doc_set (doc, "tag/fidèle", g_variant_new_boolean (TRUE), T0, FRONT);

  return doc;
}

static void
start (Triple *t)
{
  t->base = helene ();
  t->local = helene ();
  t->remote = helene ();
}

/* The cases. */

static void
build_different_fields (Triple *t)
{
  start (t);
  clt_sync_doc_set (t->local, "family", g_variant_new_string ("Dupré-Martin"), T0 + 10 * SECOND, FRONT);
  clt_sync_doc_set (t->remote, "company", g_variant_new_string ("Hôtel du Lac"), T0 + 20 * SECOND, BACK);
}

static void
build_same_field (Triple *t)
{
  start (t);
  clt_sync_doc_set (t->local, "given", g_variant_new_string ("Hélèna"), T0 + 30 * SECOND, FRONT);
  clt_sync_doc_set (t->remote, "given", g_variant_new_string ("Léna"), T0 + 20 * SECOND, BACK);
}

static void
build_tie_back_remote (Triple *t)
{
  start (t);
  clt_sync_doc_set (t->local, "given", g_variant_new_string ("Zoé"), T0 + 50 * SECOND, FRONT);
  clt_sync_doc_set (t->remote, "given", g_variant_new_string ("Zoë"), T0 + 50 * SECOND, BACK);
}

static void
build_tie_back_local (Triple *t)
{
  start (t);
  clt_sync_doc_set (t->local, "given", g_variant_new_string ("Zoë"), T0 + 50 * SECOND, BACK);
  clt_sync_doc_set (t->remote, "given", g_variant_new_string ("Zoé"), T0 + 50 * SECOND, FRONT);
}

static void
build_same_value (Triple *t)
{
  start (t);
  clt_sync_doc_set (t->local, "given", g_variant_new_string ("Zoé"), T0 + 60 * SECOND, FRONT);
  clt_sync_doc_set (t->remote, "given", g_variant_new_string ("Zoé"), T0 + 40 * SECOND, BACK);
}

static void
build_element_added_and_changed (Triple *t)
{
  start (t);
  clt_sync_doc_set (t->local, "preference/f2",
                    preference ("room", "Chambre calme, côté cour", FALSE), T0 + 10 * SECOND, FRONT);
  clt_sync_doc_set (t->remote, "email/e1", contact ("travail", "helene@hotel-du-lac.fr"),
                    T0 + 20 * SECOND, BACK);
}

static void
build_removal_newer (Triple *t)
{
  start (t);
  clt_sync_doc_set (t->local, "phone/p1", NULL, T0 + 30 * SECOND, FRONT);
  clt_sync_doc_set (t->remote, "phone/p1", contact ("mobile", "07 98 76 54 32"), T0 + 20 * SECOND, BACK);
}

static void
build_removal_older (Triple *t)
{
  start (t);
  clt_sync_doc_set (t->local, "phone/p1", NULL, T0 + 20 * SECOND, FRONT);
  clt_sync_doc_set (t->remote, "phone/p1", contact ("mobile", "07 98 76 54 32"), T0 + 30 * SECOND, BACK);
}

static void
build_removal_one_side (Triple *t)
{
  start (t);
  clt_sync_doc_set (t->remote, "tag/fidèle", NULL, T0 + 5 * SECOND, BACK);
}

static void
build_deleted_older_than_edit (Triple *t)
{
  start (t);
  clt_sync_doc_set_state (t->local, CLT_SYNC_DELETED, T0 + 20 * SECOND, FRONT);
  clt_sync_doc_set (t->remote, "preference/f1", preference ("food", "Sans gluten ni lactose", TRUE),
                    T0 + 30 * SECOND, BACK);
}

static void
build_deleted_newer_than_edit (Triple *t)
{
  start (t);
  clt_sync_doc_set_state (t->local, CLT_SYNC_DELETED, T0 + 30 * SECOND, FRONT);
  clt_sync_doc_set (t->remote, "preference/f1", preference ("food", "Sans gluten ni lactose", TRUE),
                    T0 + 20 * SECOND, BACK);
  clt_sync_doc_set (t->remote, "given", g_variant_new_string ("Léna"), T0 + 20 * SECOND, BACK);
  clt_sync_doc_set (t->local, "given", g_variant_new_string ("Hélèna"), T0 + 25 * SECOND, FRONT);
}

static void
build_revived (Triple *t)
{
  start (t);
  clt_sync_doc_set_state (t->base, CLT_SYNC_DELETED, T0 + 10 * SECOND, BACK);
  clt_sync_doc_set_state (t->remote, CLT_SYNC_DELETED, T0 + 10 * SECOND, BACK);
  clt_sync_doc_set_state (t->local, CLT_SYNC_LIVE, T0 + 40 * SECOND, FRONT);
}

static void
build_erased (Triple *t)
{
  start (t);
  clt_sync_doc_set_state (t->local, CLT_SYNC_ERASED, T0 + 10 * SECOND, FRONT);
  clt_sync_doc_set (t->remote, "given", g_variant_new_string ("Léna"), T0 + 50 * SECOND, BACK);
  clt_sync_doc_set (t->remote, "note/n1", g_variant_new ("(ssbx)", "Allergique aux noix", "Marc", TRUE,
                                                          (gint64) 1796464800), T0 + 50 * SECOND, BACK);
}

static void
build_erased_vs_deleted (Triple *t)
{
  start (t);
  clt_sync_doc_set_state (t->local, CLT_SYNC_DELETED, T0 + 60 * SECOND, FRONT);
  clt_sync_doc_set_state (t->remote, CLT_SYNC_ERASED, T0 + 10 * SECOND, BACK);
  clt_sync_doc_set (t->local, "family", g_variant_new_string ("Martin"), T0 + 55 * SECOND, FRONT);
}

static void
build_erased_on_both (Triple *t)
{
  start (t);
  clt_sync_doc_set_state (t->local, CLT_SYNC_ERASED, T0 + 30 * SECOND, FRONT);
  clt_sync_doc_set_state (t->remote, CLT_SYNC_ERASED, T0 + 20 * SECOND, BACK);
}

static void
build_no_base (Triple *t)
{
  t->local = helene ();
  t->remote = clt_sync_doc_new (CLT_SYNC_CUSTOMER, "helene-uid");
  clt_sync_doc_set_state (t->remote, CLT_SYNC_LIVE, T0 + 2 * SECOND, BACK);
  clt_sync_doc_set (t->remote, "given", g_variant_new_string ("Helene"), T0 + 5 * SECOND, BACK);
  clt_sync_doc_set (t->remote, "family", g_variant_new_string ("Dupré"), T0 + 5 * SECOND, BACK);
  clt_sync_doc_set (t->remote, "email/e1", contact ("travail", "helene.dupre@exemple.fr"),
                    T0 + 5 * SECOND, BACK);
  clt_sync_doc_set (t->remote, "phone/p2", contact ("", "01 42 00 00 00"), T0 + 5 * SECOND, BACK);
  clt_sync_doc_set (t->remote, "company", g_variant_new_string ("Hôtel du Lac"), T0 - 5 * SECOND, BACK);
  clt_sync_doc_set (t->local, "company", g_variant_new_string ("Hôtel du lac"), T0, FRONT);
}

/* A removal the other desk has since forgotten (clt_sync_merge_drop_tombstones). */
static void
build_forgotten_removal (Triple *t)
{
  start (t);
  clt_sync_doc_unset (t->remote, "phone/p1");
}

static void
build_forgotten_removal_edited (Triple *t)
{
  start (t);
  clt_sync_doc_unset (t->remote, "phone/p1");
  clt_sync_doc_set (t->local, "phone/p1", contact ("mobile", "07 98 76 54 32"), T0 + 30 * SECOND, FRONT);
}

/* Deletions against edits (issue 14): the later wins, an equal time goes
 * to the greater desk id, an erasure always wins; promises and logged
 * contacts as customers. */

static void
build_deleted_tie_edit_wins (Triple *t)
{
  start (t);
  clt_sync_doc_set_state (t->local, CLT_SYNC_DELETED, T0 + 30 * SECOND, FRONT);
  clt_sync_doc_set (t->remote, "company", g_variant_new_string ("Hôtel du Lac"), T0 + 30 * SECOND, BACK);
}

static void
build_deleted_tie_deletion_wins (Triple *t)
{
  start (t);
  clt_sync_doc_set_state (t->local, CLT_SYNC_DELETED, T0 + 30 * SECOND, BACK);
  clt_sync_doc_set (t->remote, "company", g_variant_new_string ("Hôtel du Lac"), T0 + 30 * SECOND, FRONT);
}

/* A promise both desks agreed on. */
static CltSyncDoc *
promise (void)
{
  CltSyncDoc *doc = clt_sync_doc_new (CLT_SYNC_PROMISE, "promise-uid");

  clt_sync_doc_set_state (doc, CLT_SYNC_LIVE, T0, FRONT);
  clt_sync_doc_set (doc, "customer", g_variant_new_string ("helene-uid"), T0, FRONT);
  clt_sync_doc_set (doc, "text", g_variant_new_string ("Rappeler pour la chambre 12"), T0, FRONT);
  clt_sync_doc_set (doc, "due", g_variant_new_int64 (1796551200), T0, FRONT);
  clt_sync_doc_set (doc, "status", g_variant_new_string ("open"), T0, FRONT);

  return doc;
}

static void
start_promise (Triple *t)
{
  t->base = promise ();
  t->local = promise ();
  t->remote = promise ();
}

static void
build_promise_deleted_later (Triple *t)
{
  start_promise (t);
  clt_sync_doc_set (t->local, "status", g_variant_new_string ("kept"), T0 + 20 * SECOND, FRONT);
  clt_sync_doc_set_state (t->remote, CLT_SYNC_DELETED, T0 + 40 * SECOND, BACK);
}

static void
build_promise_edited_later (Triple *t)
{
  start_promise (t);
  clt_sync_doc_set_state (t->local, CLT_SYNC_DELETED, T0 + 20 * SECOND, FRONT);
  clt_sync_doc_set (t->remote, "due", g_variant_new_int64 (1796637600), T0 + 40 * SECOND, BACK);
}

static void
build_promise_erased_earlier (Triple *t)
{
  start_promise (t);
  clt_sync_doc_set_state (t->local, CLT_SYNC_ERASED, T0 + 10 * SECOND, FRONT);
  clt_sync_doc_set (t->remote, "text", g_variant_new_string ("Rappeler demain"), T0 + 50 * SECOND, BACK);
}

/* A logged contact both desks agreed on. */
static CltSyncDoc *
logged_contact (void)
{
  CltSyncDoc *doc = clt_sync_doc_new (CLT_SYNC_CONTACT, "contact-uid");

  clt_sync_doc_set_state (doc, CLT_SYNC_LIVE, T0, FRONT);
  clt_sync_doc_set (doc, "customer", g_variant_new_string ("helene-uid"), T0, FRONT);
  clt_sync_doc_set (doc, "kind", g_variant_new_string ("call"), T0, FRONT);
  clt_sync_doc_set (doc, "at", g_variant_new_int64 (1796464800), T0, FRONT);
  clt_sync_doc_set (doc, "note", g_variant_new_string ("A demandé un lit bébé"), T0, FRONT);

  return doc;
}

static void
start_contact (Triple *t)
{
  t->base = logged_contact ();
  t->local = logged_contact ();
  t->remote = logged_contact ();
}

static void
build_contact_deleted_later (Triple *t)
{
  start_contact (t);
  clt_sync_doc_set (t->remote, "note", g_variant_new_string ("Lit bébé réservé"), T0 + 20 * SECOND, BACK);
  clt_sync_doc_set_state (t->local, CLT_SYNC_DELETED, T0 + 21 * SECOND, FRONT);
}

static void
build_contact_edited_later (Triple *t)
{
  start_contact (t);
  clt_sync_doc_set_state (t->remote, CLT_SYNC_DELETED, T0 + 20 * SECOND, BACK);
  clt_sync_doc_set (t->local, "note", g_variant_new_string ("Lit bébé réservé"), T0 + 21 * SECOND, FRONT);
}

/* The checks. */

static void
check_value (CltSyncDoc *doc,
             const char *key,
             GVariant   *expected,
             gint64      changed,
             const char *desk)
{
  g_autoptr(GVariant) sunk = expected ? g_variant_ref_sink (expected) : NULL;
  GVariant *value = NULL;
  gint64 doc_changed = 0;
  const char *doc_desk = NULL;

  g_assert_true (clt_sync_doc_lookup (doc, key, &value, &doc_changed, &doc_desk));
  if (sunk == NULL)
    g_assert_null (value);
  else
    g_assert_true (value != NULL && g_variant_equal (value, sunk));
  g_assert_cmpint (doc_changed, ==, changed);
  g_assert_cmpstr (doc_desk, ==, desk);
}

static void
check_string (CltSyncDoc *doc,
              const char *key,
              const char *expected,
              gint64      changed,
              const char *desk)
{
  check_value (doc, key, g_variant_new_string (expected), changed, desk);
}

static void
check_state (CltSyncDoc   *doc,
             CltSyncState  expected,
             gint64        changed,
             const char   *desk)
{
  gint64 doc_changed = 0;
  const char *doc_desk = NULL;

  g_assert_cmpint (clt_sync_doc_get_state (doc, &doc_changed, &doc_desk), ==, expected);
  g_assert_cmpint (doc_changed, ==, changed);
  g_assert_cmpstr (doc_desk, ==, desk);
}

static void
check_conflict (GPtrArray  *conflicts,
                guint       index,
                const char *key,
                GVariant   *lost,
                gint64      lost_changed,
                const char *lost_desk,
                GVariant   *won)
{
  g_autoptr(GVariant) lost_sunk = g_variant_ref_sink (lost);
  g_autoptr(GVariant) won_sunk = won ? g_variant_ref_sink (won) : NULL;
  CltSyncConflict *conflict;

  g_assert_cmpuint (index, <, conflicts->len);
  conflict = g_ptr_array_index (conflicts, index);
  g_assert_cmpstr (conflict->key, ==, key);
  g_assert_true (g_variant_equal (conflict->lost, lost_sunk));
  g_assert_cmpint (conflict->lost_changed, ==, lost_changed);
  g_assert_cmpstr (conflict->lost_desk, ==, lost_desk);
  if (won_sunk == NULL)
    g_assert_null (conflict->won);
  else
    g_assert_true (conflict->won != NULL && g_variant_equal (conflict->won, won_sunk));
}

static void
check_different_fields (CltSyncDoc *m,
                        GPtrArray  *conflicts)
{
  g_assert_cmpuint (conflicts->len, ==, 0);
  check_string (m, "family", "Dupré-Martin", T0 + 10 * SECOND, FRONT);
  check_string (m, "company", "Hôtel du Lac", T0 + 20 * SECOND, BACK);
  check_string (m, "given", "Hélène", T0, FRONT);
  g_assert_cmpuint (clt_sync_doc_get_n_fields (m), ==, 7);
}

static void
check_same_field (CltSyncDoc *m,
                  GPtrArray  *conflicts)
{
  check_string (m, "given", "Hélèna", T0 + 30 * SECOND, FRONT);
  g_assert_cmpuint (conflicts->len, ==, 1);
  check_conflict (conflicts, 0, "given", g_variant_new_string ("Léna"), T0 + 20 * SECOND, BACK,
                  g_variant_new_string ("Hélèna"));
}

static void
check_tie (CltSyncDoc *m,
           GPtrArray  *conflicts)
{
  check_string (m, "given", "Zoë", T0 + 50 * SECOND, BACK);
  g_assert_cmpuint (conflicts->len, ==, 1);
  check_conflict (conflicts, 0, "given", g_variant_new_string ("Zoé"), T0 + 50 * SECOND, FRONT,
                  g_variant_new_string ("Zoë"));
}

static void
check_same_value (CltSyncDoc *m,
                  GPtrArray  *conflicts)
{
  g_assert_cmpuint (conflicts->len, ==, 0);
  check_string (m, "given", "Zoé", T0 + 40 * SECOND, BACK);
}

static void
check_element_added_and_changed (CltSyncDoc *m,
                                 GPtrArray  *conflicts)
{
  g_autoptr(GPtrArray) preferences = clt_sync_doc_get_keys_with_prefix (m, "preference/");

  g_assert_cmpuint (conflicts->len, ==, 0);
  g_assert_cmpuint (preferences->len, ==, 2);
  check_value (m, "preference/f1", preference ("food", "Sans gluten", TRUE), T0, FRONT);
  check_value (m, "preference/f2", preference ("room", "Chambre calme, côté cour", FALSE),
               T0 + 10 * SECOND, FRONT);
  check_value (m, "email/e1", contact ("travail", "helene@hotel-du-lac.fr"), T0 + 20 * SECOND, BACK);
}

static void
check_removal_newer (CltSyncDoc *m,
                     GPtrArray  *conflicts)
{
  check_value (m, "phone/p1", NULL, T0 + 30 * SECOND, FRONT);
  g_assert_cmpuint (conflicts->len, ==, 1);
  check_conflict (conflicts, 0, "phone/p1", contact ("mobile", "07 98 76 54 32"), T0 + 20 * SECOND, BACK,
                  NULL);
}

static void
check_removal_older (CltSyncDoc *m,
                     GPtrArray  *conflicts)
{
  check_value (m, "phone/p1", contact ("mobile", "07 98 76 54 32"), T0 + 30 * SECOND, BACK);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
check_removal_one_side (CltSyncDoc *m,
                        GPtrArray  *conflicts)
{
  /* The tombstone is kept, so that the removal reaches the other desks. */
  check_value (m, "tag/fidèle", NULL, T0 + 5 * SECOND, BACK);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
check_deleted_older_than_edit (CltSyncDoc *m,
                               GPtrArray  *conflicts)
{
  check_state (m, CLT_SYNC_LIVE, T0, FRONT);
  check_value (m, "preference/f1", preference ("food", "Sans gluten ni lactose", TRUE),
               T0 + 30 * SECOND, BACK);
  /* The deletion that was dropped is said, in a note. */
  g_assert_cmpuint (conflicts->len, ==, 1);
  check_conflict (conflicts, 0, CLT_SYNC_CONFLICT_DELETION, g_variant_new_string ("deleted"),
                  T0 + 20 * SECOND, FRONT, g_variant_new_string (""));
  g_assert_cmpint (((CltSyncConflict *) g_ptr_array_index (conflicts, 0))->won_changed, ==,
                   T0 + 30 * SECOND);
}

static void
check_deleted_tie_edit_wins (CltSyncDoc *m,
                             GPtrArray  *conflicts)
{
  /* Same microsecond: "bureau" (the edit's desk) beats "accueil". */
  check_state (m, CLT_SYNC_LIVE, T0, FRONT);
  check_string (m, "company", "Hôtel du Lac", T0 + 30 * SECOND, BACK);
  g_assert_cmpuint (conflicts->len, ==, 1);
  check_conflict (conflicts, 0, CLT_SYNC_CONFLICT_DELETION, g_variant_new_string ("deleted"),
                  T0 + 30 * SECOND, FRONT, g_variant_new_string (""));
}

static void
check_deleted_tie_deletion_wins (CltSyncDoc *m,
                                 GPtrArray  *conflicts)
{
  check_state (m, CLT_SYNC_DELETED, T0 + 30 * SECOND, BACK);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
check_promise_deleted_later (CltSyncDoc *m,
                             GPtrArray  *conflicts)
{
  check_state (m, CLT_SYNC_DELETED, T0 + 40 * SECOND, BACK);
  check_string (m, "status", "kept", T0 + 20 * SECOND, FRONT);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
check_promise_edited_later (CltSyncDoc *m,
                            GPtrArray  *conflicts)
{
  check_state (m, CLT_SYNC_LIVE, T0, FRONT);
  check_value (m, "due", g_variant_new_int64 (1796637600), T0 + 40 * SECOND, BACK);
  check_string (m, "text", "Rappeler pour la chambre 12", T0, FRONT);
  g_assert_cmpuint (conflicts->len, ==, 1);
  check_conflict (conflicts, 0, CLT_SYNC_CONFLICT_DELETION, g_variant_new_string ("deleted"),
                  T0 + 20 * SECOND, FRONT, g_variant_new_string ("Rappeler pour la chambre 12"));
}

static void
check_promise_erased_earlier (CltSyncDoc *m,
                              GPtrArray  *conflicts)
{
  check_state (m, CLT_SYNC_ERASED, T0 + 10 * SECOND, FRONT);
  g_assert_cmpuint (clt_sync_doc_get_n_fields (m), ==, 0);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
check_contact_deleted_later (CltSyncDoc *m,
                             GPtrArray  *conflicts)
{
  check_state (m, CLT_SYNC_DELETED, T0 + 21 * SECOND, FRONT);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
check_contact_edited_later (CltSyncDoc *m,
                            GPtrArray  *conflicts)
{
  check_state (m, CLT_SYNC_LIVE, T0, FRONT);
  check_string (m, "note", "Lit bébé réservé", T0 + 21 * SECOND, FRONT);
  g_assert_cmpuint (conflicts->len, ==, 1);
  check_conflict (conflicts, 0, CLT_SYNC_CONFLICT_DELETION, g_variant_new_string ("deleted"),
                  T0 + 20 * SECOND, BACK, g_variant_new_string ("call"));
}

static void
check_deleted_newer_than_edit (CltSyncDoc *m,
                               GPtrArray  *conflicts)
{
  check_state (m, CLT_SYNC_DELETED, T0 + 30 * SECOND, FRONT);
  /* Kept in case it comes back, but no note on a deleted customer. */
  check_value (m, "preference/f1", preference ("food", "Sans gluten ni lactose", TRUE),
               T0 + 20 * SECOND, BACK);
  check_string (m, "given", "Hélèna", T0 + 25 * SECOND, FRONT);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
check_revived (CltSyncDoc *m,
               GPtrArray  *conflicts)
{
  check_state (m, CLT_SYNC_LIVE, T0 + 40 * SECOND, FRONT);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
check_erased (CltSyncDoc *m,
              GPtrArray  *conflicts)
{
  check_state (m, CLT_SYNC_ERASED, T0 + 10 * SECOND, FRONT);
  g_assert_cmpuint (clt_sync_doc_get_n_fields (m), ==, 0);
  g_assert_cmpstr (clt_sync_doc_get_uid (m), ==, "helene-uid");
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
check_erased_vs_deleted (CltSyncDoc *m,
                         GPtrArray  *conflicts)
{
  check_state (m, CLT_SYNC_ERASED, T0 + 10 * SECOND, BACK);
  g_assert_cmpuint (clt_sync_doc_get_n_fields (m), ==, 0);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
check_erased_on_both (CltSyncDoc *m,
                      GPtrArray  *conflicts)
{
  check_state (m, CLT_SYNC_ERASED, T0 + 20 * SECOND, BACK);
  g_assert_cmpuint (clt_sync_doc_get_n_fields (m), ==, 0);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
check_no_base (CltSyncDoc *m,
               GPtrArray  *conflicts)
{
  g_autoptr(GPtrArray) phones = clt_sync_doc_get_keys_with_prefix (m, "phone/");

  check_state (m, CLT_SYNC_LIVE, T0, FRONT);
  check_string (m, "given", "Helene", T0 + 5 * SECOND, BACK);
  check_string (m, "family", "Dupré", T0, FRONT);
  check_value (m, "email/e1", contact ("travail", "helene.dupre@exemple.fr"), T0, FRONT);
  check_string (m, "company", "Hôtel du lac", T0, FRONT);
  g_assert_cmpuint (phones->len, ==, 2);
  /* Present on one side only: kept, no conflict. */
  check_value (m, "tag/fidèle", g_variant_new_boolean (TRUE), T0, FRONT);

  g_assert_cmpuint (conflicts->len, ==, 2);
  check_conflict (conflicts, 0, "company", g_variant_new_string ("Hôtel du Lac"), T0 - 5 * SECOND, BACK,
                  g_variant_new_string ("Hôtel du lac"));
  check_conflict (conflicts, 1, "given", g_variant_new_string ("Hélène"), T0, FRONT,
                  g_variant_new_string ("Helene"));
}

static void
check_forgotten_removal (CltSyncDoc *m,
                         GPtrArray  *conflicts)
{
  g_assert_false (clt_sync_doc_lookup (m, "phone/p1", NULL, NULL, NULL));
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
check_forgotten_removal_edited (CltSyncDoc *m,
                                GPtrArray  *conflicts)
{
  check_value (m, "phone/p1", contact ("mobile", "07 98 76 54 32"), T0 + 30 * SECOND, FRONT);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

typedef struct
{
  const char *name;
  void      (*build) (Triple *t);
  void      (*check) (CltSyncDoc *merged, GPtrArray *conflicts);
} Case;

static const Case cases[] = {
  { "different-fields", build_different_fields, check_different_fields },
  { "same-field-later-wins", build_same_field, check_same_field },
  { "tie-desk-remote", build_tie_back_remote, check_tie },
  { "tie-desk-local", build_tie_back_local, check_tie },
  { "same-value", build_same_value, check_same_value },
  { "element-added-and-changed", build_element_added_and_changed, check_element_added_and_changed },
  { "removal-newer-than-edit", build_removal_newer, check_removal_newer },
  { "removal-older-than-edit", build_removal_older, check_removal_older },
  { "removal-one-side", build_removal_one_side, check_removal_one_side },
  { "deleted-older-than-edit", build_deleted_older_than_edit, check_deleted_older_than_edit },
  { "deleted-newer-than-edit", build_deleted_newer_than_edit, check_deleted_newer_than_edit },
  { "deleted-then-revived", build_revived, check_revived },
  { "deleted-tie-edit-wins", build_deleted_tie_edit_wins, check_deleted_tie_edit_wins },
  { "deleted-tie-deletion-wins", build_deleted_tie_deletion_wins, check_deleted_tie_deletion_wins },
  { "promise-deleted-later", build_promise_deleted_later, check_promise_deleted_later },
  { "promise-edited-later", build_promise_edited_later, check_promise_edited_later },
  { "promise-erased-earlier", build_promise_erased_earlier, check_promise_erased_earlier },
  { "contact-deleted-later", build_contact_deleted_later, check_contact_deleted_later },
  { "contact-edited-later", build_contact_edited_later, check_contact_edited_later },
  { "erased-vs-edits", build_erased, check_erased },
  { "erased-vs-deleted", build_erased_vs_deleted, check_erased_vs_deleted },
  { "erased-on-both", build_erased_on_both, check_erased_on_both },
  { "no-base", build_no_base, check_no_base },
  { "forgotten-removal", build_forgotten_removal, check_forgotten_removal },
  { "forgotten-removal-edited", build_forgotten_removal_edited, check_forgotten_removal_edited },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  Triple t = { NULL };
  g_autoptr(CltSyncDoc) merged = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  c->build (&t);
  merged = clt_sync_merge (t.base, t.local, t.remote, &conflicts);
  g_assert_nonnull (merged);
  g_assert_nonnull (conflicts);
  c->check (merged, conflicts);
  triple_clear (&t);
}

static void
assert_same_conflicts (GPtrArray *a,
                       GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      CltSyncConflict *x = g_ptr_array_index (a, i);
      CltSyncConflict *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->key, ==, y->key);
      g_assert_true (g_variant_equal (x->lost, y->lost));
      g_assert_cmpint (x->lost_changed, ==, y->lost_changed);
      g_assert_cmpstr (x->lost_desk, ==, y->lost_desk);
      g_assert_true ((x->won == NULL) == (y->won == NULL));
      g_assert_true (x->won == NULL || g_variant_equal (x->won, y->won));
    }
}

static void
assert_same_doc (CltSyncDoc *a,
                 CltSyncDoc *b)
{
  if (!clt_sync_doc_equal (a, b, TRUE))
    {
      g_autofree char *x = clt_sync_doc_to_string (a);
      g_autofree char *y = clt_sync_doc_to_string (b);

      g_test_message ("%s\nis not\n%s", x, y);
      g_assert_not_reached ();
    }
}

/* merge(b, l, r) = merge(b, r, l), with the same conflicts; merging the
 * result with itself, as base or not, gives it back with none. */
static void
test_symmetric_idempotent (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Triple t = { NULL };
      g_autoptr(CltSyncDoc) merged = NULL;
      g_autoptr(CltSyncDoc) swapped = NULL;
      g_autoptr(CltSyncDoc) again = NULL;
      g_autoptr(CltSyncDoc) from_base = NULL;
      g_autoptr(CltSyncDoc) without_base = NULL;
      g_autoptr(GPtrArray) conflicts = NULL;
      g_autoptr(GPtrArray) swapped_conflicts = NULL;
      g_autoptr(GPtrArray) none = NULL;

      g_test_message ("case %s", cases[i].name);
      cases[i].build (&t);
      merged = clt_sync_merge (t.base, t.local, t.remote, &conflicts);
      swapped = clt_sync_merge (t.base, t.remote, t.local, &swapped_conflicts);
      assert_same_doc (merged, swapped);
      assert_same_conflicts (conflicts, swapped_conflicts);

      again = clt_sync_merge (merged, merged, merged, &none);
      assert_same_doc (again, merged);
      g_assert_cmpuint (none->len, ==, 0);
      from_base = clt_sync_merge (t.base, merged, merged, NULL);
      assert_same_doc (from_base, merged);
      without_base = clt_sync_merge (NULL, merged, merged, NULL);
      assert_same_doc (without_base, merged);
      triple_clear (&t);
    }
}

static void
test_not_the_same_object (void)
{
  g_autoptr(CltSyncDoc) a = helene ();
  g_autoptr(CltSyncDoc) b = clt_sync_doc_new (CLT_SYNC_CUSTOMER, "someone-else");
  g_autoptr(CltSyncDoc) merged = NULL;

  if (g_test_subprocess ())
    {
      merged = clt_sync_merge (NULL, a, b, NULL);
      g_assert_null (merged);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*same_object*");
}

static void
test_stamp_order (void)
{
  g_assert_cmpint (clt_sync_stamp_compare (T0, FRONT, T0 + 1, FRONT), <, 0);
  g_assert_cmpint (clt_sync_stamp_compare (T0 + 1, "", T0, "zzz"), >, 0);
  g_assert_cmpint (clt_sync_stamp_compare (T0, BACK, T0, FRONT), >, 0);
  g_assert_cmpint (clt_sync_stamp_compare (T0, "", T0, FRONT), <, 0);
  g_assert_cmpint (clt_sync_stamp_compare (T0, FRONT, T0, FRONT), ==, 0);
}

static void
test_drop_tombstones (void)
{
  g_autoptr(CltSyncDoc) doc = helene ();
  gint64 now = T0 + (gint64) 100 * 24 * 3600 * SECOND;
  gint64 before = now - (gint64) CLT_SYNC_TOMBSTONE_DAYS * 24 * 3600 * SECOND;

  clt_sync_doc_set (doc, "phone/p1", NULL, T0, FRONT);                  /* 100 days old */
  clt_sync_doc_set (doc, "tag/fidèle", NULL, now - 3 * SECOND, BACK);   /* just removed */
  g_assert_cmpuint (clt_sync_merge_drop_tombstones (doc, before), ==, 1);
  g_assert_false (clt_sync_doc_lookup (doc, "phone/p1", NULL, NULL, NULL));
  check_value (doc, "tag/fidèle", NULL, now - 3 * SECOND, BACK);
  check_string (doc, "given", "Hélène", T0, FRONT);
  g_assert_cmpuint (clt_sync_merge_drop_tombstones (doc, before), ==, 0);
}

/* Two books met the same guest before they shared: one customer, under
 * the server's uid, with the e-mail and the phone once. */
static void
test_adopt (void)
{
  g_autoptr(CltSyncDoc) local = clt_sync_doc_new (CLT_SYNC_CUSTOMER, "desk-a-uid");
  g_autoptr(CltSyncDoc) remote = clt_sync_doc_new (CLT_SYNC_CUSTOMER, "server-uid");
  g_autoptr(CltSyncDoc) merged = NULL;
  g_autoptr(GPtrArray) emails = NULL;
  g_autoptr(GPtrArray) phones = NULL;
  g_autoptr(GPtrArray) preferences = NULL;
  g_autofree char *local_digits = clt_text_phone_digits ("06 12 34 56 78");
  g_autofree char *remote_digits = clt_text_phone_digits ("06.12.34.56.78");

  g_assert_cmpstr (local_digits, ==, remote_digits);

  clt_sync_doc_set (local, "given", g_variant_new_string ("Hélène"), T0, FRONT);
  clt_sync_doc_set (local, "family", g_variant_new_string ("Dupré"), T0, FRONT);
  clt_sync_doc_set (local, "email/a1", contact ("travail", "Helene.Dupre@Exemple.fr"), T0 + 10 * SECOND, FRONT);
  /* Twice in this book: the later of the two becomes the server's. */
  clt_sync_doc_set (local, "phone/a2", contact ("domicile", "06 12 34 56 78"), T0 + 8 * SECOND, FRONT);
  clt_sync_doc_set (local, "phone/a4", contact ("mobile", "06 12 34 56 78"), T0 - SECOND, FRONT);
  clt_sync_doc_set (local, "preference/a3", preference ("food", "Sans gluten", TRUE), T0, FRONT);
  clt_sync_doc_set (local, "tag/fidèle", g_variant_new_boolean (TRUE), T0, FRONT);
  /* The same id by chance, another address: neither hides the other. */
  clt_sync_doc_set (local, "address/x", contact ("", "3 rue des Lilas, 75011 Paris"), T0, FRONT);

  clt_sync_doc_set (remote, "given", g_variant_new_string ("Helene"), T0 + 20 * SECOND, BACK);
  clt_sync_doc_set (remote, "family", g_variant_new_string ("Dupré"), T0 + 20 * SECOND, BACK);
  clt_sync_doc_set (remote, "email/b1", contact ("", "helene.dupre@exemple.fr"), T0, BACK);
  clt_sync_doc_set (remote, "phone/b2", contact ("", "06.12.34.56.78"), T0 + 5 * SECOND, BACK);
  clt_sync_doc_set (remote, "phone/b3", contact ("travail", "01 42 00 00 00"), T0, BACK);
  clt_sync_doc_set (remote, "preference/b4", preference ("room", "Chambre calme", FALSE), T0, BACK);
  clt_sync_doc_set (remote, "address/x", contact ("", "Chemin des Vignes 4, 1009 Pully"), T0, BACK);

  merged = clt_sync_merge_adopt (local, remote);
  g_assert_cmpstr (clt_sync_doc_get_uid (merged), ==, "server-uid");
  check_string (merged, "given", "Helene", T0 + 20 * SECOND, BACK);
  check_string (merged, "family", "Dupré", T0, FRONT);

  emails = clt_sync_doc_get_keys_with_prefix (merged, "email/");
  g_assert_cmpuint (emails->len, ==, 1);
  /* The later of the two, under the server's id. */
  check_value (merged, "email/b1", contact ("travail", "Helene.Dupre@Exemple.fr"), T0 + 10 * SECOND, FRONT);

  phones = clt_sync_doc_get_keys_with_prefix (merged, "phone/");
  g_assert_cmpuint (phones->len, ==, 2);
  check_value (merged, "phone/b2", contact ("domicile", "06 12 34 56 78"), T0 + 8 * SECOND, FRONT);
  check_value (merged, "phone/b3", contact ("travail", "01 42 00 00 00"), T0, BACK);

  preferences = clt_sync_doc_get_keys_with_prefix (merged, "preference/");
  g_assert_cmpuint (preferences->len, ==, 2);
  check_value (merged, "preference/a3", preference ("food", "Sans gluten", TRUE), T0, FRONT);
  check_value (merged, "tag/fidèle", g_variant_new_boolean (TRUE), T0, FRONT);

  check_value (merged, "address/x", contact ("", "Chemin des Vignes 4, 1009 Pully"), T0, BACK);
  g_assert_cmpuint (clt_sync_doc_get_n_fields (merged), ==, 10);
}

static CltSyncConflict *
conflict (const char *key,
          GVariant   *lost,
          GVariant   *won)
{
  CltSyncConflict *c = g_new0 (CltSyncConflict, 1);

  c->kind = CLT_SYNC_CUSTOMER;
  c->key = g_strdup (key);
  c->lost = g_variant_ref_sink (lost);
  c->lost_changed = T0;
  c->lost_desk = g_strdup (FRONT);
  c->won = won ? g_variant_ref_sink (won) : NULL;
  c->won_changed = T0 + SECOND;
  c->won_desk = g_strdup (BACK);

  return c;
}

static void
check_description (const char *key,
                   GVariant   *lost,
                   GVariant   *won,
                   const char *expected)
{
  g_autoptr(CltSyncConflict) c = conflict (key, lost, won);
  g_autofree char *text = clt_sync_conflict_describe (c);

  g_assert_cmpstr (text, ==, expected);
}

static void
check_kind_description (CltSyncKind  kind,
                        const char  *name,
                        const char  *expected)
{
  g_autoptr(CltSyncConflict) c = conflict (CLT_SYNC_CONFLICT_DELETION, g_variant_new_string ("deleted"),
                                           g_variant_new_string (name));
  g_autofree char *text = NULL;

  c->kind = kind;
  text = clt_sync_conflict_describe (c);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_describe_english (void)
{
  check_description ("given", g_variant_new_string ("Léna"), g_variant_new_string ("Hélèna"),
                     "Changed on two desks at the same time: the given name is now “Hélèna”, "
                     "the other desk had entered “Léna”.");
  check_description ("email/ab12", contact ("travail", "helene@hotel-du-lac.fr"),
                     contact ("", "helene.dupre@exemple.fr"),
                     "Changed on two desks at the same time: the e-mail address is now "
                     "“helene.dupre@exemple.fr”, the other desk had entered “helene@hotel-du-lac.fr (travail)”.");
  check_description ("phone/p1", contact ("mobile", "07 98 76 54 32"), NULL,
                     "Changed on two desks at the same time: one removed the phone number, "
                     "the other had entered “07 98 76 54 32 (mobile)”.");
  check_description ("preference/f1", preference ("food", "Sans gluten", TRUE),
                     preference ("food", "Sans gluten ni lactose", TRUE),
                     "Changed on two desks at the same time: the preference is now "
                     "“Sans gluten ni lactose (Food and drink, alert)”, the other desk had entered "
                     "“Sans gluten (Food and drink, alert)”.");
  check_description ("tag/fidèle", g_variant_new_boolean (TRUE), NULL,
                     "Changed on two desks at the same time: one removed the tag “fidèle”, "
                     "the other had added it.");
  check_description ("consent", g_variant_new_string ("marketing"), g_variant_new_string ("none"),
                     "Changed on two desks at the same time: the e-mail consent is now "
                     "“No e-mail (refused)”, the other desk had entered “Follow-ups and offers”.");
  check_description ("vip", g_variant_new_boolean (TRUE), g_variant_new_boolean (FALSE),
                     "Changed on two desks at the same time: the VIP mark is now “no”, "
                     "the other desk had entered “yes”.");
  check_description ("note/n1", g_variant_new ("(ssbx)", "Allergique aux noix", "Marc", TRUE, (gint64) 0),
                     g_variant_new ("(ssbx)", "Allergique aux noisettes", "Marc", TRUE, (gint64) 0),
                     "Changed on two desks at the same time: the note is now "
                     "“Allergique aux noisettes (pinned)”, the other desk had entered "
                     "“Allergique aux noix (pinned)”.");
  check_description ("due", g_variant_new_int64 (1796464800), g_variant_new_int64 (1796551200),
                     "Changed on two desks at the same time: the due date is now “12/06/2026 at 10:00”, "
                     "the other desk had entered “12/05/2026 at 10:00”.");
  check_description (CLT_SYNC_CONFLICT_DELETION, g_variant_new_string ("deleted"), g_variant_new_string (""),
                     "Deleted on one desk on 12/05/2026 at 10:00, but changed later on another desk, "
                     "so it was kept.");
  check_kind_description (CLT_SYNC_PROMISE, "Rappeler pour la chambre 12",
                          "The promise “Rappeler pour la chambre 12” was deleted on one desk on "
                          "12/05/2026 at 10:00, but changed later on another desk, so it was kept.");
  check_kind_description (CLT_SYNC_CONTACT, "call",
                          "A logged contact (Call) was deleted on one desk on 12/05/2026 at 10:00, "
                          "but changed later on another desk, so it was kept.");
  check_description ("x-future", g_variant_new_string ("a"), g_variant_new_string ("b"),
                     "Changed on two desks at the same time: another detail is now “b”, "
                     "the other desk had entered “a”.");
}

/* The French of po/fr-sync-merge.fragment until it is merged into fr.po,
 * then the catalogue the build makes (CLT_TEST_FR_MO). */
static char *fr_dir;

static char *
install_catalogue (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clt-sync-merge-XXXXXX", &error);
  g_autofree char *messages = NULL;
  g_autofree char *mo = NULL;
  g_autofree char *fragment = g_test_build_filename (G_TEST_DIST, "..", "po", "fr-sync-merge.fragment", NULL);
  const char *built = g_getenv ("CLT_TEST_FR_MO");

  g_assert_no_error (error);
  messages = g_build_filename (dir, "fr", "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);

  if (g_file_test (fragment, G_FILE_TEST_EXISTS))
    {
      g_autofree char *fr_po = g_test_build_filename (G_TEST_DIST, "..", "po", "fr.po", NULL);
      g_autofree char *text = NULL;
      g_autofree char *po_text = NULL;
      g_autofree char *part = g_build_filename (dir, "fragment.po", NULL);
      g_autofree char *po = g_build_filename (dir, "fr.po", NULL);
      const char *cat[] = { "msgcat", "--use-first", "-o", po, fr_po, part, NULL };
      const char *fmt[] = { "msgfmt", "--check", "-o", mo, po, NULL };
      const char * const *commands[] = { cat, fmt };

      g_assert_true (g_file_get_contents (fragment, &text, NULL, &error));
      g_assert_no_error (error);
      po_text = g_strconcat ("msgid \"\"\nmsgstr \"\"\n"
                             "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                             "\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n\n", text, NULL);
      g_assert_true (g_file_set_contents (part, po_text, -1, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        {
          int status = 0;

          g_assert_true (g_spawn_sync (NULL, (char **) commands[i], NULL, G_SPAWN_SEARCH_PATH, NULL,
                                       NULL, NULL, NULL, &status, &error));
          g_assert_no_error (error);
          g_assert_true (g_spawn_check_wait_status (status, NULL));
        }
      g_unlink (part);
      g_unlink (po);
    }
  else
    {
      g_assert_nonnull (built);
      g_assert_cmpint (symlink (built, mo), ==, 0);
    }

  return g_steal_pointer (&dir);
}

static void
remove_catalogue (const char *dir)
{
  g_autofree char *mo = g_build_filename (dir, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *messages = g_build_filename (dir, "fr", "LC_MESSAGES", NULL);
  g_autofree char *fr = g_build_filename (dir, "fr", NULL);

  g_unlink (mo);
  g_rmdir (messages);
  g_rmdir (fr);
  g_rmdir (dir);
}

static void
test_describe_french (void)
{
  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("locale fr_FR.UTF-8 is not installed");
      return;
    }
  g_setenv ("LANGUAGE", "fr", TRUE);
  fr_dir = install_catalogue ();
  bindtextdomain (GETTEXT_PACKAGE, fr_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (textdomain (NULL));

  check_description ("given", g_variant_new_string ("Léna"), g_variant_new_string ("Hélèna"),
                     "Modifié sur deux postes en même temps\u00a0: le prénom est maintenant "
                     "«\u00a0Hélèna\u00a0», l’autre poste avait saisi «\u00a0Léna\u00a0».");
  check_description ("email/ab12", contact ("travail", "helene@hotel-du-lac.fr"),
                     contact ("", "helene.dupre@exemple.fr"),
                     "Modifié sur deux postes en même temps\u00a0: l’adresse e-mail est maintenant "
                     "«\u00a0helene.dupre@exemple.fr\u00a0», l’autre poste avait saisi "
                     "«\u00a0helene@hotel-du-lac.fr (travail)\u00a0».");
  check_description ("phone/p1", contact ("mobile", "07 98 76 54 32"), NULL,
                     "Modifié sur deux postes en même temps\u00a0: l’un a supprimé le numéro de "
                     "téléphone, l’autre avait saisi «\u00a007 98 76 54 32 (mobile)\u00a0».");
  check_description ("preference/f1", preference ("food", "Sans gluten", TRUE),
                     preference ("", "Sans gluten ni lactose", FALSE),
                     "Modifié sur deux postes en même temps\u00a0: la préférence est maintenant "
                     "«\u00a0Sans gluten ni lactose\u00a0», l’autre poste avait saisi "
                     "«\u00a0Sans gluten (Repas et boissons, alerte)\u00a0».");
  check_description ("tag/fidèle", g_variant_new_boolean (TRUE), NULL,
                     "Modifié sur deux postes en même temps\u00a0: l’un a retiré l’étiquette "
                     "«\u00a0fidèle\u00a0», l’autre l’avait ajoutée.");
  check_description ("due", g_variant_new_int64 (1796464800), g_variant_new_int64 (1796551200),
                     "Modifié sur deux postes en même temps\u00a0: l’échéance est maintenant "
                     "«\u00a006/12/2026 à 10\u00a0h\u00a000\u00a0», l’autre poste avait saisi "
                     "«\u00a005/12/2026 à 10\u00a0h\u00a000\u00a0».");
  check_description ("vip", g_variant_new_boolean (TRUE), g_variant_new_boolean (FALSE),
                     "Modifié sur deux postes en même temps\u00a0: la mention VIP est maintenant "
                     "«\u00a0non\u00a0», l’autre poste avait saisi «\u00a0oui\u00a0».");

  bindtextdomain (GETTEXT_PACKAGE, "/nonexistent");
  remove_catalogue (fr_dir);
  g_clear_pointer (&fr_dir, g_free);
  g_setenv ("LANGUAGE", "", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  textdomain (textdomain (NULL));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync-merge/case/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/sync-merge/symmetric-idempotent", test_symmetric_idempotent);
  g_test_add_func ("/sync-merge/not-the-same-object", test_not_the_same_object);
  g_test_add_func ("/sync-merge/stamp-order", test_stamp_order);
  g_test_add_func ("/sync-merge/drop-tombstones", test_drop_tombstones);
  g_test_add_func ("/sync-merge/adopt", test_adopt);
  g_test_add_func ("/sync-merge/describe-english", test_describe_english);
  g_test_add_func ("/sync-merge/describe-french", test_describe_french);

  return g_test_run ();
}
