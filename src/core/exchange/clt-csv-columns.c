/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "clt-csv-private.h"
#include "clt-text.h"
#include "clt-types.h"

/* What the columns of a CSV file mean: the known exports (Google Contacts,
 * Outlook, Clientele's own), a guess from each column's name otherwise, and
 * a row turned into a record. Names are compared folded: lower case,
 * without accents, punctuation as spaces ("Tél. mobile" is "tel mobile"). */

typedef struct
{
  const char  *name;
  CltCsvField  field;
} Name;

/* Clientele's own export, matched exactly. */
static const Name clientele_names[] = {
  { "Name", CLT_CSV_FULL_NAME }, { "Honorific", CLT_CSV_HONORIFIC },
  { "Given Name", CLT_CSV_GIVEN_NAME }, { "Family Name", CLT_CSV_FAMILY_NAME },
  { "Addressed As", CLT_CSV_ADDRESSED_AS }, { "Company", CLT_CSV_COMPANY },
  { "Job Title", CLT_CSV_JOB_TITLE }, { "E-mail 1", CLT_CSV_EMAIL },
  { "E-mail 2", CLT_CSV_EMAIL }, { "E-mail 3", CLT_CSV_EMAIL },
  { "Phone 1", CLT_CSV_PHONE }, { "Phone 2", CLT_CSV_PHONE }, { "Phone 3", CLT_CSV_PHONE },
  { "Address 1", CLT_CSV_ADDRESS }, { "Address 2", CLT_CSV_ADDRESS },
  { "Birthday", CLT_CSV_BIRTHDAY }, { "Language", CLT_CSV_LANGUAGE }, { "VIP", CLT_CSV_VIP },
  { "E-mail Consent", CLT_CSV_EMAIL_CONSENT }, { "Tags", CLT_CSV_TAGS },
  { "Preferences", CLT_CSV_PREFERENCES }, { "Notes", CLT_CSV_NOTE },
};

/* Column names in English and French, folded. */
static const Name known_names[] = {
  { "name", CLT_CSV_FULL_NAME }, { "full name", CLT_CSV_FULL_NAME },
  { "nom complet", CLT_CSV_FULL_NAME }, { "display name", CLT_CSV_FULL_NAME },
  { "nom affiche", CLT_CSV_FULL_NAME }, { "nom a afficher", CLT_CSV_FULL_NAME },
  { "nom et prenom", CLT_CSV_FULL_NAME }, { "nom prenom", CLT_CSV_FULL_NAME },
  { "prenom nom", CLT_CSV_FULL_NAME }, { "prenom et nom", CLT_CSV_FULL_NAME },
  { "contact", CLT_CSV_FULL_NAME }, { "client", CLT_CSV_FULL_NAME },
  { "customer", CLT_CSV_FULL_NAME },
  { "honorific", CLT_CSV_HONORIFIC }, { "civilite", CLT_CSV_HONORIFIC },
  { "title", CLT_CSV_HONORIFIC }, { "titre", CLT_CSV_HONORIFIC },
  { "salutation", CLT_CSV_HONORIFIC }, { "name prefix", CLT_CSV_HONORIFIC },
  { "prefix", CLT_CSV_HONORIFIC }, { "prefixe", CLT_CSV_HONORIFIC },
  { "prefixe du nom", CLT_CSV_HONORIFIC },
  { "given name", CLT_CSV_GIVEN_NAME }, { "first name", CLT_CSV_GIVEN_NAME },
  { "firstname", CLT_CSV_GIVEN_NAME }, { "forename", CLT_CSV_GIVEN_NAME },
  { "prenom", CLT_CSV_GIVEN_NAME }, { "prenoms", CLT_CSV_GIVEN_NAME },
  { "middle name", CLT_CSV_MIDDLE_NAME }, { "additional name", CLT_CSV_MIDDLE_NAME },
  { "deuxieme prenom", CLT_CSV_MIDDLE_NAME }, { "second prenom", CLT_CSV_MIDDLE_NAME },
  { "autres prenoms", CLT_CSV_MIDDLE_NAME },
  { "family name", CLT_CSV_FAMILY_NAME }, { "last name", CLT_CSV_FAMILY_NAME },
  { "lastname", CLT_CSV_FAMILY_NAME }, { "surname", CLT_CSV_FAMILY_NAME },
  { "nom de famille", CLT_CSV_FAMILY_NAME }, { "nom", CLT_CSV_FAMILY_NAME },
  { "addressed as", CLT_CSV_ADDRESSED_AS }, { "appellation", CLT_CSV_ADDRESSED_AS },
  { "formule d appel", CLT_CSV_ADDRESSED_AS },
  { "job title", CLT_CSV_JOB_TITLE }, { "fonction", CLT_CSV_JOB_TITLE },
  { "poste", CLT_CSV_JOB_TITLE }, { "position", CLT_CSV_JOB_TITLE },
  { "occupation", CLT_CSV_JOB_TITLE }, { "profession", CLT_CSV_JOB_TITLE },
  { "metier", CLT_CSV_JOB_TITLE }, { "role", CLT_CSV_JOB_TITLE },
  { "cp", CLT_CSV_POSTAL_CODE }, { "npa", CLT_CSV_POSTAL_CODE }, { "zip", CLT_CSV_POSTAL_CODE },
  { "vip", CLT_CSV_VIP },
  { "preferences", CLT_CSV_PREFERENCES }, { "preference", CLT_CSV_PREFERENCES },
  { "mail", CLT_CSV_EMAIL },
};

/* Words that make a column one to leave out, whatever else it says. */
static const char * const ignored_words[] = {
  "yomi", "phonetic", "phonetique", "short", "maiden", "nickname", "surnom",
  "initials", "initiales", "suffix", "suffixe", "assistant", "manager",
  "responsable", "spouse", "conjoint", "children", "enfants", "referred",
  "recommande", "isdn", "rnis", "radio", "tty", "tdd", "telex", "callback",
  "rappel", "pager", "radiomessagerie", "gender", "sexe", "photo", "website",
  "web", "url", "type", "department", "service", "id", "identification",
  "anniversary", "mariage", "display",
};

