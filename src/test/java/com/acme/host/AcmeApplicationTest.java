package com.acme.host;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.store.StoreSchema;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * chapkit-tasks inside an application of its own, as a team adds it: the application's task is registered and runs,
 * the examples are off, the API's JSON is the service's whatever the application's Jackson settings, the application
 * keeps its own, and with no DataSource of its own it gets the embedded store.
 */
@SpringBootTest(classes = AcmeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AcmeApplicationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ChapkitProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper applicationMapper;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void listsTheApplicationsTaskAndNoExamples() throws Exception {
        JsonNode tasks = JSON.readTree(get("/api/v1/tasks").body());
        assertThat(tasks.valueStream().map(task -> task.get("name").asString())).containsExactly("plan_restock");
        JsonNode task = JSON.readTree(get("/api/v1/tasks/plan_restock").body());
        assertThat(task.get("params_schema").get("required").toString()).isEqualTo("[\"request\"]");
        assertThat(task.get("params_schema").at("/properties/request/properties").propertyNames())
                .containsExactlyInAnyOrder("sku", "quantity", "warehouse_code");
    }

    @Test
    void runsItAndAnswersInTheServicesJson() throws Exception {
        HttpResponse<String> response = post("/api/v1/tasks/plan_restock/$execute", """
                {"params": {"request": {"sku": "A-1", "quantity": 3}}}""", "wait=10");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode job = JSON.readTree(response.body());
        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(job.has("error")).as("null fields are written: %s", job).isTrue();
        assertThat(job.get("result").toString()).isEqualTo("{\"sku\":\"A-1\",\"order_quantity\":6,\"warehouse_code\":null}");
        JsonNode artifact = JSON.readTree(get("/api/v1/artifacts/" + job.get("artifact_id").asString()).body());
        assertThat(artifact.at("/data/result/order_quantity").asInt()).isEqualTo(6);
    }

    @Test
    void refusesBadParamsAndADuplicateKeyAsTheServiceDoes() throws Exception {
        HttpResponse<String> refused = post("/api/v1/tasks/plan_restock/$execute", """
                {"params": {"request": {"sku": " ", "quantity": 0}}}""", null);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(refused.body()).get("errors").valueStream().map(error -> error.get("param").asString()))
                .containsExactlyInAnyOrder("request.sku", "request.quantity");
        HttpResponse<String> duplicate = post("/api/v1/tasks/plan_restock/$validate", """
                {"params": {"request": {"sku": "A-1", "quantity": 1}}, "params": {}}""", null);
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(duplicate.body()).contains("urn:chapkit:error:malformed-body", "Duplicate Object property \\\"params\\\"");
    }

    @Test
    void theApplicationKeepsItsOwnJacksonSettings() throws Exception {
        assertThat(get("/acme/plan").body()).isEqualTo("{\"sku\":\"A-1\",\"orderQuantity\":4}");
        assertThat(applicationMapper.writeValueAsString(new InventoryTasks.RestockPlan("B", 1, null)))
                .isEqualTo("{\"sku\":\"B\",\"orderQuantity\":1}");
    }

    @Test
    void withoutADataSourceOfItsOwnItGetsTheEmbeddedStore() {
        assertThat(Files.isRegularFile(properties.dataDir().resolve("chapkit.db"))).isTrue();
        assertThat(jdbc.sql("select count(*) from " + StoreSchema.HISTORY_TABLE + " where success").query(Integer.class).single())
                .isGreaterThanOrEqualTo(5);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String prefer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
