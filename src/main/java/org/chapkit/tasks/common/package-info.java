/** Small types every room shares: pages of results and ULID ids. */
@NullMarked
package org.chapkit.tasks.common;

import org.jspecify.annotations.NullMarked;