/* Outlook's own column names, three of which make an Outlook export. */
static const char * const outlook_names[] = {
  "e mail address", "e mail 2 address", "e mail 3 address", "e mail type",
  "e mail display name", "mobile phone", "business phone", "home phone",
  "business street", "home street", "business fax", "home fax",
  "business postal code", "home postal code", "business city", "home city",
  "adresse de messagerie", "adresse de messagerie 2", "adresse de messagerie 3",
  "type de messagerie", "nom complet de l adresse de messagerie", "tel mobile",
  "telephone bureau", "telephone domicile", "rue bureau", "rue domicile",
  "telecopie bureau", "telecopie domicile", "ville bureau", "ville domicile",
  "code postal bureau", "code postal domicile",
};

static const char * const french_words[] = {
  "prenom", "nom", "famille", "societe", "telephone", "tel", "ville", "pays",
  "adresse", "naissance", "courriel", "portable", "remarques", "rue", "etiquettes",
  "libelle", "libelles", "valeur", "domicile", "bureau", "messagerie",
  "anniversaire", "langue", "civilite", "entreprise", "fonction", "poste",
  "deuxieme", "titre", "postal", "localite", "commentaire", "autre",
};

static const char * const english_words[] = {
  "name", "first", "last", "given", "company", "phone", "city", "country",
  "address", "birthday", "street", "family", "home", "business", "title",
  "value", "label", "job", "notes", "other", "language", "zip", "state",
};

/* Normalised: folded, every run of punctuation and spaces one space. */
static char *
normalize (const char *name)
{
  g_autofree char *folded = clt_text_fold (name);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || (guchar) *p >= 0x80)
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
      else
        space = TRUE;
    }

  return g_string_free (out, FALSE);
}

static gboolean
has_word (const char *normalized,
          const char *word)
{
  gsize len = strlen (word);

  for (const char *p = strstr (normalized, word); p != NULL; p = strstr (p + 1, word))
    {
      if ((p == normalized || p[-1] == ' ') && (p[len] == '\0' || p[len] == ' '))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_any (const char         *normalized,
         const char * const *words,
         gsize               n_words)
{
  for (gsize i = 0; i < n_words; i++)
    {
      if (has_word (normalized, words[i]))
        return TRUE;
    }
  return FALSE;
}

#define HAS_ANY(n, ...) \
  has_any ((n), (const char * const[]) { __VA_ARGS__ }, \
           sizeof ((const char * const[]) { __VA_ARGS__ }) / sizeof (const char *))

/* The label a column name or a Google type gives: one of Clientele's own
 * words, or NULL. */
static const char *
label_from_words (const char *normalized)
{
  if (HAS_ANY (normalized, "fax", "telecopie", "telecopieur"))
    return "fax";
  if (HAS_ANY (normalized, "mobile", "portable", "gsm", "natel", "cellulaire", "cell"))
    return "mobile";
  if (HAS_ANY (normalized, "business", "work", "bureau", "professionnel", "professionnelle",
               "pro", "travail", "company", "societe", "entreprise"))
    return "work";
  if (HAS_ANY (normalized, "home", "domicile", "prive", "privee", "private", "personnel",
               "personnelle", "perso", "maison"))
    return "home";
  if (HAS_ANY (normalized, "other", "autre"))
    return "other";
  if (HAS_ANY (normalized, "primary", "principal", "main"))
    return "main";
  return NULL;
}

/* A Google column: "E-mail 1 - Value", "Téléphone 2 - Libellé",
 * "Address 1 - Postal Code". Returns the field, and the slot ("email 1")
 * that ties a label to its value and the parts of one address. */
static gboolean
google_column (const char   *name,
               CltCsvField  *field,
               char        **slot)
{
  const char *dash = strstr (name, " - ");
  g_autofree char *kind_text = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *part = NULL;
  const char *number;
  const char *canonical;

  if (dash == NULL)
    return FALSE;

  kind_text = g_strndup (name, dash - name);
  kind = normalize (kind_text);
  part = normalize (dash + 3);
  number = strrchr (kind, ' ');
  if (number == NULL || strspn (number + 1, "0123456789") != strlen (number + 1) || number[1] == '\0')
    return FALSE;
  kind[number - kind] = '\0';
  number++;

  if (has_any (part, ignored_words, G_N_ELEMENTS (ignored_words)) && !HAS_ANY (part, "type"))
    *field = CLT_CSV_IGNORE;
  else if (HAS_ANY (part, "type", "label", "libelle"))
    *field = HAS_ANY (kind, "mail", "email", "courriel", "phone", "telephone", "address", "adresse")
             ? CLT_CSV_LABEL : CLT_CSV_IGNORE;
  else if (g_str_equal (kind, "e mail") || g_str_equal (kind, "email") ||
           g_str_equal (kind, "adresse e mail") || g_str_equal (kind, "courriel"))
    *field = HAS_ANY (part, "value", "valeur") ? CLT_CSV_EMAIL : CLT_CSV_IGNORE;
  else if (g_str_equal (kind, "phone") || g_str_equal (kind, "telephone") ||
           g_str_equal (kind, "numero de telephone"))
    *field = HAS_ANY (part, "value", "valeur") ? CLT_CSV_PHONE : CLT_CSV_IGNORE;
  else if (g_str_equal (kind, "address") || g_str_equal (kind, "adresse"))
    {
      if (HAS_ANY (part, "formatted", "formatee", "forme"))
        *field = CLT_CSV_ADDRESS;
      else if (HAS_ANY (part, "street", "rue", "box", "postale", "extended", "etendue", "complement"))
        *field = CLT_CSV_STREET;
      else if (HAS_ANY (part, "city", "ville"))
        *field = CLT_CSV_CITY;
      else if (HAS_ANY (part, "postal", "code"))
        *field = CLT_CSV_POSTAL_CODE;
      else if (HAS_ANY (part, "region"))
        *field = CLT_CSV_REGION;
      else if (HAS_ANY (part, "country", "pays"))
        *field = CLT_CSV_COUNTRY;
      else
        *field = CLT_CSV_IGNORE;
    }
  else if (g_str_equal (kind, "organization") || g_str_equal (kind, "organisation") ||
           g_str_equal (kind, "entreprise"))
    {
      if (HAS_ANY (part, "title", "titre", "fonction"))
        *field = CLT_CSV_JOB_TITLE;
      else if (HAS_ANY (part, "name", "nom"))
        *field = CLT_CSV_COMPANY;
      else
        *field = CLT_CSV_IGNORE;
    }
  else
    *field = CLT_CSV_IGNORE;

  if (HAS_ANY (kind, "mail", "email", "courriel"))
    canonical = "email";
  else if (HAS_ANY (kind, "phone", "telephone"))
    canonical = "phone";
  else if (HAS_ANY (kind, "address", "adresse"))
    canonical = "address";
  else
    canonical = kind;
  *slot = g_strdup_printf ("%s %s", canonical, number);
  return TRUE;
}

/* The field a folded column name holds, from its words. */
static CltCsvField
guess_from_words (const char *n)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_names); i++)
    {
      if (g_str_equal (n, known_names[i].name))
        return known_names[i].field;
    }

  if (HAS_ANY (n, "consent", "consentement"))
    return CLT_CSV_EMAIL_CONSENT;
  if (has_any (n, ignored_words, G_N_ELEMENTS (ignored_words)) ||
      (has_word (n, "file") && has_word (n, "as")) ||
      (has_word (n, "nom") && has_word (n, "complet") && has_word (n, "messagerie")))
    return CLT_CSV_IGNORE;

  if (HAS_ANY (n, "mail", "email", "courriel", "messagerie", "emails"))
    return CLT_CSV_EMAIL;
  if (HAS_ANY (n, "mobile", "portable", "gsm", "natel", "cellulaire", "cell"))
    return CLT_CSV_MOBILE;
  if (HAS_ANY (n, "telephone", "tel", "phone", "fax", "telecopie", "fixe", "telephones", "phones"))
    return CLT_CSV_PHONE;
  if (HAS_ANY (n, "naissance", "birthday", "birth", "birthdate", "dob", "anniversaire"))
    return CLT_CSV_BIRTHDAY;
  if (HAS_ANY (n, "postal", "zip", "postcode", "npa", "cp"))
    return CLT_CSV_POSTAL_CODE;
  if (HAS_ANY (n, "ville", "city", "localite", "town", "commune"))
    return CLT_CSV_CITY;
  if (HAS_ANY (n, "pays", "country"))
    return CLT_CSV_COUNTRY;
  if (HAS_ANY (n, "region", "state", "province", "canton", "county", "departement", "dep"))
    return CLT_CSV_REGION;
  if (HAS_ANY (n, "rue", "street", "voie", "complement", "ligne", "line", "box", "bp") ||
      (has_word (n, "boite") && has_word (n, "postale")))
    return CLT_CSV_STREET;
  if (HAS_ANY (n, "adresse", "address"))
    return CLT_CSV_ADDRESS;
  if (HAS_ANY (n, "deuxieme", "middle", "additional") ||
      (has_word (n, "autres") && has_word (n, "prenoms")))
    return CLT_CSV_MIDDLE_NAME;
  if (HAS_ANY (n, "prenom", "firstname", "forename") ||
      (has_word (n, "first") && has_word (n, "name")) ||
      (has_word (n, "given") && has_word (n, "name")))
    return CLT_CSV_GIVEN_NAME;
  if (HAS_ANY (n, "surname", "lastname", "famille") ||
      (has_word (n, "last") && has_word (n, "name")) ||
      (has_word (n, "family") && has_word (n, "name")))
    return CLT_CSV_FAMILY_NAME;
  if (HAS_ANY (n, "civilite", "honorific", "salutation"))
    return CLT_CSV_HONORIFIC;
  if (HAS_ANY (n, "societe", "entreprise", "company", "organisation", "organization",
               "employeur", "employer", "etablissement", "firme"))
    return HAS_ANY (n, "title", "titre", "fonction") ? CLT_CSV_JOB_TITLE : CLT_CSV_COMPANY;
  if (has_word (n, "raison") && has_word (n, "sociale"))
    return CLT_CSV_COMPANY;
  if (HAS_ANY (n, "fonction", "poste", "job", "profession", "metier", "occupation"))
    return CLT_CSV_JOB_TITLE;
  if (HAS_ANY (n, "langue", "language", "lang"))
    return CLT_CSV_LANGUAGE;
  if (HAS_ANY (n, "note", "notes", "remarque", "remarques", "commentaire", "commentaires",
               "comment", "comments", "observation", "observations", "memo"))
    return CLT_CSV_NOTE;
  if (HAS_ANY (n, "tags", "tag", "etiquettes", "etiquette", "categories", "categorie",
               "category", "groupes", "groupe", "groups", "group", "labels", "libelles",
               "keywords", "cles"))
    return CLT_CSV_TAGS;
  if (HAS_ANY (n, "vip"))
    return CLT_CSV_VIP;
  if (HAS_ANY (n, "name", "nom"))
    return CLT_CSV_FULL_NAME;

  return CLT_CSV_IGNORE;
}

