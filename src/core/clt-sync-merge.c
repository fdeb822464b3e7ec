/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-sync-merge"

#include "config.h"

#include <string.h>

#include "clt-sync-merge.h"
#include "clt-text.h"

/* One side's field: absent, a tombstone (value NULL) or a value. */
typedef struct
{
  gboolean    present;
  GVariant   *value;
  gint64      changed;
  const char *desk;
} Slot;

static Slot
slot_get (const CltSyncDoc *doc,
          const char       *key)
{
  Slot slot = { FALSE, NULL, 0, "" };

  if (doc != NULL)
    slot.present = clt_sync_doc_lookup (doc, key, &slot.value, &slot.changed, &slot.desk);

  return slot;
}

static gboolean
slot_same_value (const Slot *a,
                 const Slot *b)
{
  if (a->present != b->present)
    return FALSE;
  if (a->value == NULL || b->value == NULL)
    return a->value == b->value;

  return g_variant_equal (a->value, b->value);
}

static int
sign (int n)
{
  return (n > 0) - (n < 0);
}

int
clt_sync_stamp_compare (gint64      a_changed,
                        const char *a_desk,
                        gint64      b_changed,
                        const char *b_desk)
{
  if (a_changed != b_changed)
    return a_changed < b_changed ? -1 : 1;

  return sign (strcmp (a_desk ? a_desk : "", b_desk ? b_desk : ""));
}

/* Only for two values stamped on the same microsecond by the same desk,
 * which a book never writes, but the order must be total all the same. */
static int
compare_values (GVariant *a,
                GVariant *b)
{
  gsize a_size, b_size;
  int by_type;

  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);

  by_type = strcmp (g_variant_get_type_string (a), g_variant_get_type_string (b));
  if (by_type != 0)
    return sign (by_type);
  a_size = g_variant_get_size (a);
  b_size = g_variant_get_size (b);
  if (a_size != b_size)
    return a_size < b_size ? -1 : 1;

  return sign (memcmp (g_variant_get_data (a), g_variant_get_data (b), a_size));
}

/* The total order the merge decides by: absent first, then the stamps,
 * then the values. */
static int
slot_compare (const Slot *a,
              const Slot *b)
{
  int order;

  if (!a->present || !b->present)
    return a->present - b->present;

  order = clt_sync_stamp_compare (a->changed, a->desk, b->changed, b->desk);
  if (order != 0)
    return order;

  return compare_values (a->value, b->value);
}

static void
slot_put (CltSyncDoc *doc,
          const char *key,
          const Slot *slot)
{
  if (slot->present)
    clt_sync_doc_set (doc, key, slot->value, slot->changed, slot->desk);
}

void
clt_sync_conflict_free (CltSyncConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->key);
  g_clear_pointer (&conflict->lost, g_variant_unref);
  g_free (conflict->lost_desk);
  g_clear_pointer (&conflict->won, g_variant_unref);
  g_free (conflict->won_desk);
  g_free (conflict);
}

static CltSyncConflict *
conflict_new (CltSyncKind  kind,
              const char  *key,
              const Slot  *lost,
              const Slot  *won)
{
  CltSyncConflict *conflict = g_new0 (CltSyncConflict, 1);

  conflict->kind = kind;
  conflict->key = g_strdup (key);
  conflict->lost = g_variant_ref (lost->value);
  conflict->lost_changed = lost->changed;
  conflict->lost_desk = g_strdup (lost->desk);
  conflict->won = won->value ? g_variant_ref (won->value) : NULL;
  conflict->won_changed = won->changed;
  conflict->won_desk = g_strdup (won->desk);

  return conflict;
}

/* Puts the merged field @key into @merged, and the value that lost, if
 * any, into @conflicts. */
