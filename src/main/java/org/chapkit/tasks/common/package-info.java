/** Small types every room shares: pages of results, ULID ids, and text made safe for a log line. */
@NullMarked
package org.chapkit.tasks.common;

import org.jspecify.annotations.NullMarked;
