package com.acme.inventory;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.chapkit.tasks.task.Task;
import org.chapkit.tasks.task.TaskContext;
import org.chapkit.tasks.task.TaskParam;
import org.springframework.stereotype.Component;

/** The team's tasks: plain methods of a Spring bean in a package the application's scan covers. */
@Component
public class RestockTasks {

    /** What to restock: one article, how many are on the shelf, how many should be. */
    public record RestockRequest(@NotBlank String sku, @Min(0) int onHand, @Min(1) int target) {
    }

    /** The order to place. */
    public record RestockPlan(String sku, int orderQuantity, boolean urgent) {
    }

    @Task(name = "plan_restock", tags = "inventory", description = "Plans the restock order for one article.")
    public RestockPlan planRestock(@TaskParam(description = "The article and its stock") RestockRequest request,
                                   @TaskParam(description = "Order in packs of this size", defaultValue = "1") @Min(1) int packSize,
                                   TaskContext context) {
        int missing = Math.max(0, request.target() - request.onHand());
        int packs = (missing + packSize - 1) / packSize;
        context.logger().info("{} needs {} more, {} pack(s) of {}", request.sku(), missing, packs, packSize);
        return new RestockPlan(request.sku(), packs * packSize, request.onHand() * 4 < request.target());
    }
}