static void
merge_field (const CltSyncDoc *base,
             const CltSyncDoc *local,
             const CltSyncDoc *remote,
             const char       *key,
             CltSyncDoc       *merged,
             GPtrArray        *conflicts)
{
  Slot b = slot_get (base, key);
  Slot l = slot_get (local, key);
  Slot r = slot_get (remote, key);
  gboolean local_changed = base == NULL || !slot_same_value (&l, &b);
  gboolean remote_changed = base == NULL || !slot_same_value (&r, &b);
  const Slot *won, *lost;

  if (slot_same_value (&l, &r))
    {
      /* The same on both sides: since the earlier of the two changes. */
      slot_put (merged, key, slot_compare (&l, &r) <= 0 ? &l : &r);
      return;
    }

  if (local_changed != remote_changed)
    {
      slot_put (merged, key, local_changed ? &l : &r);
      return;
    }

  if (slot_compare (&l, &r) > 0)
    won = &l, lost = &r;
  else
    won = &r, lost = &l;
  slot_put (merged, key, won);
  if (lost->present && lost->value != NULL)
    g_ptr_array_add (conflicts, conflict_new (clt_sync_doc_get_kind (merged), key, lost, won));
}

/* The stamp of @side's latest change since @base: its fields that differ
 * from the base's, and its state when that differs. */
static void
latest_change (const CltSyncDoc  *base,
               const CltSyncDoc  *side,
               gint64            *changed,
               const char       **desk)
{
  g_autoptr(GPtrArray) keys = clt_sync_doc_get_keys (side);
  gint64 state_changed;
  const char *state_desk;

  *changed = G_MININT64;
  *desk = "";
  if (base == NULL ||
      clt_sync_doc_get_state (base, NULL, NULL) != clt_sync_doc_get_state (side, NULL, NULL))
    {
      clt_sync_doc_get_state (side, &state_changed, &state_desk);
      *changed = state_changed;
      *desk = state_desk;
    }

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      Slot b = slot_get (base, key);
      Slot s = slot_get (side, key);

      if (base != NULL && slot_same_value (&s, &b))
        continue;
      if (clt_sync_stamp_compare (s.changed, s.desk, *changed, *desk) > 0)
        {
          *changed = s.changed;
          *desk = s.desk;
        }
    }
}

/* An erasure from @doc, if it holds one; the earlier of two. */
static void
take_erasure (const CltSyncDoc  *doc,
              gboolean          *erased,
              gint64            *changed,
              const char       **desk)
{
  gint64 doc_changed;
  const char *doc_desk;

  if (doc == NULL || clt_sync_doc_get_state (doc, &doc_changed, &doc_desk) != CLT_SYNC_ERASED)
    return;
  if (*erased && clt_sync_stamp_compare (doc_changed, doc_desk, *changed, *desk) >= 0)
    return;

  *erased = TRUE;
  *changed = doc_changed;
  *desk = doc_desk;
}

/* A deletion the merge dropped: when it was made, and the change that
 * kept the object alive. */
typedef struct
{
  gboolean    dropped;
  gint64      deleted_changed;
  const char *deleted_desk;
  gint64      live_changed;
  const char *live_desk;
} Dropped;

