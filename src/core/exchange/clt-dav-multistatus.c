/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "clt-dav-private.h"

/* DAV:multistatus answers (RFC 4918 §13) to PROPFIND and REPORT, read with
 * libxml2: EDS's own traversal skips the responses without a propstat,
 * which are how sync-collection names the removed records (RFC 6578 §3.5). */

static gboolean
is_element (xmlNode    *node,
            const char *ns,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL && node->ns->href != NULL &&
         strcmp ((const char *) node->ns->href, ns) == 0 &&
         strcmp ((const char *) node->name, name) == 0;
}

static xmlNode *
find_child (xmlNode    *node,
            const char *ns,
            const char *name)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, ns, name))
      return child;
  return NULL;
}

static char *
node_text (xmlNode *node)
{
  xmlChar *content;
  char *text;

  if (node == NULL)
    return NULL;

  content = xmlNodeGetContent (node);
  text = g_strdup ((const char *) content);
  xmlFree (content);
  return text;
}

/* The text of @node's first DAV:href child, trimmed. */
static char *
child_href (xmlNode *node)
{
  g_autofree char *text = node_text (find_child (node, CLT_DAV_NS_DAV, "href"));

  if (text == NULL)
    return NULL;
  return g_strdup (g_strstrip (text));
}

static guint
parse_status (xmlNode *node)
{
  g_autofree char *text = node_text (node);
  guint code = 0;

  if (text == NULL || !soup_headers_parse_status_line (g_strstrip (text), NULL, &code, NULL))
    return 0;
  return code;
}

static char *
unquote (char *etag)
{
  gsize length;

  if (etag == NULL)
    return NULL;
  g_strstrip (etag);
  length = strlen (etag);
  if (length >= 2 && etag[0] == '"' && etag[length - 1] == '"')
    {
      memmove (etag, etag + 1, length - 2);
      etag[length - 2] = '\0';
    }
  return etag;
}

/* XML reading turns every CRLF into LF (XML 1.0 §2.11) unless the server
 * wrote &#13;, which Radicale does not: vCards and iCalendar want CRLF. */
static char *
crlf (char *text)
{
  GString *lines;

  if (text == NULL || strchr (text, '\n') == NULL)
    return text;

  lines = g_string_sized_new (strlen (text) + strlen (text) / 32);
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '\n' && (c == text || c[-1] != '\r'))
        g_string_append_c (lines, '\r');
      g_string_append_c (lines, *c);
    }
  g_free (text);
  return g_string_free (lines, FALSE);
}

static void
read_prop (CltDavResponse *response,
           xmlNode        *prop)
{
  for (xmlNode *node = prop->children; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;

      if (is_element (node, CLT_DAV_NS_DAV, "getetag"))
        {
          g_free (response->etag);
          response->etag = unquote (node_text (node));
        }
      else if (is_element (node, CLT_DAV_NS_CARDDAV, "address-data") ||
               is_element (node, CLT_DAV_NS_CALDAV, "calendar-data"))
        {
          g_free (response->data);
          response->data = crlf (node_text (node));
        }
      else if (is_element (node, CLT_DAV_NS_DAV, "displayname"))
        {
          g_free (response->display_name);
          response->display_name = node_text (node);
        }
      else if (is_element (node, CLT_DAV_NS_DAV, "resourcetype"))
        {
          if (find_child (node, CLT_DAV_NS_DAV, "collection") != NULL)
            response->types |= CLT_DAV_TYPE_COLLECTION;
          if (find_child (node, CLT_DAV_NS_CARDDAV, "addressbook") != NULL)
            response->types |= CLT_DAV_TYPE_ADDRESSBOOK;
          if (find_child (node, CLT_DAV_NS_CALDAV, "calendar") != NULL)
            response->types |= CLT_DAV_TYPE_CALENDAR;
        }
      else if (is_element (node, CLT_DAV_NS_CALDAV, "supported-calendar-component-set"))
        {
          response->has_components = TRUE;
          for (xmlNode *comp = node->children; comp != NULL; comp = comp->next)
            {
              xmlChar *name;

              if (!is_element (comp, CLT_DAV_NS_CALDAV, "comp"))
                continue;
              name = xmlGetProp (comp, (const xmlChar *) "name");
              if (name != NULL && g_ascii_strcasecmp ((const char *) name, "VTODO") == 0)
                response->components |= CLT_DAV_COMPONENT_VTODO;
              else if (name != NULL && g_ascii_strcasecmp ((const char *) name, "VJOURNAL") == 0)
                response->components |= CLT_DAV_COMPONENT_VJOURNAL;
              else if (name != NULL && g_ascii_strcasecmp ((const char *) name, "VEVENT") == 0)
                response->components |= CLT_DAV_COMPONENT_VEVENT;
              xmlFree (name);
            }
        }
      else if (is_element (node, CLT_DAV_NS_CARDDAV, "supported-address-data"))
        {
          for (xmlNode *type = node->children; type != NULL; type = type->next)
            {
              xmlChar *content_type, *version;

              if (!is_element (type, CLT_DAV_NS_CARDDAV, "address-data-type"))
                continue;
              content_type = xmlGetProp (type, (const xmlChar *) "content-type");
              version = xmlGetProp (type, (const xmlChar *) "version");
              if (content_type != NULL && version != NULL &&
                  g_ascii_strcasecmp ((const char *) content_type, "text/vcard") == 0 &&
                  g_strcmp0 ((const char *) version, "4.0") == 0)
                response->vcard4 = TRUE;
              xmlFree (content_type);
              xmlFree (version);
            }
        }
      else if (is_element (node, CLT_DAV_NS_DAV, "sync-token"))
        {
          g_free (response->sync_token);
          response->sync_token = node_text (node);
          g_strstrip (response->sync_token);
        }
      else if (is_element (node, CLT_DAV_NS_DAV, "current-user-principal"))
        {
          g_free (response->principal);
          response->principal = child_href (node);
        }
      else if (is_element (node, CLT_DAV_NS_CARDDAV, "addressbook-home-set"))
        {
          g_free (response->addressbook_home);
          response->addressbook_home = child_href (node);
        }
      else if (is_element (node, CLT_DAV_NS_CALDAV, "calendar-home-set"))
        {
          g_free (response->calendar_home);
          response->calendar_home = child_href (node);
        }
    }
}

