/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-long-text"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-long-text.h"

/* A text of any length, cheap to show: the first few hundred characters,
 * and "Show More" for the rest. GTK lays out a label's whole text at once
 * (a 1 MB note is seconds of layout and hundreds of MB), so the whole text
 * is shown in a box of its own that scrolls, in pieces added as the reader
 * reaches the end of those shown: a few kB of layout at a time. */

#define PREVIEW_CHARS 300
#define PREVIEW_LINES 6
#define CHUNK_CHARS   1000
#define CHUNKS_AT_ONCE 4
#define FULL_HEIGHT   360
#define MIN_WIDTH_CHARS 12

struct _CltLongText
{
  GtkWidget          parent_instance;

  char              *text;
  gboolean           expanded;
  gboolean           long_text;

  GtkLabel          *preview_label;
  GtkScrolledWindow *full_scroller;  /* the whole text, once expanded */
  GtkBox            *full_box;       /* its pieces shown so far */
  GtkButton         *more_button;

  char             **chunks;        /* the whole text in pieces, once expanded */
  guint              n_chunks;
  guint              n_shown;       /* pieces in full_box */
};

G_DEFINE_FINAL_TYPE (CltLongText, clt_long_text, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_EXPANDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The byte where @text stops being shown: after @max_chars characters or
 * @max_lines lines, whichever comes first. */
static gsize
preview_end (const char *text,
             guint       max_chars,
             guint       max_lines)
{
  const char *p = text;
  guint n_chars = 0;
  guint n_lines = 1;

  while (*p != '\0' && n_chars < max_chars)
    {
      if (*p == '\n' && ++n_lines > max_lines)
        break;
      /* Never past the end, even of a truncated character. */
      p = g_utf8_find_next_char (p, NULL);
      n_chars++;
    }

  return p - text;
}

static void
clear_chunks (CltLongText *self)
{
  if (self->full_scroller != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->full_scroller));
  self->full_scroller = NULL;
  self->full_box = NULL;
  g_clear_pointer (&self->chunks, g_strfreev);
  self->n_chunks = 0;
  self->n_shown = 0;
}

static void
show_more_chunks (CltLongText *self)
{
  guint end = MIN (self->n_shown + CHUNKS_AT_ONCE, self->n_chunks);

  for (; self->n_shown < end; self->n_shown++)
    {
      GtkWidget *label = gtk_label_new (self->chunks[self->n_shown]);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      /* Measured at least this wide, as the preview (see the .ui). */
      gtk_label_set_width_chars (GTK_LABEL (label), MIN_WIDTH_CHARS);
      gtk_box_append (self->full_box, label);
    }
}

static void
edge_reached_cb (CltLongText     *self,
                 GtkPositionType  position)
{
  if (position == GTK_POS_BOTTOM && self->chunks != NULL)
    show_more_chunks (self);
}

static void
clt_long_text_update (CltLongText *self)
{
  const char *text = self->text != NULL ? self->text : "";
  gboolean show_full = self->long_text && self->expanded;

  if (self->long_text)
    {
      g_autofree char *preview = clt_long_text_shorten (text, PREVIEW_CHARS, PREVIEW_LINES);

      gtk_label_set_text (self->preview_label, preview);
    }
  else
    {
      gtk_label_set_text (self->preview_label, text);
    }

  /* The pieces, and what shows them, are made when first asked for and
   * dropped on collapse: a note folded costs a label and a button. */
  if (show_full && self->chunks == NULL)
    {
      self->chunks = clt_long_text_split (text, CHUNK_CHARS);
      self->n_chunks = g_strv_length (self->chunks);
      self->full_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
      show_more_chunks (self);

      self->full_scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
      gtk_scrolled_window_set_propagate_natural_height (self->full_scroller, TRUE);
      gtk_scrolled_window_set_child (self->full_scroller, GTK_WIDGET (self->full_box));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->full_scroller),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Whole text"),
                                      -1);
      g_signal_connect_object (self->full_scroller, "edge-reached",
                               G_CALLBACK (edge_reached_cb), self, G_CONNECT_SWAPPED);

      /* What is shown at once takes the room it needs; a longer text
       * scrolls in a box of its own, as tall as a page allows. */
      if (self->n_chunks <= CHUNKS_AT_ONCE)
        {
          gtk_scrolled_window_set_policy (self->full_scroller, GTK_POLICY_NEVER, GTK_POLICY_NEVER);
        }
      else
        {
          gtk_scrolled_window_set_policy (self->full_scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
          gtk_scrolled_window_set_max_content_height (self->full_scroller, FULL_HEIGHT);
          gtk_scrolled_window_set_min_content_height (self->full_scroller, FULL_HEIGHT);
        }
      gtk_widget_insert_after (GTK_WIDGET (self->full_scroller), GTK_WIDGET (self),
                               GTK_WIDGET (self->preview_label));
    }
  else if (!show_full)
    {
      clear_chunks (self);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->preview_label), !show_full);
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), self->long_text);
  gtk_button_set_label (self->more_button, show_full ? _("Show Less") : _("Show More"));
}

static void
more_clicked_cb (CltLongText *self)
{
  clt_long_text_set_expanded (self, !self->expanded);
}

static void
clt_long_text_dispose (GObject *object)
{
  clear_chunks (CLT_LONG_TEXT (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), CLT_TYPE_LONG_TEXT);

  G_OBJECT_CLASS (clt_long_text_parent_class)->dispose (object);
}

