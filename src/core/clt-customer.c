/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-customer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-customer.h"
#include "clt-text.h"

struct _CltCustomer
{
  GObject     parent_instance;

  gint64      id;
  char       *display_name;
  char       *honorific;
  char       *given_name;
  char       *family_name;
  char       *addressed_as;
  char       *company;
  char       *language;
  char       *birthday;
  char       *job_title;
  char       *uid;          /* stable across exports and sync, NULL until given */
  char       *alert;
  char       *summary;
  char       *phone;        /* the first phone, as a list reads it */
  char       *city;         /* of the first address, when there is no phone */
  char       *matched_phone; /* the number a search by digits found them by */
  char       *heading;      /* a search's heading above them, as "Close matches" */
  char       *desk_reason;  /* why a search lists them first: "Expected today at 15:30" */
  gint64      last_contact;
  CltConsent  email_consent;
  gint64      consent_at;       /* when it was last changed, 0 never */
  char       *consent_source;   /* who or what recorded it */
  gboolean    vip;
};

G_DEFINE_FINAL_TYPE (CltCustomer, clt_customer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_HONORIFIC,
  PROP_GIVEN_NAME,
  PROP_FAMILY_NAME,
  PROP_ADDRESSED_AS,
  PROP_COMPANY,
  PROP_LANGUAGE,
  PROP_BIRTHDAY,
  PROP_JOB_TITLE,
  PROP_UID,
  PROP_VIP,
  PROP_ALERT,
  PROP_SUMMARY,
  PROP_PHONE,
  PROP_CITY,
  PROP_MATCHED_PHONE,
  PROP_HEADING,
  PROP_DESK_REASON,
  PROP_LAST_CONTACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char **
string_field (CltCustomer *self,
              guint        prop_id)
{
  switch (prop_id)
    {
    case PROP_DISPLAY_NAME: return &self->display_name;
    case PROP_HONORIFIC: return &self->honorific;
    case PROP_GIVEN_NAME: return &self->given_name;
    case PROP_FAMILY_NAME: return &self->family_name;
    case PROP_ADDRESSED_AS: return &self->addressed_as;
    case PROP_COMPANY: return &self->company;
    case PROP_LANGUAGE: return &self->language;
    case PROP_BIRTHDAY: return &self->birthday;
    case PROP_JOB_TITLE: return &self->job_title;
    case PROP_UID: return &self->uid;
    case PROP_ALERT: return &self->alert;
    case PROP_SUMMARY: return &self->summary;
    case PROP_PHONE: return &self->phone;
    case PROP_CITY: return &self->city;
    case PROP_MATCHED_PHONE: return &self->matched_phone;
    case PROP_HEADING: return &self->heading;
    case PROP_DESK_REASON: return &self->desk_reason;
    default: return NULL;
    }
}

/* Empty strings are stored as NULL: "no company" has one spelling. */
static void
set_string (CltCustomer *self,
            guint        prop_id,
            const char  *value)
{
  char **field = string_field (self, prop_id);
  g_autofree char *stripped = NULL;

  g_assert (field != NULL);

  /* Both make invalid UTF-8 from a damaged book shown replaced. */
  if (value != NULL && prop_id != PROP_SUMMARY && prop_id != PROP_ALERT && prop_id != PROP_DESK_REASON)
    value = stripped = clt_text_strip (value);
  else if (value != NULL)
    value = stripped = clt_text_dup_valid (value);
  if (value != NULL && *value == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
clt_customer_finalize (GObject *object)
{
  CltCustomer *self = (CltCustomer *)object;

  for (guint i = PROP_DISPLAY_NAME; i < N_PROPS; i++)
    {
      char **field = string_field (self, i);

      if (field != NULL)
        g_clear_pointer (field, g_free);
    }
  g_free (self->consent_source);

  G_OBJECT_CLASS (clt_customer_parent_class)->finalize (object);
}

static void
clt_customer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CltCustomer *self = CLT_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_VIP:
      g_value_set_boolean (value, self->vip);
      break;
    case PROP_LAST_CONTACT:
      g_value_set_int64 (value, self->last_contact);
      break;
    default:
      if (string_field (self, prop_id) != NULL)
        g_value_set_string (value, *string_field (self, prop_id));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_customer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CltCustomer *self = CLT_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID:
      clt_customer_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_VIP:
      clt_customer_set_vip (self, g_value_get_boolean (value));
      break;
    case PROP_LAST_CONTACT:
      clt_customer_set_last_contact (self, g_value_get_int64 (value));
      break;
    default:
      if (string_field (self, prop_id) != NULL)
        set_string (self, prop_id, g_value_get_string (value));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_customer_class_init (CltCustomerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  static const char * const string_props[] = {
    [PROP_DISPLAY_NAME] = "display-name",
    [PROP_HONORIFIC] = "honorific",
    [PROP_GIVEN_NAME] = "given-name",
    [PROP_FAMILY_NAME] = "family-name",
    [PROP_ADDRESSED_AS] = "addressed-as",
    [PROP_COMPANY] = "company",
    [PROP_LANGUAGE] = "language",
    [PROP_BIRTHDAY] = "birthday",
    [PROP_JOB_TITLE] = "job-title",
    [PROP_UID] = "uid",
    [PROP_ALERT] = "alert",
    [PROP_SUMMARY] = "summary",
    [PROP_PHONE] = "phone",
    [PROP_CITY] = "city",
    [PROP_MATCHED_PHONE] = "matched-phone",
    [PROP_HEADING] = "heading",
    [PROP_DESK_REASON] = "desk-reason",
  };

  object_class->finalize = clt_customer_finalize;
  object_class->get_property = clt_customer_get_property;
  object_class->set_property = clt_customer_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_VIP] =
    g_param_spec_boolean ("vip", NULL, NULL, FALSE, flags);
  properties[PROP_LAST_CONTACT] =
    g_param_spec_int64 ("last-contact", NULL, NULL, 0, G_MAXINT64, 0, flags);

  for (guint i = 0; i < G_N_ELEMENTS (string_props); i++)
    if (string_props[i] != NULL)
      properties[i] = g_param_spec_string (string_props[i], NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_customer_init (CltCustomer *self)
{
  self->email_consent = CLT_CONSENT_FOLLOW_UPS;
}

/**
 * clt_customer_new:
 * @full_name: (nullable): a name as a desk would write it, e.g. "Mme Hélène Dupré"
 *
 * Creates a customer not yet in any store, its name split into honorific,
 * given and family names.
 */
CltCustomer *
clt_customer_new (const char *full_name)
{
  CltCustomer *self = g_object_new (CLT_TYPE_CUSTOMER, NULL);

  if (full_name != NULL)
    {
      g_autofree char *honorific = NULL;
      g_autofree char *given = NULL;
      g_autofree char *family = NULL;
      g_autofree char *display = NULL;

      clt_text_split_name (full_name, &honorific, &given, &family);
      display = *given ? g_strdup_printf ("%s %s", given, family) : g_strdup (family);

      clt_customer_set_honorific (self, honorific);
      clt_customer_set_given_name (self, given);
      clt_customer_set_family_name (self, family);
      clt_customer_set_display_name (self, display);
    }

  return self;
}

gint64
clt_customer_get_id (CltCustomer *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER (self), 0);

  return self->id;
}

void
clt_customer_set_id (CltCustomer *self,
                     gint64       id)
{
  g_return_if_fail (CLT_IS_CUSTOMER (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

#define STRING_ACCESSORS(name, PROP)                                \
  const char *                                                      \
  clt_customer_get_##name (CltCustomer *self)                       \
  {                                                                 \
    g_return_val_if_fail (CLT_IS_CUSTOMER (self), NULL);            \
    return self->name;                                              \
  }                                                                 \
                                                                    \
  void                                                              \
  clt_customer_set_##name (CltCustomer *self,                       \
                           const char  *value)                      \
  {                                                                 \
    g_return_if_fail (CLT_IS_CUSTOMER (self));                      \
    set_string (self, PROP, value);                                 \
  }

STRING_ACCESSORS (display_name, PROP_DISPLAY_NAME)
STRING_ACCESSORS (honorific, PROP_HONORIFIC)
STRING_ACCESSORS (given_name, PROP_GIVEN_NAME)
STRING_ACCESSORS (family_name, PROP_FAMILY_NAME)
STRING_ACCESSORS (addressed_as, PROP_ADDRESSED_AS)
STRING_ACCESSORS (company, PROP_COMPANY)
STRING_ACCESSORS (language, PROP_LANGUAGE)
STRING_ACCESSORS (birthday, PROP_BIRTHDAY)
STRING_ACCESSORS (job_title, PROP_JOB_TITLE)
STRING_ACCESSORS (uid, PROP_UID)
STRING_ACCESSORS (alert, PROP_ALERT)
STRING_ACCESSORS (summary, PROP_SUMMARY)
STRING_ACCESSORS (phone, PROP_PHONE)
STRING_ACCESSORS (city, PROP_CITY)
STRING_ACCESSORS (matched_phone, PROP_MATCHED_PHONE)
STRING_ACCESSORS (heading, PROP_HEADING)
STRING_ACCESSORS (desk_reason, PROP_DESK_REASON)

gboolean
clt_customer_get_vip (CltCustomer *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER (self), FALSE);

  return self->vip;
}

void
clt_customer_set_vip (CltCustomer *self,
                      gboolean     vip)
{
  g_return_if_fail (CLT_IS_CUSTOMER (self));

  vip = !!vip;
  if (self->vip == vip)
    return;

  self->vip = vip;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIP]);
}

CltConsent
clt_customer_get_email_consent (CltCustomer *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER (self), CLT_CONSENT_NONE);

  return self->email_consent;
}

void
clt_customer_set_email_consent (CltCustomer *self,
                                CltConsent   consent)
{
  g_return_if_fail (CLT_IS_CUSTOMER (self));
  g_return_if_fail (consent <= CLT_CONSENT_MARKETING);

  self->email_consent = consent;
}

/**
 * clt_customer_get_consent_at:
 *
 * Returns: when the e-mail consent was last recorded as changed (unix
 *   UTC), 0 when it is the default of a new customer
 */
gint64
clt_customer_get_consent_at (CltCustomer *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER (self), 0);

  return self->consent_at;
}

