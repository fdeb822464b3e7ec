/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* EDS's headers still mention GTimeVal. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libebook-contacts/libebook-contacts.h>
G_GNUC_END_IGNORE_DEPRECATIONS

#include "clt-import-private.h"
#include "clt-mail.h"
#include "clt-record-pipe.h"
#include "clt-store-import.h"
#include "clt-text.h"
#include "clt-vcard-reader.h"

/* How much of a file is looked at to tell a vCard from a CSV file. */
#define SNIFF_BYTES 4096

/* Records between two looks at the reader's position. */
#define PROGRESS_EVERY 64

/* The share of a run's progress bar for reading the file and writing its
 * customers; the rest is the commit, which brings the search index up to
 * date for each of them and takes about as long. */
#define RUN_READING_SPAN 0.5

typedef enum
{
  PASS_PLAN,
  PASS_RUN,
} Pass;

struct _CltImport
{
  GObject         parent_instance;

  CltStore       *store;
  char           *country;
  CltImportIndex *index;        /* during a pass */

  guint           n_new;
  guint           n_same;
  GPtrArray      *duplicates;   /* CltImportDuplicate, of the plan */
  GHashTable     *actions;      /* record index → CltImportDuplicate of the plan */
  GPtrArray      *problems;     /* CltRecordProblem, of the last pass */
  GPtrArray      *kept_apart;   /* CltImportDuplicate, of the last run */
};

G_DEFINE_FINAL_TYPE (CltImport, clt_import, G_TYPE_OBJECT)

G_DEFINE_QUARK (clt-import-error-quark, clt_import_error)

/* The file size clt_import_open() attaches to the reader it makes. */
static GQuark
file_size_quark (void)
{
  return g_quark_from_static_string ("clt-import-file-size");
}

/* Writing */

static gboolean
write_children (CltImport         *self,
                gint64             customer_id,
                CltImportChanges  *changes,
                GError           **error)
{
  return clt_store_import_details (self->store, customer_id, changes->contacts,
                                   changes->preferences, changes->notes, changes->tags, error);
}

static gint64
write_new (CltImport          *self,
           CltRecord          *record,
           CltImportPrepared  *prepared,
           GError            **error)
{
  CltCustomer *customer = record->customer;
  gint64 id;

  /* A UID is one customer's: one kept apart, or one of a deleted customer,
   * gets a new one. */
  if (clt_import_index_has_uid (self->index, clt_customer_get_uid (customer)))
    clt_customer_set_uid (customer, NULL);

  if (record->has_consent && clt_customer_get_consent_source (customer) == NULL)
    clt_customer_set_consent_source (customer, _("Import"));

  id = clt_store_add_customer (self->store, customer, error);
  if (id == 0 || !write_children (self, id, &prepared->changes, error))
    return 0;

  if (prepared->row != NULL)
    clt_store_import_search_row (self->store, id, g_steal_pointer (&prepared->row));
  return id;
}

/* Records */

/* A match by name alone, for a record with an e-mail or phone that is
 * nobody's in the book: merging would add them, so there is no need to
 * read the customer to know the record is not already there. */
static gboolean
surely_new (const CltImportMatch *match,
            const CltImportKeys  *keys)
{
  return !match->same_uid && (match->reasons & (CLT_DUPLICATE_EMAIL | CLT_DUPLICATE_PHONE)) == 0 &&
         (keys->emails->len > 0 || keys->phones->len > 0);
}

static CltImportDuplicate *
duplicate_new (guint                 index,
               CltRecord            *record,
               const CltImportMatch *match)
{
  CltImportDuplicate *duplicate = g_new0 (CltImportDuplicate, 1);

  duplicate->index = index;
  duplicate->line = record->line;
  duplicate->reasons = match->reasons;
  duplicate->same_uid = match->same_uid;
  /* A name alone is not enough to be sure. */
  duplicate->action = match->same_uid || (match->reasons & ~CLT_DUPLICATE_NAME) != 0
                      ? CLT_IMPORT_MERGE : CLT_IMPORT_ADD;

  return duplicate;
}

