/**
 * Tasks: the {@code @Task} annotation, the registry that is the single source of truth for what can run,
 * parameter binding and JSON Schemas, and the task endpoints.
 */
@NullMarked
package org.chapkit.tasks.task;

import org.jspecify.annotations.NullMarked;
