/** Artifacts: stored results and files, in a tree under each job's result, and their endpoints. */
@NullMarked
package org.chapkit.tasks.artifact;

import org.jspecify.annotations.NullMarked;
