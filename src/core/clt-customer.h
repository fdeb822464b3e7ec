/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "clt-types.h"

G_BEGIN_DECLS

#define CLT_TYPE_CUSTOMER (clt_customer_get_type ())

G_DECLARE_FINAL_TYPE (CltCustomer, clt_customer, CLT, CUSTOMER, GObject)

CltCustomer *clt_customer_new                (const char  *full_name);

gint64       clt_customer_get_id             (CltCustomer *self);
void         clt_customer_set_id             (CltCustomer *self,
                                              gint64       id);
const char  *clt_customer_get_display_name   (CltCustomer *self);
void         clt_customer_set_display_name   (CltCustomer *self,
                                              const char  *display_name);
const char  *clt_customer_get_honorific      (CltCustomer *self);
void         clt_customer_set_honorific      (CltCustomer *self,
                                              const char  *honorific);
const char  *clt_customer_get_given_name     (CltCustomer *self);
void         clt_customer_set_given_name     (CltCustomer *self,
                                              const char  *given_name);
const char  *clt_customer_get_family_name    (CltCustomer *self);
void         clt_customer_set_family_name    (CltCustomer *self,
                                              const char  *family_name);
const char  *clt_customer_get_addressed_as   (CltCustomer *self);
void         clt_customer_set_addressed_as   (CltCustomer *self,
                                              const char  *addressed_as);
const char  *clt_customer_get_company        (CltCustomer *self);
void         clt_customer_set_company        (CltCustomer *self,
                                              const char  *company);
const char  *clt_customer_get_language       (CltCustomer *self);
void         clt_customer_set_language       (CltCustomer *self,
                                              const char  *language);
const char  *clt_customer_get_birthday       (CltCustomer *self);
void         clt_customer_set_birthday       (CltCustomer *self,
                                              const char  *birthday);
const char  *clt_customer_get_job_title      (CltCustomer *self);
void         clt_customer_set_job_title      (CltCustomer *self,
                                              const char  *job_title);
const char  *clt_customer_get_uid            (CltCustomer *self);
void         clt_customer_set_uid            (CltCustomer *self,
                                              const char  *uid);
gboolean     clt_customer_get_vip            (CltCustomer *self);
void         clt_customer_set_vip            (CltCustomer *self,
                                              gboolean     vip);
CltConsent   clt_customer_get_email_consent  (CltCustomer *self);
gint64       clt_customer_get_consent_at     (CltCustomer *self);
void         clt_customer_set_consent_at     (CltCustomer *self,
                                              gint64       consent_at);
const char  *clt_customer_get_consent_source (CltCustomer *self);
void         clt_customer_set_consent_source (CltCustomer *self,
                                              const char  *source);
void         clt_customer_set_email_consent  (CltCustomer *self,
                                              CltConsent   consent);
const char  *clt_customer_get_alert          (CltCustomer *self);
void         clt_customer_set_alert          (CltCustomer *self,
                                              const char  *alert);
const char  *clt_customer_get_summary        (CltCustomer *self);
void         clt_customer_set_summary        (CltCustomer *self,
                                              const char  *summary);
const char  *clt_customer_get_phone          (CltCustomer *self);
void         clt_customer_set_phone          (CltCustomer *self,
                                              const char  *phone);
const char  *clt_customer_get_city           (CltCustomer *self);
void         clt_customer_set_city           (CltCustomer *self,
                                              const char  *city);
const char  *clt_customer_get_matched_phone  (CltCustomer *self);
void         clt_customer_set_matched_phone  (CltCustomer *self,
                                              const char  *phone);
const char  *clt_customer_get_heading        (CltCustomer *self);
void         clt_customer_set_heading        (CltCustomer *self,
                                              const char  *heading);
const char  *clt_customer_get_desk_reason    (CltCustomer *self);
void         clt_customer_set_desk_reason    (CltCustomer *self,
                                              const char  *reason);
gint64       clt_customer_get_last_contact   (CltCustomer *self);
void         clt_customer_set_last_contact   (CltCustomer *self,
                                              gint64       last_contact_unix);

char        *clt_customer_dup_greeting       (CltCustomer *self);
char        *clt_customer_dup_sort_name      (CltCustomer *self);
char        *clt_customer_dup_remember_line  (CltCustomer *self);

G_END_DECLS
