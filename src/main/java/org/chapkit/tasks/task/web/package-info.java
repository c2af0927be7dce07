/** The task routes over HTTP: list, describe, execute, validate; the {@code $execute} body, answer and headers. */
@NullMarked
package org.chapkit.tasks.task.web;

import org.jspecify.annotations.NullMarked;
