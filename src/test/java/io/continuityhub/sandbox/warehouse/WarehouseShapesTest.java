package io.continuityhub.sandbox.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.sandbox.SimulatorTest;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.TestData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One set of seeded orders, read back in the SAP, Manhattan and Blue Yonder shapes. */
class WarehouseShapesTest extends SimulatorTest {

    private static final String SAP = "/sandbox/warehouse/sap";
    private static final String SAP_LOGIN = basic("sandbox-sap", "sandbox-sap-password");

    private String customerId;
    private String delayed;
    private String processing;
    private String shipped;
    private String delivered;

    @BeforeEach
    void seedOrders() {
        clock().set(Instant.parse("2026-04-25T10:00:00Z"));
        customerId = TestData.customerId();
        delayed = WarehouseOrderSeedingTest.orderId();
        processing = WarehouseOrderSeedingTest.orderId();
        shipped = WarehouseOrderSeedingTest.orderId();
        delivered = WarehouseOrderSeedingTest.orderId();
        Response seeded = postJson("/sandbox/customers", """
                {"customerId": "%s", "orders": [
                  {"orderId": "%s", "warehouse": "sap", "status": "delayed", "delayReason": "carrier issue", "carrier": "UPS",
                   "trackingCode": "1Z999AA10123456784", "deliveryOptions": ["Tuesday", "Wednesday"],
                   "requestedDeliveryDate": "2026-04-28"},
                  {"orderId": "%s", "warehouse": "manhattan", "status": "processing"},
                  {"orderId": "%s", "warehouse": "blueyonder", "status": "shipped", "carrier": "DHL", "trackingCode": "JD0002"},
                  {"orderId": "%s", "warehouse": "sap", "status": "delivered", "carrier": "UPS", "trackingCode": "1Z1"}]}"""
                .formatted(customerId, delayed, processing, shipped, delivered));
        assertThat(seeded.status()).as(seeded.body()).isEqualTo(201);
        assertThat(seeded.json().get("orders").asInt()).isEqualTo(4);
    }

    @Test
    void sapAnswersTheSalesOrderInODataV2WithOneLetterStatusesAndExtensionFields() {
        Response response = get(SAP + "/API_SALES_ORDER_SRV/A_SalesOrder('" + delayed + "')", "Authorization", SAP_LOGIN);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode d = response.json().get("d");
        assertThat(d.get("SalesOrder").asText()).isEqualTo(delayed);
        assertThat(d.get("SoldToParty").asText()).isEqualTo(customerId);
        assertThat(d.get("OverallSDProcessStatus").asText()).isEqualTo("B");
        assertThat(d.get("OverallTotalDeliveryStatus").asText()).isEqualTo("B");
        assertThat(d.get("RequestedDeliveryDate").asText()).isEqualTo("/Date(1777334400000)/");
        assertThat(d.get("YY1_DelayReason_SDH").asText()).isEqualTo("carrier issue");
        assertThat(d.get("YY1_DeliveryOptions_SDH").asText()).isEqualTo("Tuesday,Wednesday");
        assertThat(d.get("YY1_Carrier_SDH").asText()).isEqualTo("UPS");
        assertThat(d.get("YY1_TrackingCode_SDH").asText()).isEqualTo("1Z999AA10123456784");
        assertThat(d.get("__metadata").get("type").asText()).isEqualTo("API_SALES_ORDER_SRV.A_SalesOrderType");

        assertThat(statuses(processing)).isEqualTo(List.of("A", "A"));
        assertThat(statuses(shipped)).isEqualTo(List.of("C", "B"));
        assertThat(statuses(delivered)).isEqualTo(List.of("C", "C"));
    }

