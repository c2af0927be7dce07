package org.chapkit.tasks.store;

import java.nio.file.Path;

/** Another process holds the embedded store's file: one process per SQLite file. */
public class StoreInUseException extends IllegalStateException {

    private final Path file;

    StoreInUseException(Path file, Path lockFile) {
        super("the embedded store " + file + " is in use by another process (it holds " + lockFile + ")");
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