/* Sorts one record of the plan: new, the same as its customer, or a
 * possible duplicate. */
static gboolean
plan_record (CltImport          *self,
             guint               index,
             CltRecord          *record,
             CltImportPrepared  *prepared,
             GError            **error)
{
  CltImportKeys *keys = &prepared->keys;
  g_auto(CltImportExisting) existing = { 0 };
  g_auto(CltImportChanges) changes = { 0 };
  CltImportDuplicate *duplicate;
  CltImportMatch match;

  clt_import_index_find (self->index, keys, &match);

  if (match.target == 0)
    {
      self->n_new++;
      clt_import_index_add (self->index, keys, clt_import_index_add_pending (self->index, record));
      return TRUE;
    }

  duplicate = duplicate_new (index, record, &match);
  if (match.target > 0)
    {
      if (surely_new (&match, keys))
        duplicate->customer_name = clt_store_get_display_name (self->store, match.target, error);
      else if (clt_import_existing_load (&existing, self->store, match.target, error))
        {
          clt_import_changes_compute (&changes, &existing, record, self->country);
          /* Another name on a known e-mail or phone (a relative, a shared
           * line, a typo) is for a person to look at, even with nothing
           * to add. */
          if (clt_import_changes_is_empty (&changes) &&
              (match.same_uid || (match.reasons & CLT_DUPLICATE_NAME) != 0))
            {
              self->n_same++;
              clt_import_duplicate_free (duplicate);
              return TRUE;
            }
          duplicate->customer_name = g_strdup (clt_customer_get_display_name (existing.customer));
        }

      if (duplicate->customer_name == NULL)
        {
          clt_import_duplicate_free (duplicate);
          return FALSE;
        }

      duplicate->customer_id = match.target;
    }
  else
    {
      const char *name;

      clt_import_index_get_pending (self->index, match.target, &duplicate->match_line, &name);
      duplicate->customer_name = g_strdup (name);
    }

  /* What the run will do by default, so that later records match alike. */
  if (duplicate->action == CLT_IMPORT_MERGE)
    clt_import_index_add (self->index, keys, match.target);
  else
    clt_import_index_add (self->index, keys, clt_import_index_add_pending (self->index, record));

  g_hash_table_insert (self->actions, GUINT_TO_POINTER (index), duplicate);
  g_ptr_array_add (self->duplicates, duplicate);
  duplicate->record = record;

  return TRUE;
}

/* Writes one record. */
static gboolean
run_record (CltImport          *self,
            guint               index,
            CltRecord          *record,
            CltImportPrepared  *prepared,
            CltImportResult    *result,
            GError            **error)
{
  CltImportKeys *keys = &prepared->keys;
  g_auto(CltImportExisting) existing = { 0 };
  g_auto(CltImportChanges) changes = { 0 };
  g_autoptr(CltImportDuplicate) duplicate = NULL;
  CltImportDuplicate *planned;
  CltImportAction action;
  CltImportMatch match;
  gint64 id;

  clt_import_index_find (self->index, keys, &match);

  /* The plan's choice, else the default; without a match, a merge is an
   * addition. */
  planned = g_hash_table_lookup (self->actions, GUINT_TO_POINTER (index));
  action = planned != NULL && planned->action == CLT_IMPORT_SKIP ? CLT_IMPORT_SKIP : CLT_IMPORT_ADD;
  if (match.target != 0)
    {
      g_assert (match.target > 0);

      duplicate = duplicate_new (index, record, &match);
      action = planned != NULL ? planned->action : duplicate->action;

      if (action == CLT_IMPORT_MERGE || !surely_new (&match, keys))
        {
          if (!clt_import_existing_load (&existing, self->store, match.target, error))
            return FALSE;

          /* What the book has already is skipped, unless the user chose
           * to keep it apart. */
          clt_import_changes_compute (&changes, &existing, record, self->country);
          if (clt_import_changes_is_empty (&changes) && (planned == NULL || planned->action != CLT_IMPORT_ADD))
            action = CLT_IMPORT_SKIP;
        }
      else if (action == CLT_IMPORT_ADD)
        {
          duplicate->customer_name = clt_store_get_display_name (self->store, match.target, error);
          if (duplicate->customer_name == NULL)
            return FALSE;
        }
    }

  switch (action)
    {
    case CLT_IMPORT_SKIP:
      result->skipped++;
      return TRUE;

    case CLT_IMPORT_MERGE:
      if (changes.fields && !clt_store_update_customer (self->store, existing.customer, error))
        return FALSE;
      if (!write_children (self, match.target, &changes, error))
        return FALSE;
      clt_import_index_add (self->index, keys, match.target);
      result->merged++;
      return TRUE;

    case CLT_IMPORT_ADD:
    default:
      id = write_new (self, record, prepared, error);
      if (id == 0)
        return FALSE;
      /* The UID the customer was given, if the record's was taken. */
      keys->uid = clt_customer_get_uid (record->customer);
      clt_import_index_add (self->index, keys, (CltImportTarget) id);
      result->added++;

      if (duplicate != NULL)
        {
          duplicate->customer_id = match.target;
          if (duplicate->customer_name == NULL)
            duplicate->customer_name = g_strdup (clt_customer_get_display_name (existing.customer));
          duplicate->action = CLT_IMPORT_ADD;
          g_ptr_array_add (self->kept_apart, g_steal_pointer (&duplicate));
        }
      return TRUE;
    }
}

