package org.chapkit.tasks.job;

/** Watching and steering jobs on the embedded H2 default. */
class H2JobWatchingTest extends AbstractJobWatchingTest {
}
