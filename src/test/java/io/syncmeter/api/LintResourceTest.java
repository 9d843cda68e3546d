package io.syncmeter.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.syncmeter.testing.TwoSites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/lint/rook}: findings and counts for Rook manifests, a problem for malformed ones.
 * Same profile and resource as {@link StatusResourceTest}, so both share one Quarkus boot.
 */
@QuarkusTest
@TestProfile(FastProbes.class)
@WithTestResource(value = TwoSites.class, initArgs = @ResourceArg(name = "notifications", value = "true"))
class LintResourceTest {

    private static String manifests(String dir) throws IOException {
        return Files.readString(Path.of("k8s/rook", dir, "dc1.yaml")) + "\n---\n"
                + Files.readString(Path.of("k8s/rook", dir, "dc2.yaml"));
    }

    private static Response post(String contentType, String body) {
        return given().contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/api/lint/rook");
    }

    @Test
    void shouldAnswerTheFindingsOfTheBrokenExampleWithTheirCounts() throws IOException {
        Response response = post("application/yaml", manifests("broken"));

        response.then().statusCode(200).contentType("application/json");
        JsonPath report = response.jsonPath();
        assertThat(report.getInt("errors")).isEqualTo(4);
        assertThat(report.getInt("warnings")).isZero();
        assertThat(report.getList("findings.rule", String.class))
                .containsExactly(
                        "one-sync-gateway",
                        "zone-endpoints-sync-only",
                        "one-sync-gateway",
                        "client-stores-disable-sync");
        assertThat(report.getString("findings[0].severity")).isEqualTo("error");
        assertThat(report.getString("findings[0].resource.kind")).isEqualTo("CephObjectStore");
        assertThat(report.getString("findings[0].resource.namespace")).isEqualTo("rook-ceph-dc1");
        assertThat(report.getString("findings[0].resource.name")).isEqualTo("dc1-sync");
        assertThat(report.getString("findings[0].zone")).isEqualTo("dc1");
        assertThat(report.getString("findings[0].reason")).contains("7.9 s");
        assertThat(report.getString("findings[0].fix")).contains("instances: 1");
        assertThat(report.getString("findings[0].source")).startsWith("request body:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/yaml", "text/yaml", "text/plain"})
    void shouldAcceptEachYamlContentType(String contentType) throws IOException {
        JsonPath report = post(contentType, manifests("good"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(report.getList("findings")).isEmpty();
        assertThat(report.getInt("errors")).isZero();
        assertThat(report.getInt("warnings")).isZero();
    }

    @Test
    void shouldAnswerMalformedYamlWithAProblemNamingTheLine() {
        Response response = post("application/yaml", "kind: CephObjectStore\nmetadata: {name: [\n");

        response.then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        JsonPath problem = response.jsonPath();
        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("title")).isEqualTo("Invalid manifests");
        assertThat(problem.getString("detail"))
                .startsWith("request body: not valid YAML at line ")
                .doesNotContain("\n");
    }

    @Test
    void shouldAnswerAFieldOfTheWrongTypeWithAProblemNamingIt() {
        Response response = post("text/yaml", """
                apiVersion: ceph.rook.io/v1
                kind: CephObjectStore
                metadata: {name: s, namespace: ns}
                spec: {gateway: {instances: many}}
                """);

        response.then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        assertThat(response.jsonPath().getString("detail")).contains("spec.gateway.instances");
    }

    @Test
    void shouldAnswerAnEmptyBodyWithAProblem() {
        post("application/yaml", "").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void shouldRefuseJson() {
        assertThat(post("application/json", "{}").statusCode()).isEqualTo(415);
    }

    @Test
    void shouldNotAnswerGet() {
        assertThat(List.of(405, 404))
                .contains(given().when().get("/api/lint/rook").statusCode());
    }
}
