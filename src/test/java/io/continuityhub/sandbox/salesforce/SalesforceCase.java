package io.continuityhub.sandbox.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A Case record of the simulated org: its id, number, external id and every other field as last written. */
record SalesforceCase(String id, long caseNumber, String hubKey, ObjectNode fields, Instant createdAt, Instant updatedAt) {
}