/* One column: its field, the label its name gives, and its slot. */
static void
describe_column (const char   *name,
                 CltCsvColumn *column)
{
  g_autofree char *n = normalize (name);
  char *slot = NULL;

  column->label = NULL;
  column->slot = NULL;

  if (google_column (name, &column->field, &slot))
    {
      column->slot = slot;
      return;
    }

  column->field = guess_from_words (n);
  if (column->field == CLT_CSV_MOBILE)
    column->label = g_strdup ("mobile");
  else if (column->field != CLT_CSV_IGNORE)
    column->label = g_strdup (label_from_words (n));
}

CltCsvField
clt_csv_guess_field (const char *name)
{
  CltCsvColumn column;

  g_return_val_if_fail (name != NULL, CLT_CSV_IGNORE);

  describe_column (name, &column);
  g_free (column.label);
  g_free (column.slot);
  return column.field;
}

static gboolean
is_address_part (CltCsvField field)
{
  return field == CLT_CSV_STREET || field == CLT_CSV_POSTAL_CODE || field == CLT_CSV_CITY ||
         field == CLT_CSV_REGION || field == CLT_CSV_COUNTRY;
}

static gboolean
is_clientele (const char * const *header)
{
  gboolean name = FALSE;
  guint n = 0;

  for (guint i = 0; header[i] != NULL; i++)
    {
      gboolean found = FALSE;

      if (*header[i] == '\0')
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (clientele_names) && !found; j++)
        found = g_str_equal (header[i], clientele_names[j].name);
      if (!found)
        return FALSE;
      name = name || g_str_equal (header[i], "Name");
      n++;
    }

  return name && n >= 3;
}