static CltDavResponse *
read_response (xmlNode *node)
{
  g_autoptr(CltDavResponse) response = g_new0 (CltDavResponse, 1);

  response->href = child_href (node);
  if (response->href == NULL)
    return NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, CLT_DAV_NS_DAV, "status"))
        response->status = parse_status (child);
      else if (is_element (child, CLT_DAV_NS_DAV, "propstat"))
        {
          xmlNode *prop = find_child (child, CLT_DAV_NS_DAV, "prop");
          guint status = parse_status (find_child (child, CLT_DAV_NS_DAV, "status"));

          if (prop != NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
            read_prop (response, prop);
        }
    }

  return g_steal_pointer (&response);
}

void
clt_dav_response_free (CltDavResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->href);
  g_free (response->etag);
  g_free (response->data);
  g_free (response->display_name);
  g_free (response->principal);
  g_free (response->addressbook_home);
  g_free (response->calendar_home);
  g_free (response->sync_token);
  g_free (response);
}

GPtrArray *
clt_dav_parse_multistatus (const char *data,
                           gsize       length,
                           char      **out_token,
                           GError    **error)
{
  g_autoptr(GPtrArray) responses = NULL;
  g_autofree char *token = NULL;
  xmlDoc *doc;
  xmlNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* No network access and no entity substitution: the document is the
   * server's, not to be trusted further than its text. */
  doc = length <= G_MAXINT ? xmlReadMemory (data, (int) length, "multistatus.xml", NULL,
                                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
                           : NULL;
  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL || !is_element (root, CLT_DAV_NS_DAV, "multistatus"))
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "not a DAV:multistatus document");
      return NULL;
    }

  responses = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_dav_response_free);
  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      if (is_element (node, CLT_DAV_NS_DAV, "response"))
        {
          CltDavResponse *response = read_response (node);

          if (response != NULL)
            g_ptr_array_add (responses, response);
        }
      else if (is_element (node, CLT_DAV_NS_DAV, "sync-token"))
        {
          g_free (token);
          token = node_text (node);
          g_strstrip (token);
        }
    }
  xmlFreeDoc (doc);

  if (out_token != NULL)
    *out_token = g_steal_pointer (&token);
  return g_steal_pointer (&responses);
}

char *
clt_dav_href_path (const char *href)
{
  const char *scheme_end;
  const char *path;

  g_return_val_if_fail (href != NULL, NULL);

  scheme_end = strstr (href, "://");
  if (scheme_end == NULL || strchr (href, '/') < scheme_end)
    return g_strdup (href);

  path = strchr (scheme_end + 3, '/');
  return g_strdup (path != NULL ? path : "/");
}
