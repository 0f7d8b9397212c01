package io.continuityhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.sandbox.SimulatorTest;
import io.continuityhub.support.HubClient.Response;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SalesforceSimulatorTest extends SimulatorTest {

    private static final String TOKEN_PATH = "/sandbox/salesforce/services/oauth2/token";
    private static final String PASSWORD_LOGIN = "grant_type=password&client_id=sandbox-sf-client"
            + "&client_secret=sandbox-sf-secret&username=" + URLEncoder.encode("hub@sandbox.local", StandardCharsets.UTF_8)
            + "&password=sandbox-sf-password";

    @AfterEach
    void freshAllocation() {
        hub.send("PUT", "/sandbox/salesforce/api-usage", "{\"used\":0}", "Content-Type", "application/json");
    }

    @Test
    void thePasswordFlowAnswersSalesforcesTokenShapeSignedWithTheClientSecret() throws Exception {
        Response login = form(PASSWORD_LOGIN);

        assertThat(login.status()).as(login.body()).isEqualTo(200);
        JsonNode token = login.json();
        assertThat(token.get("access_token").asText()).matches("00D[A-Za-z0-9]{12}![A-Za-z0-9]{96}");
        assertThat(token.get("instance_url").asText()).isEqualTo("http://localhost:" + port + "/sandbox/salesforce");
        assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.get("id").asText()).startsWith(token.get("instance_url").asText() + "/id/00D");
        String issuedAt = token.get("issued_at").asText();
        assertThat(Long.parseLong(issuedAt)).isPositive();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("sandbox-sf-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(token.get("signature").asText()).isEqualTo(Base64.getEncoder().encodeToString(
                mac.doFinal((token.get("id").asText() + issuedAt).getBytes(StandardCharsets.UTF_8))));
        assertThat(login.headers().get("Sforce-Limit-Info")).singleElement().asString().matches("api-usage=\\d+/15000");
    }

    @Test
    void theClientCredentialsFlowTakesTheClientInTheFormOrAsBasicAuth() {
        Response inForm = form("grant_type=client_credentials&client_id=sandbox-sf-client&client_secret=sandbox-sf-secret");
        Response asBasic = hub.send("POST", TOKEN_PATH, "grant_type=client_credentials",
                "Content-Type", "application/x-www-form-urlencoded", "Authorization", "Basic "
                        + Base64.getEncoder().encodeToString("sandbox-sf-client:sandbox-sf-secret".getBytes(StandardCharsets.UTF_8)));

        assertThat(inForm.status()).as(inForm.body()).isEqualTo(200);
        assertThat(asBasic.status()).as(asBasic.body()).isEqualTo(200);
        assertThat(asBasic.json().get("access_token").asText()).isNotEqualTo(inForm.json().get("access_token").asText());
    }

    @Test
    void badCredentialsAreAnInvalidGrantAndAnUnknownFlowIsUnsupported() {
        Response wrongPassword = form(PASSWORD_LOGIN.replace("sandbox-sf-password", "guess"));
        Response wrongSecret = form("grant_type=client_credentials&client_id=sandbox-sf-client&client_secret=guess");
        Response unknownFlow = form("grant_type=authorization_code&code=x");

        for (Response refused : List.of(wrongPassword, wrongSecret)) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).isEqualTo("invalid_grant");
            assertThat(refused.json().get("error_description").asText()).isEqualTo("authentication failure");
        }
        assertThat(unknownFlow.status()).isEqualTo(400);
        assertThat(unknownFlow.json().get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void anUpsertCreatesThenUpdatesThenAnswers300OnceTheKeyIsDuplicated() {
        String token = login();
        String key = hubKey();

        Response created = upsert(token, "v59.0", key, "{\"Subject\":\"Order O-99281 delayed\",\"Origin\":\"WhatsApp\","
                + "\"Status\":\"New\",\"Priority\":\"Medium\",\"IsEscalated\":false,\"Order_Id__c\":\"O-99281\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(id).matches("500[A-Za-z0-9]{15}");
        assertThat(created.json().get("success").asBoolean()).isTrue();
        assertThat(created.json().get("errors")).isEmpty();
        assertThat(created.json().get("created").asBoolean()).isTrue();
        assertLimitInfo(created);

        Response updated = upsert(token, "v59.0", key, "{\"Status\":\"Working\"}");

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("id").asText()).isEqualTo(id);
        assertThat(updated.json().get("created").asBoolean()).isFalse();
        assertThat(ledgerCount("salesforce", key)).as("an update is not a new side effect").isEqualTo(1);
        JsonNode record = get("/sandbox/salesforce/services/data/v59.0/sobjects/Case/Hub_Key__c/" + key,
                "Authorization", "Bearer " + token).json();
        assertThat(record.get("Id").asText()).isEqualTo(id);
        assertThat(record.get("Hub_Key__c").asText()).isEqualTo(key);
        assertThat(record.get("Subject").asText()).isEqualTo("Order O-99281 delayed");
        assertThat(record.get("Status").asText()).as("the update merged in").isEqualTo("Working");
        assertThat(record.get("Order_Id__c").asText()).isEqualTo("O-99281");

        Response duplicated = postJson("/sandbox/salesforce/duplicate-case", "{\"hubKey\":\"" + key + "\"}");
        assertThat(duplicated.status()).as(duplicated.body()).isEqualTo(201);
        assertThat(duplicated.json().get("records").asInt()).isEqualTo(2);
        Response multiple = upsert(token, "v59.0", key, "{\"Status\":\"Closed\"}");

        assertThat(multiple.status()).isEqualTo(300);
        assertThat(multiple.json()).extracting(JsonNode::asText).containsExactly(
                "/services/data/v59.0/sobjects/Case/" + id,
                "/services/data/v59.0/sobjects/Case/" + duplicated.json().get("id").asText());
        assertLimitInfo(multiple);
        assertThat(get("/sandbox/salesforce/cases?hubKey=" + key).json())
                .allSatisfy(c -> assertThat(c.get("Status").asText()).as("300 changes nothing").isEqualTo("Working"));
        assertThat(get("/sandbox/salesforce/services/data/v59.0/sobjects/Case/Hub_Key__c/" + key,
                "Authorization", "Bearer " + token).status()).isEqualTo(300);
    }

    @Test
    void beforeApi46AnUpdateAnswers204WithoutABody() {
        String token = login();
        String key = hubKey();
        assertThat(upsert(token, "v45.0", key, "{\"Subject\":\"first\"}").status()).isEqualTo(201);

        Response updated = upsert(token, "v45.0", key, "{\"Subject\":\"second\"}");

        assertThat(updated.status()).isEqualTo(204);
        assertThat(updated.body()).isEmpty();
        assertLimitInfo(updated);
    }

    @Test
    void aRecordIsReadByExternalIdOrId() {
        String token = login();
        String key = hubKey();
        String id = upsert(token, "v59.0", key, "{\"Subject\":\"hello\",\"Description\":\"Where is my order?\"}")
                .json().get("id").asText();

        Response byKey = get("/sandbox/salesforce/services/data/v59.0/sobjects/Case/Hub_Key__c/" + key,
                "Authorization", "Bearer " + token);
        Response byId = get("/sandbox/salesforce/services/data/v59.0/sobjects/Case/" + id, "Authorization", "Bearer " + token);
        Response missing = get("/sandbox/salesforce/services/data/v59.0/sobjects/Case/Hub_Key__c/" + hubKey(),
                "Authorization", "Bearer " + token);

        assertThat(byKey.status()).isEqualTo(200);
        assertThat(byKey.json().get("attributes").get("type").asText()).isEqualTo("Case");
        assertThat(byKey.json().get("CaseNumber").asText()).matches("\\d{8}");
        assertThat(byKey.json().get("Description").asText()).isEqualTo("Where is my order?");
        assertThat(byId.json()).isEqualTo(byKey.json());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get(0).get("errorCode").asText()).isEqualTo("NOT_FOUND");
        assertThat(missing.json().get(0).get("message").asText()).isEqualTo("The requested resource does not exist");
        assertLimitInfo(missing);
    }

    @Test
    void badFieldsAreRefusedInSalesforcesErrorArrayAndNothingIsWritten() {
        String token = login();
        String key = hubKey();

        assertError(upsert(token, "v59.0", key, "{\"Subjekt\":\"typo\"}"), 400, "INVALID_FIELD", null);
        assertError(upsert(token, "v59.0", key, "{\"Origin\":\"Fax\"}"), 400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "Origin");
        assertError(upsert(token, "v59.0", key, "{\"Subject\":\"" + "x".repeat(256) + "\"}"), 400, "STRING_TOO_LONG", "Subject");
        assertError(upsert(token, "v59.0", key, "{\"Description\":\"" + "x".repeat(32_001) + "\"}"), 400, "STRING_TOO_LONG",
                "Description");
        assertError(upsert(token, "v59.0", key, "{\"IsEscalated\":\"yes\"}"), 400, "JSON_PARSER_ERROR", null);
        assertError(upsert(token, "v59.0", key, "{\"ContactId\":\"cust-77821\"}"), 400, "MALFORMED_ID", "ContactId");
        assertError(upsert(token, "v59.0", key, "{\"Subject\": "), 400, "JSON_PARSER_ERROR", null);

        assertThat(get("/sandbox/salesforce/cases?hubKey=" + key).json()).isEmpty();
        assertThat(ledgerCount("salesforce", key)).isZero();
        Response fine = upsert(token, "v59.0", key, "{\"subject\":\"" + "x".repeat(255) + "\",\"Origin\":\"In-Person\","
                + "\"SuppliedEmail\":\"jane@example.com\",\"attributes\":{\"type\":\"Case\"},\"Hub_Key__c\":\"" + key + "\"}");
        assertThat(fine.status()).as("names are case-insensitive; attributes and a matching external id are fine: "
                + fine.body()).isEqualTo(201);
    }

    @Test
    void anExpiredOrMissingSessionIs401InvalidSessionIdAndALoginCuresIt() {
        String token = login();
        String key = hubKey();
        assertThat(upsert(token, "v59.0", key, "{\"Subject\":\"a\"}").status()).isEqualTo(201);

        Response expired = postJson("/sandbox/salesforce/expire-tokens", "");
        assertThat(expired.json().get("expired").asInt()).isPositive();
        Response refused = upsert(token, "v59.0", key, "{\"Subject\":\"b\"}");
        Response noToken = hub.send("PATCH", "/sandbox/salesforce/services/data/v59.0/sobjects/Case/Hub_Key__c/" + key,
                "{}", "Content-Type", "application/json");

        for (Response response : List.of(refused, noToken)) {
            assertError(response, 401, "INVALID_SESSION_ID", null);
            assertLimitInfo(response);
        }
        assertThat(upsert(login(), "v59.0", key, "{\"Subject\":\"b\"}").status()).isEqualTo(200);
    }

    @Test
    void pastTheDailyAllocationCallsAre403RequestLimitExceeded() {
        String token = login();
        hub.send("PUT", "/sandbox/salesforce/api-usage", "{\"used\":14999}", "Content-Type", "application/json");

        Response last = upsert(token, "v59.0", hubKey(), "{\"Subject\":\"the last call of the day\"}");
        Response over = upsert(token, "v59.0", hubKey(), "{\"Subject\":\"one too many\"}");

        assertThat(last.status()).isEqualTo(201);
        assertThat(last.headers().get("Sforce-Limit-Info")).containsExactly("api-usage=15000/15000");
        assertError(over, 403, "REQUEST_LIMIT_EXCEEDED", null);
        assertThat(over.headers().get("Sforce-Limit-Info")).containsExactly("api-usage=15000/15000");
    }

    @Test
    void concurrentUpsertsOfANewKeyCreateOneCase() throws Exception {
        String token = login();
        String key = hubKey();
        int callers = 8;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return upsert(token, "v59.0", key, "{\"Subject\":\"race\"}");
                }, pool));
            }
            List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(Response::status).toList();

            assertThat(statuses).containsOnly(201, 200);
            assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(get("/sandbox/salesforce/cases?hubKey=" + key).json()).hasSize(1);
        assertThat(ledgerCount("salesforce", key)).isEqualTo(1);
    }

    @Test
    void downIs503ServerUnavailableAndCreatesNothing() {
        String token = login();
        String key = hubKey();
        fault("{\"system\":\"salesforce\",\"mode\":\"down\"}");

        Response refused = upsert(token, "v59.0", key, "{\"Subject\":\"lost?\"}");
        Response login = form(PASSWORD_LOGIN);

        assertError(refused, 503, "SERVER_UNAVAILABLE", null);
        assertLimitInfo(refused);
        assertThat(login.status()).isEqualTo(503);
        assertThat(get("/sandbox/salesforce/cases?hubKey=" + key).json()).isEmpty();
        assertThat(ledgerCount("salesforce", key)).isZero();
    }

    @Test
    void timeoutAfterCommitCreatesTheCaseThoughTheClientGivesUp() {
        String token = login();
        String key = hubKey();
        fault("{\"system\":\"salesforce\",\"mode\":\"timeout_after_commit\",\"latencyMs\":3000}");

        boolean gaveUp = timesOut(HttpRequest.newBuilder(uri("/sandbox/salesforce/services/data/v59.0/sobjects/Case/Hub_Key__c/"
                        + key)).header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"Subject\":\"committed\"}")), Duration.ofMillis(500));

        assertThat(gaveUp).isTrue();
        assertThat(ledgerCount("salesforce", key)).isEqualTo(1);
        assertThat(get("/sandbox/salesforce/cases?hubKey=" + key).json()).singleElement()
                .satisfies(c -> assertThat(c.get("Subject").asText()).isEqualTo("committed"));
    }

    @Test
    void timeoutAfterCommitOncePerKeyDelaysOnlyTheFirstUpsertOfEachHubKey() {
        String token = login();
        String key = hubKey();
        fault("{\"system\":\"salesforce\",\"mode\":\"timeout_after_commit\",\"latencyMs\":3000,\"timesPerKey\":1}");

        boolean firstGaveUp = timesOut(patch(token, key, "{\"Subject\":\"committed\"}"), Duration.ofSeconds(1));
        Optional<Response> retry = answeredWithin(patch(token, key, "{\"Subject\":\"committed\"}"), Duration.ofSeconds(1));
        boolean otherGaveUp = timesOut(patch(token, hubKey(), "{\"Subject\":\"other\"}"), Duration.ofSeconds(1));

        assertThat(firstGaveUp).isTrue();
        assertThat(retry).as("the retry of the key is answered at once").isPresent();
        assertThat(retry.get().status()).as(retry.get().body()).isEqualTo(200);
        assertThat(retry.get().json().get("created").asBoolean()).isFalse();
        assertThat(otherGaveUp).as("another key's first upsert waits").isTrue();
        assertThat(ledgerCount("salesforce", key)).isEqualTo(1);
    }

    private HttpRequest.Builder patch(String token, String key, String body) {
        return HttpRequest.newBuilder(uri("/sandbox/salesforce/services/data/v59.0/sobjects/Case/Hub_Key__c/" + key))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
    }

    private String login() {
        Response login = form(PASSWORD_LOGIN);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.json().get("access_token").asText();
    }

    private Response form(String body) {
        return hub.send("POST", TOKEN_PATH, body, "Content-Type", "application/x-www-form-urlencoded");
    }

    private Response upsert(String token, String version, String key, String body) {
        return hub.send("PATCH", "/sandbox/salesforce/services/data/" + version + "/sobjects/Case/Hub_Key__c/" + key, body,
                "Content-Type", "application/json", "Authorization", "Bearer " + token);
    }

    private static String hubKey() {
        return "sess-" + UUID.randomUUID() + ":salesforce-case:1";
    }

    private static void assertLimitInfo(Response response) {
        assertThat(response.headers().get("Sforce-Limit-Info")).as("Sforce-Limit-Info on " + response.status())
                .singleElement().asString().matches("api-usage=\\d+/15000");
    }

    private static void assertError(Response response, int status, String errorCode, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode errors = response.json();
        assertThat(errors.isArray()).as("Salesforce errors are an array").isTrue();
        JsonNode error = errors.get(0);
        assertThat(error.get("errorCode").asText()).isEqualTo(errorCode);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("fields").isArray()).isTrue();
        if (field != null) {
            assertThat(error.get("fields")).extracting(JsonNode::asText).containsExactly(field);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