void
clt_customer_set_consent_at (CltCustomer *self,
                             gint64       consent_at)
{
  g_return_if_fail (CLT_IS_CUSTOMER (self));

  self->consent_at = consent_at;
}

/**
 * clt_customer_get_consent_source:
 *
 * Returns: (nullable): who recorded the last change of consent (a staff
 *   member, "clientele-cli"…)
 */
const char *
clt_customer_get_consent_source (CltCustomer *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER (self), NULL);

  return self->consent_source;
}

/* Set before saving a change of consent; kept by the store only when the
 * consent really changes. */
void
clt_customer_set_consent_source (CltCustomer *self,
                                 const char  *source)
{
  char *copy;

  g_return_if_fail (CLT_IS_CUSTOMER (self));

  copy = clt_text_dup_valid (source);
  g_free (self->consent_source);
  self->consent_source = copy;
}

gint64
clt_customer_get_last_contact (CltCustomer *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER (self), 0);

  return self->last_contact;
}

void
clt_customer_set_last_contact (CltCustomer *self,
                               gint64       last_contact_unix)
{
  g_return_if_fail (CLT_IS_CUSTOMER (self));

  if (self->last_contact == last_contact_unix)
    return;

  self->last_contact = last_contact_unix;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_CONTACT]);
}

