package io.continuityhub.sandbox.salesforce;

import io.continuityhub.kernel.HubRequestException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox user's side of the Salesforce simulator: what the org holds, and the situations a
 * test needs that the hub cannot cause itself — expired sessions, a duplicated external id, an
 * exhausted daily allocation. Answers and errors are the hub's API shapes, not Salesforce's.
 */
@RestController
@Profile("sandbox")
class SandboxSalesforceController {

    private static final Logger log = LoggerFactory.getLogger(SandboxSalesforceController.class);
    static final int MAX_LISTED = 200;
    private static final String VERSION = "59.0";

    record DuplicateRequest(String hubKey) {
    }

    record ApiUsage(Integer used, Integer max) {
    }

    private final SalesforceCases cases;
    private final SalesforceTokens tokens;
    private final SalesforceApiUsage usage;
    private final Clock clock;

    SandboxSalesforceController(SalesforceCases cases, SalesforceTokens tokens, SalesforceApiUsage usage, Clock clock) {
        this.cases = cases;
        this.tokens = tokens;
        this.usage = usage;
        this.clock = clock;
    }

    /** The Case records with that Hub_Key__c (several after duplicate-case), or the newest of all. */
    @GetMapping("/sandbox/salesforce/cases")
    List<Map<String, Object>> cases(@RequestParam(required = false) String hubKey) {
        List<SalesforceCase> found = hubKey == null ? cases.latest(MAX_LISTED) : cases.byHubKey(hubKey);
        return found.stream().map(record -> SalesforceRecordView.of(record, VERSION)).toList();
    }

    /** Every access token stops working: the hub's next call gets 401 INVALID_SESSION_ID and must log in again. */
    @PostMapping("/sandbox/salesforce/expire-tokens")
    Map<String, Object> expireTokens() {
        int expired = tokens.expireAll();
        log.info("Salesforce simulator expired {} session(s)", expired);
        return Map.of("expired", expired);
    }

    /** A second Case with an existing Hub_Key__c, so the next upsert of it answers 300. */
    @PostMapping("/sandbox/salesforce/duplicate-case")
    ResponseEntity<Map<String, Object>> duplicate(@RequestBody DuplicateRequest request) {
        if (request.hubKey() == null || request.hubKey().isBlank()) {
            throw HubRequestException.badField("hubKey", "is required: the Hub_Key__c to give a second record");
        }
        String id = cases.duplicate(request.hubKey(), clock.instant());
        int records = cases.byHubKey(request.hubKey()).size();
        log.info("Salesforce simulator duplicated Case {}: {} records now hold it", request.hubKey(), records);
        return ResponseEntity.status(201).body(Map.of("id", id, "hubKey", request.hubKey(), "records", records));
    }

    @GetMapping("/sandbox/salesforce/api-usage")
    ApiUsage apiUsage() {
        return new ApiUsage(usage.used(), usage.max());
    }

    /** Sets today's API call count (the maximum is {@code sandbox.salesforce.daily-api-limit}). */
    @PutMapping("/sandbox/salesforce/api-usage")
    ApiUsage changeApiUsage(@RequestBody ApiUsage request) {
        if (request.used() == null || request.used() < 0) {
            throw HubRequestException.badField("used", "is required and not negative; " + usage.max()
                    + " exhausts the daily allocation");
        }
        usage.setUsed(request.used());
        return apiUsage();
    }
}
