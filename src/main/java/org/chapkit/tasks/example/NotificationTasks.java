package org.chapkit.tasks.example;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import org.chapkit.tasks.task.Task;
import org.chapkit.tasks.task.TaskContext;
import org.chapkit.tasks.task.TaskParam;
import org.springframework.stereotype.Component;

/** A notification task that checks its input like a real one but sends nothing. */
@Component
@ExamplesEnabled
class NotificationTasks {

    @Task(name = "send_email", tags = "notifications", description = "Queues an e-mail (this demo sends nothing).")
    Queued sendEmail(@TaskParam(description = "Recipient address") @NotBlank @Email String to,
                     @TaskParam(description = "Subject line") String subject,
                     @TaskParam(description = "Plain-text body", defaultValue = "") String body,
                     TaskContext context) {
        context.logger().info("Would send '{}' ({} characters) to {}", subject, body.length(), to);
        return new Queued(true, to);
    }

    record Queued(boolean queued, String to) {
    }
}
