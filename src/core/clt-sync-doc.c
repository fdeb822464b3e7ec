/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "clt-sync-doc.h"

/* (kind, uid, state, state changed, state desk, {key: (value?, changed, desk)}) */
#define DOC_TYPE   "(ysyxsa{s(mvxs)})"

typedef struct
{
  GVariant *value;   /* NULL: a tombstone */
  gint64    changed;
  char     *desk;
} Field;

struct _CltSyncDoc
{
  gatomicrefcount  ref_count;
  CltSyncKind      kind;
  char            *uid;
  CltSyncState     state;
  gint64           state_changed;
  char            *state_desk;
  GHashTable      *fields;   /* char * → Field */
};

G_DEFINE_BOXED_TYPE (CltSyncDoc, clt_sync_doc, clt_sync_doc_ref, clt_sync_doc_unref)

static void
field_free (gpointer data)
{
  Field *field = data;

  g_clear_pointer (&field->value, g_variant_unref);
  g_free (field->desk);
  g_free (field);
}

static Field *
field_new (GVariant   *value,
           gint64      changed,
           const char *desk)
{
  Field *field = g_new0 (Field, 1);

  field->value = value ? g_variant_ref_sink (value) : NULL;
  field->changed = changed;
  field->desk = g_strdup (desk ? desk : "");

  return field;
}

CltSyncDoc *
clt_sync_doc_new (CltSyncKind  kind,
                  const char  *uid)
{
  CltSyncDoc *self;

  g_return_val_if_fail (uid != NULL && *uid != '\0', NULL);

  self = g_new0 (CltSyncDoc, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->uid = g_strdup (uid);
  self->state = CLT_SYNC_LIVE;
  self->state_desk = g_strdup ("");
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, field_free);

  return self;
}

CltSyncDoc *
clt_sync_doc_copy (const CltSyncDoc *self)
{
  CltSyncDoc *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (self != NULL, NULL);

  copy = clt_sync_doc_new (self->kind, self->uid);
  clt_sync_doc_set_state (copy, self->state, self->state_changed, self->state_desk);
  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Field *field = value;

      clt_sync_doc_set (copy, key, field->value, field->changed, field->desk);
    }

  return copy;
}

CltSyncDoc *
clt_sync_doc_ref (CltSyncDoc *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
clt_sync_doc_unref (CltSyncDoc *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->fields);
  g_free (self->uid);
  g_free (self->state_desk);
  g_free (self);
}

CltSyncKind
clt_sync_doc_get_kind (const CltSyncDoc *self)
{
  g_return_val_if_fail (self != NULL, CLT_SYNC_CUSTOMER);

  return self->kind;
}

const char *
clt_sync_doc_get_uid (const CltSyncDoc *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->uid;
}

CltSyncState
clt_sync_doc_get_state (const CltSyncDoc  *self,
                        gint64            *changed,
                        const char       **desk)
{
  g_return_val_if_fail (self != NULL, CLT_SYNC_LIVE);

  if (changed != NULL)
    *changed = self->state_changed;
  if (desk != NULL)
    *desk = self->state_desk;

  return self->state;
}

void
clt_sync_doc_set_state (CltSyncDoc   *self,
                        CltSyncState  state,
                        gint64        changed,
                        const char   *desk)
{
  g_return_if_fail (self != NULL);

  self->state = state;
  self->state_changed = changed;
  g_free (self->state_desk);
  self->state_desk = g_strdup (desk ? desk : "");
}

void
clt_sync_doc_set (CltSyncDoc *self,
                  const char *key,
                  GVariant   *value,
                  gint64      changed,
                  const char *desk)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL && *key != '\0');

  g_hash_table_replace (self->fields, g_strdup (key), field_new (value, changed, desk));
}

void
clt_sync_doc_unset (CltSyncDoc *self,
                    const char *key)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  g_hash_table_remove (self->fields, key);
}

gboolean
clt_sync_doc_lookup (const CltSyncDoc  *self,
                     const char        *key,
                     GVariant         **value,
                     gint64            *changed,
                     const char       **desk)
{
  Field *field;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  field = g_hash_table_lookup (self->fields, key);
  if (value != NULL)
    *value = field ? field->value : NULL;
  if (changed != NULL)
    *changed = field ? field->changed : 0;
  if (desk != NULL)
    *desk = field ? field->desk : NULL;

  return field != NULL;
}

const char *
clt_sync_doc_get_string (const CltSyncDoc *self,
                         const char       *key)
{
  GVariant *value = NULL;

  if (!clt_sync_doc_lookup (self, key, &value, NULL, NULL) || value == NULL ||
      !g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return NULL;

  return g_variant_get_string (value, NULL);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
clt_sync_doc_get_keys_with_prefix (const CltSyncDoc *self,
                                   const char       *prefix)
{
  GPtrArray *keys;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (self != NULL, NULL);

  keys = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (prefix == NULL || g_str_has_prefix (key, prefix))
      g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys);

  return keys;
}

GPtrArray *
clt_sync_doc_get_keys (const CltSyncDoc *self)
{
  return clt_sync_doc_get_keys_with_prefix (self, NULL);
}

guint
clt_sync_doc_get_n_fields (const CltSyncDoc *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->fields);
}

