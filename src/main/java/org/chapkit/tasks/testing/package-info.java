/**
 * For task authors' tests: {@link org.chapkit.tasks.testing.TaskTester} runs a task the way the service does, with
 * no Spring context, HTTP server or database.
 */
@NullMarked
package org.chapkit.tasks.testing;

import org.jspecify.annotations.NullMarked;
