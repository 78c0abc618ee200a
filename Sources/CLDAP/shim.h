// OpenLDAP's client library (Debian: libldap-dev), for directory logins.
#include <sys/time.h>
#include <lber.h>
#include <ldap.h>