    @Test
    void sapAnswersAnUnknownOrderWithItsODataErrorAndRefusesAMissingOrWrongLogin() {
        Response unknown = get(SAP + "/API_SALES_ORDER_SRV/A_SalesOrder('O-1')", "Authorization", SAP_LOGIN);
        Response noLogin = get(SAP + "/API_SALES_ORDER_SRV/A_SalesOrder('" + delayed + "')");
        Response wrongLogin = get(SAP + "/API_SALES_ORDER_SRV/A_SalesOrder('" + delayed + "')",
                "Authorization", basic("sandbox-sap", "guess"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").get("code").asText()).isEqualTo("SALES_ORDER/404");
        assertThat(unknown.json().get("error").get("message").get("lang").asText()).isEqualTo("en");
        assertThat(unknown.json().get("error").get("message").get("value").asText()).isEqualTo("Sales order O-1 not found");
        assertThat(noLogin.status()).isEqualTo(401);
        assertThat(wrongLogin.status()).isEqualTo(401);
        assertThat(wrongLogin.headers().get("WWW-Authenticate")).singleElement().asString().startsWith("Basic");
    }

    @Test
    void sapListsTheOutboundDeliveryOfASalesOrder() {
        Response ofDelayed = deliveries(delayed);
        Response ofShipped = deliveries(shipped);
        Response ofProcessing = deliveries(processing);

        assertThat(ofDelayed.status()).as(ofDelayed.body()).isEqualTo(200);
        JsonNode delivery = ofDelayed.json().get("d").get("results").get(0);
        assertThat(delivery.get("DeliveryDocument").asText()).matches("8\\d{7}");
        assertThat(delivery.get("ReferenceSDDocument").asText()).isEqualTo(delayed);
        assertThat(delivery.get("OverallGoodsMovementStatus").asText()).isEqualTo("A");
        assertThat(delivery.get("ActualGoodsMovementDate").isNull()).isTrue();
        JsonNode goodsIssued = ofShipped.json().get("d").get("results").get(0);
        assertThat(goodsIssued.get("OverallGoodsMovementStatus").asText()).isEqualTo("C");
        assertThat(goodsIssued.get("ActualGoodsMovementDate").asText()).isEqualTo("/Date(1777075200000)/");
        assertThat(ofProcessing.json().get("d").get("results")).as("no delivery yet").isEmpty();
        Response badFilter = get(SAP + "/API_OUTBOUND_DELIVERY_SRV/A_OutbDeliveryHeader?$filter="
                + URLEncoder.encode("DeliveryDocument gt 1", StandardCharsets.UTF_8).replace("+", "%20"),
                "Authorization", SAP_LOGIN);
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(badFilter.json().get("error").get("message").get("value").asText()).contains("ReferenceSDDocument");
    }

    @Test
    void manhattanLogsInWithClientCredentialsAndAnswersItsOrderShape() {
        String token = token("manhattan", "sandbox-manhattan", "sandbox-manhattan-secret");

        Response response = get("/sandbox/warehouse/manhattan/api/order/" + delayed, "Authorization", "Bearer " + token);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode order = response.json();
        assertThat(order.get("orderId").asText()).isEqualTo(delayed);
        assertThat(order.get("status").asText()).isEqualTo("DELAYED");
        assertThat(order.get("delayReason").asText()).isEqualTo("carrier issue");
        assertThat(order.get("carrier").asText()).isEqualTo("UPS");
        assertThat(order.get("trackingNumber").asText()).isEqualTo("1Z999AA10123456784");
        assertThat(order.get("deliveryOptions")).extracting(JsonNode::asText).containsExactly("Tuesday", "Wednesday");
        assertThat(get("/sandbox/warehouse/manhattan/api/order/" + processing, "Authorization", "Bearer " + token)
                .json().get("status").asText()).isEqualTo("IN_PROCESS");
        assertThat(get("/sandbox/warehouse/manhattan/api/order/O-1", "Authorization", "Bearer " + token).status())
                .isEqualTo(404);
        assertThat(get("/sandbox/warehouse/manhattan/api/order/" + delayed).status()).isEqualTo(401);
        assertThat(get("/sandbox/warehouse/manhattan/api/order/" + delayed, "Authorization", "Bearer forged").status())
                .isEqualTo(401);
    }

    @Test
    void blueYonderLogsInWithClientCredentialsAndAnswersItsOwnFieldNames() {
        String token = token("blueyonder", "sandbox-blueyonder", "sandbox-blueyonder-secret");

        JsonNode order = get("/sandbox/warehouse/blueyonder/api/order/" + shipped, "Authorization", "Bearer " + token).json();
        JsonNode late = get("/sandbox/warehouse/blueyonder/api/order/" + delayed, "Authorization", "Bearer " + token).json();

        assertThat(order.get("orderNumber").asText()).isEqualTo(shipped);
        assertThat(order.get("fulfillmentStatus").asText()).isEqualTo("SHIPPED");
        assertThat(order.get("shipments")).singleElement().satisfies(shipment -> {
            assertThat(shipment.get("carrierCode").asText()).isEqualTo("DHL");
            assertThat(shipment.get("trackingId").asText()).isEqualTo("JD0002");
        });
        assertThat(late.get("fulfillmentStatus").asText()).isEqualTo("DELAYED");
        assertThat(late.get("exceptionReason").asText()).isEqualTo("carrier issue");
        assertThat(late.get("alternativeDeliverySlots")).extracting(JsonNode::asText).containsExactly("Tuesday", "Wednesday");
        assertThat(get("/sandbox/warehouse/blueyonder/api/order/" + shipped).status()).isEqualTo(401);
    }

    @Test
    void aWrongClientSecretGetsNoToken() {
        Response refused = hub.send("POST", "/sandbox/warehouse/manhattan/oauth/token",
                "grant_type=client_credentials&client_id=sandbox-manhattan&client_secret=guess",
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void downIs503InEachVendorsShapeAndSlowStillAnswers() {
        String token = token("manhattan", "sandbox-manhattan", "sandbox-manhattan-secret");
        fault("{\"system\":\"warehouse\",\"mode\":\"down\"}");

        Response sap = get(SAP + "/API_SALES_ORDER_SRV/A_SalesOrder('" + delayed + "')", "Authorization", SAP_LOGIN);
        Response manhattan = get("/sandbox/warehouse/manhattan/api/order/" + delayed, "Authorization", "Bearer " + token);

        assertThat(sap.status()).isEqualTo(503);
        assertThat(sap.json().get("error").get("message").get("value").asText()).isNotBlank();
        assertThat(manhattan.status()).isEqualTo(503);
        assertThat(manhattan.json().get("error").asText()).isEqualTo("SERVICE_UNAVAILABLE");

        fault("{\"system\":\"warehouse\",\"mode\":\"slow\",\"latencyMs\":300}");
        long start = System.nanoTime();
        assertThat(get(SAP + "/API_SALES_ORDER_SRV/A_SalesOrder('" + delayed + "')", "Authorization", SAP_LOGIN).status())
                .isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void downOncePerKeyRefusesTheFirstStatusReadOfEachOrderInEveryShapeAndSparesTokens() {
        fault("{\"system\":\"warehouse\",\"mode\":\"down\",\"timesPerKey\":1}");

        String token = token("manhattan", "sandbox-manhattan", "sandbox-manhattan-secret"); // no key: spared
        String manhattan = "/sandbox/warehouse/manhattan/api/order/" + processing;
        String sapOrder = SAP + "/API_SALES_ORDER_SRV/A_SalesOrder('" + delayed + "')";

        assertThat(get(manhattan, "Authorization", "Bearer " + token).status()).isEqualTo(503);
        assertThat(get(manhattan, "Authorization", "Bearer " + token).status()).isEqualTo(200);
        assertThat(get(sapOrder, "Authorization", SAP_LOGIN).status()).as("another order: its own first").isEqualTo(503);
        assertThat(deliveries(delayed).status()).as("the same order, read again").isEqualTo(200);
        assertThat(get(sapOrder, "Authorization", SAP_LOGIN).status()).isEqualTo(200);
    }

    private List<String> statuses(String orderId) {
        JsonNode d = get(SAP + "/API_SALES_ORDER_SRV/A_SalesOrder('" + orderId + "')", "Authorization", SAP_LOGIN)
                .json().get("d");
        return List.of(d.get("OverallSDProcessStatus").asText(), d.get("OverallTotalDeliveryStatus").asText());
    }

    private Response deliveries(String orderId) {
        String filter = URLEncoder.encode("ReferenceSDDocument eq '" + orderId + "'", StandardCharsets.UTF_8)
                .replace("+", "%20");
        return get(SAP + "/API_OUTBOUND_DELIVERY_SRV/A_OutbDeliveryHeader?$filter=" + filter, "Authorization", SAP_LOGIN);
    }

    private String token(String vendor, String clientId, String clientSecret) {
        Response token = hub.send("POST", "/sandbox/warehouse/" + vendor + "/oauth/token", "grant_type=client_credentials",
                "Content-Type", "application/x-www-form-urlencoded", "Authorization", basic(clientId, clientSecret));
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        assertThat(token.json().get("token_type").asText()).isEqualTo("bearer");
        return token.json().get("access_token").asText();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
