package io.continuityhub.sandbox.salesforce;

import java.util.List;

/** One entry of a Salesforce REST error answer, which is always a JSON array of these. */
record SalesforceError(String message, String errorCode, List<String> fields) {

    static SalesforceError of(String errorCode, String message, String... fields) {
        return new SalesforceError(message, errorCode, List.of(fields));
    }
}
