/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-import"

#include "config.h"

#include "clt-record-pipe.h"

/* Records read ahead at most: a few hundred kilobytes of customers. */
#define CAPACITY 256

/* Records handed over at once. Each hand-over takes the lock, and wakes
 * the other side when it waits: one a record cost a futex call each way
 * (at 100,000 cards, a tenth of the import's time). */
#define BATCH 32

typedef struct
{
  CltRecord        *record;
  CltRecordProblem *problem;
  goffset           position;
  gpointer          prepared;
  GDestroyNotify    prepared_free;
} Item;

struct _CltRecordPipe
{
  CltRecordReader *reader;
  CltRecordPrepareFunc prepare;
  gpointer         user_data;
  GDestroyNotify   prepared_free;
  GCancellable    *cancellable;
  GThread         *thread;

  GMutex           lock;
  GCond            ready;          /* items were added, or the reader ended */
  GCond            room;           /* items were taken, or the taker left */
  GQueue           items;          /* Item, oldest first */
  gboolean         taker_waits;
  gboolean         reader_waits;
  gboolean         finished;       /* the reader said its last */
  GError          *error;          /* ... because of this */
  gboolean         stopping;       /* the taker has gone */
  GQueue           to_free;        /* Item, given back, for the reader to free */

  GQueue           taken;          /* the taker's own, without the lock */
  GQueue           given;          /* ... and those it is done with */
};

static void
item_free (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->record, clt_record_free);
  g_clear_pointer (&item->problem, clt_record_problem_free);
  if (item->prepared != NULL)
    item->prepared_free (item->prepared);
  g_free (item);
}

/* Moves @batch to the end of @queue. */
static void
queue_append (GQueue *queue,
              GQueue *batch)
{
  if (batch->head == NULL)
    return;

  if (queue->tail != NULL)
    {
      queue->tail->next = batch->head;
      batch->head->prev = queue->tail;
    }
  else
    queue->head = batch->head;
  queue->tail = batch->tail;
  queue->length += batch->length;
  g_queue_init (batch);
}

/* Hands @batch over; FALSE when the taker has gone. */
static gboolean
hand_over (CltRecordPipe *self,
           GQueue        *batch,
           gboolean       last,
           GError        *error)
{
  GQueue done = G_QUEUE_INIT;
  gboolean stopping;

  g_mutex_lock (&self->lock);
  queue_append (&done, &self->to_free);
  while (self->items.length >= CAPACITY && !self->stopping)
    {
      self->reader_waits = TRUE;
      g_cond_wait (&self->room, &self->lock);
      self->reader_waits = FALSE;
    }
  stopping = self->stopping;
  if (!stopping)
    {
      queue_append (&self->items, batch);
      if (last)
        {
          self->finished = TRUE;
          self->error = error;
          error = NULL;
        }
      if (self->taker_waits)
        g_cond_signal (&self->ready);
    }
  g_mutex_unlock (&self->lock);

  /* Freed where they were made: glibc's allocator then takes no lock of
   * another thread's arena (a tenth of the writing thread's time). */
  g_queue_clear_full (&done, item_free);
  g_clear_error (&error);
  return !stopping;
}

static gpointer
read_ahead (gpointer data)
{
  CltRecordPipe *self = data;
  GQueue batch = G_QUEUE_INIT;

  for (;;)
    {
      GError *error = NULL;
      CltRecord *record = NULL;
      CltRecordProblem *problem = NULL;
      gboolean more;

      more = clt_record_reader_next (self->reader, &record, &problem, self->cancellable, &error);
      if (more)
        {
          Item *item = g_new0 (Item, 1);

          item->record = record;
          item->problem = problem;
          item->position = clt_record_reader_get_position (self->reader);
          if (record != NULL && self->prepare != NULL)
            {
              item->prepared = self->prepare (record, self->user_data);
              item->prepared_free = self->prepared_free;
            }
          g_queue_push_tail (&batch, item);
          if (batch.length < BATCH)
            continue;
        }

      if (!hand_over (self, &batch, !more, error) || !more)
        break;
    }

  g_queue_clear_full (&batch, item_free);
  return NULL;
}