const char *
clt_csv_recognize (const char * const *header,
                   CltCsvField        *mapping,
                   CltCsvDateOrder    *date_order)
{
  g_autoptr(GPtrArray) normalized = g_ptr_array_new_with_free_func (g_free);
  const char *format = NULL;
  guint google = 0;
  guint outlook = 0;
  guint french = 0;
  guint english = 0;
  gboolean after_company = FALSE;
  gboolean has_given = FALSE;
  gboolean has_family = FALSE;
  guint n;

  g_return_val_if_fail (header != NULL, NULL);
  g_return_val_if_fail (mapping != NULL, NULL);

  n = g_strv_length ((char **) header);
  for (guint i = 0; i < n; i++)
    {
      CltCsvColumn column;
      char *norm = normalize (header[i]);

      g_ptr_array_add (normalized, norm);
      describe_column (header[i], &column);
      mapping[i] = column.field;
      if (column.slot != NULL && (column.field == CLT_CSV_EMAIL || column.field == CLT_CSV_PHONE ||
                                  column.field == CLT_CSV_LABEL || is_address_part (column.field) ||
                                  column.field == CLT_CSV_ADDRESS))
        google++;
      g_free (column.label);
      g_free (column.slot);

      for (guint j = 0; j < G_N_ELEMENTS (outlook_names); j++)
        {
          if (g_str_equal (norm, outlook_names[j]))
            outlook++;
        }
      french += has_any (norm, french_words, G_N_ELEMENTS (french_words));
      english += has_any (norm, english_words, G_N_ELEMENTS (english_words));

      /* Outlook in French has two "Titre": the honorific first, the job
       * title after the company. */
      if (g_str_equal (norm, "titre") && after_company)
        mapping[i] = CLT_CSV_JOB_TITLE;
      if (mapping[i] == CLT_CSV_COMPANY || g_str_equal (norm, "service") ||
          g_str_equal (norm, "department"))
        after_company = TRUE;
      has_given = has_given || mapping[i] == CLT_CSV_GIVEN_NAME;
    }

  /* "Nom" is a family name beside a given name, else the whole name. */
  for (guint i = 0; i < n; i++)
    has_family = has_family || (mapping[i] == CLT_CSV_FAMILY_NAME &&
                                !g_str_equal (g_ptr_array_index (normalized, i), "nom"));
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (g_ptr_array_index (normalized, i), "nom") && (has_family || !has_given))
        mapping[i] = CLT_CSV_FULL_NAME;
    }

  if (is_clientele (header))
    {
      format = "clientele";
      for (guint i = 0; i < n; i++)
        {
          for (guint j = 0; j < G_N_ELEMENTS (clientele_names); j++)
            {
              if (g_str_equal (header[i], clientele_names[j].name))
                mapping[i] = clientele_names[j].field;
            }
        }
    }
  else if (google >= 2)
    format = "google";
  else if (outlook >= 3)
    format = "outlook";
  else
    {
      /* A spreadsheet's "Adresse" beside a postal code or a city is the
       * street. */
      for (guint i = 0; i < n; i++)
        {
          if (mapping[i] != CLT_CSV_ADDRESS)
            continue;
          for (guint j = 0; j < n; j++)
            {
              if (mapping[j] == CLT_CSV_POSTAL_CODE || mapping[j] == CLT_CSV_CITY)
                mapping[i] = CLT_CSV_STREET;
            }
        }
    }

  if (date_order != NULL)
    *date_order = french > english ? CLT_CSV_DAY_FIRST : CLT_CSV_MONTH_FIRST;

  return format;
}

/* Dates */

static gboolean
read_number (const char **p,
             guint        max_digits,
             guint       *value,
             guint       *digits)
{
  *value = 0;
  *digits = 0;
  while (g_ascii_isdigit (**p) && *digits < max_digits)
    {
      *value = *value * 10 + (guint) (**p - '0');
      (*digits)++;
      (*p)++;
    }
  return *digits > 0 && !g_ascii_isdigit (**p);
}

static gboolean
valid_date (guint year,
            guint month,
            guint day)
{
  if (month < 1 || month > 12 || day < 1 || day > 31)
    return FALSE;
  if (year == 0)
    return g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, 2000);
  return year >= 1800 && year <= 2200 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static char *
format_date (guint year,
             guint month,
             guint day)
{
  if (year == 0)
    return g_strdup_printf ("--%02u-%02u", month, day);
  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

gboolean
clt_csv_parse_birthday (const char       *text,
                        CltCsvDateOrder   order,
                        char            **birthday)
{
  g_autofree char *stripped = NULL;
  const char *p;
  guint a, b, c = 0;
  guint da, db, dc = 0;
  char sep;
  char *end;

  g_return_val_if_fail (birthday != NULL, FALSE);

  *birthday = NULL;
  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*stripped == '\0')
    return TRUE;

  /* A time after the date, as spreadsheets write it, is left out. */
  end = strpbrk (stripped + 1, "T ");
  if (end != NULL && g_ascii_isdigit (end[1]))
    *end = '\0';

  p = stripped;

  /* --MM-DD, --MMDD: a birthday without a year, as vCard writes it. */
  if (g_str_has_prefix (p, "--"))
    {
      p += 2;
      if (strlen (p) == 4 && strspn (p, "0123456789") == 4)
        {
          a = (guint) ((p[0] - '0') * 10 + (p[1] - '0'));
          b = (guint) ((p[2] - '0') * 10 + (p[3] - '0'));
        }
      else if (!read_number (&p, 2, &a, &da) || *p++ != '-' || !read_number (&p, 2, &b, &db) || *p != '\0')
        return FALSE;
      if (!valid_date (0, a, b))
        return FALSE;
      *birthday = format_date (0, a, b);
      return TRUE;
    }

  /* YYYYMMDD */
  if (strlen (p) == 8 && strspn (p, "0123456789") == 8)
    {
      guint64 all = g_ascii_strtoull (p, NULL, 10);

      a = (guint) (all / 10000);
      b = (guint) (all / 100 % 100);
      c = (guint) (all % 100);
      if (!valid_date (a, b, c))
        return FALSE;
      *birthday = format_date (a, b, c);
      return TRUE;
    }

  if (!read_number (&p, 4, &a, &da))
    return FALSE;
  sep = *p;
  if (sep != '-' && sep != '/' && sep != '.')
    return FALSE;
  p++;
  if (!read_number (&p, 2, &b, &db))
    return FALSE;

  /* Year first: 1985-06-12, 1985/06/12. */
  if (da == 4)
    {
      if (*p++ != sep || !read_number (&p, 2, &c, &dc) || *p != '\0' || !valid_date (a, b, c))
        return FALSE;
      *birthday = format_date (a, b, c);
      return TRUE;
    }

  if (*p == sep && p[1] != '\0')
    {
      p++;
      if (!read_number (&p, 4, &c, &dc) || (dc != 2 && dc != 4))
        return FALSE;
    }
  else if (*p == sep)
    p++;   /* 12.06. */
  if (*p != '\0' || da > 2)
    return FALSE;

  /* Outlook writes 0/0/00 for no birthday. */
  if (a == 0 && b == 0 && c == 0)
    return TRUE;

  if (dc == 2)
    {
      g_autoptr(GDateTime) today = g_date_time_new_now_local ();
      guint now = (guint) g_date_time_get_year (today) % 100;

      c += c > now ? 1900 : 2000;
    }

  {
    gboolean day_first = order == CLT_CSV_DAY_FIRST || sep == '.';
    guint day, month;

    if (a > 12)
      day_first = TRUE;
    else if (b > 12)
      day_first = FALSE;
    day = day_first ? a : b;
    month = day_first ? b : a;
    if (!valid_date (c, month, day))
      return FALSE;
    *birthday = format_date (c, month, day);
  }
  return TRUE;
}