static goffset
reader_size (CltRecordReader *reader)
{
  gpointer size = g_object_get_qdata (G_OBJECT (reader), file_size_quark ());

  return size != NULL ? *(goffset *) size : 0;
}

static gboolean
load_index (CltImport  *self,
            GError    **error)
{
  g_clear_pointer (&self->index, clt_import_index_free);
  self->index = clt_import_index_new (self->country);

  return clt_import_index_load (self->index, self->store, error);
}

typedef struct
{
  const char *country;
  gboolean    with_row;
} Preparing;

/* On the reading thread. */
static gpointer
prepare_record (CltRecord *record,
                gpointer   user_data)
{
  Preparing *preparing = user_data;

  return clt_import_prepare (record, preparing->country, preparing->with_row);
}

/* Reads every record of @reader, handing each to the pass; the progress
 * goes from 0 to @span as the file is read. The file is parsed on a thread
 * of its own, ahead of the pass, which meanwhile writes the book. */
static gboolean
read_all (CltImport          *self,
          Pass                pass,
          CltRecordReader    *reader,
          CltImportProgress   progress,
          gpointer            user_data,
          double              span,
          GCancellable       *cancellable,
          CltImportResult    *result,
          GError            **error)
{
  Preparing preparing = { self->country, pass == PASS_RUN };
  g_autoptr(CltRecordPipe) pipe = clt_record_pipe_new (reader, prepare_record, &preparing,
                                                       (GDestroyNotify) clt_import_prepared_free,
                                                       cancellable);
  goffset size = reader_size (reader);
  double reported = -1;
  /* A reader gives a row's problems before its record: problems that no
   * record of their line follows are a row left out. */
  guint problem_line = 0;

  for (guint index = 0;; index++)
    {
      CltRecord *record = NULL;
      CltRecordProblem *problem = NULL;
      CltImportPrepared *prepared = NULL;
      g_autoptr(GError) local_error = NULL;
      goffset position = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!clt_record_pipe_next (pipe, &record, &problem, &position, (gpointer *) &prepared, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }

      if (problem != NULL)
        {
          if (problem_line != 0 && problem_line != problem->line)
            result->skipped++;
          problem_line = problem->line;
          g_ptr_array_add (self->problems, problem);
          continue;
        }

      if (problem_line != 0 && problem_line != record->line)
        result->skipped++;
      problem_line = 0;

      g_ptr_array_extend_and_steal (self->problems, g_steal_pointer (&prepared->problems));

      if (!prepared->keep)
        {
          clt_record_pipe_give_back (pipe, record, prepared);
          result->skipped++;
          continue;
        }

      if (pass == PASS_PLAN)
        {
          gboolean ok = plan_record (self, index, record, prepared, error);

          /* The plan keeps the record of a possible duplicate. */
          if (ok && g_hash_table_contains (self->actions, GUINT_TO_POINTER (index)))
            record = NULL;
          clt_record_pipe_give_back (pipe, record, prepared);
          if (!ok)
            return FALSE;
        }
      else
        {
          gboolean ok = run_record (self, index, record, prepared, result, error);

          clt_record_pipe_give_back (pipe, record, prepared);
          if (!ok)
            return FALSE;
        }

      if (progress != NULL && size > 0 && index % PROGRESS_EVERY == 0)
        {
          double fraction = CLAMP ((double) position / size, 0, 1);

          if (fraction - reported >= 0.001)
            {
              progress (fraction * span, user_data);
              reported = fraction;
            }
        }
    }

  if (problem_line != 0)
    result->skipped++;

  return TRUE;
}

