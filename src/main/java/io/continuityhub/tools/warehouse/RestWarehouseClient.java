package io.continuityhub.tools.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.tools.DownstreamAnswer;
import io.continuityhub.tools.DownstreamCall;
import io.continuityhub.tools.PermanentToolException;
import io.continuityhub.tools.RetryableToolException;
import io.continuityhub.tools.ServiceUrls;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.ProducerTemplate;

/**
 * The part Manhattan Active Omni and Blue Yonder share: order status over REST behind an OAuth
 * client-credentials token. Their payloads are not public, so each adapter reads the shape the
 * sandbox simulates (an assumption to check against a real tenant).
 */
abstract class RestWarehouseClient implements WarehouseClient {

    private final String baseUrlProperty;
    private final ServiceUrls urls;
    private final ClientCredentialsToken token;
    protected final ObjectMapper json;

    /** @param vendor the vendor's settings prefix under hub.warehouse (manhattan, blueyonder) */
    RestWarehouseClient(String vendor, WarehouseProperties.OAuthApi api, WarehouseProperties properties, ServiceUrls urls,
                        ProducerTemplate camel, ObjectMapper json) {
        this.baseUrlProperty = "hub.warehouse." + vendor + ".base-url";
        this.urls = urls;
        this.json = json;
        this.token = new ClientCredentialsToken(() -> urls.of(baseUrlProperty) + "/oauth/token", api, properties.gateway(),
                camel, json);
    }

    @Override
    public DownstreamCall orderStatusCall(String orderId) {
        return new DownstreamCall("GET", urls.of(baseUrlProperty) + "/api/order/" + URLEncoder.encode(orderId, StandardCharsets.UTF_8),
                Map.of("Authorization", token.bearer(), "Accept", "application/json"), null);
    }

    @Override
    public OrderStatus readOrderStatus(String orderId, DownstreamAnswer answer) {
        if (answer.status() == 401) {
            token.forget();
            throw new RetryableToolException("the warehouse token expired; the next try fetches a new one");
        }
        if (answer.status() == 404) {
            throw new PermanentToolException("the warehouse knows no order " + orderId);
        }
        if (!answer.is2xx()) {
            throw new PermanentToolException("the warehouse refused the order lookup (" + answer.status() + "): " + answer.body());
        }
        try {
            return read(orderId, json.readTree(answer.body()));
        } catch (IOException e) {
            throw new PermanentToolException("the warehouse's order answer is not JSON", e);
        }
    }

    protected abstract OrderStatus read(String orderId, JsonNode order);

    protected static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> values = new java.util.ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
