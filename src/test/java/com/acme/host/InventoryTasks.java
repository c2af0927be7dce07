package com.acme.host;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.chapkit.tasks.task.Task;
import org.chapkit.tasks.task.TaskParam;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The application's own task, with a record parameter. */
@Component
public class InventoryTasks {

    public record Restock(@NotBlank String sku, @Min(1) int quantity, @Nullable String warehouseCode) {
    }

    public record RestockPlan(String sku, int orderQuantity, @Nullable String warehouseCode) {
    }

    @Task(name = "plan_restock", tags = "inventory", description = "Plans a restock order for one article.")
    public RestockPlan planRestock(@TaskParam(description = "What to restock") Restock request) {
        return new RestockPlan(request.sku(), request.quantity() * 2, request.warehouseCode());
    }
}
