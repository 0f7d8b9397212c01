package io.continuityhub.sandbox;

import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.sandbox.faults.DownstreamSystem;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /sandbox/ledger?system=}: the side effects a simulator applied, per idempotency key.
 * What counts: salesforce, each Case record created for a Hub_Key__c (an update is not a new
 * side effect); warehouse, each fulfillment exception created under an Idempotency-Key;
 * whatsapp, each message accepted (keyed by its wamid, the Cloud API having no key of its own).
 */
@RestController
@Profile("sandbox")
class SandboxLedgerController {

    private final SideEffectLedger ledger;

    SandboxLedgerController(SideEffectLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/sandbox/ledger")
    List<SideEffectLedger.Entry> ledger(@RequestParam(required = false) String system) {
        if (system == null || system.isBlank()) {
            throw HubRequestException.badField("system", "is required: one of " + DownstreamSystem.wireNames());
        }
        DownstreamSystem known = DownstreamSystem.fromWire(system).orElseThrow(() ->
                HubRequestException.badField("system", "'" + system + "' is not one of " + DownstreamSystem.wireNames()));
        return ledger.entries(known.wireName());
    }
}
