/** The HTTP edge: RFC 9457 problem details for every error, request limits. */
@NullMarked
package org.chapkit.tasks.web;

import org.jspecify.annotations.NullMarked;
