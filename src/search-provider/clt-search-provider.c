/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-search-provider"

#include "config.h"

#include "clt-core.h"
#include "clt-search-provider.h"
#include "clt-shell-search-provider-generated.h"

/*
 * GNOME Shell's search provider (org.gnome.Shell.SearchProvider2): the
 * Activities overview asks it for the customers matching what is typed,
 * without starting the window. It reads the book the window and
 * clientele-cli use by default, and quits after a few idle seconds, as
 * D-Bus starts it again for the next search. Choosing a result asks the
 * application (its own name on the bus) to open the customer.
 */

/* A handful show in the overview; the rest are a click away. */
#define MAX_RESULTS 20
/* Enough of each kind on the card for its first alert and, some being
 * sensitive, its first preferences. */
#define CARD_ITEMS 10
#define INACTIVITY_TIMEOUT_MS 10000

struct _CltSearchProvider
{
  GApplication                  parent_instance;

  CltShellSearchProvider2      *skeleton;
  CltStore                     *store;
};

G_DEFINE_FINAL_TYPE (CltSearchProvider, clt_search_provider, G_TYPE_APPLICATION)

/* The book, opened at the first search. There may be none yet: the
 * overview finds no one rather than creating an empty book. */
static CltStore *
get_store (CltSearchProvider  *self,
           GError            **error)
{
  g_autofree char *path = NULL;

  if (self->store != NULL)
    return self->store;

  path = clt_store_default_path ();
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  self->store = clt_store_open (path, error);
  return self->store;
}

static gboolean
parse_id (const char *identifier,
          gint64     *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (identifier, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;

  *id = (gint64) value;
  return TRUE;
}

/* Answers with the ids of the customers found; the idle countdown starts
 * again after it (the hold and release). */
static gboolean
return_results (CltSearchProvider     *self,
                GDBusMethodInvocation *invocation,
                const char * const    *terms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GStrvBuilder) results = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  CltStore *store;

  g_application_hold (G_APPLICATION (self));

  store = get_store (self, &error);
  if (store != NULL)
    ids = clt_overview_search (store, terms, MAX_RESULTS, &error);

  if (error != NULL)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    {
      for (guint i = 0; ids != NULL && i < ids->len; i++)
        {
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (ids, gint64, i));

          g_strv_builder_add (results, id);
        }
      strv = g_strv_builder_end (results);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", strv));
    }

  g_application_release (G_APPLICATION (self));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_initial_result_set_cb (CltShellSearchProvider2 *skeleton,
                                  GDBusMethodInvocation   *invocation,
                                  const char * const      *terms,
                                  CltSearchProvider       *self)
{
  return return_results (self, invocation, terms);
}

/* A search from scratch rather than a filter of the last results: a
 * longer word may move a customer to another tier, as in the window. */
static gboolean
handle_get_subsearch_result_set_cb (CltShellSearchProvider2 *skeleton,
                                    GDBusMethodInvocation   *invocation,
                                    const char * const      *previous_results,
                                    const char * const      *terms,
                                    CltSearchProvider       *self)
{
  return return_results (self, invocation, terms);
}

static GVariant *
build_meta (CltStore   *store,
            const char *identifier,
            gint64      now)
{
  g_autoptr(CltRemember) card = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *name = NULL;
  GVariantDict meta;
  gint64 id;

  if (!parse_id (identifier, &id))
    return NULL;

  card = clt_store_get_remember_bounded (store, id, now, CARD_ITEMS, &error);
  if (card == NULL)
    {
      g_debug ("No result for customer %s: %s", identifier, error->message);
      return NULL;
    }

  name = clt_text_strip (card->name);
  description = clt_overview_describe (card);

  g_variant_dict_init (&meta, NULL);
  g_variant_dict_insert (&meta, "id", "s", identifier);
  g_variant_dict_insert (&meta, "name", "s", name);
  g_variant_dict_insert (&meta, "description", "s", description);
  g_variant_dict_insert (&meta, "gicon", "s", "avatar-default-symbolic");

  return g_variant_dict_end (&meta);
}

static gboolean
handle_get_result_metas_cb (CltShellSearchProvider2 *skeleton,
                            GDBusMethodInvocation   *invocation,
                            const char * const      *identifiers,
                            CltSearchProvider       *self)
{
  g_autoptr(GError) error = NULL;
  GVariantBuilder metas;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  CltStore *store;

  g_application_hold (G_APPLICATION (self));

  store = get_store (self, &error);
  g_variant_builder_init (&metas, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; store != NULL && identifiers[i] != NULL; i++)
    {
      GVariant *meta = build_meta (store, identifiers[i], now);

      if (meta != NULL)
        g_variant_builder_add_value (&metas, meta);
    }

  if (store == NULL && error != NULL)
    {
      g_variant_builder_clear (&metas);
      g_dbus_method_invocation_return_gerror (invocation, error);
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(aa{sv})", &metas));
    }

  g_application_release (G_APPLICATION (self));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
activate_action_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CltSearchProvider) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    g_warning ("Could not open Clientele: %s", error->message);

  g_application_release (G_APPLICATION (self));
}