static gboolean
values_equal (GVariant *a,
              GVariant *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_variant_equal (a, b);
}

gboolean
clt_sync_doc_equal (const CltSyncDoc *a,
                    const CltSyncDoc *b,
                    gboolean          stamps)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->kind != b->kind || g_strcmp0 (a->uid, b->uid) != 0 || a->state != b->state ||
      g_hash_table_size (a->fields) != g_hash_table_size (b->fields))
    return FALSE;
  if (stamps && (a->state_changed != b->state_changed ||
                 g_strcmp0 (a->state_desk, b->state_desk) != 0))
    return FALSE;

  g_hash_table_iter_init (&iter, a->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Field *field = value;
      Field *other = g_hash_table_lookup (b->fields, key);

      if (other == NULL || !values_equal (field->value, other->value))
        return FALSE;
      if (stamps && (field->changed != other->changed ||
                     g_strcmp0 (field->desk, other->desk) != 0))
        return FALSE;
    }

  return TRUE;
}

static GVariant *
to_variant (const CltSyncDoc *self)
{
  g_autoptr(GPtrArray) keys = clt_sync_doc_get_keys (self);
  GVariantBuilder fields;

  g_variant_builder_init (&fields, G_VARIANT_TYPE ("a{s(mvxs)}"));
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      Field *field = g_hash_table_lookup (self->fields, key);

      g_variant_builder_add (&fields, "{s(mvxs)}", key,
                             field->value, field->changed, field->desk);
    }

  return g_variant_new (DOC_TYPE, (guchar) self->kind, self->uid, (guchar) self->state,
                        self->state_changed, self->state_desk, &fields);
}

GBytes *
clt_sync_doc_to_bytes (const CltSyncDoc *self)
{
  g_autoptr(GVariant) variant = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  variant = g_variant_ref_sink (to_variant (self));

  return g_variant_get_data_as_bytes (variant);
}

CltSyncDoc *
clt_sync_doc_from_bytes (GBytes  *bytes,
                         GError **error)
{
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GVariantIter) fields = NULL;
  g_autoptr(CltSyncDoc) self = NULL;
  const char *uid, *state_desk, *key, *desk;
  guchar kind, state;
  gint64 state_changed, changed;
  GVariant *value;

  g_return_val_if_fail (bytes != NULL, NULL);

  variant = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (DOC_TYPE), bytes, FALSE));
  if (!g_variant_is_normal_form (variant))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The shared copy of this record is damaged."));
      return NULL;
    }

  g_variant_get (variant, "(y&syx&sa{s(mvxs)})", &kind, &uid, &state, &state_changed,
                 &state_desk, &fields);
  if (kind > CLT_SYNC_CONTACT || state > CLT_SYNC_ERASED || *uid == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The shared copy of this record is damaged."));
      return NULL;
    }

  self = clt_sync_doc_new (kind, uid);
  clt_sync_doc_set_state (self, state, state_changed, state_desk);
  while (g_variant_iter_next (fields, "{&s(mvx&s)}", &key, &value, &changed, &desk))
    {
      if (*key != '\0')
        clt_sync_doc_set (self, key, value, changed, desk);
      g_clear_pointer (&value, g_variant_unref);
    }

  return g_steal_pointer (&self);
}

char *
clt_sync_doc_to_string (const CltSyncDoc *self)
{
  static const char * const kinds[] = { "customer", "promise", "contact" };
  static const char * const states[] = { "live", "deleted", "erased" };
  g_autoptr(GPtrArray) keys = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s %s %s %" G_GINT64_FORMAT " %s\n",
                          kinds[self->kind], self->uid, states[self->state],
                          self->state_changed, self->state_desk);
  keys = clt_sync_doc_get_keys (self);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      Field *field = g_hash_table_lookup (self->fields, key);
      g_autofree char *printed = field->value ? g_variant_print (field->value, FALSE) : NULL;

      g_string_append_printf (out, "%s = %s @%" G_GINT64_FORMAT " %s\n", key,
                              printed ? printed : "(removed)", field->changed, field->desk);
    }

  return g_string_free (out, FALSE);
}

char *
clt_sync_stamp_format (const char *key,
                       gint64      changed,
                       const char *desk)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (key != NULL, NULL);

  escaped = g_uri_escape_string (key, "/", FALSE);

  return g_strdup_printf ("%s %" G_GINT64_FORMAT " %s", escaped, changed, desk ? desk : "");
}

gboolean
clt_sync_stamp_parse (const char  *text,
                      char       **key,
                      gint64      *changed,
                      char       **desk)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *unescaped = NULL;
  gint64 time;

  g_return_val_if_fail (text != NULL, FALSE);

  parts = g_strsplit (text, " ", 3);
  if (g_strv_length (parts) < 2 ||
      !g_ascii_string_to_signed (parts[1], 10, 0, G_MAXINT64, &time, NULL))
    return FALSE;
  unescaped = g_uri_unescape_string (parts[0], NULL);
  if (unescaped == NULL || *unescaped == '\0')
    return FALSE;

  if (key != NULL)
    *key = g_steal_pointer (&unescaped);
  if (changed != NULL)
    *changed = time;
  if (desk != NULL)
    *desk = g_strdup (parts[2] ? g_strstrip (parts[2]) : "");

  return TRUE;
}