/* Values */

/* A label as a file writes it ("* Home", "Travail", "Mobile") in
 * Clientele's words when it has them, else as written. */
static char *
label_from_value (const char *value)
{
  g_autofree char *stripped = NULL;
  g_autofree char *n = NULL;
  const char *known;
  const char *start = value;

  while (*start == '*' || *start == ' ')
    start++;
  stripped = clt_text_strip (start);
  if (*stripped == '\0')
    return NULL;

  n = normalize (stripped);
  known = label_from_words (n);
  if (known != NULL)
    return g_strdup (known);
  if (g_str_equal (n, "custom") || g_str_equal (n, "personnalise"))
    return NULL;
  return g_steal_pointer (&stripped);
}

/* Several addresses, written with commas or semicolons between them, as
 * a mail program's To line: not those inside a quoted name or between
 * angle brackets ("Dupont, Jean" <jean@example.fr>, marie@example.fr). */
static GStrv
split_addresses (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean quoted = FALSE;
  gboolean bracketed = FALSE;
  const char *start = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' && quoted && p[1] != '\0')
        p++;
      else if (*p == '"')
        quoted = !quoted;
      else if (*p == '<' && !quoted)
        bracketed = TRUE;
      else if (*p == '>' && !quoted)
        bracketed = FALSE;
      else if ((*p == ',' || *p == ';') && !quoted && !bracketed)
        {
          g_autofree char *piece = g_strndup (start, p - start);

          g_strv_builder_add (builder, piece);
          start = p + 1;
        }
    }
  g_strv_builder_add (builder, start);

  return g_strv_builder_end (builder);
}

/* Google's " ::: ", for e-mails the commas and semicolons people put
 * between several addresses, and the semicolons of a column @joined. */
static GStrv
split_values (const char *text,
              gboolean    email,
              gboolean    joined)
{
  g_auto(GStrv) parts = g_strsplit (text, " ::: ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pieces = email ? split_addresses (parts[i])
                             : joined ? g_strsplit (parts[i], ";", -1)
                             : g_strdupv ((char *[]) { parts[i], NULL });

      for (guint j = 0; pieces[j] != NULL; j++)
        {
          g_autofree char *value = clt_text_strip (pieces[j]);

          if (*value != '\0')
            g_strv_builder_add (builder, value);
        }
    }

  return g_strv_builder_end (builder);
}

static gboolean
is_yes (const char *text)
{
  g_autofree char *n = normalize (text);

  return g_str_equal (n, "yes") || g_str_equal (n, "oui") || g_str_equal (n, "true") ||
         g_str_equal (n, "vrai") || g_str_equal (n, "1") || g_str_equal (n, "x") ||
         g_str_equal (n, "y") || g_str_equal (n, "o") || g_str_equal (n, "vip") ||
         g_str_equal (text, "✓") || g_str_equal (text, "✔");
}

static gboolean
parse_consent (const char *text,
               CltConsent *consent)
{
  g_autofree char *n = normalize (text);

  if (HAS_ANY (n, "marketing", "newsletter", "promotions"))
    *consent = CLT_CONSENT_MARKETING;
  else if (HAS_ANY (n, "follow", "ups", "suivi", "relances", "suivis"))
    *consent = CLT_CONSENT_FOLLOW_UPS;
  else if (HAS_ANY (n, "none", "no", "non", "aucun", "aucune", "refuse"))
    *consent = CLT_CONSENT_NONE;
  else
    return FALSE;
  return TRUE;
}

/* "fr", "Français", "French", "fr-CH" are all "fr". */
static char *
parse_language (const char *text)
{
  static const struct
  {
    const char *name;
    const char *code;
  } names[] = {
    { "francais", "fr" }, { "french", "fr" }, { "english", "en" }, { "anglais", "en" },
    { "deutsch", "de" }, { "german", "de" }, { "allemand", "de" },
    { "espanol", "es" }, { "spanish", "es" }, { "espagnol", "es" },
    { "italiano", "it" }, { "italian", "it" }, { "italien", "it" },
    { "portugues", "pt" }, { "portuguese", "pt" }, { "portugais", "pt" },
    { "nederlands", "nl" }, { "dutch", "nl" }, { "neerlandais", "nl" },
  };
  g_autofree char *n = normalize (text);
  g_auto(GStrv) subtags = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_str_equal (n, names[i].name))
        return g_strdup (names[i].code);
    }

  subtags = g_strsplit (n, " ", 2);
  if (subtags[0] != NULL && (strlen (subtags[0]) == 2 || strlen (subtags[0]) == 3) &&
      strspn (subtags[0], "abcdefghijklmnopqrstuvwxyz") == strlen (subtags[0]))
    return g_strdup (subtags[0]);

  return clt_text_strip (text);
}

static void
add_tags (CltRecord  *record,
          const char *text)
{
  g_auto(GStrv) parts = NULL;

  /* Google writes its labels " ::: " apart, others with commas or
   * semicolons. */
  if (strstr (text, ":::") != NULL)
    parts = g_strsplit (text, ":::", -1);
  else
    parts = g_strsplit_set (text, ",;", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *start = parts[i];
      g_autofree char *tag = NULL;
      gboolean seen = FALSE;

      while (*start == ' ')
        start++;
      /* Google's own groups: every contact is in "myContacts". */
      if (*start == '*')
        {
          g_autofree char *n = normalize (start + 1);

          if (g_str_equal (n, "mycontacts") || g_str_equal (n, "my contacts") ||
              g_str_equal (n, "starred"))
            continue;
          start++;
        }
      tag = clt_text_strip (start);
      if (*tag == '\0')
        continue;
      for (guint j = 0; j < record->tags->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (record->tags, j), tag);
      if (!seen)
        g_ptr_array_add (record->tags, g_steal_pointer (&tag));
    }
}

