/**
 * Who may do what: API keys with the roles read, run and admin, checked by Spring Security on the service's own
 * routes; 401 and 403 as problem+json.
 */
@NullMarked
package org.chapkit.tasks.web.security;

import org.jspecify.annotations.NullMarked;