/* Sets the merged object's state; returns whether its fields are kept. */
static gboolean
merge_state (const CltSyncDoc *base,
             const CltSyncDoc *local,
             const CltSyncDoc *remote,
             CltSyncDoc       *merged,
             Dropped          *dropped)
{
  gboolean erased = FALSE;
  gint64 changed = 0, l_changed, r_changed, live_changed, deleted_changed;
  const char *desk = "", *l_desk, *r_desk, *live_desk, *deleted_desk;
  CltSyncState l_state, r_state;
  const CltSyncDoc *live, *deleted;

  take_erasure (local, &erased, &changed, &desk);
  take_erasure (remote, &erased, &changed, &desk);
  if (!erased)
    take_erasure (base, &erased, &changed, &desk);
  if (erased)
    {
      clt_sync_doc_set_state (merged, CLT_SYNC_ERASED, changed, desk);
      return FALSE;
    }

  l_state = clt_sync_doc_get_state (local, &l_changed, &l_desk);
  r_state = clt_sync_doc_get_state (remote, &r_changed, &r_desk);
  if (l_state == r_state)
    {
      if (clt_sync_stamp_compare (l_changed, l_desk, r_changed, r_desk) <= 0)
        clt_sync_doc_set_state (merged, l_state, l_changed, l_desk);
      else
        clt_sync_doc_set_state (merged, r_state, r_changed, r_desk);
      return TRUE;
    }

  /* Deleted on one side, live on the other: the later wins, the
   * deletion against every change the live side made since the base. */
  live = l_state == CLT_SYNC_LIVE ? local : remote;
  deleted = live == local ? remote : local;
  clt_sync_doc_get_state (deleted, &deleted_changed, &deleted_desk);
  latest_change (base, live, &live_changed, &live_desk);
  if (clt_sync_stamp_compare (live_changed, live_desk, deleted_changed, deleted_desk) > 0)
    {
      /* A deletion both sides had agreed on is no news: the live side
       * brought the object back on purpose. */
      dropped->dropped = base == NULL || clt_sync_doc_get_state (base, NULL, NULL) != CLT_SYNC_DELETED;
      dropped->deleted_changed = deleted_changed;
      dropped->deleted_desk = deleted_desk;
      dropped->live_changed = live_changed;
      dropped->live_desk = live_desk;
      clt_sync_doc_get_state (live, &live_changed, &live_desk);
      clt_sync_doc_set_state (merged, CLT_SYNC_LIVE, live_changed, live_desk);
    }
  else
    clt_sync_doc_set_state (merged, CLT_SYNC_DELETED, deleted_changed, deleted_desk);

  return TRUE;
}

/* The conflict that says @dropped's deletion lost to later changes. */
static CltSyncConflict *
deletion_conflict (const CltSyncDoc *merged,
                   const Dropped    *dropped)
{
  CltSyncKind kind = clt_sync_doc_get_kind (merged);
  const char *name = kind == CLT_SYNC_PROMISE ? clt_sync_doc_get_string (merged, "text")
                   : kind == CLT_SYNC_CONTACT ? clt_sync_doc_get_string (merged, "kind")
                   : NULL;
  Slot lost = { TRUE, NULL, dropped->deleted_changed, dropped->deleted_desk };
  Slot won = { TRUE, NULL, dropped->live_changed, dropped->live_desk };
  g_autoptr(GVariant) lost_value = g_variant_ref_sink (g_variant_new_string ("deleted"));
  g_autoptr(GVariant) won_value = g_variant_ref_sink (g_variant_new_string (name ? name : ""));

  lost.value = lost_value;
  won.value = won_value;
  return conflict_new (kind, CLT_SYNC_CONFLICT_DELETION, &lost, &won);
}

