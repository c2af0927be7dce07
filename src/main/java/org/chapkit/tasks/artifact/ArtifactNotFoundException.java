package org.chapkit.tasks.artifact;

/** No artifact has that id. */
public class ArtifactNotFoundException extends RuntimeException {

    public ArtifactNotFoundException(String id) {
        super("no artifact with id " + id);
    }
}