/* "[alert] [sensitive] " in front of a preference, as Clientele writes
 * it (in English whatever the language, read in French too). */
static CltPreferenceFlags
take_preference_flags (const char **line)
{
  static const struct
  {
    const char         *mark;
    CltPreferenceFlags  flag;
  } marks[] = {
    { "[alert]", CLT_PREFERENCE_ALERT }, { "[alerte]", CLT_PREFERENCE_ALERT },
    { "[sensitive]", CLT_PREFERENCE_SENSITIVE }, { "[sensible]", CLT_PREFERENCE_SENSITIVE },
  };
  CltPreferenceFlags flags = CLT_PREFERENCE_NONE;
  gboolean found = TRUE;

  while (found)
    {
      found = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (marks) && !found; i++)
        {
          gsize len = strlen (marks[i].mark);

          if (g_ascii_strncasecmp (*line, marks[i].mark, len) == 0)
            {
              flags |= marks[i].flag;
              *line += len;
              while (**line == ' ')
                (*line)++;
              found = TRUE;
            }
        }
    }

  return flags;
}

/* One a line: "[alert] [sensitive] Category: text", the flags and the
 * category optional; the category as the user saw it ("Room", "Chambre"). */
static void
add_preferences (CltRecord  *record,
                 const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);
      const char *colon;
      CltPreferenceFlags flags;
      CltPreference *preference;

      flags = take_preference_flags (&line);
      if (*line == '\0')
        continue;

      preference = g_new0 (CltPreference, 1);
      preference->position = (int) record->preferences->len;
      preference->flags = flags;
      colon = strstr (line, ": ");
      if (colon != NULL && colon - line <= 40)
        {
          g_autofree char *category = g_strndup (line, colon - line);

          preference->category = clt_preference_category_from_label (category);
          preference->text = g_strstrip (g_strdup (colon + 2));
        }
      else
        preference->text = g_strdup (line);
      g_ptr_array_add (record->preferences, preference);
    }
}

/* Clientele writes a customer's notes one a line. */
static void
add_note_lines (CltRecord  *record,
                const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      CltNote *note;

      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      note = g_new0 (CltNote, 1);
      note->text = g_strdup (lines[i]);
      g_ptr_array_add (record->notes, note);
    }
}

/* The plan */

typedef struct
{
  char   *slot;
  char   *label;          /* the first label the names of its columns give */
  int     label_column;   /* Google's "Address 1 - Type", or -1 */
  GArray *columns;        /* guint: every column of this address */
  gboolean joined;        /* holds several addresses "; " apart */
} Slot;

struct _CltCsvPlan
{
  CltCsvColumn    *columns;
  int             *label_columns;   /* for each column, its Google label column, or -1 */
  guint            n_columns;
  gboolean        *joined;          /* for each column, whether it holds the values
                                       beyond the columns of its kind "; " apart */
  GPtrArray       *slots;           /* Slot: the postal addresses */
  CltCsvDateOrder  date_order;
  gboolean         clientele;       /* Clientele's own export */
  GHashTable      *labels;          /* a label as written: as Clientele says it ("" for none) */
};

static void
slot_free (Slot *slot)
{
  g_free (slot->slot);
  g_free (slot->label);
  g_array_unref (slot->columns);
  g_free (slot);
}

void
clt_csv_plan_free (CltCsvPlan *plan)
{
  if (plan == NULL)
    return;

  for (guint i = 0; i < plan->n_columns; i++)
    {
      g_free (plan->columns[i].label);
      g_free (plan->columns[i].slot);
    }
  g_free (plan->columns);
  g_free (plan->label_columns);
  g_free (plan->joined);
  g_ptr_array_unref (plan->slots);
  g_hash_table_unref (plan->labels);
  g_free (plan);
}

static Slot *
find_slot (CltCsvPlan *plan,
           const char *name)
{
  Slot *slot;

  for (guint i = 0; i < plan->slots->len; i++)
    {
      slot = g_ptr_array_index (plan->slots, i);
      if (g_str_equal (slot->slot, name))
        return slot;
    }

  slot = g_new0 (Slot, 1);
  slot->slot = g_strdup (name);
  slot->label_column = -1;
  slot->columns = g_array_new (FALSE, FALSE, sizeof (guint));
  g_ptr_array_add (plan->slots, slot);
  return slot;
}

