/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-import"

#include "config.h"

#include "clt-record-pipe.h"

/* Records read ahead at most: a few hundred kilobytes of customers. */
#define CAPACITY 256

typedef struct
{
  CltRecord        *record;
  CltRecordProblem *problem;
  goffset           position;
} Item;

struct _CltRecordPipe
{
  CltRecordReader *reader;
  GCancellable    *cancellable;
  GThread         *thread;

  GMutex           lock;
  GCond            changed;
  GQueue           items;     /* Item, oldest first */
  gboolean         finished;  /* the reader said its last */
  GError          *error;     /* ... because of this */
  gboolean         stopping;  /* the taker has gone */
};

static void
item_free (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->record, clt_record_free);
  g_clear_pointer (&item->problem, clt_record_problem_free);
  g_free (item);
}

static gpointer
read_ahead (gpointer data)
{
  CltRecordPipe *self = data;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      CltRecord *record = NULL;
      CltRecordProblem *problem = NULL;
      gboolean more;
      Item *item;

      g_mutex_lock (&self->lock);
      while (self->items.length >= CAPACITY && !self->stopping)
        g_cond_wait (&self->changed, &self->lock);
      if (self->stopping)
        {
          g_mutex_unlock (&self->lock);
          return NULL;
        }
      g_mutex_unlock (&self->lock);

      more = clt_record_reader_next (self->reader, &record, &problem, self->cancellable, &error);

      g_mutex_lock (&self->lock);
      if (more)
        {
          item = g_new0 (Item, 1);
          item->record = record;
          item->problem = problem;
          item->position = clt_record_reader_get_position (self->reader);
          g_queue_push_tail (&self->items, item);
        }
      else
        {
          self->finished = TRUE;
          self->error = g_steal_pointer (&error);
        }
      g_cond_broadcast (&self->changed);
      g_mutex_unlock (&self->lock);

      if (!more)
        return NULL;
    }
}

CltRecordPipe *
clt_record_pipe_new (CltRecordReader *reader,
                     GCancellable    *cancellable)
{
  CltRecordPipe *self;

  g_return_val_if_fail (CLT_IS_RECORD_READER (reader), NULL);

  self = g_new0 (CltRecordPipe, 1);
  self->reader = g_object_ref (reader);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  g_mutex_init (&self->lock);
  g_cond_init (&self->changed);
  g_queue_init (&self->items);
  self->thread = g_thread_new ("clt-record-pipe", read_ahead, self);

  return self;
}

gboolean
clt_record_pipe_next (CltRecordPipe     *self,
                      CltRecord        **record,
                      CltRecordProblem **problem,
                      goffset           *position,
                      GError           **error)
{
  Item *item;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (record != NULL && problem != NULL, FALSE);

  *record = NULL;
  *problem = NULL;

  g_mutex_lock (&self->lock);
  while (self->items.length == 0 && !self->finished)
    g_cond_wait (&self->changed, &self->lock);

  item = g_queue_pop_head (&self->items);
  if (item == NULL)
    {
      /* Said once: the end, or why the file could not be read further. */
      if (self->error != NULL)
        g_propagate_error (error, g_steal_pointer (&self->error));
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  if (self->items.length == CAPACITY - 1)
    g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);

  *record = g_steal_pointer (&item->record);
  *problem = g_steal_pointer (&item->problem);
  if (position != NULL)
    *position = item->position;
  item_free (item);

  return TRUE;
}

void
clt_record_pipe_free (CltRecordPipe *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);

  /* A read under way finishes first: a card is small, and a cancelled
   * import has cancelled the reader's cancellable too. */
  g_thread_join (self->thread);

  g_queue_clear_full (&self->items, item_free);
  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->changed);
  g_clear_object (&self->cancellable);
  g_object_unref (self->reader);
  g_free (self);
}
