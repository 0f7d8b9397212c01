package io.continuityhub.sandbox.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuityhub.sandbox.SimulatorTest;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.TestData;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WarehouseOrderSeedingTest extends SimulatorTest {

    @Test
    void theSeedingBodyOfApiMdStoresTheOrdersAndCountsThem() {
        String customerId = TestData.customerId();
        String orderId = orderId();

        Response seeded = postJson("/sandbox/customers", seedBody(customerId, TestData.phone(), orderId, "sap", "delayed"));

        assertThat(seeded.status()).as(seeded.body()).isEqualTo(201);
        assertThat(seeded.json().get("orders").asInt()).isEqualTo(1);
        assertThat(seeded.json().get("handles").asInt()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT customer_id || '/' || warehouse || '/' || status || '/' || delay_reason || '/' || carrier"
                        + " || '/' || tracking_code || '/' || delivery_options::text FROM sandbox.warehouse_order WHERE order_id = ?")
                .param(orderId).query(String.class).single())
                .isEqualTo(customerId + "/sap/delayed/carrier issue/UPS/1Z999AA10123456784/[\"Tuesday\"]");
    }

    @Test
    void seedingAgainUpsertsTheOrderByItsId() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String orderId = orderId();
        postJson("/sandbox/customers", seedBody(customerId, phone, orderId, "sap", "delayed"));

        Response again = postJson("/sandbox/customers", seedBody(customerId, phone, orderId, "manhattan", "shipped"));

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("orders").asInt()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM sandbox.warehouse_order WHERE order_id = ?", orderId)).isEqualTo(1L);
        assertThat(jdbc.sql("SELECT warehouse || '/' || status FROM sandbox.warehouse_order WHERE order_id = ?")
                .param(orderId).query(String.class).single()).isEqualTo("manhattan/shipped");
    }

    @Test
    void aBadOrderIsRefusedNamingItsFieldAndNothingIsStored() {
        String customerId = TestData.customerId();
        String good = orderId();
        String body = "{\"customerId\":\"" + customerId + "\",\"orders\":[{\"orderId\":\"" + good
                + "\",\"warehouse\":\"sap\",\"status\":\"delayed\"},%s]}";

        assertRefused(body.formatted("{\"warehouse\":\"sap\",\"status\":\"delayed\"}"), "orders[1].orderId");
        assertRefused(body.formatted("{\"orderId\":\"O-2\",\"warehouse\":\"oracle\",\"status\":\"delayed\"}"),
                "orders[1].warehouse");
        assertRefused(body.formatted("{\"orderId\":\"O-2\",\"warehouse\":\"sap\",\"status\":\"lost\"}"), "orders[1].status");
        assertRefused(body.formatted("{\"orderId\":\"O-2\",\"warehouse\":\"sap\",\"status\":\"delayed\","
                + "\"requestedDeliveryDate\":\"Tuesday\"}"), "orders[1].requestedDeliveryDate");

        assertThat(count("SELECT count(*) FROM customer WHERE customer_id = ?", customerId)).isZero();
        assertThat(count("SELECT count(*) FROM sandbox.warehouse_order WHERE order_id = ?", good)).isZero();
    }

    @Test
    void whenTheCustomerCannotBeSeededItsOrdersAreNotStoredEither() {
        String phone = TestData.phone();
        assertThat(postJson("/sandbox/customers", seedBody(TestData.customerId(), phone, orderId(), "sap", "delayed"))
                .status()).isEqualTo(201);
        String orderId = orderId();

        Response conflict = postJson("/sandbox/customers", seedBody(TestData.customerId(), phone, orderId, "sap", "delayed"));

        assertThat(conflict.status()).as("the phone belongs to someone else: " + conflict.body()).isEqualTo(409);
        assertThat(count("SELECT count(*) FROM sandbox.warehouse_order WHERE order_id = ?", orderId)).isZero();
    }

    static String orderId() {
        return "O-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String seedBody(String customerId, String phone, String orderId, String warehouse, String status) {
        return """
                {"customerId": "%s", "displayName": "Jane Doe", "timeZone": "Europe/London",
                 "handles": [{"channel": "whatsapp", "value": "%s"},
                             {"channel": "email", "value": "%s"}],
                 "orders": [{"orderId": "%s", "warehouse": "%s", "status": "%s",
                             "delayReason": "carrier issue", "carrier": "UPS", "trackingCode": "1Z999AA10123456784",
                             "deliveryOptions": ["Tuesday"]}]}""".formatted(customerId, phone, TestData.email(), orderId,
                warehouse, status);
    }

    private void assertRefused(String body, String field) {
        Response response = postJson("/sandbox/customers", body);
        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }
}
