/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-details"

#include "config.h"

#include "clt-details.h"

void
clt_contact_free (CltContact *contact)
{
  if (contact == NULL)
    return;

  g_free (contact->label);
  g_free (contact->value);
  g_free (contact);
}

CltContact *
clt_contact_copy (const CltContact *contact)
{
  CltContact *copy = g_memdup2 (contact, sizeof *contact);

  copy->label = g_strdup (contact->label);
  copy->value = g_strdup (contact->value);
  return copy;
}

void
clt_preference_free (CltPreference *preference)
{
  if (preference == NULL)
    return;

  g_free (preference->category);
  g_free (preference->text);
  g_free (preference);
}

CltPreference *
clt_preference_copy (const CltPreference *preference)
{
  CltPreference *copy = g_memdup2 (preference, sizeof *preference);

  copy->category = g_strdup (preference->category);
  copy->text = g_strdup (preference->text);
  return copy;
}

void
clt_note_free (CltNote *note)
{
  if (note == NULL)
    return;

  g_free (note->text);
  g_free (note->author);
  g_free (note);
}

CltNote *
clt_note_copy (const CltNote *note)
{
  CltNote *copy = g_memdup2 (note, sizeof *note);

  copy->text = g_strdup (note->text);
  copy->author = g_strdup (note->author);
  return copy;
}

void
clt_interaction_free (CltInteraction *interaction)
{
  if (interaction == NULL)
    return;

  g_free (interaction->note);
  g_free (interaction->staff);
  g_free (interaction);
}

CltInteraction *
clt_interaction_copy (const CltInteraction *interaction)
{
  CltInteraction *copy = g_memdup2 (interaction, sizeof *interaction);

  copy->note = g_strdup (interaction->note);
  copy->staff = g_strdup (interaction->staff);
  return copy;
}

void
clt_history_entry_free (CltHistoryEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->text);
  g_free (entry->who);
  g_free (entry);
}

void
clt_duplicate_free (CltDuplicate *duplicate)
{
  if (duplicate == NULL)
    return;

  g_free (duplicate->name);
  g_free (duplicate);
}
