package io.syncmeter.testing;

import static io.restassured.RestAssured.given;

import io.syncmeter.metrics.PrometheusText;
import java.util.Map;

/** Reads sample values from the running application's Prometheus endpoint, as Prometheus would. */
public final class Scrape {

    private Scrape() {}

    /** The current text of {@code /q/metrics}. */
    public static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sum of every sample of {@code name} whose labels include {@code labels}; 0 when none. */
    public static double value(String name, Map<String, String> labels) {
        return value(metrics(), name, labels);
    }

    /** Like {@link #value(String, Map)} on a text already scraped. */
    public static double value(String text, String name, Map<String, String> labels) {
        return PrometheusText.parse(text).samples(name, labels).stream()
                .mapToDouble(PrometheusText.Sample::value)
                .sum();
    }
}