static gboolean
same_object (const CltSyncDoc *a,
             const CltSyncDoc *b)
{
  return clt_sync_doc_get_kind (a) == clt_sync_doc_get_kind (b) &&
         g_strcmp0 (clt_sync_doc_get_uid (a), clt_sync_doc_get_uid (b)) == 0;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every key of the three, once, sorted. */
static GPtrArray *
all_keys (const CltSyncDoc *base,
          const CltSyncDoc *local,
          const CltSyncDoc *remote)
{
  const CltSyncDoc *docs[] = { base, local, remote };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *keys = g_ptr_array_new ();

  for (guint d = 0; d < G_N_ELEMENTS (docs); d++)
    {
      g_autoptr(GPtrArray) doc_keys = NULL;

      if (docs[d] == NULL)
        continue;
      doc_keys = clt_sync_doc_get_keys (docs[d]);
      for (guint i = 0; i < doc_keys->len; i++)
        if (g_hash_table_add (seen, g_ptr_array_index (doc_keys, i)))
          g_ptr_array_add (keys, g_ptr_array_index (doc_keys, i));
    }
  g_ptr_array_sort (keys, compare_keys);

  return keys;
}

static int
compare_conflicts (gconstpointer a,
                   gconstpointer b)
{
  const CltSyncConflict *x = *(const CltSyncConflict * const *) a;
  const CltSyncConflict *y = *(const CltSyncConflict * const *) b;

  return strcmp (x->key, y->key);
}

CltSyncDoc *
clt_sync_merge (const CltSyncDoc  *base,
                const CltSyncDoc  *local,
                const CltSyncDoc  *remote,
                GPtrArray        **conflicts)
{
  g_autoptr(CltSyncDoc) merged = NULL;
  g_autoptr(GPtrArray) lost = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  Dropped dropped = { FALSE, 0, "", 0, "" };

  g_return_val_if_fail (local != NULL && remote != NULL, NULL);
  g_return_val_if_fail (same_object (local, remote), NULL);
  g_return_val_if_fail (base == NULL || same_object (base, local), NULL);

  merged = clt_sync_doc_new (clt_sync_doc_get_kind (local), clt_sync_doc_get_uid (local));
  lost = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_sync_conflict_free);

  /* An erasure leaves nothing of the person, not even in a conflict. */
  if (merge_state (base, local, remote, merged, &dropped))
    {
      keys = all_keys (base, local, remote);
      for (guint i = 0; i < keys->len; i++)
        merge_field (base, local, remote, g_ptr_array_index (keys, i), merged, lost);
      if (dropped.dropped)
        g_ptr_array_add (lost, deletion_conflict (merged, &dropped));
      if (clt_sync_doc_get_state (merged, NULL, NULL) != CLT_SYNC_LIVE)
        g_ptr_array_set_size (lost, 0);
      g_ptr_array_sort (lost, compare_conflicts);
    }

  if (conflicts != NULL)
    *conflicts = g_steal_pointer (&lost);

  return g_steal_pointer (&merged);
}

/* What makes two elements of the same kind one, for adopt: "" for an
 * element that is never matched. */
static char *
element_identity (const char *key,
                  GVariant   *value)
{
  const char *label, *text, *category;

  if (value == NULL)
    return g_strdup ("");

  if (g_str_has_prefix (key, "email/") && g_variant_is_of_type (value, G_VARIANT_TYPE ("(ss)")))
    {
      g_autofree char *stripped = NULL;

      g_variant_get (value, "(&s&s)", &label, &text);
      stripped = clt_text_strip (text);
      return g_utf8_casefold (stripped, -1);
    }
  if (g_str_has_prefix (key, "phone/") && g_variant_is_of_type (value, G_VARIANT_TYPE ("(ss)")))
    {
      g_autofree char *digits = NULL;
      gsize len;

      /* By the last nine digits, as duplicates are found: "06 12 34 56 78"
       * and "+33 6 12 34 56 78" are one number. */
      g_variant_get (value, "(&s&s)", &label, &text);
      digits = clt_text_phone_digits (text);
      len = strlen (digits);
      return len > 9 ? g_strdup (digits + len - 9) : g_steal_pointer (&digits);
    }
  if (g_str_has_prefix (key, "address/") && g_variant_is_of_type (value, G_VARIANT_TYPE ("(ss)")))
    {
      g_autofree char *stripped = NULL;

      g_variant_get (value, "(&s&s)", &label, &text);
      stripped = clt_text_strip (text);
      return clt_text_fold (stripped);
    }
  if (g_str_has_prefix (key, "preference/") && g_variant_is_of_type (value, G_VARIANT_TYPE ("(ssbb)")))
    {
      g_autofree char *stripped = NULL;
      g_autofree char *folded = NULL;
      g_autofree char *folded_category = NULL;

      g_variant_get (value, "(&s&sbb)", &category, &text, NULL, NULL);
      stripped = clt_text_strip (text);
      folded = clt_text_fold (stripped);
      folded_category = clt_text_fold (category);
      return *folded ? g_strconcat (folded_category, "\n", folded, NULL) : g_strdup ("");
    }
  if (g_str_has_prefix (key, "note/") && g_variant_is_of_type (value, G_VARIANT_TYPE ("(ssbx)")))
    {
      g_variant_get (value, "(&s&sbx)", &text, NULL, NULL, NULL);
      return clt_text_strip (text);
    }

  return g_strdup ("");
}