CltCsvPlan *
clt_csv_plan_new (const CltCsvPreview *preview)
{
  CltCsvPlan *plan;
  guint n_names;

  g_return_val_if_fail (preview != NULL, NULL);

  plan = g_new0 (CltCsvPlan, 1);
  plan->n_columns = preview->n_columns;
  plan->columns = g_new0 (CltCsvColumn, plan->n_columns);
  plan->label_columns = g_new (int, plan->n_columns);
  plan->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) slot_free);
  plan->date_order = preview->date_order;
  plan->clientele = g_strcmp0 (preview->format, "clientele") == 0;
  plan->joined = g_new0 (gboolean, plan->n_columns);
  plan->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  n_names = preview->header != NULL ? g_strv_length (preview->header) : 0;
  for (guint i = 0; i < plan->n_columns; i++)
    {
      const char *name = i < n_names ? preview->header[i] : "";

      describe_column (name, &plan->columns[i]);
      plan->columns[i].field = preview->mapping != NULL ? preview->mapping[i] : CLT_CSV_IGNORE;
      if (plan->columns[i].field == CLT_CSV_MOBILE && plan->columns[i].label == NULL)
        plan->columns[i].label = g_strdup ("mobile");
      plan->label_columns[i] = -1;
    }

  /* Clientele writes the e-mails, phone numbers and addresses beyond its
   * columns "; " apart in the last column of their kind. */
  if (plan->clientele)
    {
      static const CltCsvField joined_fields[] = { CLT_CSV_EMAIL, CLT_CSV_PHONE, CLT_CSV_ADDRESS };

      for (guint f = 0; f < G_N_ELEMENTS (joined_fields); f++)
        {
          for (guint i = plan->n_columns; i > 0; i--)
            {
              if (plan->columns[i - 1].field == joined_fields[f])
                {
                  plan->joined[i - 1] = TRUE;
                  break;
                }
            }
        }
    }

  for (guint i = 0; i < plan->n_columns; i++)
    {
      CltCsvColumn *column = &plan->columns[i];
      g_autofree char *slot_name = NULL;
      Slot *slot;

      if (column->slot != NULL)
        {
          for (guint j = 0; j < plan->n_columns; j++)
            {
              if (plan->columns[j].field == CLT_CSV_LABEL &&
                  g_strcmp0 (plan->columns[j].slot, column->slot) == 0)
                plan->label_columns[i] = (int) j;
            }
        }

      if (column->field != CLT_CSV_ADDRESS && !is_address_part (column->field))
        continue;

      /* A whole address is an address of its own unless a slot or a label
       * ties it to parts (Google's "Formatted" beside its "Street"). */
      if (column->slot != NULL)
        slot_name = g_strdup (column->slot);
      else if (column->label != NULL)
        slot_name = g_strdup (column->label);
      else if (column->field == CLT_CSV_ADDRESS)
        slot_name = g_strdup_printf ("#%u", i);
      else
        slot_name = g_strdup ("");

      slot = find_slot (plan, slot_name);
      g_array_append_val (slot->columns, i);
      if (slot->label == NULL)
        slot->label = g_strdup (column->label);
      if (slot->label_column < 0)
        slot->label_column = plan->label_columns[i];
      slot->joined = slot->joined || plan->joined[i];
    }

  return plan;
}

static const char *
cell (char * const *cells,
      guint         n_cells,
      int           i)
{
  if (i < 0 || (guint) i >= n_cells || cells[i] == NULL)
    return "";
  return cells[i];
}

static void
add_problem (GPtrArray  *problems,
             guint       line,
             const char *reason)
{
  g_ptr_array_add (problems, clt_record_problem_new (line, reason));
}

/* "12 rue X\n1003 Lausanne\nVD\nSuisse" from the parts of one address. */
static char *
assemble_address (CltCsvPlan   *plan,
                  Slot         *slot,
                  char * const *cells,
                  guint         n_cells)
{
  GString *out = g_string_new (NULL);
  const char *postal = "";
  const char *city = "";
  const char *region = "";
  const char *country = "";

  for (guint i = 0; i < slot->columns->len; i++)
    {
      guint c = g_array_index (slot->columns, guint, i);
      const char *value = cell (cells, n_cells, (int) c);

      if (plan->columns[c].field == CLT_CSV_ADDRESS && *value != '\0')
        {
          g_string_free (out, TRUE);
          return g_strdup (value);
        }
    }

  for (guint i = 0; i < slot->columns->len; i++)
    {
      guint c = g_array_index (slot->columns, guint, i);
      const char *value = cell (cells, n_cells, (int) c);

      if (*value == '\0')
        continue;
      switch ((int) plan->columns[c].field)
        {
        case CLT_CSV_STREET:
          if (out->len > 0)
            g_string_append_c (out, '\n');
          g_string_append (out, value);
          break;
        case CLT_CSV_POSTAL_CODE:
          postal = *postal ? postal : value;
          break;
        case CLT_CSV_CITY:
          city = *city ? city : value;
          break;
        case CLT_CSV_REGION:
          region = *region ? region : value;
          break;
        case CLT_CSV_COUNTRY:
          country = *country ? country : value;
          break;
        default:
          break;
        }
    }

  if (*postal || *city)
    g_string_append_printf (out, "%s%s%s%s", out->len > 0 ? "\n" : "", postal,
                            *postal && *city ? " " : "", city);
  if (*region)
    g_string_append_printf (out, "%s%s", out->len > 0 ? "\n" : "", region);
  if (*country)
    g_string_append_printf (out, "%s%s", out->len > 0 ? "\n" : "", country);

  return g_string_free (out, FALSE);
}

/* A file has few labels, written again on every row: each is folded once. */
static char *
plan_label (CltCsvPlan *plan,
            const char *value)
{
  const char *known = g_hash_table_lookup (plan->labels, value);
  char *label;

  if (known != NULL)
    return *known != '\0' ? g_strdup (known) : NULL;

  label = label_from_value (value);
  if (g_hash_table_size (plan->labels) < 1000)
    g_hash_table_insert (plan->labels, g_strdup (value), g_strdup (label != NULL ? label : ""));
  return label;
}

static void
add_contacts (CltCsvPlan     *plan,
              CltRecord      *record,
              CltContactKind  kind,
              const char     *value,
              gboolean        joined,
              const char     *fixed_label,
              const char     *labels)
{
  g_auto(GStrv) values = split_values (value, kind == CLT_CONTACT_EMAIL, joined);
  g_auto(GStrv) label_values = labels != NULL && *labels != '\0' ? g_strsplit (labels, " ::: ", -1) : NULL;
  guint n_labels = label_values != NULL ? g_strv_length (label_values) : 0;

  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *label = n_labels > 0 ? plan_label (plan, label_values[MIN (i, n_labels - 1)]) : NULL;

      clt_record_add_contact (record, kind, label != NULL ? label : fixed_label, values[i]);
    }
}

/* Clientele and spreadsheets write a ' before a cell that a spreadsheet
 * would run as a formula: a phone number "'+33…", a birthday "'--03-14". */
static char *
unguard (char *cell)
{
  if (cell != NULL && cell[0] == '\'' && cell[1] != '\0' && strchr ("=+-@", cell[1]) != NULL)
    return cell + 1;
  return cell;
}

static void
first_value (const char **field,
             const char  *value)
{
  if (**field == '\0')
    *field = value;
}

