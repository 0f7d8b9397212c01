package io.continuityhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.HubIntegrationTest;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class OpsConsoleTest extends HubIntegrationTest {

    /**
     * What Hawtio shows beside each route id reads as written: no template placeholder left in it.
     * (A kamelet's own routes carry no description; their kamelet's definition says what they do.)
     */
    @Test
    void everyRouteSaysWhatItDoesInWords() {
        assertThat(camel.getRoutes()).isNotEmpty()
                .filteredOn(route -> !route.getEndpoint().getEndpointUri().startsWith("kamelet://source"))
                .hasSizeGreaterThan(20)
                .allSatisfy(route -> assertThat(route.getDescription())
                        .as("the description of " + route.getRouteId()).isNotBlank().doesNotContain("{{"));
    }

    @Test
    void hawtioAnswersOnlyBehindTheOpsLogin() {
        assertThat(hub.send("GET", "/actuator/hawtio/", null).status()).isEqualTo(401);
        assertThat(hub.send("GET", "/actuator/hawtio/", null, "Authorization", "Basic b3BzOndyb25n").status())
                .as("ops:wrong").isEqualTo(401);

        var console = hub.opsGet("/actuator/hawtio/");
        assertThat(console.status()).isEqualTo(200);
        assertThat(console.body()).containsIgnoringCase("hawtio");
    }

    @Test
    void jolokiaListsTheHubsRoutesByTheirIdsForTheConsole() {
        assertThat(hub.send("GET", "/actuator/jolokia/search/org.apache.camel:type=routes,*", null).status()).isEqualTo(401);

        JsonNode search = hub.opsGet("/actuator/jolokia/search/org.apache.camel:type=routes,*").json();

        assertThat(search.get("status").asInt()).isEqualTo(200);
        assertThat(StreamSupport.stream(search.get("value").spliterator(), false).map(JsonNode::asText))
                .anyMatch(name -> name.contains("name=\"ingress-touchpoint\""))
                .anyMatch(name -> name.contains("name=\"accept-interaction\""))
                .anyMatch(name -> name.contains("name=\"session-expiry-sweep\""));
    }

    @Test
    void healthProbesAreOpenAndMetricsNeedTheLogin() {
        assertThat(hub.send("GET", "/actuator/health/readiness", null).status()).isEqualTo(200);
        assertThat(hub.send("GET", "/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(hub.send("GET", "/actuator/prometheus", null).status()).isEqualTo(401);
        assertThat(hub.opsGet("/actuator/prometheus").body()).contains("camel_exchanges");
    }
}
