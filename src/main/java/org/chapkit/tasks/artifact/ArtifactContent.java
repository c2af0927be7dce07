package org.chapkit.tasks.artifact;

/**
 * What {@code $download} sends: raw content with its media type, or the JSON data of an artifact without content.
 *
 * @param contentType its media type
 * @param bytes       the content
 */
public record ArtifactContent(String contentType, byte[] bytes) {
}
