/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* libedataserver's headers still name GTimeVal. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libebook-contacts/libebook-contacts.h>
G_GNUC_END_IGNORE_DEPRECATIONS

#include "clt-record.h"
#include "clt-vcard-writer.h"

G_BEGIN_DECLS

/* EDS 3.46 declares none. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVCard, g_object_unref)

/* What the import's reader, the export's writer and the sync mapping
 * (clt-sync-vcard.c) share. */

/* Reading: clt-vcard-reader.c, clt-vcard-record.c */
CltRecord  *clt_vcard_to_record            (EVCard           *vcard,
                                            guint             line);
gboolean    clt_vcard_is_read              (const char       *name,
                                            gsize             len);
EVCard     *clt_vcard_parse_card           (const char       *text,
                                            GError          **error);
gboolean    clt_vcard_split_property       (const char       *line,
                                            char            **group,
                                            char            **name);
gboolean    clt_vcard_is_true              (const char       *value);
char       *clt_vcard_attribute_text       (EVCardAttribute  *attribute);
const char *clt_vcard_attribute_component  (EVCardAttribute  *attribute,
                                            guint             index);
char       *clt_vcard_attribute_param      (EVCardAttribute  *attribute,
                                            const char       *name);
gint64      clt_vcard_attribute_time_param (EVCardAttribute  *attribute,
                                            const char       *name);
GHashTable *clt_vcard_group_labels         (EVCard           *vcard);
char       *clt_vcard_contact_label        (EVCardAttribute  *attribute,
                                            CltContactKind    kind,
                                            GHashTable       *group_labels);
char       *clt_vcard_address_text         (EVCardAttribute  *attribute);
char       *clt_vcard_parse_birthday       (const char       *text,
                                            const char       *omit_year);
char       *clt_vcard_parse_uid            (const char       *text);

/* Writing: clt-vcard-writer.c */
void        clt_vcard_append_folded        (GString          *out,
                                            const char       *line);
void        clt_vcard_append_text          (GString          *line,
                                            const char       *text);
void        clt_vcard_append_param         (GString          *line,
                                            const char       *name,
                                            const char       *value);
void        clt_vcard_append_time_param    (GString          *line,
                                            const char       *name,
                                            gint64            unix_time);
void        clt_vcard_add_text_property    (GString          *out,
                                            const char       *name,
                                            const char       *text);
void        clt_vcard_add_uid              (GString          *out,
                                            const char       *uid,
                                            CltVCardVersion   version);
void        clt_vcard_add_birthday         (GString          *out,
                                            const char       *birthday,
                                            CltVCardVersion   version);
void        clt_vcard_add_contact          (GString          *out,
                                            const CltContact *contact,
                                            const char       *id,
                                            guint            *item);
void        clt_vcard_add_preference       (GString             *out,
                                            const CltPreference *preference,
                                            const char          *id);
void        clt_vcard_add_note             (GString          *out,
                                            const CltNote    *note,
                                            const char       *id);
char       *clt_vcard_plain_notes          (GPtrArray        *notes);

G_END_DECLS
