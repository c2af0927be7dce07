package com.acme.inventory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole application: the task API lists and runs the team's task, and no example task. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "chapkit.data-dir=${java.io.tmpdir}/acme-inventory-test/${random.uuid}")
class InventoryApplicationTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void listsAndRunsTheTeamsTask() throws Exception {
        HttpResponse<String> tasks = http.send(request("/api/v1/tasks").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tasks.body()).contains("\"name\":\"plan_restock\"").doesNotContain("greet_user");

        HttpResponse<String> job = http.send(request("/api/v1/tasks/plan_restock/$execute")
                .header("Content-Type", "application/json").header("Prefer", "wait=10")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"params": {"request": {"sku": "A-1", "on_hand": 1, "target": 5}}}""")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(job.statusCode()).isEqualTo(200);
        assertThat(job.body()).contains("\"status\":\"completed\"", "\"order_quantity\":4");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }
}
