/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CLT_DAV_ERROR (clt_dav_error_quark ())

/* Cancellation is G_IO_ERROR_CANCELLED, as everywhere in GIO. */
typedef enum
{
  CLT_DAV_ERROR_OFFLINE,      /* nothing answers now: no network, the server is down or stopped */
  CLT_DAV_ERROR_NOT_FOUND,    /* no server by that name, or no such address or record on it */
  CLT_DAV_ERROR_ADDRESS,      /* not a web address */
  CLT_DAV_ERROR_INSECURE,     /* plain http:// to another computer */
  CLT_DAV_ERROR_CERTIFICATE,  /* the server's certificate is not trusted */
  CLT_DAV_ERROR_AUTH,         /* wrong user name or password */
  CLT_DAV_ERROR_NOT_DAV,      /* not a CardDAV/CalDAV server, or no address book or task list for the user */
  CLT_DAV_ERROR_CHANGED,      /* 412: the record changed on the server since its ETag was read */
  CLT_DAV_ERROR_UID_TAKEN,    /* another href of the collection holds a record with the same UID */
  CLT_DAV_ERROR_FORBIDDEN,    /* 403: the account may not do this */
  CLT_DAV_ERROR_FULL,         /* 507, or a quota precondition: the account's space is used up */
  CLT_DAV_ERROR_SERVER,       /* any other failure the server reported */
} CltDavError;

/* What a collection holds; gives the requests' content types and reports. */
typedef enum
{
  CLT_DAV_CONTACTS,   /* a CardDAV address book of vCards */
  CLT_DAV_TASKS,      /* a CalDAV calendar of VTODOs (and VJOURNALs) */
} CltDavKind;

/* A record on the server. @href is the absolute path the server names it
 * by, as it writes it (percent-encoded); @etag is without its quotes (a
 * weak one keeps its W/"…"): hand both back as they are. @body is %NULL
 * in listings; bodies have CRLF line ends. */
typedef struct
{
  char *href;
  char *etag;
  char *body;
} CltDavItem;

CltDavItem *clt_dav_item_new  (const char *href,
                               const char *etag,
                               const char *body);
void        clt_dav_item_free (CltDavItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltDavItem, clt_dav_item_free)

/* What changed in a collection since a sync token.
 * When @complete, @changed lists every record of the collection (a first
 * sync, an expired token, or a server without sync-collection, listed by
 * PROPFIND) and @removed is empty: the caller compares with what it has.
 * Otherwise @changed holds the records added or changed since the token
 * and @removed the hrefs of those removed. */
typedef struct
{
  char      *token;     /* the token for next time; %NULL when the server gives none */
  gboolean   complete;
  GPtrArray *changed;   /* CltDavItem, without bodies */
  GPtrArray *removed;   /* char *hrefs */
} CltDavChanges;

void clt_dav_changes_free (CltDavChanges *changes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltDavChanges, clt_dav_changes_free)

/* A collection in the user's home, for the user to pick. */
typedef struct
{
  CltDavKind  kind;
  char       *url;           /* full */
  char       *href;          /* its path, as the server wrote it */
  char       *display_name;  /* the last part of its path when it has none */
  gboolean    journals;      /* a task list that takes VJOURNALs too */
} CltDavCollection;

void clt_dav_collection_free (CltDavCollection *collection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltDavCollection, clt_dav_collection_free)

#define CLT_TYPE_DAV_CLIENT (clt_dav_client_get_type ())

G_DECLARE_FINAL_TYPE (CltDavClient, clt_dav_client, CLT, DAV_CLIENT, GObject)

GQuark        clt_dav_error_quark                 (void);

/* A client for the account at @url (https://, or http:// to this computer
 * only: CLT_DAV_ERROR_INSECURE otherwise, and after a redirect too). It
 * opens no D-Bus connection and needs no EDS daemon. Nothing is sent yet.
 * Every call below blocks (30 s without an answer: CLT_DAV_ERROR_OFFLINE):
 * make them from a worker thread, one at a time. */
CltDavClient *clt_dav_client_new                  (const char    *url,
                                                   const char    *user,
                                                   const char    *password,
                                                   GError       **error);