/* The element kind of @key with its slash ("email/"), or NULL. */
static char *
element_prefix (const char *key)
{
  static const char * const prefixes[] = { "email/", "phone/", "address/", "preference/", "note/" };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (key, prefixes[i]))
      return g_strdup (prefixes[i]);

  return NULL;
}

/* The key @local's element @key takes in the adopted customer: the key of
 * @remote's element with the same value, or its own, made unique when
 * @remote has another element under it. */
static char *
adopted_key (const CltSyncDoc *local,
             const CltSyncDoc *remote,
             const char       *key)
{
  g_autofree char *prefix = element_prefix (key);
  g_autofree char *identity = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  Slot l = slot_get (local, key);
  Slot r = slot_get (remote, key);

  if (prefix == NULL || l.value == NULL)
    return g_strdup (key);

  identity = element_identity (key, l.value);
  if (*identity == '\0')
    return g_strdup (key);

  candidates = clt_sync_doc_get_keys_with_prefix (remote, prefix);
  for (guint i = 0; i < candidates->len; i++)
    {
      const char *candidate = g_ptr_array_index (candidates, i);
      Slot c = slot_get (remote, candidate);
      g_autofree char *other = element_identity (candidate, c.value);

      if (g_strcmp0 (identity, other) == 0)
        return g_strdup (candidate);
    }

  /* Ids are random: two different elements under one id are unlikely,
   * but neither may hide the other. */
  if (r.present)
    {
      g_autofree char *checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA1,
                                                                  clt_sync_doc_get_uid (local), -1);

      return g_strdup_printf ("%s-%.8s", key, checksum);
    }

  return g_strdup (key);
}

CltSyncDoc *
clt_sync_merge_adopt (const CltSyncDoc *local,
                      const CltSyncDoc *remote)
{
  g_autoptr(CltSyncDoc) renamed = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  CltSyncState state;
  gint64 changed;
  const char *desk;

  g_return_val_if_fail (local != NULL && remote != NULL, NULL);
  g_return_val_if_fail (clt_sync_doc_get_kind (local) == clt_sync_doc_get_kind (remote), NULL);

  renamed = clt_sync_doc_new (clt_sync_doc_get_kind (remote), clt_sync_doc_get_uid (remote));
  state = clt_sync_doc_get_state (local, &changed, &desk);
  clt_sync_doc_set_state (renamed, state, changed, desk);

  keys = clt_sync_doc_get_keys (local);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *target = adopted_key (local, remote, key);
      Slot field = slot_get (local, key);
      Slot already = slot_get (renamed, target);

      /* Two of @local's elements that are one of @remote's: the later. */
      if (slot_compare (&field, &already) > 0)
        slot_put (renamed, target, &field);
    }

  return clt_sync_merge (NULL, renamed, remote, NULL);
}

guint
clt_sync_merge_drop_tombstones (CltSyncDoc *doc,
                                gint64      before)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) old = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (doc != NULL, 0);

  keys = clt_sync_doc_get_keys (doc);
  for (guint i = 0; i < keys->len; i++)
    {
      Slot slot = slot_get (doc, g_ptr_array_index (keys, i));

      if (slot.value == NULL && slot.changed < before)
        g_ptr_array_add (old, g_strdup (g_ptr_array_index (keys, i)));
    }
  for (guint i = 0; i < old->len; i++)
    clt_sync_doc_unset (doc, g_ptr_array_index (old, i));

  return old->len;
}
