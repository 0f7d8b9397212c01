package io.continuityhub.sandbox.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.continuityhub.sandbox.AuthorizationHeaders;
import io.continuityhub.sandbox.faults.DownstreamSystem;
import io.continuityhub.sandbox.faults.SimulatedFaults;
import io.continuityhub.sandbox.faults.SimulatedOutage;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Salesforce's REST API for Case, as the hub calls it: upsert and read by the external id
 * {@code Hub_Key__c}, read by record id. Checks the session, counts the daily API allocation
 * (reported in {@code Sforce-Limit-Info} on every answer), and refuses in Salesforce's error
 * array. Upsert answers 201 created, 200 {@code created:false} (204 before API 46.0), or 300 when
 * several records hold the key.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/salesforce/services/data/{version}/sobjects")
class SalesforceRestSimulator {

    private static final Logger log = LoggerFactory.getLogger(SalesforceRestSimulator.class);
    private static final Pattern VERSION = Pattern.compile("v(\\d{2})\\.(\\d)");
    private static final int OLDEST_VERSION = 20;
    private static final int NEWEST_VERSION = 65;
    // from API 46.0 an update by upsert answers 200 with a body; before, 204 without one
    private static final int FIRST_VERSION_WITH_UPDATE_BODY = 46;

    /** Salesforce's answer to an upsert that created or updated a record. */
    record UpsertAnswer(String id, boolean success, List<Object> errors, boolean created) {
    }

    private final SalesforceTokens tokens;
    private final SalesforceApiUsage usage;
    private final CaseFields caseFields;
    private final SalesforceCases cases;
    private final SimulatedFaults faults;
    private final Clock clock;

    SalesforceRestSimulator(SalesforceTokens tokens, SalesforceApiUsage usage, CaseFields caseFields,
                            SalesforceCases cases, SimulatedFaults faults, Clock clock) {
        this.tokens = tokens;
        this.usage = usage;
        this.caseFields = caseFields;
        this.cases = cases;
        this.faults = faults;
        this.clock = clock;
    }

    @PatchMapping("/{sobject}/{field}/{value}")
    ResponseEntity<?> upsert(@PathVariable String version, @PathVariable String sobject, @PathVariable String field,
                             @PathVariable String value, @RequestHeader(value = "Authorization", required = false) String authorization,
                             @RequestBody(required = false) String body) {
        // the external id is the upsert's idempotency key: a retry of the same Case repeats it
        faults.check(DownstreamSystem.SALESFORCE, value);
        int major = call(authorization, version, sobject);
        externalIdField(field);
        ObjectNode fields = caseFields.read(body, value);
        SalesforceCases.Upsert upsert = cases.upsert(value, fields, clock.instant());
        log.info("Salesforce simulator upsert of Case {}: {} {}", value, upsert.outcome(), upsert.ids());
        faults.afterCommit(DownstreamSystem.SALESFORCE, value);
        return switch (upsert.outcome()) {
            case CREATED -> answer(201, new UpsertAnswer(upsert.ids().get(0), true, List.of(), true));
            case UPDATED -> major >= FIRST_VERSION_WITH_UPDATE_BODY
                    ? answer(200, new UpsertAnswer(upsert.ids().get(0), true, List.of(), false))
                    : answer(204, null);
            case MULTIPLE -> multiple(version, upsert.ids());
        };
    }

    @GetMapping("/{sobject}/{field}/{value}")
    ResponseEntity<?> byExternalId(@PathVariable String version, @PathVariable String sobject, @PathVariable String field,
                                   @PathVariable String value,
                                   @RequestHeader(value = "Authorization", required = false) String authorization) {
        faults.check(DownstreamSystem.SALESFORCE);
        call(authorization, version, sobject);
        externalIdField(field);
        List<SalesforceCase> found = cases.byHubKey(value);
        if (found.size() > 1) {
            return multiple(version, found.stream().map(SalesforceCase::id).toList());
        }
        SalesforceCase record = found.stream().findFirst().orElseThrow(SalesforceApiException::notFound);
        return answer(200, SalesforceRecordView.of(record, version.substring(1)));
    }

    @GetMapping("/{sobject}/{id}")
    ResponseEntity<?> byId(@PathVariable String version, @PathVariable String sobject, @PathVariable String id,
                           @RequestHeader(value = "Authorization", required = false) String authorization) {
        faults.check(DownstreamSystem.SALESFORCE);
        call(authorization, version, sobject);
        String eighteen = id.length() == 15 ? SalesforceIds.toEighteen(id) : id;
        SalesforceCase record = cases.byId(eighteen).orElseThrow(SalesforceApiException::notFound);
        return answer(200, SalesforceRecordView.of(record, version.substring(1)));
    }

    /** Authenticates and counts the call, then checks the version and object; returns the major version. */
    private int call(String authorization, String version, String sobject) {
        String token = bearer(authorization);
        if (token == null || !tokens.isValid(token)) {
            throw SalesforceApiException.invalidSession();
        }
        if (!usage.tryConsume()) {
            throw SalesforceApiException.limitExceeded();
        }
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.matches()) {
            throw SalesforceApiException.notFound();
        }
        int major = Integer.parseInt(matcher.group(1));
        if (major < OLDEST_VERSION || major > NEWEST_VERSION) {
            throw SalesforceApiException.notFound();
        }
        if (!"Case".equalsIgnoreCase(sobject)) {
            throw SalesforceApiException.notFound("The requested resource does not exist");
        }
        return major;
    }

    private static void externalIdField(String field) {
        if (!CaseFields.EXTERNAL_ID_FIELD.equalsIgnoreCase(field)) {
            throw SalesforceApiException.notFound("Provided external ID field does not exist or is not accessible: " + field);
        }
    }

    /** Salesforce accepts {@code Bearer} and its older {@code OAuth} scheme. */
    private static String bearer(String authorization) {
        String token = AuthorizationHeaders.credentials(authorization, "Bearer");
        return token != null ? token : AuthorizationHeaders.credentials(authorization, "OAuth");
    }

    private ResponseEntity<?> multiple(String version, List<String> ids) {
        return answer(300, ids.stream().map(id -> SalesforceRecordView.url(version.substring(1), id)).toList());
    }

    private ResponseEntity<Object> answer(int status, Object body) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).header(SalesforceApiUsage.HEADER, usage.header());
        return body == null ? answer.build() : answer.contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @ExceptionHandler(SalesforceApiException.class)
    ResponseEntity<Object> refused(SalesforceApiException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status())
                .header(SalesforceApiUsage.HEADER, usage.header()).contentType(MediaType.APPLICATION_JSON);
        if (e.status() == 401) {
            answer.header("WWW-Authenticate", "Token");
        }
        return answer.body(e.errors());
    }

    @ExceptionHandler(SimulatedOutage.class)
    ResponseEntity<Object> outage(SimulatedOutage e) {
        return answer(503, List.of(SalesforceError.of("SERVER_UNAVAILABLE", "Server unavailable: " + e.getMessage())));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> failed(Exception e) {
        if (e instanceof ErrorResponse refusal) {
            int status = refusal.getStatusCode().value();
            String code = status == 405 ? "METHOD_NOT_ALLOWED" : status == 415 ? "UNSUPPORTED_MEDIA_TYPE" : "NOT_FOUND";
            return answer(status, List.of(SalesforceError.of(code, String.valueOf(refusal.getBody().getDetail()))));
        }
        log.error("Salesforce simulator failed a request; nothing was applied", e);
        return answer(500, List.of(SalesforceError.of("UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include"
                + " this ErrorId if you contact support: sandbox")));
    }
}
