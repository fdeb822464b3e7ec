/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include "clt-record.h"

G_DEFINE_INTERFACE (CltRecordReader, clt_record_reader, G_TYPE_OBJECT)

static void
clt_record_reader_default_init (CltRecordReaderInterface *iface)
{
}

CltRecord *
clt_record_new (guint line)
{
  CltRecord *record = g_new0 (CltRecord, 1);

  record->line = line;
  record->customer = g_object_new (CLT_TYPE_CUSTOMER, NULL);
  record->contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_contact_free);
  record->preferences = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_preference_free);
  record->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_note_free);
  record->tags = g_ptr_array_new_with_free_func (g_free);

  return record;
}

void
clt_record_free (CltRecord *record)
{
  if (record == NULL)
    return;

  g_clear_object (&record->customer);
  g_clear_pointer (&record->contacts, g_ptr_array_unref);
  g_clear_pointer (&record->preferences, g_ptr_array_unref);
  g_clear_pointer (&record->notes, g_ptr_array_unref);
  g_clear_pointer (&record->tags, g_ptr_array_unref);
  g_free (record);
}

void
clt_record_add_contact (CltRecord      *record,
                        CltContactKind  kind,
                        const char     *label,
                        const char     *value)
{
  CltContact *contact;

  g_return_if_fail (record != NULL);

  if (value == NULL || *value == '\0')
    return;

  contact = g_new0 (CltContact, 1);
  contact->kind = kind;
  contact->label = label && *label ? g_strdup (label) : NULL;
  contact->value = g_strdup (value);
  g_ptr_array_add (record->contacts, contact);
}

CltRecordProblem *
clt_record_problem_new (guint       line,
                        const char *reason)
{
  CltRecordProblem *problem = g_new0 (CltRecordProblem, 1);

  problem->line = line;
  problem->reason = g_strdup (reason);

  return problem;
}

void
clt_record_problem_free (CltRecordProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->reason);
  g_free (problem);
}

gboolean
clt_record_reader_next (CltRecordReader   *self,
                        CltRecord        **record,
                        CltRecordProblem **problem,
                        GCancellable      *cancellable,
                        GError           **error)
{
  g_return_val_if_fail (CLT_IS_RECORD_READER (self), FALSE);
  g_return_val_if_fail (record != NULL && *record == NULL, FALSE);
  g_return_val_if_fail (problem != NULL && *problem == NULL, FALSE);

  return CLT_RECORD_READER_GET_IFACE (self)->next (self, record, problem, cancellable, error);
}

goffset
clt_record_reader_get_position (CltRecordReader *self)
{
  g_return_val_if_fail (CLT_IS_RECORD_READER (self), 0);

  return CLT_RECORD_READER_GET_IFACE (self)->get_position (self);
}
