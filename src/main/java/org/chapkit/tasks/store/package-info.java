/**
 * The store under the jobs: the embedded SQLite default, what differs between SQLite and PostgreSQL, and the
 * store's faults (unreachable, full, read-only) as the service reports them.
 */
@NullMarked
package org.chapkit.tasks.store;

import org.jspecify.annotations.NullMarked;
