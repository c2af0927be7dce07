/** Jobs: accepting a checked task call and running it in the background. */
@NullMarked
package org.chapkit.tasks.job;

import org.jspecify.annotations.NullMarked;
