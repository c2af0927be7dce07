package com.acme.host;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The application's own route, which keeps the application's Jackson settings. */
@RestController
class PlanController {

    @GetMapping("/acme/plan")
    InventoryTasks.RestockPlan plan() {
        return new InventoryTasks.RestockPlan("A-1", 4, null);
    }
}