CltRecordPipe *
clt_record_pipe_new (CltRecordReader      *reader,
                     CltRecordPrepareFunc  prepare,
                     gpointer              user_data,
                     GDestroyNotify        prepared_free,
                     GCancellable         *cancellable)
{
  CltRecordPipe *self;

  g_return_val_if_fail (CLT_IS_RECORD_READER (reader), NULL);
  g_return_val_if_fail (prepare == NULL || prepared_free != NULL, NULL);

  self = g_new0 (CltRecordPipe, 1);
  self->reader = g_object_ref (reader);
  self->prepare = prepare;
  self->user_data = user_data;
  self->prepared_free = prepared_free;
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  g_mutex_init (&self->lock);
  g_cond_init (&self->ready);
  g_cond_init (&self->room);
  g_queue_init (&self->items);
  g_queue_init (&self->to_free);
  g_queue_init (&self->taken);
  g_queue_init (&self->given);
  self->thread = g_thread_new ("clt-record-pipe", read_ahead, self);

  return self;
}

gboolean
clt_record_pipe_next (CltRecordPipe     *self,
                      CltRecord        **record,
                      CltRecordProblem **problem,
                      goffset           *position,
                      gpointer          *prepared,
                      GError           **error)
{
  Item *item;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (record != NULL && problem != NULL, FALSE);

  *record = NULL;
  *problem = NULL;
  if (prepared != NULL)
    *prepared = NULL;

  if (self->taken.length == 0)
    {
      g_mutex_lock (&self->lock);
      while (self->items.length == 0 && !self->finished)
        {
          self->taker_waits = TRUE;
          g_cond_wait (&self->ready, &self->lock);
          self->taker_waits = FALSE;
        }
      queue_append (&self->taken, &self->items);
      queue_append (&self->to_free, &self->given);
      if (self->taken.length == 0)
        {
          /* Said once: the end, or why the file could not be read further. */
          if (self->error != NULL)
            g_propagate_error (error, g_steal_pointer (&self->error));
          g_mutex_unlock (&self->lock);
          return FALSE;
        }
      if (self->reader_waits)
        g_cond_signal (&self->room);
      g_mutex_unlock (&self->lock);
    }

  item = g_queue_pop_head (&self->taken);
  *record = g_steal_pointer (&item->record);
  *problem = g_steal_pointer (&item->problem);
  if (position != NULL)
    *position = item->position;
  if (prepared != NULL)
    *prepared = g_steal_pointer (&item->prepared);
  /* Kept for clt_record_pipe_give_back(), and freed by the reader. */
  g_queue_push_tail (&self->given, item);

  return TRUE;
}

/**
 * clt_record_pipe_give_back:
 * @record: (transfer full) (nullable): the record last taken
 * @prepared: (transfer full) (nullable): what was prepared with it
 *
 * Gives the record last taken, and what was prepared with it, back to the
 * reading thread, which frees them.
 */
void
clt_record_pipe_give_back (CltRecordPipe *self,
                           CltRecord     *record,
                           gpointer       prepared)
{
  Item *item;

  g_return_if_fail (self != NULL);

  item = g_queue_peek_tail (&self->given);
  g_return_if_fail (item != NULL && item->record == NULL);
  g_return_if_fail (prepared == NULL || (item->prepared == NULL && item->prepared_free != NULL));

  item->record = record;
  if (prepared != NULL)
    item->prepared = prepared;
}

void
clt_record_pipe_free (CltRecordPipe *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->room);
  g_mutex_unlock (&self->lock);

  /* A read under way finishes first: a card is small, and a cancelled
   * import has cancelled the reader's cancellable too. */
  g_thread_join (self->thread);

  g_queue_clear_full (&self->items, item_free);
  g_queue_clear_full (&self->to_free, item_free);
  g_queue_clear_full (&self->taken, item_free);
  g_queue_clear_full (&self->given, item_free);
  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready);
  g_cond_clear (&self->room);
  g_clear_object (&self->cancellable);
  g_object_unref (self->reader);
  g_free (self);
}