CltRecord *
clt_csv_plan_build (CltCsvPlan   *plan,
                    guint         line,
                    char * const *cells,
                    guint         n_cells,
                    GPtrArray    *problems)
{
  g_autoptr(CltRecord) record = NULL;
  const char *full = "", *honorific = "", *given = "", *family = "", *addressed = "";
  const char *company = "", *job = "", *language = "";
  g_autofree char *display = NULL;
  g_autoptr(GString) middle = g_string_new (NULL);
  g_autofree char **unguarded = NULL;
  CltCustomer *customer;
  gboolean blank = TRUE;
  guint first_problem;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  for (guint i = 0; i < n_cells && blank; i++)
    blank = clt_text_is_blank (cells[i]);
  if (blank)
    return NULL;

  unguarded = g_new (char *, n_cells);
  for (guint i = 0; i < n_cells; i++)
    unguarded[i] = unguard (cells[i]);
  cells = unguarded;

  record = clt_record_new (line);
  customer = record->customer;
  first_problem = problems->len;

  for (guint i = 0; i < plan->n_columns; i++)
    {
      const char *value = cell (cells, n_cells, (int) i);
      const CltCsvColumn *column = &plan->columns[i];

      if (*value == '\0')
        continue;

      switch ((int) column->field)
        {
        case CLT_CSV_FULL_NAME:
          first_value (&full, value);
          break;
        case CLT_CSV_HONORIFIC:
          first_value (&honorific, value);
          break;
        case CLT_CSV_GIVEN_NAME:
          first_value (&given, value);
          break;
        case CLT_CSV_MIDDLE_NAME:
          g_string_append_printf (middle, "%s%s", middle->len > 0 ? " " : "", value);
          break;
        case CLT_CSV_FAMILY_NAME:
          first_value (&family, value);
          break;
        case CLT_CSV_ADDRESSED_AS:
          first_value (&addressed, value);
          break;
        case CLT_CSV_COMPANY:
          first_value (&company, value);
          break;
        case CLT_CSV_JOB_TITLE:
          first_value (&job, value);
          break;
        case CLT_CSV_LANGUAGE:
          first_value (&language, value);
          break;
        case CLT_CSV_EMAIL:
          add_contacts (plan, record, CLT_CONTACT_EMAIL, value, plan->joined[i], column->label,
                        cell (cells, n_cells, plan->label_columns[i]));
          break;
        case CLT_CSV_PHONE:
        case CLT_CSV_MOBILE:
          add_contacts (plan, record, CLT_CONTACT_PHONE, value, plan->joined[i], column->label,
                        cell (cells, n_cells, plan->label_columns[i]));
          break;
        case CLT_CSV_BIRTHDAY:
          {
            g_autofree char *birthday = NULL;

            if (clt_customer_get_birthday (customer) != NULL)
              break;
            if (clt_csv_parse_birthday (value, plan->date_order, &birthday))
              clt_customer_set_birthday (customer, birthday);
            else
              {
                g_autofree char *reason =
                  g_strdup_printf (_("Line %u: the birthday “%s” could not be read; "
                                     "the customer is imported without it."), line, value);
                add_problem (problems, line, reason);
              }
          }
          break;
        case CLT_CSV_NOTE:
          if (plan->clientele)
            add_note_lines (record, value);
          else
            {
              CltNote *note = g_new0 (CltNote, 1);

              note->text = g_strdup (value);
              g_ptr_array_add (record->notes, note);
            }
          break;
        case CLT_CSV_TAGS:
          add_tags (record, value);
          break;
        case CLT_CSV_VIP:
          clt_customer_set_vip (customer, is_yes (value));
          break;
        case CLT_CSV_EMAIL_CONSENT:
          {
            CltConsent consent;

            if (parse_consent (value, &consent))
              {
                clt_customer_set_email_consent (customer, consent);
                record->has_consent = TRUE;
              }
          }
          break;
        case CLT_CSV_PREFERENCES:
          add_preferences (record, value);
          break;
        default:
          break;
        }
    }

  for (guint i = 0; i < plan->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (plan->slots, i);
      g_autofree char *address = assemble_address (plan, slot, cells, n_cells);
      g_autofree char *label = NULL;

      g_auto(GStrv) parts = NULL;

      if (*address == '\0')
        continue;
      if (slot->label_column >= 0)
        label = plan_label (plan, cell (cells, n_cells, slot->label_column));
      /* An address keeps its line breaks. */
      parts = slot->joined ? g_strsplit (address, "; ", -1) : g_strdupv ((char *[]) { address, NULL });
      for (guint j = 0; parts[j] != NULL; j++)
        {
          if (*g_strstrip (parts[j]) != '\0')
            clt_record_add_contact (record, CLT_CONTACT_ADDRESS, label != NULL ? label : slot->label, parts[j]);
        }
    }

  /* Names: a whole name is split only when the row has no given or family
   * name of its own. */
  if (*given == '\0' && *family == '\0' && *full != '\0')
    {
      g_autofree char *split_honorific = NULL;
      g_autofree char *split_given = NULL;
      g_autofree char *split_family = NULL;

      clt_text_split_name (full, &split_honorific, &split_given, &split_family);
      if (*honorific == '\0' && split_honorific != NULL)
        clt_customer_set_honorific (customer, split_honorific);
      clt_customer_set_given_name (customer, *split_given ? split_given : NULL);
      clt_customer_set_family_name (customer, *split_family ? split_family : NULL);
      display = clt_text_strip (full);
    }
  else
    {
      clt_customer_set_given_name (customer, *given ? given : NULL);
      clt_customer_set_family_name (customer, *family ? family : NULL);
      if (*full != '\0')
        display = clt_text_strip (full);
      else
        {
          g_autofree char *joined = g_strjoin (" ", given, middle->str, family, NULL);

          display = clt_text_strip (joined);
        }
    }
  if (*honorific != '\0')
    clt_customer_set_honorific (customer, honorific);
  if (*display != '\0')
    clt_customer_set_display_name (customer, display);
  if (*addressed != '\0')
    clt_customer_set_addressed_as (customer, addressed);
  if (*company != '\0')
    clt_customer_set_company (customer, company);
  if (*job != '\0')
    clt_customer_set_job_title (customer, job);
  if (*language != '\0')
    {
      g_autofree char *code = parse_language (language);

      clt_customer_set_language (customer, code);
    }

  {
    gboolean reachable = FALSE;

    for (guint i = 0; i < record->contacts->len && !reachable; i++)
      {
        CltContact *contact = g_ptr_array_index (record->contacts, i);

        reachable = contact->kind != CLT_CONTACT_ADDRESS;
      }

    if (*display == '\0' && *company == '\0' && !reachable)
      {
        g_autofree char *reason =
          g_strdup_printf (_("Line %u has no name, e-mail or phone number: it was left out."), line);

        /* Left out whole: what it would have lost does not matter. */
        g_ptr_array_remove_range (problems, first_problem, problems->len - first_problem);
        add_problem (problems, line, reason);
        return NULL;
      }
  }

  return g_steal_pointer (&record);
}