const char   *clt_dav_client_get_url              (CltDavClient  *self);

/* Finds the user's address book home and calendar home from the server's
 * address: /.well-known/carddav and /.well-known/caldav, then the URL
 * itself, for current-user-principal, then addressbook-home-set and
 * calendar-home-set. CLT_DAV_ERROR_NOT_DAV when neither is found. */
gboolean      clt_dav_client_discover             (CltDavClient  *self,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
/* The homes' full URLs, after clt_dav_client_discover(); %NULL when the
 * server has none of that kind. */
const char   *clt_dav_client_get_addressbook_home (CltDavClient  *self);
const char   *clt_dav_client_get_calendar_home    (CltDavClient  *self);

/* The full URL of the collection of @kind named @name ("Clientele" when
 * %NULL) in the user's home, made (MKCOL with an addressbook resource
 * type, MKCALENDAR for VTODO and VJOURNAL, or VTODO alone when the server
 * refuses both) when there is none: calling it again finds the same one.
 * Discovers first when clt_dav_client_discover() was not called.
 * @out_journals: for CLT_DAV_TASKS, whether the collection accepts
 * VJOURNALs as well. */
char         *clt_dav_client_ensure_collection    (CltDavClient  *self,
                                                   CltDavKind     kind,
                                                   const char    *name,
                                                   gboolean      *out_journals,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

/* The address books (CLT_DAV_CONTACTS) or the calendars that take VTODOs
 * (CLT_DAV_TASKS) in the user's home (#CltDavCollection), by display
 * name. Discovers first when clt_dav_client_discover() was not called;
 * CLT_DAV_ERROR_NOT_DAV when the server keeps no home of that kind. */
GPtrArray    *clt_dav_client_list_collections     (CltDavClient  *self,
                                                   CltDavKind     kind,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

/* What changed in @collection (a URL) since @token (%NULL for the first
 * time): a sync-collection REPORT (RFC 6578), or a PROPFIND of ETags when
 * the token is no longer valid or the server has no sync-collection. */
CltDavChanges *clt_dav_client_get_changes         (CltDavClient  *self,
                                                   const char    *collection,
                                                   const char    *token,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

/* The bodies of @hrefs in @collection (an addressbook-multiget or
 * calendar-multiget REPORT, in batches), in the server's order: hrefs the
 * server no longer has are left out. */
GPtrArray    *clt_dav_client_multiget             (CltDavClient  *self,
                                                   CltDavKind     kind,
                                                   const char    *collection,
                                                   const char * const *hrefs,
                                                   guint          n_hrefs,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

/* One record: CLT_DAV_ERROR_NOT_FOUND when the server has no @href. */
CltDavItem   *clt_dav_client_get                  (CltDavClient  *self,
                                                   const char    *href,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

/* Whether the address book at @collection takes vCard 4.0 (its
 * supported-address-data); without it, vCard 3.0 only (RFC 6352). */
gboolean      clt_dav_client_takes_vcard4         (CltDavClient  *self,
                                                   const char    *collection,
                                                   gboolean      *vcard4,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

/* The href for a new record of @kind with @uid in @collection: the
 * collection's path and the UID percent-encoded, with .vcf or .ics. */
char         *clt_dav_client_build_href           (CltDavClient  *self,
                                                   CltDavKind     kind,
                                                   const char    *collection,
                                                   const char    *uid);

/* Writes @body at @href: with If-Match: @etag, or If-None-Match: * when
 * @etag is %NULL (a new record). Returns the new ETag (asked for when the
 * server gives none with its answer). CLT_DAV_ERROR_CHANGED when the record
 * changed on the server since @etag, or exists already for a new one. */
char         *clt_dav_client_put                  (CltDavClient  *self,
                                                   CltDavKind     kind,
                                                   const char    *href,
                                                   const char    *etag,
                                                   const char    *body,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

/* Removes @href, with If-Match: @etag (unless %NULL): CLT_DAV_ERROR_CHANGED
 * when it changed on the server since. A record already gone is no error. */
gboolean      clt_dav_client_delete               (CltDavClient  *self,
                                                   const char    *href,
                                                   const char    *etag,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

G_END_DECLS
