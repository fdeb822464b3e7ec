/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clt-customer.h"
#include "clt-remember.h"

G_BEGIN_DECLS

#define CLT_STORE_ERROR (clt_store_error_quark ())

typedef enum
{
  CLT_STORE_ERROR_FAILED,
  CLT_STORE_ERROR_NOT_A_DATABASE,
  CLT_STORE_ERROR_TOO_NEW,
  CLT_STORE_ERROR_READ_ONLY,
  CLT_STORE_ERROR_BUSY,
  CLT_STORE_ERROR_INVALID,
  CLT_STORE_ERROR_NOT_FOUND,
} CltStoreError;

typedef enum
{
  CLT_PREFERENCE_NONE      = 0,
  CLT_PREFERENCE_ALERT     = 1 << 0,
  CLT_PREFERENCE_SENSITIVE = 1 << 1,
} CltPreferenceFlags;

typedef enum
{
  CLT_CONTACT_EMAIL,
  CLT_CONTACT_PHONE,
  CLT_CONTACT_ADDRESS,
} CltContactKind;

#define CLT_STORE_SCHEMA_VERSION 1

#define CLT_TYPE_STORE (clt_store_get_type ())

G_DECLARE_FINAL_TYPE (CltStore, clt_store, CLT, STORE, GObject)

GQuark       clt_store_error_quark          (void);
char        *clt_store_default_path         (void);

CltStore    *clt_store_open                 (const char          *path,
                                             GError             **error);
const char  *clt_store_get_path             (CltStore            *self);
int          clt_store_get_schema_version   (CltStore            *self);

gboolean     clt_store_begin                (CltStore            *self,
                                             GError             **error);
gboolean     clt_store_commit               (CltStore            *self,
                                             GError             **error);
void         clt_store_rollback             (CltStore            *self);

char       **clt_store_check_integrity      (CltStore            *self,
                                             GError             **error);
gboolean     clt_store_backup               (CltStore            *self,
                                             const char          *destination,
                                             GError             **error);

gint64       clt_store_count_customers      (CltStore            *self);
gint64       clt_store_add_customer         (CltStore            *self,
                                             CltCustomer         *customer,
                                             GError             **error);
gboolean     clt_store_update_customer      (CltStore            *self,
                                             CltCustomer         *customer,
                                             GError             **error);
gboolean     clt_store_delete_customer      (CltStore            *self,
                                             gint64               customer_id,
                                             GError             **error);
CltCustomer *clt_store_get_customer         (CltStore            *self,
                                             gint64               customer_id,
                                             GError             **error);

gint64       clt_store_add_contact          (CltStore            *self,
                                             gint64               customer_id,
                                             CltContactKind       kind,
                                             const char          *label,
                                             const char          *value,
                                             GError             **error);
gboolean     clt_store_update_contact       (CltStore            *self,
                                             CltContactKind       kind,
                                             gint64               contact_id,
                                             const char          *label,
                                             const char          *value,
                                             GError             **error);
gboolean     clt_store_delete_contact       (CltStore            *self,
                                             CltContactKind       kind,
                                             gint64               contact_id,
                                             GError             **error);

gint64       clt_store_add_preference       (CltStore            *self,
                                             gint64               customer_id,
                                             const char          *category,
                                             const char          *text,
                                             CltPreferenceFlags   flags,
                                             GError             **error);
gboolean     clt_store_update_preference    (CltStore            *self,
                                             gint64               preference_id,
                                             const char          *category,
                                             const char          *text,
                                             CltPreferenceFlags   flags,
                                             GError             **error);
gboolean     clt_store_delete_preference    (CltStore            *self,
                                             gint64               preference_id,
                                             GError             **error);

gint64       clt_store_add_note             (CltStore            *self,
                                             gint64               customer_id,
                                             const char          *text,
                                             const char          *author,
                                             gboolean             pinned,
                                             GError             **error);
gboolean     clt_store_update_note          (CltStore            *self,
                                             gint64               note_id,
                                             const char          *text,
                                             gboolean             pinned,
                                             GError             **error);
gboolean     clt_store_delete_note          (CltStore            *self,
                                             gint64               note_id,
                                             GError             **error);

gint64       clt_store_add_interaction      (CltStore            *self,
                                             gint64               customer_id,
                                             CltInteractionKind   kind,
                                             gint64               at_unix,
                                             gboolean             planned,
                                             const char          *note,
                                             const char          *staff,
                                             GError             **error);
gboolean     clt_store_delete_interaction   (CltStore            *self,
                                             gint64               interaction_id,
                                             GError             **error);

gboolean     clt_store_add_tag              (CltStore            *self,
                                             gint64               customer_id,
                                             const char          *tag,
                                             GError             **error);
gboolean     clt_store_remove_tag           (CltStore            *self,
                                             gint64               customer_id,
                                             const char          *tag,
                                             GError             **error);

gint64       clt_store_add_promise          (CltStore            *self,
                                             gint64               customer_id,
                                             const char          *text,
                                             const char          *promised_by,
                                             gint64               due_unix,
                                             gboolean             due_all_day,
                                             GError             **error);

CltRemember *clt_store_get_remember         (CltStore            *self,
                                             gint64               customer_id,
                                             gint64               now_unix,
                                             GError             **error);

G_END_DECLS