/* Runs one of the application's actions (app.open-customer, app.search)
 * through org.freedesktop.Application, which starts it if need be. */
static void
activate_app_action (CltSearchProvider *self,
                     const char        *action,
                     GVariant          *parameter,
                     guint32            timestamp)
{
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (self));
  g_autofree char *path = g_strdelimit (g_strconcat ("/", APPLICATION_ID, NULL), ".", '/');
  GVariantBuilder parameters;
  GVariantBuilder platform_data;

  g_variant_builder_init (&parameters, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&parameters, "v", parameter);
  g_variant_builder_init (&platform_data, G_VARIANT_TYPE_VARDICT);
  /* The overview's click time lets the window come to the front. */
  if (timestamp != 0)
    g_variant_builder_add (&platform_data, "{sv}", "desktop-startup-id",
                           g_variant_new_take_string (g_strdup_printf ("_TIME%u", timestamp)));

  g_application_hold (G_APPLICATION (self));
  g_dbus_connection_call (connection, APPLICATION_ID, path,
                          "org.freedesktop.Application", "ActivateAction",
                          g_variant_new ("(sava{sv})", action, &parameters, &platform_data),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          activate_action_cb, g_object_ref (self));
}

static gboolean
handle_activate_result_cb (CltShellSearchProvider2 *skeleton,
                           GDBusMethodInvocation   *invocation,
                           const char              *identifier,
                           const char * const      *terms,
                           guint32                  timestamp,
                           CltSearchProvider       *self)
{
  gint64 id;

  if (!parse_id (identifier, &id))
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             "No customer “%s”", identifier);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  activate_app_action (self, "open-customer", g_variant_new_int64 (id), timestamp);
  clt_shell_search_provider2_complete_activate_result (skeleton, invocation);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_launch_search_cb (CltShellSearchProvider2 *skeleton,
                         GDBusMethodInvocation   *invocation,
                         const char * const      *terms,
                         guint32                  timestamp,
                         CltSearchProvider       *self)
{
  g_autofree char *query = g_strjoinv (" ", (char **) terms);

  activate_app_action (self, "search", g_variant_new_string (query), timestamp);
  clt_shell_search_provider2_complete_launch_search (skeleton, invocation);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
clt_search_provider_dbus_register (GApplication     *application,
                                   GDBusConnection  *connection,
                                   const char       *object_path,
                                   GError          **error)
{
  CltSearchProvider *self = CLT_SEARCH_PROVIDER (application);

  if (!G_APPLICATION_CLASS (clt_search_provider_parent_class)->dbus_register (application, connection,
                                                                              object_path, error))
    return FALSE;

  return g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton),
                                           connection, object_path, error);
}

static void
clt_search_provider_dbus_unregister (GApplication    *application,
                                     GDBusConnection *connection,
                                     const char      *object_path)
{
  CltSearchProvider *self = CLT_SEARCH_PROVIDER (application);

  if (g_dbus_interface_skeleton_has_connection (G_DBUS_INTERFACE_SKELETON (self->skeleton), connection))
    g_dbus_interface_skeleton_unexport_from_connection (G_DBUS_INTERFACE_SKELETON (self->skeleton),
                                                        connection);

  G_APPLICATION_CLASS (clt_search_provider_parent_class)->dbus_unregister (application, connection,
                                                                           object_path);
}

static void
clt_search_provider_dispose (GObject *object)
{
  CltSearchProvider *self = CLT_SEARCH_PROVIDER (object);

  g_clear_object (&self->skeleton);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (clt_search_provider_parent_class)->dispose (object);
}

static void
clt_search_provider_class_init (CltSearchProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = clt_search_provider_dispose;
  application_class->dbus_register = clt_search_provider_dbus_register;
  application_class->dbus_unregister = clt_search_provider_dbus_unregister;
}

static void
clt_search_provider_init (CltSearchProvider *self)
{
  self->skeleton = clt_shell_search_provider2_skeleton_new ();

  g_signal_connect_object (self->skeleton, "handle-get-initial-result-set",
                           G_CALLBACK (handle_get_initial_result_set_cb), self, 0);
  g_signal_connect_object (self->skeleton, "handle-get-subsearch-result-set",
                           G_CALLBACK (handle_get_subsearch_result_set_cb), self, 0);
  g_signal_connect_object (self->skeleton, "handle-get-result-metas",
                           G_CALLBACK (handle_get_result_metas_cb), self, 0);
  g_signal_connect_object (self->skeleton, "handle-activate-result",
                           G_CALLBACK (handle_activate_result_cb), self, 0);
  g_signal_connect_object (self->skeleton, "handle-launch-search",
                           G_CALLBACK (handle_launch_search_cb), self, 0);
}

CltSearchProvider *
clt_search_provider_new (void)
{
  g_autofree char *id = g_strconcat (APPLICATION_ID, ".SearchProvider", NULL);

  return g_object_new (CLT_TYPE_SEARCH_PROVIDER,
                       "application-id", id,
                       "flags", G_APPLICATION_IS_SERVICE,
                       "inactivity-timeout", INACTIVITY_TIMEOUT_MS,
                       NULL);
}
