package io.continuityhub.sandbox.salesforce;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Case as Salesforce's REST API returns it: {@code attributes}, {@code Id}, system fields and the record's fields. */
final class SalesforceRecordView {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private SalesforceRecordView() {
    }

    /** The record's URL relative to the instance URL, as Salesforce writes it in attributes and 300 answers. */
    static String url(String version, String id) {
        return "/services/data/v" + version + "/sobjects/Case/" + id;
    }

    static Map<String, Object> of(SalesforceCase record, String version) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("attributes", Map.of("type", "Case", "url", url(version, record.id())));
        view.put("Id", record.id());
        view.put("CaseNumber", String.format("%08d", record.caseNumber()));
        view.put(CaseFields.EXTERNAL_ID_FIELD, record.hubKey());
        record.fields().fields().forEachRemaining(field -> view.put(field.getKey(), field.getValue()));
        view.put("IsDeleted", false);
        view.put("CreatedDate", dateTime(record.createdAt()));
        view.put("LastModifiedDate", dateTime(record.updatedAt()));
        return view;
    }

    private static String dateTime(Instant at) {
        return DATE_TIME.format(at);
    }
}