static void
clt_import_finalize (GObject *object)
{
  CltImport *self = (CltImport *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->country, g_free);
  g_clear_pointer (&self->index, clt_import_index_free);
  g_clear_pointer (&self->actions, g_hash_table_unref);
  g_clear_pointer (&self->duplicates, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->kept_apart, g_ptr_array_unref);

  G_OBJECT_CLASS (clt_import_parent_class)->finalize (object);
}

static void
clt_import_class_init (CltImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clt_import_finalize;
}

static void
clt_import_init (CltImport *self)
{
  self->duplicates = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_import_duplicate_free);
  self->actions = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_record_problem_free);
  self->kept_apart = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_import_duplicate_free);
}

void
clt_import_duplicate_free (CltImportDuplicate *duplicate)
{
  if (duplicate == NULL)
    return;

  g_clear_pointer (&duplicate->record, clt_record_free);
  g_free (duplicate->customer_name);
  g_free (duplicate);
}

gboolean
clt_import_check_country (const char  *country,
                          GError     **error)
{
  g_return_val_if_fail (country != NULL, FALSE);

  if (strlen (country) == 2)
    {
      g_autofree char *code = g_ascii_strup (country, -1);

      /* Without libphonenumber (the Flatpak) no list of countries to check
       * against, and the country changes nothing: two letters will do. */
      if (clt_import_phones_by_digits ()
          ? g_ascii_isalpha (code[0]) && g_ascii_isalpha (code[1])
          : e_phone_number_get_country_code_for_region (code, NULL) > 0)
        return TRUE;
    }

  g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED,
               _("“%s” is not a country code. Give the two letters of the country, "
                 "such as FR, CH, BE or CA."), country);
  return FALSE;
}

/**
 * clt_import_new:
 * @country: (nullable): how to read phone numbers written without their
 *   country code, %NULL for the book's setting
 */
CltImport *
clt_import_new (CltStore   *store,
                const char *country)
{
  CltImport *self;

  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_IMPORT, NULL);
  self->store = g_object_ref (store);
  self->country = country != NULL ? g_ascii_strup (country, -1) : clt_store_get_country (store);

  return self;
}

const char *
clt_import_get_country (CltImport *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT (self), NULL);

  return self->country;
}

static gboolean
has_nul (const guint8 *data,
         gsize         len)
{
  return memchr (data, '\0', len) != NULL;
}

/* Whether a line of the first bytes begins a vCard. */
static gboolean
looks_like_vcard (const guint8 *data,
                  gsize         len)
{
  g_autofree char *converted = NULL;
  const char *text = (const char *) data;
  const char *end;

  if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
    {
      /* UTF-16: whole code units only; g_convert() reads the BOM. */
      converted = g_convert ((const char *) data, len & ~(gsize) 1, "UTF-8", "UTF-16", NULL, &len, NULL);
      if (converted == NULL)
        return FALSE;
      text = converted;
    }
  else if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      text += 3;
      len -= 3;
    }

  end = text + len;
  for (const char *line = text; line < end;)
    {
      const char *next = memchr (line, '\n', end - line);

      while (line < end && (*line == ' ' || *line == '\t' || *line == '\r'))
        line++;
      if (end - line >= 11 && g_ascii_strncasecmp (line, "BEGIN:VCARD", 11) == 0)
        return TRUE;
      if (next == NULL)
        break;
      line = next + 1;
    }

  return FALSE;
}