/**
 * clt_customer_dup_greeting:
 *
 * How to address the customer: what they asked for, else the honorific and
 * family name ("Mme Dupré"), else the name.
 */
char *
clt_customer_dup_greeting (CltCustomer *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER (self), NULL);

  if (self->addressed_as != NULL)
    return g_strdup (self->addressed_as);
  if (self->honorific != NULL && self->family_name != NULL)
    return g_strdup_printf ("%s %s", self->honorific, self->family_name);
  if (self->display_name != NULL)
    return g_strdup (self->display_name);
  return g_strdup (self->company ? self->company : "");
}

/* Family name first, as a paper book is ordered; a company alone sorts by
 * its name. */
char *
clt_customer_dup_sort_name (CltCustomer *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER (self), NULL);

  if (self->family_name != NULL)
    return g_strdup_printf ("%s %s", self->family_name,
                            self->given_name ? self->given_name : "");
  if (self->display_name != NULL)
    return g_strdup (self->display_name);
  return g_strdup (self->company ? self->company : "");
}

/**
 * clt_customer_dup_remember_line:
 *
 * The one-line Remember card shown in search results: the first alert when
 * there is one, else the top preferences.
 */
char *
clt_customer_dup_remember_line (CltCustomer *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER (self), NULL);

  if (self->alert != NULL)
    /* Translators: a search result's summary when the customer has an alert */
    return g_strdup_printf (_("Alert: %s"), self->alert);

  return g_strdup (self->summary ? self->summary : "");
}
