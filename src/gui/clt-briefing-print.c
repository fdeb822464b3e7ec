/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-briefing-print"

#include "config.h"

#include "clt-briefing-print.h"

/* The morning briefing on paper, one page: its lines come from the core
 * (clt_briefing_lines()); here they are drawn. Section titles in bold, a
 * box to tick before each item and the customer's phone at its right, the
 * customer's first alert in bold under it. */

#define INDENT 18.0      /* points: the box, then the item */
#define BOX 9.0
#define SECTION_GAP 10.0
#define LINE_GAP 3.0

typedef struct
{
  GPtrArray *lines;   /* CltBriefingLine */
} Briefing;

static void
briefing_free (Briefing *briefing)
{
  g_ptr_array_unref (briefing->lines);
  g_free (briefing);
}

static const char *
font_for (CltBriefingKind kind)
{
  switch (kind)
    {
    case CLT_BRIEFING_TITLE:
      return "Sans Bold 18";
    case CLT_BRIEFING_HEADER:
      return "Sans 10";
    case CLT_BRIEFING_SECTION:
      return "Sans Bold 13";
    case CLT_BRIEFING_ALERT:
      return "Sans Bold 11";
    case CLT_BRIEFING_NOTE:
      return "Sans Italic 10";
    case CLT_BRIEFING_ITEM:
    default:
      return "Sans 11";
    }
}

static PangoLayout *
new_layout (GtkPrintContext *context,
            const char      *font,
            const char      *text,
            double           width)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_layout_set_width (layout, (int) (MAX (width, 1.0) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

/* Lays the page out, and draws it when @cr is not NULL; returns its height. */
static double
lay_out (GtkPrintContext *context,
         GPtrArray       *lines,
         double           width,
         cairo_t         *cr)
{
  double y = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      CltBriefingLine *line = g_ptr_array_index (lines, i);
      gboolean indented = line->kind == CLT_BRIEFING_ITEM || line->kind == CLT_BRIEFING_ALERT ||
                          line->kind == CLT_BRIEFING_NOTE;
      double x = indented ? INDENT : 0;
      g_autoptr(PangoLayout) phone = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      int phone_width = 0, height, phone_height = 0;

      if (line->kind == CLT_BRIEFING_SECTION || (line->kind == CLT_BRIEFING_HEADER && i > 0 &&
          ((CltBriefingLine *) g_ptr_array_index (lines, i - 1))->kind == CLT_BRIEFING_TITLE))
        y += SECTION_GAP;

      if (line->phone != NULL)
        {
          phone = new_layout (context, font_for (CLT_BRIEFING_ITEM), line->phone, width / 3);
          pango_layout_get_pixel_size (phone, &phone_width, &phone_height);
        }
      layout = new_layout (context, font_for (line->kind), line->text,
                           width - x - (phone != NULL ? phone_width + 12 : 0));
      pango_layout_get_pixel_size (layout, NULL, &height);

      if (cr != NULL)
        {
          cairo_set_source_rgb (cr, 0, 0, 0);
          if (line->kind == CLT_BRIEFING_ITEM)
            {
              cairo_set_line_width (cr, 0.8);
              PangoRectangle first;

              /* Beside the item's first line, if it wraps. */
              pango_layout_line_get_pixel_extents (pango_layout_get_line_readonly (layout, 0), NULL, &first);
              cairo_rectangle (cr, 1, y + (first.height - BOX) / 2, BOX, BOX);
              cairo_stroke (cr);
            }
          if (line->kind == CLT_BRIEFING_HEADER)
            cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
          else if (line->kind == CLT_BRIEFING_ALERT)
            cairo_set_source_rgb (cr, 0.65, 0.1, 0.05);
          cairo_move_to (cr, x, y);
          pango_cairo_show_layout (cr, layout);
          if (phone != NULL)
            {
              cairo_set_source_rgb (cr, 0, 0, 0);
              cairo_move_to (cr, width - phone_width, y);
              pango_cairo_show_layout (cr, phone);
            }
        }
      y += MAX (height, phone_height) + LINE_GAP;
    }

  return y;
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              Briefing          *briefing)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double needed = lay_out (context, briefing->lines, width, NULL);
  double scale = 1.0;

  /* One page, always: a long day is printed smaller, and laid out again
   * at the width it then has. */
  if (needed > height)
    {
      scale = height / needed;
      needed = lay_out (context, briefing->lines, width / scale, NULL);
      scale = MIN (scale, height / needed);
    }

  cairo_scale (cr, scale, scale);
  lay_out (context, briefing->lines, width / scale, cr);
}

/**
 * clt_briefing_print_new:
 * @now_unix: the present, printed at the top
 * @limit: how many items of each section are printed
 *
 * A print operation for the morning briefing of @store, one page, saved
 * by default as "Morning Briefing 2026-12-05.pdf".
 *
 * Returns: (transfer full): the operation, or NULL on error
 */
GtkPrintOperation *
clt_briefing_print_new (CltStore  *store,
                        gint64     now_unix,
                        guint      limit,
                        GError   **error)
{
  g_autoptr(CltToday) today = clt_store_get_today_first (store, now_unix, limit, error);
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autofree char *business = NULL;
  g_autofree char *base_name = NULL;
  GtkPrintOperation *operation;
  Briefing *briefing;

  if (today == NULL)
    return NULL;

  business = clt_store_get_business_name (store);
  briefing = g_new0 (Briefing, 1);
  briefing->lines = clt_briefing_lines (today, business, now_unix);
  base_name = clt_briefing_base_name (today);

  /* Print to File offers the briefing's own name, not "output.pdf". */
  settings = gtk_print_settings_new ();
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, base_name);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, base_name);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb), briefing,
                         (GClosureNotify) (void (*) (void)) briefing_free, 0);

  return operation;
}