static gboolean
preview_has_key_column (const CltCsvPreview *preview)
{
  for (guint i = 0; preview->mapping != NULL && i < preview->n_columns; i++)
    switch (preview->mapping[i])
      {
      case CLT_CSV_FULL_NAME:
      case CLT_CSV_GIVEN_NAME:
      case CLT_CSV_FAMILY_NAME:
      case CLT_CSV_COMPANY:
      case CLT_CSV_EMAIL:
      case CLT_CSV_PHONE:
      case CLT_CSV_MOBILE:
        return TRUE;
      default:
        break;
      }

  return FALSE;
}

static void
set_unreadable (GError **error,
                GFile   *file)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
               _("“%s” is neither a vCard file nor a CSV file. In the program that holds "
                 "your contacts, export them as vCard (.vcf) or CSV, and import that file; "
                 "save a spreadsheet as CSV first."), name);
}

/**
 * clt_import_open:
 *
 * Returns: (transfer full): a reader at the start of @file
 */
CltRecordReader *
clt_import_open (GFile                *file,
                 const CltCsvPreview  *csv_preview,
                 GError              **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CltCsvPreview) sniffed = NULL;
  g_autofree char *name = NULL;
  g_autofree guint8 *head = g_malloc (SNIFF_BYTES);
  CltRecordReader *reader;
  goffset *size;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  stream = g_file_read (file, NULL, &local_error);
  if (stream != NULL)
    info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, &local_error);
  if (info != NULL &&
      g_input_stream_read_all (G_INPUT_STREAM (stream), head, SNIFF_BYTES, &len, NULL, &local_error))
    g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, &local_error);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
                   _("There is no file “%s”. Check its name and folder."), name);
      return NULL;
    }
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
                   _("“%s” is a folder. Choose the vCard or CSV file in it."), name);
      return NULL;
    }
  if (local_error != NULL)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
                   _("“%s” cannot be read (%s). Check that it is yours to read, "
                     "or copy it to your folder first."), name, local_error->message);
      return NULL;
    }

  if (len == 0)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
                   _("“%s” is empty. Export your contacts again and import the new file."), name);
      return NULL;
    }

  if (looks_like_vcard (head, len))
    reader = clt_vcard_reader_new (G_INPUT_STREAM (stream));
  else
    {
      if (csv_preview == NULL)
        {
          sniffed = clt_csv_sniff (G_INPUT_STREAM (stream), NULL, &local_error);
          if (sniffed == NULL && g_error_matches (local_error, CLT_CSV_ERROR, CLT_CSV_ERROR_BINARY))
            {
              set_unreadable (error, file);
              return NULL;
            }
          if (sniffed == NULL)
            {
              /* TRANSLATORS: %s is a file, then why it cannot be read */
              g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
                           _("“%s” cannot be imported. %s"), name, local_error->message);
              return NULL;
            }
          csv_preview = sniffed;
        }

      /* Text in UTF-16 has NUL bytes; any other text has none. */
      if (has_nul (head, len) && !g_str_has_prefix (csv_preview->encoding, "UTF-16"))
        {
          set_unreadable (error, file);
          return NULL;
        }

      if (!preview_has_key_column (csv_preview))
        {
          g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_NEEDS_MAPPING,
                       _("No column of “%s” was recognised as a name, an e-mail address or "
                         "a phone number. Import it from the Clientele window, which lets "
                         "you say what each column holds."), name);
          return NULL;
        }

      if (!g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, &local_error))
        {
          g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
                       _("“%s” cannot be read (%s). Check that it is yours to read, "
                         "or copy it to your folder first."), name, local_error->message);
          return NULL;
        }

      reader = clt_csv_reader_new (G_INPUT_STREAM (stream), csv_preview);
    }

  size = g_new (goffset, 1);
  *size = g_file_info_get_size (info);
  g_object_set_qdata_full (G_OBJECT (reader), file_size_quark (), size, g_free);

  return reader;
}

