package org.chapkit.tasks.job;

/** Watching and steering jobs on the embedded SQLite default. */
class SqliteJobWatchingTest extends AbstractJobWatchingTest {
}
