package org.chapkit.tasks.config;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code chapkit.*}.
 *
 * @param tasks    the task registry
 * @param examples the demo tasks
 * @param web      HTTP limits
 */
@ConfigurationProperties("chapkit")
@Validated
public record ChapkitProperties(@DefaultValue @Valid Tasks tasks, @DefaultValue @Valid Examples examples,
                                @DefaultValue @Valid Web web) {

    /**
     * The task registry.
     *
     * @param disabled names of tasks that are listed but refuse to run (409 task-disabled)
     */
    public record Tasks(@DefaultValue List<String> disabled) {
    }

    /**
     * The demo tasks in {@code org.chapkit.tasks.example}.
     *
     * @param enabled whether they are registered; turn off once your own tasks are in place
     */
    public record Examples(@DefaultValue("true") boolean enabled) {
    }

    /**
     * HTTP limits.
     *
     * @param maxBodySize the largest request body accepted; a larger one is refused with 413
     */
    public record Web(@DefaultValue("1MB") @NotNull DataSize maxBodySize) {
    }
}