static void
reset_pass (CltImport *self)
{
  g_ptr_array_set_size (self->problems, 0);
  g_ptr_array_set_size (self->kept_apart, 0);
}

gboolean
clt_import_plan (CltImport          *self,
                 CltRecordReader    *reader,
                 CltImportProgress   progress,
                 gpointer            user_data,
                 GCancellable       *cancellable,
                 GError            **error)
{
  CltImportResult ignored = { 0 };
  gboolean ok;

  g_return_val_if_fail (CLT_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (CLT_IS_RECORD_READER (reader), FALSE);

  reset_pass (self);
  g_hash_table_remove_all (self->actions);
  g_ptr_array_set_size (self->duplicates, 0);
  self->n_new = 0;
  self->n_same = 0;

  ok = load_index (self, error) &&
       read_all (self, PASS_PLAN, reader, progress, user_data, 1.0, cancellable, &ignored, error);
  g_clear_pointer (&self->index, clt_import_index_free);

  if (!ok)
    {
      g_hash_table_remove_all (self->actions);
      g_ptr_array_set_size (self->duplicates, 0);
      return FALSE;
    }

  if (progress != NULL)
    progress (1.0, user_data);
  return TRUE;
}

guint
clt_import_get_n_new (CltImport *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT (self), 0);

  return self->n_new;
}

guint
clt_import_get_n_same (CltImport *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT (self), 0);

  return self->n_same;
}

GPtrArray *
clt_import_get_duplicates (CltImport *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT (self), NULL);

  return self->duplicates;
}

GPtrArray *
clt_import_get_problems (CltImport *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT (self), NULL);

  return self->problems;
}

GPtrArray *
clt_import_get_kept_apart (CltImport *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT (self), NULL);

  return self->kept_apart;
}

void
clt_import_set_action (CltImport       *self,
                       guint            index,
                       CltImportAction  action)
{
  CltImportDuplicate *duplicate;

  g_return_if_fail (CLT_IS_IMPORT (self));
  g_return_if_fail (action <= CLT_IMPORT_SKIP);

  duplicate = g_hash_table_lookup (self->actions, GUINT_TO_POINTER (index));
  g_return_if_fail (duplicate != NULL);

  duplicate->action = action;
}

void
clt_import_set_all_actions (CltImport       *self,
                            CltImportAction  action)
{
  g_return_if_fail (CLT_IS_IMPORT (self));
  g_return_if_fail (action <= CLT_IMPORT_SKIP);

  for (guint i = 0; i < self->duplicates->len; i++)
    ((CltImportDuplicate *) g_ptr_array_index (self->duplicates, i))->action = action;
}

/**
 * clt_import_run:
 * @result: (out caller-allocates): what was done
 */
gboolean
clt_import_run (CltImport          *self,
                CltRecordReader    *reader,
                CltImportProgress   progress,
                gpointer            user_data,
                GCancellable       *cancellable,
                CltImportResult    *result,
                GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  CltImportResult counts = { 0 };
  gboolean ok;

  g_return_val_if_fail (CLT_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (CLT_IS_RECORD_READER (reader), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  reset_pass (self);

  clt_store_set_bulk_writes (self->store, TRUE);
  if (!clt_store_begin (self->store, error))
    {
      clt_store_set_bulk_writes (self->store, FALSE);
      return FALSE;
    }

  ok = load_index (self, &local_error) &&
       read_all (self, PASS_RUN, reader, progress, user_data, RUN_READING_SPAN,
                 cancellable, &counts, &local_error);
  g_clear_pointer (&self->index, clt_import_index_free);

  if (ok)
    ok = clt_store_commit (self->store, &local_error);
  else
    clt_store_rollback (self->store);
  clt_store_set_bulk_writes (self->store, FALSE);

  if (!ok)
    {
      g_ptr_array_set_size (self->kept_apart, 0);
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&local_error, _("Nothing was imported. "));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *result = counts;
  if (progress != NULL)
    progress (1.0, user_data);
  return TRUE;
}