static void
clt_long_text_finalize (GObject *object)
{
  CltLongText *self = CLT_LONG_TEXT (object);

  g_free (self->text);
  g_strfreev (self->chunks);

  G_OBJECT_CLASS (clt_long_text_parent_class)->finalize (object);
}

static void
clt_long_text_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CltLongText *self = CLT_LONG_TEXT (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_EXPANDED:
      g_value_set_boolean (value, self->expanded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_long_text_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CltLongText *self = CLT_LONG_TEXT (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      clt_long_text_set_text (self, g_value_get_string (value));
      break;

    case PROP_EXPANDED:
      clt_long_text_set_expanded (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_long_text_class_init (CltLongTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_long_text_dispose;
  object_class->finalize = clt_long_text_finalize;
  object_class->get_property = clt_long_text_get_property;
  object_class->set_property = clt_long_text_set_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * CltLongText:expanded:
   *
   * Whether the whole text is shown, rather than its beginning.
   */
  properties[PROP_EXPANDED] =
    g_param_spec_boolean ("expanded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-long-text.ui");
  gtk_widget_class_bind_template_child (widget_class, CltLongText, preview_label);
  gtk_widget_class_bind_template_child (widget_class, CltLongText, more_button);
  gtk_widget_class_bind_template_callback (widget_class, more_clicked_cb);
  gtk_widget_class_set_css_name (widget_class, "longtext");
}

static void
clt_long_text_init (CltLongText *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
clt_long_text_new (void)
{
  return g_object_new (CLT_TYPE_LONG_TEXT, NULL);
}

const char *
clt_long_text_get_text (CltLongText *self)
{
  g_return_val_if_fail (CLT_IS_LONG_TEXT (self), NULL);

  return self->text;
}

/**
 * clt_long_text_set_text:
 * @self: the widget
 * @text: (nullable): plain text, shown as it is (never markup)
 *
 * Shows @text, collapsed to its beginning when it is long.
 */
void
clt_long_text_set_text (CltLongText *self,
                        const char  *text)
{
  g_return_if_fail (CLT_IS_LONG_TEXT (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  self->long_text = text != NULL && text[preview_end (text, PREVIEW_CHARS, PREVIEW_LINES)] != '\0';
  self->expanded = FALSE;
  clear_chunks (self);
  clt_long_text_update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPANDED]);
}

gboolean
clt_long_text_get_expanded (CltLongText *self)
{
  g_return_val_if_fail (CLT_IS_LONG_TEXT (self), FALSE);

  return self->expanded;
}

/**
 * clt_long_text_set_expanded:
 * @self: the widget
 * @expanded: whether to show the whole text
 *
 * A short text is always shown whole.
 */
void
clt_long_text_set_expanded (CltLongText *self,
                            gboolean     expanded)
{
  g_return_if_fail (CLT_IS_LONG_TEXT (self));

  expanded = !!expanded;
  if (self->expanded == expanded)
    return;

  self->expanded = expanded;
  clt_long_text_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPANDED]);
}

/**
 * clt_long_text_shorten:
 * @text: (nullable): any text
 * @max_chars: the most characters to keep
 * @max_lines: the most lines to keep
 *
 * @text cut after @max_chars characters or @max_lines lines, with "…"
 * where it was cut: what a label can lay out in a fraction of a frame.
 *
 * Returns: (transfer full): the text, whole when it is short enough
 */
char *
clt_long_text_shorten (const char *text,
                       guint       max_chars,
                       guint       max_lines)
{
  g_autofree char *head = NULL;
  gsize end;

  if (text == NULL)
    return g_strdup ("");

  end = preview_end (text, max_chars, max_lines);
  if (text[end] == '\0')
    return g_strdup (text);

  /* No blank or line break left dangling before the ellipsis. */
  while (end > 0 && g_ascii_isspace (text[end - 1]))
    end--;
  head = g_strndup (text, end);

  return g_strconcat (head, "…", NULL);
}

/**
 * clt_long_text_split:
 * @text: any text
 * @chunk_chars: the most characters in a piece
 *
 * @text in pieces of at most @chunk_chars characters, each ending where a
 * line does, or else after a blank, so that the pieces shown one under
 * the other read as the text. A line break between two pieces is left out.
 *
 * Returns: (transfer full): the pieces, at least one
 */
GStrv
clt_long_text_split (const char *text,
                     guint       chunk_chars)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *p = text != NULL ? text : "";

  g_return_val_if_fail (chunk_chars > 0, NULL);

  do
    {
      const char *last_break = NULL;
      const char *last_blank = NULL;
      const char *q = p;
      const char *end;
      const char *next;
      g_autofree char *chunk = NULL;
      guint n = 0;

      while (*q != '\0' && n < chunk_chars)
        {
          if (*q == '\n')
            last_break = q;
          else if (*q == ' ' || *q == '\t')
            last_blank = q;
          q = g_utf8_find_next_char (q, NULL);
          n++;
        }

      if (*q == '\0')
        end = next = q;
      else if (last_break != NULL)
        end = last_break, next = last_break + 1;
      else if (last_blank != NULL)
        end = next = last_blank + 1;
      else
        end = next = q;

      chunk = g_strndup (p, end - p);
      g_strv_builder_add (builder, chunk);
      p = next;
    }
  while (*p != '\0');

  return g_strv_builder_end (builder);
}
