/**
 * Demo tasks that show what a task can be; replace them with your own, or switch them off with
 * {@code chapkit.examples.enabled=false}.
 */
@NullMarked
package org.chapkit.tasks.example;

import org.jspecify.annotations.NullMarked;
