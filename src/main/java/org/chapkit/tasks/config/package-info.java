/** The service's {@code chapkit.*} configuration, as one validated record tree. */
@NullMarked
package org.chapkit.tasks.config;

import org.jspecify.annotations.NullMarked;
