package org.chapkit.tasks.artifact;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.chapkit.tasks.common.Page;
import org.chapkit.tasks.common.PageRequest;
import org.chapkit.tasks.common.Ulids;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The artifact routes: list, get, download, delete. */
@RestController
@RequestMapping("/api/v1/artifacts")
@Tag(name = "Artifacts", description = "Stored results and the files tasks saved")
class ArtifactController {

    // Added to the document by the web room's ApiDocsCustomizer, which also gives every error response its Problem schema.
    private static final String STORE_UNAVAILABLE = "#/components/responses/StoreUnavailable";

    private final ArtifactStore artifacts;

    ArtifactController(ArtifactStore artifacts) {
        this.artifacts = artifacts;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listArtifacts", summary = "List artifacts", description = "Newest first; raw content is not included (use $download).")
    @ApiResponse(responseCode = "200", description = "A page of artifacts")
    @ApiResponse(responseCode = "400", description = "A page value or parent_id is not valid")
    @ApiResponse(responseCode = "503", ref = STORE_UNAVAILABLE)
    Page<Artifact> list(@Parameter(description = "page number, from 1") @RequestParam(defaultValue = "1") int page,
                        @Parameter(description = "page size, 1 to 1000") @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size,
                        @Parameter(description = "only the children of this artifact") @RequestParam(name = "parent_id", required = false) @Nullable String parentId) {
        String parent = parentId == null || parentId.isBlank() ? null : Ulids.parse("artifact", parentId);
        return artifacts.list(new PageRequest(page, size), parent);
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getArtifact", summary = "Get an artifact")
    @ApiResponse(responseCode = "200", description = "The artifact")
    @ApiResponse(responseCode = "400", description = "The id is not a ULID (invalid-id)")
    @ApiResponse(responseCode = "404", description = "No artifact with that id (artifact-not-found)")
    @ApiResponse(responseCode = "503", ref = STORE_UNAVAILABLE)
    Artifact get(@PathVariable String id) {
        String key = Ulids.parse("artifact", id);
        return artifacts.find(key).orElseThrow(() -> new ArtifactNotFoundException(key));
    }

    @GetMapping("/{id}/$download")
    @Operation(operationId = "downloadArtifact", summary = "Download an artifact's content", description = """
            The raw content (a task's byte[] or Resource result, a file it saved) with the artifact's content_type, \
            or, for an artifact without raw content, its JSON data; always as an attachment named by the id.""")
    @ApiResponse(responseCode = "200", description = "The content, with the artifact's media type",
            headers = @Header(name = "Content-Disposition", description = "attachment; filename=\"{id}\"", schema = @Schema(type = "string")),
            content = {@Content(mediaType = MediaType.ALL_VALUE, schema = @Schema(type = "string", format = "binary",
                               description = "the raw content, served with the artifact's content_type")),
                       @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Object.class,
                               description = "the artifact's JSON data, any JSON value, for an artifact without raw content"))})
    @ApiResponse(responseCode = "400", description = "The id is not a ULID (invalid-id)")
    @ApiResponse(responseCode = "404", description = "No artifact with that id (artifact-not-found)")
    @ApiResponse(responseCode = "503", ref = STORE_UNAVAILABLE)
    ResponseEntity<byte[]> download(@PathVariable String id) {
        String key = Ulids.parse("artifact", id);
        ArtifactContent content = artifacts.content(key).orElseThrow(() -> new ArtifactNotFoundException(key));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(content.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(key).build().toString())
                .body(content.bytes());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteArtifact", summary = "Delete an artifact", description = "Its children go with it.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = "The id is not a ULID (invalid-id)")
    @ApiResponse(responseCode = "404", description = "No artifact with that id (artifact-not-found)")
    @ApiResponse(responseCode = "503", ref = STORE_UNAVAILABLE)
    void delete(@PathVariable String id) {
        String key = Ulids.parse("artifact", id);
        if (!artifacts.delete(key)) {
            throw new ArtifactNotFoundException(key);
        }
    }
}
